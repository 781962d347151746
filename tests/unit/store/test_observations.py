"""The append-only observation store: revisions, "as known at", best available vintage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from carbonpeak.errors import DataError
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.store.models import Observation
from carbonpeak.store.sources import SourceInfo, get_or_create_source

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def _frame(rows: list[tuple[str, str, str, str, str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region", "period", "variable", "unit", "basis", "vintage", "value"])


def _one(value: float | None, vintage: str = "quick", period: str = "2023") -> pd.DataFrame:
    return _frame([("340000", period, "Energy|Total", "10^4 tce", "raw", vintage, value)])


def test_revisions_are_numbered_per_key_and_as_of_returns_each(rt: Runtime) -> None:
    with rt.transaction() as s:
        assert obs.append(s, _one(100.0), recorded_by="a", recorded_at=T0) == 1
    with rt.transaction() as s:
        obs.append(s, _one(101.5), recorded_by="b", recorded_at=T0 + timedelta(days=10))
    with rt.transaction() as s:
        hist = obs.history(s, region="340000", period="2023", variable="Energy|Total", basis="raw", vintage="quick")
        before = obs.query(s, as_of=T0 - timedelta(seconds=1))
        at_first = obs.query(s, as_of=T0 + timedelta(days=1))
        now = obs.query(s)
    assert hist["revision"].tolist() == [1, 2]
    assert hist["value"].tolist() == [100.0, 101.5]
    assert hist["recorded_by"].tolist() == ["a", "b"]
    assert before.empty
    assert at_first["value"].tolist() == [100.0]
    assert now["value"].tolist() == [101.5]
    assert now["revision"].tolist() == [2]


def test_naive_as_of_is_taken_as_utc(rt: Runtime) -> None:
    with rt.transaction() as s:
        obs.append(s, _one(1.0), recorded_by="a", recorded_at=T0)
        assert obs.query(s, as_of=datetime(2024, 3, 1, 7, 59)).empty
        assert len(obs.query(s, as_of=datetime(2024, 3, 1, 8, 0))) == 1


def test_best_available_prefers_final_then_preliminary(rt: Runtime) -> None:
    frame = pd.concat(
        [_one(13051.9, "preliminary", "2017"), _one(13019.0, "final", "2017"), _one(9.0, "quick", "2018")]
    )
    with rt.transaction() as s:
        obs.append(s, frame, recorded_by="a")
        best = obs.query(s)
        every = obs.query(s, best_available=False)
    assert best.set_index("period")["value"].to_dict() == {"2017": 13019.0, "2018": 9.0}
    assert best.set_index("period")["vintage"].to_dict() == {"2017": "final", "2018": "quick"}
    assert sorted(every["value"].tolist()) == [9.0, 13019.0, 13051.9]


def test_gap_is_stored_as_missing_not_zero(rt: Runtime) -> None:
    with rt.transaction() as s:
        obs.append(s, _one(None), recorded_by="a")
        got = obs.query(s)
    assert got["value"].isna().tolist() == [True]


def test_skip_unchanged_writes_only_changed_rows(rt: Runtime) -> None:
    two = _frame(
        [
            ("340000", "2020", "Population", "10^4 persons", "raw", "final", 6105.0),
            ("340100", "2020", "Population", "10^4 persons", "raw", "final", None),
        ]
    )
    with rt.transaction() as s:
        assert obs.append(s, two, recorded_by="a", skip_unchanged=True) == 2
        assert obs.append(s, two, recorded_by="a", skip_unchanged=True) == 0
        changed = two.assign(value=[6102.7, None])
        assert obs.append(s, changed, recorded_by="a", skip_unchanged=True) == 1
        assert s.scalar(select(func.count()).select_from(Observation)) == 3


def test_same_key_twice_in_one_frame_gives_consecutive_revisions(rt: Runtime) -> None:
    with rt.transaction() as s:
        obs.append(s, pd.concat([_one(1.0), _one(2.0)]), recorded_by="a")
        hist = obs.history(s, region="340000", period="2023", variable="Energy|Total", basis="raw", vintage="quick")
    assert list(zip(hist["revision"], hist["value"], strict=True)) == [(1, 1.0), (2, 2.0)]


def test_filters_prefix_and_source_key(rt: Runtime) -> None:
    frame = _frame(
        [
            ("340000", "2019", "Emissions|CO2|Sector|Total|Raw_Coal", "Mt CO2", "direct", "final", 1.0),
            ("340000", "2019", "Emissions|CO2|SectorX", "Mt CO2", "direct", "final", 2.0),
            ("340000", "2019", "Emissions|CO2", "Mt CO2", "direct", "final", 3.0),
        ]
    )
    with rt.transaction() as s:
        src, created = get_or_create_source(s, SourceInfo(key="ceads", title="CEADs", grade="A"))
        again, created_again = get_or_create_source(s, SourceInfo(key="ceads", title="other"))
        obs.append(s, frame, recorded_by="a", source_id=src.id, method="m")
        # "_" in the prefix must not act as a LIKE wildcard
        sector = obs.query(s, variable_prefix="Emissions|CO2|Sector|")
        wild = obs.query(s, variable_prefix="Emissions|CO2|Sector|Total_")
    assert created
    assert not created_again
    assert again.id == src.id
    assert sector["variable"].tolist() == ["Emissions|CO2|Sector|Total|Raw_Coal"]
    assert sector["source"].tolist() == ["ceads"]
    assert sector["method"].tolist() == ["m"]
    assert wild.empty


def test_bad_frame_is_refused_with_every_problem() -> None:
    frame = _one(1.0).assign(vintage="draft", region=None)
    with pytest.raises(DataError) as err:
        obs._check_frame(frame)
    assert "row 1, column 'region'" in str(err.value)
    assert "row 1, column 'vintage'" in str(err.value)


def test_database_refuses_update(rt: Runtime) -> None:
    with rt.transaction() as s:
        obs.append(s, _one(1.0), recorded_by="a")
    with pytest.raises(DatabaseError), rt.transaction() as s:
        s.execute(text("UPDATE observation SET value = 2"))
