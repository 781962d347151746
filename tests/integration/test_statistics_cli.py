"""The statistics commands through Typer's in-process runner: thin faces over the services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbonpeak.cli import app

DATA = Path(__file__).parents[1] / "data" / "import"


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    return CliRunner()


def test_import_then_stats_json(cli: CliRunner) -> None:
    ok = cli.invoke(app, ["import", str(DATA / "invalid" / "negative_energy.csv"), "--vintage", "quick"])
    assert ok.exit_code == 1
    assert "row 3, column 'value': Energy|Total cannot be negative" in ok.output
    ok = cli.invoke(app, ["import", str(DATA / "valid" / "energy_2023_quick.csv"), "--vintage", "quick"])
    assert ok.exit_code == 0, ok.output
    assert "imported 5 rows" in ok.output
    shown = cli.invoke(app, ["stats", "--region", "340100", "--json"])
    assert shown.exit_code == 0, shown.output
    records = json.loads(shown.output)
    assert [(r["variable"], r["value"], r["vintage"]) for r in records] == [("Energy|Total", 3000.0, "quick")]
    past = cli.invoke(app, ["stats", "--json", "--as-of", "2000-01-01T00:00:00"])
    assert json.loads(past.output) == []


def test_import_as_unknown_user_fails(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["import", str(DATA / "valid" / "energy_2023_quick.csv"), "--vintage", "quick", "--as", "nobody"]
    )
    assert result.exit_code == 1
    assert "no user 'nobody'" in result.output


def test_template_command_writes_workbook(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "gdp.xlsx"
    result = cli.invoke(app, ["template", "gdp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["variables"]["A2"].value == "GDP|Current"
