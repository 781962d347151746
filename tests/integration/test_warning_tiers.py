"""Tier-specific warning rules (rules[].tiers): a city is graded by the rule of the type in force at the end of
the period (clause 2.(12).1 decisions in tier_assignment), other cities by the "all" rule.

Hand-sized store as in test_warning_convention: Hefei R = 13 % (2020→2025), A = 2.7 % after 2021; linear
T = 2.6 %, so the shortfall share (T − A)/|T| = −0.0385. The national 2020 rule makes that green; the test's
stricter rule for "first_to_peak" cities wants a lead of 10 % of T (share ≤ −0.10), so it is yellow there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest
import yaml
from sqlalchemy import select

from carbonpeak.reference.files import data_file
from carbonpeak.services import tiers
from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.store.models import WarningEvaluation
from carbonpeak.warning.rules import RuleSet, parse_rule_set
from carbonpeak.web import warning_views as views

STRICT = [
    {"level": "green", "upper": -0.10, "upper_inclusive": True},
    {"level": "yellow", "lower": -0.10, "upper": 0.10, "upper_inclusive": True},
    {"level": "red", "lower": 0.10},
]


def _tiered_rule_set() -> RuleSet:
    data: dict[str, Any] = yaml.safe_load(data_file("rules", "warning", "national_2020.yaml").read_text("utf-8"))
    data["id"], data["version"] = "test_tiered", "test.1"
    strict = {"indicator": "energy_intensity", "role": "main", "tiers": ["first_to_peak"]}
    data["rules"].append({**strict, "criteria": [{"measure": "shortfall_share", "bands": STRICT}]})
    return parse_rule_set(data, origin="test")


def _rows(region: str, energy: dict[int, float], gdp_2020: float) -> list[dict[str, object]]:
    base = {"region": region, "basis": "raw", "vintage": "final"}
    rows = [
        {**base, "variable": "Energy|Total", "unit": "10^4 tce", "period": str(y), "value": v}
        for y, v in energy.items()
    ]
    rows.append({**base, "period": "2020", "variable": "GDP|Current", "unit": "100 million CNY", "value": gdp_2020})
    return rows + [
        {**base, "period": str(y), "variable": "GDP|Real Growth", "unit": "%", "value": 0.0} for y in range(2021, 2026)
    ]


@pytest.fixture
def store(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    with rt.transaction() as session:
        obs.append(session, pd.DataFrame(_rows("340100", {2020: 1000.0, 2021: 973.0}, 10000.0)), recorded_by="test")
    tiered, shipped = _tiered_rule_set(), sw.rule_set
    monkeypatch.setattr(sw, "rule_set", lambda rule_id: tiered if rule_id == "test_tiered" else shipped(rule_id))
    return rt


def _hefei(rt: Runtime) -> pd.Series:
    cells = sw.barometer(rt, period="2021", rule_id="test_tiered", convention="linear")
    return cells.set_index(["region", "indicator"]).loc[("340100", "energy_intensity")]


def test_an_undecided_city_is_graded_by_the_rule_for_all(store: Runtime) -> None:
    cell = _hefei(store)
    assert cell["tier"] == "all"
    assert cell["level"] == "green"


def test_a_first_to_peak_city_is_graded_by_its_stricter_rule_and_the_tier_is_stored(store: Runtime) -> None:
    tiers.set_tier(store, SYSTEM, "340100", "first_to_peak", decided_on=date(2021, 6, 1), basis="test decision")
    cell = _hefei(store)
    assert cell["tier"] == "first_to_peak"
    assert cell["measures"]["shortfall_share"] == pytest.approx((0.026 - 0.027) / 0.026)
    assert cell["level"] == "yellow"
    sw.run_barometer(store, SYSTEM, period="2021", rule_id="test_tiered", convention="linear")
    with store.transaction() as session:
        stored = session.scalars(
            select(WarningEvaluation).where(
                WarningEvaluation.region == "340100", WarningEvaluation.indicator == "energy_intensity"
            )
        ).one()
        assert (stored.level, stored.inputs["tier"]) == ("yellow", "first_to_peak")


def test_a_decision_taken_after_the_period_does_not_apply_to_it(store: Runtime) -> None:
    tiers.set_tier(store, SYSTEM, "340100", "first_to_peak", decided_on=date(2022, 3, 1), basis="test decision")
    cell = _hefei(store)
    assert cell["tier"] == "all"
    assert cell["level"] == "green"


def test_the_cell_panel_names_the_city_type_whose_rule_applied(store: Runtime) -> None:
    tiers.set_tier(store, SYSTEM, "340100", "first_to_peak", decided_on=date(2021, 6, 1), basis="test decision")
    detail = views.cell_detail(
        store, period="2021", rule_id="test_tiered", region="340100", indicator="energy_intensity", convention="linear"
    )
    assert detail["cell"]["tier"] == "first_to_peak"
    assert detail["cell"]["level"] == "yellow"
