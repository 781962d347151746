"""The barometer and progress follow the schedule convention of methods.md §1.3 (setting or per request).

Hand-sized store: the province's 14th-FYP energy target (R = 14 %, base 2020) and Hefei's (R = 13 %).
The expected schedule values are the §1.3 table (geometric) and R × k/5 (linear), not our output.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from sqlalchemy import select

from carbonpeak.config import Settings
from carbonpeak.errors import DataError
from carbonpeak.services import progress as prog
from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.store.models import WarningEvaluation

#: methods.md §1.3, R = 14 %: cumulative schedule after years 1–5 (geometric), in %
TABLE_14 = [2.97, 5.85, 8.65, 11.37, 14.0]


def _rows(region: str, energy: dict[int, float], gdp_2020: float) -> list[dict[str, object]]:
    base = {"region": region, "basis": "raw", "vintage": "final"}
    energy_unit = {"variable": "Energy|Total", "unit": "10^4 tce"}
    rows = [{**base, **energy_unit, "period": str(y), "value": v} for y, v in energy.items()]
    rows.append({**base, "period": "2020", "variable": "GDP|Current", "unit": "100 million CNY", "value": gdp_2020})
    rows += [
        {**base, "period": str(y), "variable": "GDP|Real Growth", "unit": "%", "value": 0.0} for y in range(2021, 2026)
    ]
    return rows


@pytest.fixture
def store(rt: Runtime) -> Runtime:
    # zero real growth: intensity falls exactly as energy does
    province = _rows("340000", {2020: 10000.0, **dict.fromkeys(range(2021, 2026), 9000.0)}, 38000.0)
    hefei = _rows("340100", {2020: 1000.0, 2021: 973.0}, 10000.0)  # A = 2.7 % after one year
    with rt.transaction() as session:
        obs.append(session, pd.DataFrame(province + hefei), recorded_by="test")
    return rt


def _required(rt: Runtime, convention: str | None) -> list[float]:
    cells = [sw.barometer(rt, period=str(y), convention=convention) for y in range(2021, 2026)]
    return [float(c.set_index(["region", "indicator"]).loc[("340000", "energy_intensity"), "required"]) for c in cells]


def test_geometric_schedule_reproduces_the_table_of_section_1_3(store: Runtime) -> None:
    assert [round(100 * r, 2) for r in _required(store, "geometric")] == TABLE_14


def test_linear_schedule_is_the_share_k_over_5_of_the_target(store: Runtime) -> None:
    assert _required(store, "linear") == pytest.approx([0.14 * k / 5 for k in range(1, 6)])


def test_the_setting_decides_when_no_convention_is_requested(store: Runtime) -> None:
    geometric = dataclasses.replace(store, settings=Settings(database_url="x", schedule_convention="geometric"))
    assert _required(geometric, None) == _required(store, "geometric")
    assert store.settings.schedule_convention == "linear"
    assert _required(store, None) == _required(store, "linear")


def test_switching_the_convention_changes_the_level_where_the_actual_lies_between(store: Runtime) -> None:
    # Hefei: R = 13 %, A = 2.7 %; linear T = 2.6 % (met), geometric T = 1 − 0.87^(1/5) = 2.746 % (missed by
    # 0.046 pp, 1.7 % of T ≤ 10 %: yellow under the 2020 rule)
    def hefei(convention: str) -> pd.Series:
        return (
            sw.barometer(store, period="2021", convention=convention)
            .set_index(["region", "indicator"])
            .loc[("340100", "energy_intensity")]
        )

    linear, geometric = hefei("linear"), hefei("geometric")
    assert linear["actual"] == pytest.approx(0.027)
    assert linear["required"] == pytest.approx(0.026)
    assert geometric["required"] == pytest.approx(1 - 0.87**0.2)
    assert (linear["level"], geometric["level"]) == ("green", "yellow")
    assert linear["inputs"]["schedule_convention"] == "linear"
    assert geometric["inputs"]["schedule_convention"] == "geometric"


def test_a_stored_run_keeps_the_convention_among_the_inputs(store: Runtime) -> None:
    summary = sw.run_barometer(store, SYSTEM, period="2021", convention="geometric")
    assert summary["schedule_convention"] == "geometric"
    with store.transaction() as session:
        rows = session.scalars(select(WarningEvaluation).where(WarningEvaluation.region == "340100")).all()
    cell = next(r for r in rows if r.indicator == "energy_intensity")
    assert (cell.level, cell.inputs["schedule_convention"]) == ("yellow", "geometric")


def test_progress_uses_the_requested_convention(store: Runtime) -> None:
    table = prog.progress(store, "340000", convention="geometric")
    row = table[(table["indicator"] == "energy_intensity") & (table["year"] == 2023) & (table["base_year"] == 2020)]
    assert round(100 * float(row["schedule_required"].iloc[0]), 2) == TABLE_14[2]
    assert row["schedule_convention"].iloc[0] == "geometric"


def test_an_unknown_convention_is_refused(store: Runtime) -> None:
    with pytest.raises(DataError, match="schedule convention 'arithmetic'"):
        sw.barometer(store, period="2021", convention="arithmetic")
