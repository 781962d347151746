"""``carbonpeak demo`` loads the Anhui data and prints the register and one account per role."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from carbonpeak.cli import app


@pytest.mark.slow
def test_demo_prints_register_with_real_values_and_accounts(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    result = CliRunner().invoke(app, ["demo", "--no-serve"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    # the highest CEADs total in the data: 441.0772 Mt CO2 in 2022 (anhui_ceads_co2_totals_2020_2022.csv)
    assert "2022: 441.1" in result.output
    assert "on_track" in result.output
    for login in ("admin", "province", "transport", "hefei", "viewer"):
        assert f"demo-{login}-2030" in result.output
