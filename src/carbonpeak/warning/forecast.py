"""Forecast warning: the probability of missing the annual target from the year-to-date change (§2.4).

Method (docs/methods/warning-forecast.md). For past years we know the year-to-date reduction
``y_s`` (same months) and the full-year reduction ``a_s``; their difference ``d_s = a_s − y_s`` is
the part of the year still to come. This year's annual reduction is forecast as ``y + d`` with

- ``normal``: ``d ~ N(mean(d_s), sd(d_s))`` (sample sd, n − 1), so
  ``P(miss) = Φ((T − y − mean(d)) / sd(d))``;
- ``bootstrap``: ``d`` drawn with replacement from the ``d_s`` with a seeded numpy Generator,
  ``P(miss) = share of draws with y + d < T``.

The trend enters through ``mean(d)``: if the last months usually add to (or take from) the reduction,
the forecast moves with it. At least three past years are required.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

from carbonpeak.errors import DataError

__all__ = ["MIN_HISTORY", "Forecast", "probability_of_missing"]

MIN_HISTORY = 3


@dataclass(frozen=True)
class Forecast:
    """A forecast of the annual reduction and the probability of missing the target."""

    method: str
    probability: float  #: P(annual reduction < annual target)
    expected_annual: float  #: y + mean(d)
    mean_adjustment: float  #: mean(d_s)
    sd_adjustment: float  #: sample sd of d_s
    history_years: int
    seed: int | None = None
    draws: int | None = None


def _adjustments(history_ytd: npt.ArrayLike, history_annual: npt.ArrayLike) -> npt.NDArray[np.float64]:
    ytd = np.asarray(history_ytd, dtype=np.float64)
    annual = np.asarray(history_annual, dtype=np.float64)
    if ytd.shape != annual.shape:
        raise DataError("year-to-date and annual history must have the same length")
    d = annual - ytd
    d = d[np.isfinite(d)]
    if d.size < MIN_HISTORY:
        raise DataError(f"a forecast needs at least {MIN_HISTORY} past years with both year-to-date and annual values")
    return d


def probability_of_missing(
    ytd_reduction: float,
    annual_target: float,
    history_ytd: npt.ArrayLike,
    history_annual: npt.ArrayLike,
    *,
    method: Literal["normal", "bootstrap"] = "normal",
    seed: int = 20240930,
    draws: int = 20_000,
) -> Forecast:
    """Probability that this year's reduction falls short of ``annual_target`` (methods.md §2.4).

    All values are reductions as positive fractions (§0).

    Raises
    ------
    DataError
        If the year-to-date value is missing, there are fewer than three past years, or the method
        is unknown.
    """
    if not np.isfinite(ytd_reduction) or not np.isfinite(annual_target):
        raise DataError("no year-to-date value or no annual target: no forecast")
    d = _adjustments(history_ytd, history_annual)
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    expected = ytd_reduction + mean
    if method == "normal":
        probability = float(expected < annual_target) if sd == 0.0 else float(norm.cdf((annual_target - expected) / sd))
        return Forecast("normal", probability, expected, mean, sd, int(d.size))
    if method == "bootstrap":
        rng = np.random.default_rng(seed)
        sample = rng.choice(d, size=draws, replace=True)
        probability = float(np.mean(ytd_reduction + sample < annual_target))
        return Forecast("bootstrap", probability, expected, mean, sd, int(d.size), seed, draws)
    raise DataError(f"unknown forecast method {method!r} (use 'normal' or 'bootstrap')")
