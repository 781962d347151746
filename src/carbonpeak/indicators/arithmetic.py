"""The official indicator arithmetic: intensity, change, progress and what is still needed (methods.md §1).

Sign convention (methods.md §0): inside carbonpeak a **reduction** is a positive fraction
(``0.14`` = "down 14%") and a rise is negative. Official tables print changes in percent with falls
negative (``-4.18``); convert at the boundary with :func:`reduction_from_official_percent` and
:func:`official_percent_from_reduction`.

Every function is vectorised: it takes scalars or numpy arrays (broadcast together) and returns a
numpy float64 array (0-d for scalar input); a NaN input yields NaN ("no data"), never a number.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from carbonpeak.errors import DataError

__all__ = [
    "ScheduleConvention",
    "annual_average_reduction",
    "change_still_needed",
    "cumulative_reduction",
    "intensity",
    "log_progress",
    "official_percent_from_reduction",
    "rate_still_needed",
    "reduction_from_official_percent",
    "reduction_vs",
    "schedule_requirement",
    "years_equivalent",
]

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]
ScheduleConvention = Literal["linear", "geometric"]


def _arr(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


def _check_target(target: ArrayLike) -> FloatArray:
    """A five-year reduction target R must satisfy R < 1 (a 100% cut leaves ln(1 − R) undefined)."""
    r = _arr(target)
    bad = np.isfinite(r) & (r >= 1.0)
    if np.any(bad):
        raise DataError(
            f"a reduction target must be below 100% (R < 1); got {np.unique(r[bad]).tolist()} "
            "(enter 17 % as 0.17, and a rise as a negative reduction)"
        )
    return r


def reduction_from_official_percent(percent_change: ArrayLike) -> FloatArray:
    """Official percent change (falls negative, ``-4.18``) → internal reduction (``0.0418``). §0."""
    return -_arr(percent_change) / 100.0


def official_percent_from_reduction(reduction: ArrayLike) -> FloatArray:
    """Internal reduction (``0.0418``) → official percent change (``-4.18``). §0."""
    return -_arr(reduction) * 100.0


def intensity(numerator: ArrayLike, gdp_constant: ArrayLike) -> FloatArray:
    """Intensity of energy or CO2 per unit of constant-price GDP (methods.md §0, §8.6).

    ``I = X / GDP``, GDP at constant prices of one base year. A negative numerator or a GDP that
    is not positive is bad input.

    Raises
    ------
    DataError
        If a GDP value is zero or negative, or a numerator is negative.
    """
    x, g = _arr(numerator), _arr(gdp_constant)
    if np.any(np.isfinite(g) & (g <= 0)):
        raise DataError(f"GDP must be positive to compute an intensity; got {np.unique(g[np.isfinite(g) & (g <= 0)])}")
    if np.any(np.isfinite(x) & (x < 0)):
        raise DataError(f"energy or CO2 must not be negative; got {np.unique(x[np.isfinite(x) & (x < 0)])}")
    result: FloatArray = x / g
    return result


def reduction_vs(current: ArrayLike, reference: ArrayLike) -> FloatArray:
    """Reduction of a level against a reference level: ``1 − I_t / I_ref`` (methods.md §0, §1.4).

    With ``reference`` the previous year this is the year-on-year reduction ``−r_t``; with the
    base year it is the cumulative reduction.
    """
    cur, ref = _arr(current), _arr(reference)
    if np.any(np.isfinite(ref) & (ref <= 0)):
        raise DataError("a reference level must be positive to compute a change")
    result: FloatArray = 1.0 - cur / ref
    return result


def cumulative_reduction(yearly_reductions: ArrayLike, axis: int = -1) -> FloatArray:
    """Cumulative reduction after k years from year-on-year reductions (methods.md §1.1).

    ``cum_k = Π_t (1 + r_t) − 1`` with ``r_t = −reduction_t``; returned as a reduction,
    ``1 − Π_t (1 − reduction_t)``. Any NaN year makes the result NaN.
    """
    red = _arr(yearly_reductions)
    result: FloatArray = 1.0 - np.prod(1.0 - red, axis=axis)
    return result


def annual_average_reduction(cum_reduction: ArrayLike, years: ArrayLike) -> FloatArray:
    """Geometric annual average reduction over k years (methods.md §1.1).

    ``avg_k = (1 + cum_k)^(1/k) − 1``; as a reduction ``1 − (1 − cum)^(1/k)``.
    """
    k = _arr(years)
    if np.any(np.isfinite(k) & (k <= 0)):
        raise DataError("the number of years of an average must be positive")
    result: FloatArray = 1.0 - np.power(1.0 - _arr(cum_reduction), 1.0 / k)
    return result


def log_progress(cum_reduction: ArrayLike, target: ArrayLike) -> FloatArray:
    """Official log-method progress against a five-year target, 完成进度 (methods.md §1.2).

    ``progress_k = ln(1 + cum_k) / ln(1 − R)``, with ``cum_k`` the signed cumulative change
    (``= −cum_reduction``) and ``R`` the five-year reduction target. Exactly 1 when ``cum_k = −R``.

    Raises
    ------
    DataError
        If ``R ≥ 1`` or ``R = 0`` (no reduction target: progress is undefined).
    """
    r = _check_target(target)
    if np.any(r == 0.0):
        raise DataError("progress against a zero reduction target is undefined (ln(1 − R) = 0)")
    result: FloatArray = np.log1p(-_arr(cum_reduction)) / np.log1p(-r)
    return result


def years_equivalent(cum_reduction: ArrayLike, target: ArrayLike, plan_years: int = 5) -> FloatArray:
    """Years' worth of the target achieved (methods.md §1.2).

    ``years_k = ln(1 + cum_k) / ln((1 − R)^(1/n)) = n × progress_k``, n = 5 for a five-year plan.
    """
    result: FloatArray = plan_years * log_progress(cum_reduction, target)
    return result


def change_still_needed(cum_reduction: ArrayLike, target: ArrayLike) -> FloatArray:
    """Reduction still needed over the remaining years to meet R (methods.md §1.1).

    ``need = (1 − R) / (1 + cum_k) − 1``; as a reduction ``1 − (1 − R) / (1 − cum_reduction)``.
    Negative when the target is already exceeded (intensity may rise by that much).
    """
    r = _check_target(target)
    result: FloatArray = 1.0 - (1.0 - r) / (1.0 - _arr(cum_reduction))
    return result


def rate_still_needed(
    cum_reduction: ArrayLike, target: ArrayLike, years_done: ArrayLike, plan_years: int = 5
) -> FloatArray:
    """Annual reduction rate still needed in each remaining year (methods.md §1.1).

    ``need_per_year = (1 + need)^(1/(n − k)) − 1``; as a reduction ``1 − (1 − need)^(1/(n − k))``.

    Raises
    ------
    DataError
        If no year remains (``k ≥ n``).
    """
    k = _arr(years_done)
    if np.any(np.isfinite(k) & (k >= plan_years)):
        raise DataError(f"no year of the {plan_years}-year plan remains after year {int(np.nanmax(k))}")
    need = change_still_needed(cum_reduction, target)
    result: FloatArray = 1.0 - np.power(1.0 - need, 1.0 / (plan_years - k))
    return result


def schedule_requirement(
    target: ArrayLike, year_index: ArrayLike, *, convention: ScheduleConvention, plan_years: int = 5
) -> FloatArray:
    """Cumulative reduction required after year k of the plan, 序时进度 (methods.md §1.3).

    ``geometric``: ``1 − (1 − R)^(k/n)``, equivalent to log-method progress ``≥ k/n``.
    ``linear``: ``R × k/n``, the arithmetic share of the target (20 %, 40 %, … of R).
    ``k`` may be fractional for a year-to-date period (e.g. 4.75 after September of year 5).

    Raises
    ------
    DataError
        If ``R ≥ 1``, ``k`` is outside ``[0, n]`` or the convention is unknown.
    """
    r, k = _check_target(target), _arr(year_index)
    if np.any(np.isfinite(k) & ((k < 0) | (k > plan_years))):
        raise DataError(f"a schedule year must lie between 0 and {plan_years}; got {np.unique(k).tolist()}")
    if convention == "geometric":
        result: FloatArray = 1.0 - np.power(1.0 - r, k / plan_years)
        return result
    if convention == "linear":
        result = r * k / plan_years
        return result
    raise DataError(f"unknown schedule convention {convention!r} (use 'linear' or 'geometric')")
