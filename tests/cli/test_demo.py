"""``carbonpeak demo`` loads the Anhui data and prints the register and one account per role."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from carbonpeak.cli import app
from carbonpeak.config import Settings
from carbonpeak.services.runtime import open_runtime
from carbonpeak.store.models import RecordedWarning, WarningRun


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


@pytest.mark.slow
def test_demo_seeds_the_warning_history_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARBONPEAK_DATABASE_URL", db_url)
    for _ in range(2):
        result = CliRunner().invoke(app, ["demo", "--no-serve"], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
    assert "recorded warnings loaded 已载入历史预警: 0" in result.output  # second run: nothing new
    rt = open_runtime(Settings(database_url=db_url))
    try:
        with rt.transaction() as session:
            runs = session.scalars(select(WarningRun.period)).all()
            recorded = session.scalar(select(func.count()).select_from(RecordedWarning))
    finally:
        rt.close()
    assert sorted(runs) == ["2016", "2017", "2018", "2019", "2020"]  # one run per year, not repeated
    # 16 cities × (progress 2014, progress 2020, consumption growth 2014) in
    # anhui_cities_energy_intensity_targets_warnings.csv, plus the province's Jan–Sep 2014 barometer
    assert recorded == 49
