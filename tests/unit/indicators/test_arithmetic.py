"""Indicator arithmetic (methods.md §0, §1): hand-computed values and clear errors on bad input."""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.errors import DataError
from carbonpeak.indicators import arithmetic as ar


def test_sign_convention_round_trip_at_the_boundary() -> None:
    assert ar.reduction_from_official_percent(-4.18) == pytest.approx(0.0418)
    assert ar.reduction_from_official_percent(2.03) == pytest.approx(-0.0203)
    assert ar.official_percent_from_reduction(0.0545) == pytest.approx(-5.45)


def test_intensity_and_reduction_hand_values() -> None:
    i = ar.intensity([200.0, 180.0], [100.0, 100.0])
    np.testing.assert_allclose(i, [2.0, 1.8])
    assert ar.reduction_vs(1.8, 2.0) == pytest.approx(0.1)


def test_cumulative_reduction_compounds() -> None:
    # two 10 % falls compound to 19 %, not 20 %
    assert ar.cumulative_reduction([0.1, 0.1]) == pytest.approx(0.19)
    assert ar.annual_average_reduction(0.19, 2) == pytest.approx(0.1)


def test_nan_year_gives_no_number() -> None:
    assert np.isnan(ar.cumulative_reduction([0.1, np.nan]))
    assert np.isnan(ar.log_progress(np.nan, 0.14))


def test_vectorised_over_regions() -> None:
    got = ar.log_progress([0.0, 1 - 0.86**0.4, 0.14], 0.14)
    np.testing.assert_allclose(got, [0.0, 0.4, 1.0], atol=1e-12)


def test_still_needed_when_target_already_met_allows_a_rise() -> None:
    need = ar.change_still_needed(0.2, 0.14)
    assert need == pytest.approx(1 - 0.86 / 0.8)
    assert need < 0


@pytest.mark.parametrize("bad", [1.0, 1.2])
def test_target_of_100_percent_or_more_is_refused(bad: float) -> None:
    with pytest.raises(DataError, match="below 100%"):
        ar.log_progress(0.05, bad)
    with pytest.raises(DataError, match="below 100%"):
        ar.schedule_requirement(bad, 1, convention="geometric")


def test_negative_or_zero_gdp_is_refused() -> None:
    with pytest.raises(DataError, match="GDP must be positive"):
        ar.intensity([100.0, 100.0], [50.0, -3.0])
    with pytest.raises(DataError, match="GDP must be positive"):
        ar.intensity(100.0, 0.0)


def test_zero_target_and_no_remaining_year_are_refused() -> None:
    with pytest.raises(DataError, match="zero reduction target"):
        ar.log_progress(0.01, 0.0)
    with pytest.raises(DataError, match="no year"):
        ar.rate_still_needed(0.05, 0.14, 5)


def test_unknown_convention_and_out_of_plan_year_are_refused() -> None:
    with pytest.raises(DataError, match="convention"):
        ar.schedule_requirement(0.14, 1, convention="quadratic")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="between 0 and 5"):
        ar.schedule_requirement(0.14, 6, convention="linear")
