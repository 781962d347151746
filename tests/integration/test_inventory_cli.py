"""``carbonpeak inventory`` through Typer's runner: table, JSON, xlsx, errors with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app

runner = CliRunner()


def test_json_gives_both_bases_on_request_and_the_method() -> None:
    result = runner.invoke(app, ["inventory", "340000", "--years", "2019:2019", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert "ceads@2" in payload["method"]
    row = payload["rows"][0]
    assert row["year"] == 2019
    assert row["Emissions|CO2"] == pytest.approx(408.0643, rel=1e-4)  # CEADs published 2019 total


def test_including_imports_needs_a_grid_factor_for_each_year(tmp_path: Path) -> None:
    failed = runner.invoke(app, ["inventory", "Anhui", "--years", "2019:2019", "--basis", "including_imports"])
    assert failed.exit_code == 1
    assert "no grid factor for 2019" in failed.output
    out = tmp_path / "anhui.xlsx"
    args = ["inventory", "Anhui", "--years", "2019:2020", "--basis", "including_imports", "--grid-year", "2022"]
    ok = runner.invoke(app, [*args, "--xlsx", str(out)])
    assert ok.exit_code == 0, ok.output
    assert pd.read_excel(out)["year"].tolist() == [2019, 2020]


def test_a_city_shows_its_series_with_gaps_and_bad_options_fail() -> None:
    city = runner.invoke(app, ["inventory", "Huainan", "--years", "2017:2019"])
    assert city.exit_code == 0
    assert "—" in city.output  # Huainan 2018–2019: no CEADs city value (gap)
    assert runner.invoke(app, ["inventory", "Anhui", "--years", "20x5"]).exit_code == 1
    assert runner.invoke(app, ["inventory", "Anhui", "--basis", "scope3"]).exit_code == 1
    assert runner.invoke(app, ["inventory", "Atlantis"]).exit_code == 1
