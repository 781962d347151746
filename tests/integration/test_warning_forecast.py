"""The forecast warning from the store: P(miss) for a year-to-date period, graded, stored with its inputs.

Synthetic but plausible Hefei figures (year-to-date and annual energy-intensity changes, % y/y) are
imported through the import service; the probability is checked against a hand computation with
scipy.stats.norm on the d_s computed here. Anhui's real data give the "insufficient history" reason.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import norm
from sqlalchemy import select
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.services import progress as prog
from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.imports import import_bytes
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.statistics import load_reference
from carbonpeak.store.models import WarningEvaluation, WarningRun

HEFEI = "340100"
#: year → (Jan–Sep change %, annual change %); negative = intensity fell
HISTORY = {2016: (-4.1, -5.0), 2017: (-4.6, -5.3), 2018: (-3.9, -5.1), 2019: (-4.4, -4.8)}


def _upload(rt: Runtime, history: dict[int, tuple[float, float]], ytd: tuple[int, float]) -> None:
    lines = ["region,period,variable,unit,value"]
    for year, (jan_sep, annual) in history.items():
        lines += [f"{HEFEI},{year}-01/{year}-09,Energy|Intensity Change,%,{jan_sep}",
                  f"{HEFEI},{year},Energy|Intensity Change,%,{annual}"]  # fmt: skip
    lines.append(f"{HEFEI},{ytd[0]}-01/{ytd[0]}-09,Energy|Intensity Change,%,{ytd[1]}")
    import_bytes(rt, SYSTEM, "\n".join(lines).encode(), "hefei_intensity.csv", vintage="preliminary")


def _hand_probability(history: dict[int, tuple[float, float]], ytd_pct: float, target: float) -> float:
    d = np.array([(ytd - annual) / 100 for ytd, annual in history.values()])  # a_s − y_s as reductions
    return float(norm.cdf((target - (-ytd_pct / 100) - d.mean()) / d.std(ddof=1)))


@pytest.fixture
def hefei_2020_annual_target(monkeypatch: pytest.MonkeyPatch) -> float:
    """The reference data hold no 2020 target for Hefei; give it an annual target of −3 % for the test."""
    target = prog.Target(HEFEI, "energy_intensity", 2019, 2020, 0.03, "test: annual target")
    shipped = prog.known_targets()
    monkeypatch.setattr(prog, "known_targets", lambda: (*shipped, target))
    return 0.03


def test_forecast_equals_hand_computation_and_is_stored_with_inputs(
    rt: Runtime, hefei_2020_annual_target: float
) -> None:
    _upload(rt, HISTORY, (2020, -2.0))
    expected = _hand_probability(HISTORY, -2.0, hefei_2020_annual_target)
    assert 0.5 < expected <= 0.8  # the worked example lands in the yellow band
    graded = sw.barometer(rt, period="2020-01/2020-09", rule_id="forecast_default").set_index("region")
    cell = graded.loc[HEFEI]
    assert cell["measures"]["miss_probability"] == pytest.approx(expected, rel=1e-12)
    assert cell["level"] == "yellow"
    assert (cell["actual"], cell["required"]) == (pytest.approx(0.02), pytest.approx(0.03))
    summary = sw.run_barometer(rt, SYSTEM, period="2020-01/2020-09", rule_id="forecast_default")
    with rt.transaction() as session:
        run = session.get(WarningRun, summary["run_id"])
        stored = session.scalars(
            select(WarningEvaluation).where(
                WarningEvaluation.run_id == summary["run_id"], WarningEvaluation.region == HEFEI
            )
        ).one()
        assert run is not None
        assert (run.rule_set, run.rule_version) == ("forecast_default", "1.0")
    inputs = stored.inputs
    assert inputs["method"] == "normal"
    assert inputs["history_years"] == [2016, 2017, 2018, 2019]
    assert [h["adjustment"] for h in inputs["history"]] == pytest.approx([0.009, 0.007, 0.012, 0.004])
    assert inputs["miss_probability"] == pytest.approx(expected, rel=1e-12)
    assert inputs["expected_annual"] == pytest.approx(0.02 + 0.008)
    assert (inputs["official_ytd_change_pct"], inputs["annual_target"]) == (-2.0, pytest.approx(0.03))
    assert stored.level == "yellow"
    assert stored.measures == {"miss_probability": pytest.approx(expected, rel=1e-12)}


def test_bootstrap_states_its_seed_and_is_reproducible(rt: Runtime, hefei_2020_annual_target: float) -> None:
    _upload(rt, HISTORY, (2020, -2.0))
    graded = sw.barometer(rt, period="2020-01/2020-09", rule_id="forecast_default", forecast_method="bootstrap")
    inputs = graded.set_index("region").loc[HEFEI, "inputs"]
    assert (inputs["method"], inputs["draws"]) == ("bootstrap", 20_000)
    d = np.array([(ytd - annual) / 100 for ytd, annual in HISTORY.values()])
    draws = np.random.default_rng(inputs["seed"]).choice(d, size=inputs["draws"], replace=True)
    assert inputs["miss_probability"] == pytest.approx(float(np.mean(0.02 + draws < 0.03)))


def test_plan_average_is_the_annual_target_when_no_annual_target_is_known(rt: Runtime) -> None:
    """Hefei 2021: the 14th-FYP target −13 % (2020→2025) gives the annual target 1 − 0.87^(1/5)."""
    history = {y - 2016 + 2017: v for y, v in HISTORY.items()}  # the same figures for 2017–2020
    _upload(rt, history, (2021, -2.0))
    cell = sw.barometer(rt, period="2021-01/2021-09", rule_id="forecast_default").set_index("region").loc[HEFEI]
    target = 1 - 0.87 ** (1 / 5)
    assert cell["inputs"]["annual_target_basis"] == "plan_average"
    assert cell["required"] == pytest.approx(target)
    assert cell["measures"]["miss_probability"] == pytest.approx(_hand_probability(history, -2.0, target), rel=1e-12)


def test_anhui_real_data_give_the_insufficient_history_reason_not_a_probability(rt: Runtime) -> None:
    load_reference(rt, SYSTEM)
    graded = sw.barometer(rt, period="2020-01/2020-09", rule_id="forecast_default").set_index("region")
    province = graded.loc["340000"]
    assert province["level"] == "no_data"
    assert np.isnan(province["measures"]["miss_probability"] or np.nan)
    assert province["reason"] == {
        "code": "insufficient_history",
        "params": {"needed": 3, "found": 0, "first_month": 1, "last_month": 9},
    }
    assert province["status"] == "no data: needs 3 past years with Jan–Sep and annual values; the store has 0"
    assert province["inputs"]["official_ytd_change_pct"] == pytest.approx(2.27)
    assert (graded["level"] == "no_data").all()  # no city has year-to-date figures: nothing is green


def test_an_annual_period_has_no_forecast(rt: Runtime) -> None:
    graded = sw.barometer(rt, period="2019", rule_id="forecast_default")
    assert set(graded["level"]) == {"no_data"}
    assert {r["code"] for r in graded["reason"]} == {"forecast_needs_ytd"}


def test_cli_warn_on_a_quarter_prints_and_stores_the_forecast(
    rt: Runtime, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = {y - 2016 + 2017: v for y, v in HISTORY.items()}
    _upload(rt, history, (2021, -2.0))
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    runner = CliRunner()
    shown = runner.invoke(app, ["warn", "--period", "2021Q3", "--json"])
    assert shown.exit_code == 0, shown.output
    rows = {(r["region"], r["indicator"]): r for r in json.loads(shown.output)}
    forecast = rows[(HEFEI, "energy_intensity")]["forecast"]
    target = 1 - 0.87 ** (1 / 5)
    assert forecast["miss_probability"] == pytest.approx(_hand_probability(history, -2.0, target), rel=1e-9)
    assert (forecast["method"], forecast["history_years"]) == ("normal", [2017, 2018, 2019, 2020])
    assert rows[(HEFEI, "co2_intensity")]["forecast"] is None
    text = runner.invoke(app, ["warn", "--period", "2021Q3", "--save", "--forecast-method", "bootstrap"])
    assert text.exit_code == 0, text.output
    assert "forecast warning 预测预警" in text.output
    assert "'rule_set': 'forecast_default'" in " ".join(text.output.split())
    with rt.transaction() as session:
        runs = session.scalars(select(WarningRun).order_by(WarningRun.id)).all()
    assert [r.rule_set for r in runs] == ["national_2020", "forecast_default"]


def test_cli_warn_on_anhui_2020q3_says_why_there_is_no_forecast(
    rt: Runtime, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_reference(rt, SYSTEM)
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    result = CliRunner().invoke(app, ["warn", "--period", "2020Q3"])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())  # the console wraps long lines
    assert "no data: needs 3 past years with Jan–Sep and annual values; the store has 0" in shown
