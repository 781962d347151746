"""The officials' calculator on the command line: text and --json give the Qinghai figures."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app


def test_calc_progress_json_gives_numbers() -> None:
    result = CliRunner().invoke(
        app, ["calc", "progress", "--yoy", "1.51", "-2.20", "-4.18", "--target", "17", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cumulative_change_pct"] == pytest.approx(-4.87, abs=0.01)
    assert data["progress"] == pytest.approx(0.268, abs=0.0005)
    assert data["years_equivalent"] == pytest.approx(1.34, abs=0.005)
    assert data["change_still_needed_pct"] == pytest.approx(-12.75, abs=0.01)
    assert data["rate_still_needed_pct"] == pytest.approx(-6.59, abs=0.01)


def test_calc_progress_text_and_bad_target() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["calc", "progress", "--yoy", "1.51", "-2.20", "-4.18", "--target", "17"])
    assert "26.8%" in ok.output
    bad = runner.invoke(app, ["calc", "progress", "--yoy", "-3", "--target", "100"])
    assert bad.exit_code != 0
    assert "below 100%" in str(bad.exception)
