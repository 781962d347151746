"""Progress tables over regions and years (methods.md §1.1–§1.3) on hand-sized frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonpeak.errors import DataError
from carbonpeak.indicators.progress import progress_table, ytd_cumulative_reduction, ytd_year_index


def _frame() -> pd.DataFrame:
    # region A: intensity 2.0 → 1.9 → 1.8 (GDP 100 each year); region B: flat intensity, 2022 missing
    return pd.DataFrame(
        {
            "region": ["A", "A", "A", "B", "B", "B"],
            "year": [2020, 2021, 2022, 2020, 2021, 2022],
            "numerator": [200.0, 190.0, 180.0, 50.0, 50.0, np.nan],
            "gdp": [100.0, 100.0, 100.0, 10.0, 10.0, 10.0],
        }
    )


def test_progress_table_hand_values() -> None:
    t = progress_table(_frame(), base_year=2020, target=0.14, convention="geometric").set_index(["region", "year"])
    a21, a22 = t.loc[("A", 2021)], t.loc[("A", 2022)]
    assert a21["yoy_reduction"] == pytest.approx(0.05)
    assert a22["yoy_reduction"] == pytest.approx(1 - 1.8 / 1.9)
    assert a22["cum_reduction"] == pytest.approx(0.1)
    assert a22["progress"] == pytest.approx(np.log(0.9) / np.log(0.86))
    assert a22["schedule_required"] == pytest.approx(1 - 0.86**0.4)
    assert bool(a22["on_schedule"]) is True
    assert a22["rate_still_needed"] == pytest.approx(1 - (0.86 / 0.9) ** (1 / 3))


def test_missing_year_yields_no_data_not_a_number() -> None:
    t = progress_table(_frame(), base_year=2020, target=0.14, convention="linear").set_index(["region", "year"])
    b22 = t.loc[("B", 2022)]
    assert np.isnan(b22["cum_reduction"])
    assert np.isnan(b22["progress"])
    assert pd.isna(b22["on_schedule"])
    assert t.loc[("B", 2021), "cum_reduction"] == pytest.approx(0.0)


def test_region_without_base_year_is_a_clear_error() -> None:
    frame = _frame()
    frame = frame[~((frame["region"] == "B") & (frame["year"] == 2020))]
    with pytest.raises(DataError, match="no base-year") as err:
        progress_table(frame, base_year=2020, target=0.14, convention="linear")
    assert "'B'" in str(err.value)


def test_negative_gdp_is_a_clear_error() -> None:
    frame = _frame()
    frame.loc[1, "gdp"] = -5.0
    with pytest.raises(DataError, match="GDP must be positive"):
        progress_table(frame, base_year=2020, target=0.14, convention="linear")


def test_year_to_date_versions() -> None:
    assert ytd_year_index(2, 9) == pytest.approx(2.75)
    assert ytd_cumulative_reduction(0.1, 0.05) == pytest.approx(1 - 0.9 * 0.95)
    with pytest.raises(DataError):
        ytd_year_index(2, 13)
