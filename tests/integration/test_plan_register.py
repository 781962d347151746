"""The target register over the store: real CEADs data, hand-sized frames, the tree and the CLI."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.errors import RuleError
from carbonpeak.reference.files import data_file
from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.plan import ALLOCATED_PREFIX, RegisterRow, plan_tree, target_register
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.targets import Status


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(data_file("reference", name).read_text(encoding="utf-8").splitlines()))


def _rows(rt: Runtime, at: int) -> dict[str, RegisterRow]:
    return {row.target.id: row for row in target_register(rt, at=at)}


def _append(rt: Runtime, records: list[tuple[str, str, str, str, str, float]]) -> None:
    frame = pd.DataFrame(records, columns=["region", "period", "variable", "unit", "basis", "value"])
    frame["vintage"] = "final"
    with rt.transaction() as session:
        obs.append(session, frame, recorded_by="test")


@pytest.mark.slow
def test_register_on_the_shipped_data_reproduces_the_ceads_numbers(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    co2 = {int(r["year"]): float(r["total_scope1_mt"]) for r in _csv("anhui_ceads_co2_totals_1997_2019.csv")}
    co2 |= {int(r["year"]): float(r["total_scope1_mt"]) for r in _csv("anhui_ceads_co2_totals_2020_2022.csv")}
    gdp = {
        int(r["year"]): float(r["gdp_constant_2005_prices_100m_cny_derived"])
        for r in _csv("anhui_province_gdp_population_2000_2024.csv")
        if r["gdp_constant_2005_prices_100m_cny_derived"]
    }
    rows = _rows(rt, 2026)

    intensity = rows["co2-intensity-2030"].evaluations[0]
    assert intensity.observed_year == 2022
    assert intensity.change == pytest.approx((co2[2022] / gdp[2022]) / (co2[2005] / gdp[2005]) - 1)
    assert intensity.base_value == pytest.approx(co2[2005] / gdp[2005])
    # linear schedule (the default setting): −65% × 17/25 = −44.2% required by 2022
    assert intensity.required == pytest.approx(-0.442)
    assert intensity.status is (Status.ON_TRACK if intensity.change <= -0.442 else Status.BEHIND)

    peak = rows["co2-peak"].evaluations[0]
    top_year = max(co2, key=lambda y: co2[y])
    assert (peak.observed_year, peak.observed) == (top_year, pytest.approx(co2[top_year]))
    assert peak.status is Status.ON_TRACK  # before 2030 a peak may still come

    # most targets have no statistics yet: an honest no_data, never "met"
    assert sum(r.status is Status.NO_DATA for r in rows.values()) > 30
    assert all(r.status is not Status.MET for r in rows.values())


def test_register_with_hand_sized_data(rt: Runtime) -> None:
    _append(
        rt,
        [
            ("340000", "2020", "Energy|Non-Fossil Share", "%", "raw", 9.6),
            ("340000", "2023", "Energy|Non-Fossil Share", "%", "raw", 13.5),
            ("340000", "2020", "Emissions|CO2", "Mt CO2", "direct", 400.0),
            ("340000", "2025", "Emissions|CO2", "Mt CO2", "direct", 420.0),
            ("340000", "2020", "GDP|Constant 2020", "100 million CNY (constant 2020)", "raw", 40000.0),
            ("340000", "2025", "GDP|Constant 2020", "100 million CNY (constant 2020)", "raw", 50000.0),
            ("340000", "2025", ALLOCATED_PREFIX + "co2-intensity-2025", "%", "raw", 17.0),
            ("340100", "2025", "Transport|Urban Buses|New Energy Share of Additions", "%", "raw", 100.0),
            ("340300", "2025", "Transport|Urban Buses|New Energy Share of Additions", "%", "raw", 85.0),
            ("340400", "2025", "Transport|Urban Buses|New Energy Share of Additions", "%", "raw", 70.0),
        ],
    )
    rows = _rows(rt, 2025)

    # 2023, 3/5 of the way from 9.6 (2020) to 15.5 (2025), linear: 9.6 + 5.9 × 0.6 = 13.14 ≤ 13.5
    share = target_register(rt, at=2023)[0]
    assert share.target.id == "nonfossil-share-2025"
    assert share.status is Status.ON_TRACK
    assert share.evaluations[0].required == pytest.approx(13.14)

    # CO2 intensity: (420/50000) / (400/40000) − 1 = 0.0084 / 0.01 − 1 = −16% against the allocated −17%
    national = rows["co2-intensity-2025"].evaluations[0]
    assert national.change == pytest.approx(-0.16)
    assert national.status is Status.NOT_MET

    # Hefei 100% ≥ 100% met; "other cities" ≥ 80%: Bengbu 85 met, Huainan 70 not met, 12 others no data
    assert rows["nev-buses-hefei"].status is Status.MET
    others = rows["nev-buses-other-cities"]
    by_region = {e.region: e.status for e in others.evaluations}
    assert len(by_region) == 14  # 16 cities minus Hefei and Wuhu; Chaohu no longer exists in 2025
    assert (by_region["340300"], by_region["340400"], by_region["341000"]) == (
        Status.MET,
        Status.NOT_MET,
        Status.NO_DATA,
    )
    assert others.status is Status.NOT_MET
    assert others.as_dict()["status_counts"] == {"met": 1, "not_met": 1, "no_data": 12}


def test_plan_tree_has_parts_actions_targets_and_text() -> None:
    parts = plan_tree()
    assert [p.node.clause for p in parts] == ["1", "2", "3", "4"]
    actions = parts[1].children
    assert len(actions) == 12
    transport_1 = actions[3].children[0]
    assert transport_1.node.clause == "2.(4).1"
    assert len(transport_1.targets) == 8
    assert transport_1.text.startswith("1. Promote the low-carbon transformation of transportation")
    assert json.dumps([p.as_dict() for p in parts], ensure_ascii=False)


def test_cli_targets_json_and_plan(rt: Runtime, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    _append(rt, [("340000", "2025", "Natural Gas|Consumption", "10^8 m3", "raw", 125.0)])
    runner = CliRunner()
    result = runner.invoke(app, ["targets", "--json", "--at", "2025"])
    assert result.exit_code == 0, result.output
    rows = {r["target"]["id"]: r for r in json.loads(result.output)}
    assert rows["gas-supply-2025"]["status"] == "met"
    assert rows["gas-supply-2025"]["evaluations"][0]["observed"] == 125.0
    # 2030: 125 < 200 and no 2020 value to draw the schedule from: no data, with the value shown
    assert rows["gas-supply-2030"]["status"] == "no_data"
    assert rows["gas-supply-2030"]["evaluations"][0]["observed"] == 125.0
    table = runner.invoke(app, ["targets", "--at", "2025", "--lang", "en"], env={"COLUMNS": "250"})
    assert table.exit_code == 0
    assert "Natural gas supply and consumption" in table.output
    tree = runner.invoke(app, ["plan", "--lang", "en"], env={"COLUMNS": "200"})
    assert "2.(12).1 Set carbon peak targets scientifically" in tree.output


def test_unknown_schedule_convention_is_a_rule_error(rt: Runtime) -> None:
    rt.settings.schedule_convention = "quadratic"
    with pytest.raises(RuleError, match="quadratic"):
        target_register(rt, at=2025)
