"""Forecast warning (methods.md §2.4): hand-computed normal probability, seeded bootstrap, errors."""

from __future__ import annotations

import math

import pytest

from carbonpeak.errors import DataError
from carbonpeak.warning.forecast import probability_of_missing

# past years: Jan–Sep reductions and full-year reductions; d = annual − ytd = 0.5, 1.0, 1.5 pp
YTD = [0.030, 0.020, 0.040]
ANNUAL = [0.035, 0.030, 0.055]


def test_normal_probability_by_hand() -> None:
    """mean d = 0.01, sd d = 0.005 (sample sd of 0.005, 0.010, 0.015); y = 0.02, T = 0.035.

    Expected annual 0.03; z = (0.035 − 0.03)/0.005 = 1; P = Φ(1) = (1 + erf(1/√2))/2.
    """
    f = probability_of_missing(0.02, 0.035, YTD, ANNUAL, method="normal")
    assert f.expected_annual == pytest.approx(0.03)
    assert f.sd_adjustment == pytest.approx(0.005)
    assert f.probability == pytest.approx((1 + math.erf(1 / math.sqrt(2))) / 2, rel=1e-9)


def test_bootstrap_is_seeded_and_close_to_the_empirical_share() -> None:
    # y + d ∈ {0.025, 0.030, 0.035}; P(< 0.032) = 2/3 in the empirical distribution
    a = probability_of_missing(0.02, 0.032, YTD, ANNUAL, method="bootstrap", seed=7)
    b = probability_of_missing(0.02, 0.032, YTD, ANNUAL, method="bootstrap", seed=7)
    assert a.probability == b.probability
    assert a.probability == pytest.approx(2 / 3, abs=0.02)
    assert a.seed == 7


def test_too_little_history_or_missing_ytd_is_an_error() -> None:
    with pytest.raises(DataError, match="at least 3"):
        probability_of_missing(0.02, 0.03, YTD[:2], ANNUAL[:2])
    with pytest.raises(DataError, match="no year-to-date"):
        probability_of_missing(float("nan"), 0.03, YTD, ANNUAL)
