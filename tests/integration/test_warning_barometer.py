"""The barometer from the real data in the store: levels where data allow, "no data" elsewhere,
runs stored with inputs and rule version, notifications when a level worsens, recorded history."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.statistics import load_reference
from carbonpeak.store import observations as obs
from carbonpeak.store.models import AuditEvent, User, WarningEvaluation


@pytest.fixture
def loaded(rt: Runtime) -> Runtime:
    load_reference(rt, SYSTEM)
    return rt


def test_barometer_2018_grades_province_co2_and_leaves_the_rest_no_data(loaded: Runtime) -> None:
    b = sw.barometer(loaded, period="2018", convention="geometric").set_index(["region", "indicator"])
    cell = b.loc[("340000", "co2_intensity")]
    assert cell["level"] == "green"
    assert cell["actual"] >= cell["required"]
    assert cell["required"] == pytest.approx(1 - 0.82 ** (3 / 5))  # geometric schedule of −18 % after 3 years
    assert "(T − A) / |T|" in cell["formula"]
    assert cell["inputs"]["target_reduction"] == pytest.approx(0.18)
    no_target = b[b["actual"].isna() | b["required"].isna()]
    assert (no_target["level"] == "no_data").all()
    assert len(b) == 17 * 3


def test_run_is_stored_with_inputs_and_rule_version_and_audited(loaded: Runtime) -> None:
    summary = sw.run_barometer(loaded, SYSTEM, period="2017")
    with loaded.transaction() as session:
        rows = session.scalars(select(WarningEvaluation).where(WarningEvaluation.run_id == summary["run_id"])).all()
        audit = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "warning_run")).all()
    assert len(rows) == 51
    assert summary["rule_version"] == "2020.1"
    co2 = next(r for r in rows if r.region == "340000" and r.indicator == "co2_intensity")
    assert co2.inputs["numerator_variable"] == "Emissions|CO2"
    assert co2.inputs["base_year"] == 2015
    assert len(audit) == 1


def test_worsened_level_notifies_the_users_of_the_region(loaded: Runtime) -> None:
    with loaded.transaction() as session:
        session.add(User(login="anhui-office", name="省办", password_hash="x", role="province", region="340000"))
    sw.run_barometer(loaded, SYSTEM, period="2018")
    # a later revision of 2019 CO2 makes the cumulative reduction fall behind the schedule
    revised = pd.DataFrame(
        {"region": ["340000"], "period": ["2019"], "variable": ["Emissions|CO2"], "unit": ["Mt CO2"],
         "basis": ["direct"], "vintage": ["final"], "value": [460.0]}
    )  # fmt: skip
    with loaded.transaction() as session:
        obs.append(session, revised, recorded_by="test")
    summary = sw.run_barometer(loaded, SYSTEM, period="2019")
    assert summary["levels"].get("red") == 1
    notes = sw.notifications_for(loaded, "anhui-office")
    assert notes[["indicator", "previous_level", "new_level"]].values.tolist() == [["co2_intensity", "green", "red"]]


def test_recorded_warnings_loaded_once_and_shown_beside_computed(loaded: Runtime) -> None:
    assert sw.load_recorded_warnings(loaded, SYSTEM) == 49
    assert sw.load_recorded_warnings(loaded, SYSTEM) == 0
    side = sw.recorded_vs_computed(loaded)
    assert len(side) == 49
    assert set(side["period"]) == {"2014-01/2014-09", "2020-01/2020-09"}
    huainan_2020 = side[(side["region"] == "340400") & (side["period"] == "2020-01/2020-09")].iloc[0]
    assert huainan_2020["recorded_level"] == 1
    # no city energy data exist: carbonpeak says "no data", never green
    assert (side["computed_level"] == "no_data").all()
