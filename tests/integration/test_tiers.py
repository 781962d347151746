"""Tier decisions: versioned, dated, audited; bad input refused with nothing written."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.errors import DataError, PermissionDenied
from carbonpeak.services import audit, tiers
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import TierAssignment

OFFICE = Actor(login="office", role=Role.PROVINCE)


def _count(rt: Runtime) -> int:
    with rt.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(TierAssignment)) or 0)


def test_seed_file_records_no_invented_assignment(rt: Runtime) -> None:
    assert tiers.seed_tiers(rt, OFFICE) == 0  # the plan names no city per tier
    assert {t.key for t in tiers.tier_definitions()} == {"first_to_peak", "peak_with_province", "ecological_priority"}
    rows = tiers.list_tiers(rt, date(2024, 1, 1))
    assert len(rows) == 16
    assert all(r.decision is None for r in rows)


def test_a_new_decision_never_erases_the_old_one(rt: Runtime) -> None:
    tiers.set_tier(rt, OFFICE, "340100", "first_to_peak", decided_on=date(2023, 3, 1), basis="meeting 2023-1")
    tiers.set_tier(rt, OFFICE, "合肥", "peak_with_province", decided_on=date(2024, 5, 1), basis="meeting 2024-2")
    with rt.transaction() as session:
        assert tiers.current_tiers(session, date(2023, 2, 28)) == {}
        assert tiers.current_tiers(session, date(2023, 12, 31))["340100"].tier == "first_to_peak"
        assert tiers.current_tiers(session, date(2024, 5, 1))["340100"].tier == "peak_with_province"
    history = tiers.history(rt, "340100")
    assert [(d.tier, d.basis) for d in history] == [
        ("first_to_peak", "meeting 2023-1"),
        ("peak_with_province", "meeting 2024-2"),
    ]
    with rt.transaction() as session:
        events = audit.search(session, action="tier.set")
    assert [e.actor for e in events] == ["office", "office"]
    newest = events[0]
    assert newest.before is not None
    assert newest.before["tier"] == "first_to_peak"  # type: ignore[index]
    assert newest.after["tier"] == "peak_with_province"  # type: ignore[index]


def test_a_backdated_decision_takes_effect_at_its_date(rt: Runtime) -> None:
    tiers.set_tier(rt, OFFICE, "341000", "ecological_priority", decided_on=date(2024, 1, 1), basis="doc B")
    tiers.set_tier(rt, OFFICE, "341000", "first_to_peak", decided_on=date(2023, 1, 1), basis="doc A, recorded late")
    with rt.transaction() as session:
        assert tiers.current_tiers(session, date(2023, 6, 1))["341000"].tier == "first_to_peak"
        assert tiers.current_tiers(session, date(2024, 6, 1))["341000"].tier == "ecological_priority"


def test_bad_decision_names_every_field_and_writes_nothing(rt: Runtime) -> None:
    future = date.today() + timedelta(days=30)
    with pytest.raises(DataError) as caught:
        tiers.set_tier(rt, OFFICE, "340100", "fastest", decided_on=future, basis="  ", suggested_tier="slow")
    fields = {p.column for p in caught.value.problems}
    assert fields == {"tier", "suggested_tier", "basis", "decided_on"}
    with pytest.raises(DataError, match="did not exist in 2023"):
        tiers.set_tier(rt, OFFICE, "341400", "first_to_peak", decided_on=date(2023, 1, 1), basis="x")  # Chaohu
    with pytest.raises(DataError, match="not a prefecture-level city"):
        tiers.set_tier(rt, OFFICE, "340000", "first_to_peak", decided_on=date(2023, 1, 1), basis="x")
    assert _count(rt) == 0


def test_only_the_province_decides(rt: Runtime) -> None:
    city = Actor(login="hefei", role=Role.CITY, region="340100")
    with pytest.raises(PermissionDenied):
        tiers.set_tier(rt, city, "340100", "first_to_peak", decided_on=date(2023, 1, 1), basis="x")
    assert _count(rt) == 0


def test_cli_tier_set_and_list(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    runner = CliRunner()
    ok = runner.invoke(app, ["tier", "set", "340700", "peak_with_province", "--date", "2023-06-01", "--basis", "doc"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["tier", "set", "340700", "nope", "--date", "2023-06-01", "--basis", "doc"])
    assert bad.exit_code == 1
    listed = runner.invoke(app, ["tier", "list", "--json", "--as-of", "2024-01-01"])
    decisions = {r["region"]: r["decision"] for r in json.loads(listed.output)}
    assert decisions["340700"]["tier"] == "peak_with_province"
    assert decisions["340100"] is None
    table = runner.invoke(app, ["tier", "list", "--lang", "en"], env={"COLUMNS": "200"})
    assert "Peak together with the province" in table.output
