"""Progress of regions against a five-year intensity target, as tables and as the officials' hand check.

Builds on :mod:`carbonpeak.indicators.arithmetic` (methods.md §1.1–§1.3): per region and year the
intensity, the year-on-year and cumulative reductions, the log-method progress, the schedule
requirement and what is still needed. Year-to-date (quarterly) versions follow §1.3 "intra-year
monitoring".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from carbonpeak.core.schema import REGION, YEAR
from carbonpeak.errors import DataError, Problem
from carbonpeak.indicators import arithmetic as ar

__all__ = [
    "ProgressSummary",
    "progress_from_official_yoy",
    "progress_table",
    "ytd_cumulative_reduction",
    "ytd_year_index",
]

NUMERATOR = "numerator"  #: energy (10^4 tce) or CO2 (Mt) column of the input of :func:`progress_table`
GDP = "gdp"  #: constant-price GDP column of the input of :func:`progress_table`


@dataclass(frozen=True)
class ProgressSummary:
    """The figures an official checks by hand, in official percent (falls negative). §1.1–§1.2."""

    years: int  #: k, the years of the plan covered
    target_pct: float  #: five-year reduction target R, in % (positive = reduction)
    cumulative_change_pct: float  #: cum_k, % vs base year
    average_change_pct: float  #: geometric annual average, %/yr
    progress: float  #: log-method progress, fraction of the target (0.268 = 26.8 %)
    years_equivalent: float  #: years' worth of the target
    change_still_needed_pct: float  #: change still needed over the remaining years, %
    rate_still_needed_pct: float  #: annual rate still needed, %/yr
    plan_average_pct: float  #: the plan's own average annual change, %/yr

    def as_dict(self) -> dict[str, float | int]:
        """The fields as plain numbers (for ``--json``)."""
        return asdict(self)


def progress_from_official_yoy(
    yoy_percent: Sequence[float], target_percent: float, plan_years: int = 5
) -> ProgressSummary:
    """The calculator: official year-on-year changes (%) and a reduction target (%) → the summary.

    Formulas of methods.md §1.1 (cum, average, still needed) and §1.2 (log progress, years' worth).
    Qinghai (§1.1): ``[1.51, -2.20, -4.18]``, 17 → cum −4.87 %, progress 26.8 %, still needed
    −12.75 %, −6.59 %/yr.

    Raises
    ------
    DataError
        If no change is given, more than ``plan_years`` are given, or R ≥ 100 %.
    """
    k = len(yoy_percent)
    if not 0 < k < plan_years:
        raise DataError(f"give between 1 and {plan_years - 1} year-on-year changes (got {k})")
    target = float(ar.reduction_from_official_percent(-target_percent))
    cum = float(ar.cumulative_reduction(ar.reduction_from_official_percent(list(yoy_percent))))
    pct = ar.official_percent_from_reduction
    return ProgressSummary(
        years=k,
        target_pct=float(target_percent),
        cumulative_change_pct=float(pct(cum)),
        average_change_pct=float(pct(ar.annual_average_reduction(cum, k))),
        progress=float(ar.log_progress(cum, target)),
        years_equivalent=float(ar.years_equivalent(cum, target, plan_years)),
        change_still_needed_pct=float(pct(ar.change_still_needed(cum, target))),
        rate_still_needed_pct=float(pct(ar.rate_still_needed(cum, target, k, plan_years))),
        plan_average_pct=float(pct(ar.annual_average_reduction(target, plan_years))),
    )


def _check_input(frame: pd.DataFrame, base_year: int) -> None:
    missing = [c for c in (REGION, YEAR, NUMERATOR, GDP) if c not in frame.columns]
    if missing:
        raise DataError("progress input lacks columns", [Problem(None, c, "column missing") for c in missing])
    has_base = frame.loc[frame[YEAR] == base_year].dropna(subset=[NUMERATOR, GDP])[REGION].unique()
    lacking = sorted(set(frame[REGION].unique()) - set(has_base))
    if lacking:
        raise DataError(
            f"no base-year ({base_year}) value, so no change against the base can be computed",
            [Problem(None, REGION, f"region has no {base_year} numerator and GDP", r) for r in lacking],
        )


def progress_table(
    frame: pd.DataFrame, *, base_year: int, target: float, convention: ar.ScheduleConvention, plan_years: int = 5
) -> pd.DataFrame:
    """Per region and plan year: intensity, reductions, progress, schedule and what is still needed.

    ``I_t = X_t / GDP_t`` (§0); ``yoy_t = 1 − I_t/I_{t−1}`` and ``cum_t = 1 − I_t/I_base`` (§1.1);
    ``progress = ln(1 − cum)/ln(1 − R)`` (§1.2); ``required = schedule(R, k)`` (§1.3); still needed
    (§1.1). A year without data (or whose previous year lacks data) yields NaN, never a number.

    Parameters
    ----------
    frame
        Columns ``region``, ``year``, ``numerator`` and ``gdp`` (constant prices of one base year).
    base_year
        The plan's base year (2020 for the 14th FYP).
    target
        Five-year reduction target R as a fraction (0.14).
    convention
        ``"linear"`` or ``"geometric"`` schedule (§1.3).

    Raises
    ------
    DataError
        If a region has no base-year value, a GDP is not positive, or R ≥ 1.
    """
    ar.schedule_requirement(target, 0, convention=convention, plan_years=plan_years)  # validates R and convention
    _check_input(frame, base_year)
    df = frame.loc[(frame[YEAR] >= base_year) & (frame[YEAR] <= base_year + plan_years)]
    df = df.sort_values([REGION, YEAR], ignore_index=True)
    df["intensity"] = ar.intensity(df[NUMERATOR].to_numpy(), df[GDP].to_numpy())
    base = df.loc[df[YEAR] == base_year].set_index(REGION)["intensity"]
    previous = df.groupby(REGION)["intensity"].shift(1)
    contiguous = df.groupby(REGION)[YEAR].diff() == 1
    df["yoy_reduction"] = np.where(
        contiguous, ar.reduction_vs(df["intensity"], previous.where(contiguous, 1.0)), np.nan
    )
    df["cum_reduction"] = ar.reduction_vs(df["intensity"], df[REGION].map(base))
    k = (df[YEAR] - base_year).to_numpy(dtype=np.float64)
    df["year_index"] = k
    df["progress"] = ar.log_progress(df["cum_reduction"], target)
    df["years_equivalent"] = plan_years * df["progress"]
    df["schedule_required"] = ar.schedule_requirement(target, k, convention=convention, plan_years=plan_years)
    df["on_schedule"] = (df["cum_reduction"] >= df["schedule_required"]).where(df["cum_reduction"].notna())
    df["change_still_needed"] = ar.change_still_needed(df["cum_reduction"], target)
    remaining = k < plan_years
    df["rate_still_needed"] = np.nan
    df.loc[remaining, "rate_still_needed"] = ar.rate_still_needed(
        df.loc[remaining, "cum_reduction"], target, k[remaining], plan_years
    )
    return df.loc[df[YEAR] > base_year].reset_index(drop=True)


def ytd_year_index(completed_years: int, months: int) -> float:
    """Schedule position of a year-to-date period: ``k = completed years + months/12`` (§1.3).

    Raises
    ------
    DataError
        If ``months`` is not 1–12.
    """
    if not 1 <= months <= 12:
        raise DataError(f"a year-to-date period covers 1 to 12 months (got {months})")
    return completed_years + months / 12.0


def ytd_cumulative_reduction(cum_through_previous_year: ar.ArrayLike, ytd_reduction: ar.ArrayLike) -> ar.FloatArray:
    """Cumulative reduction including the year-to-date change (§1.1 applied intra-year).

    ``1 − (1 − cum_{k−1}) × (1 − ytd)``, where ``ytd = 1 − I_ytd / I_ytd,prev`` is the year-on-year
    reduction of the year-to-date intensity (same months of the previous year).
    """
    return ar.cumulative_reduction(np.stack(np.broadcast_arrays(cum_through_previous_year, ytd_reduction)), axis=0)


def constant_price_gdp(frame: pd.DataFrame, *, price_year: int) -> pd.DataFrame:
    """GDP at constant prices of ``price_year`` from current GDP and real growth (methods.md §0).

    ``GDP_t = GDP_current(price_year) × Π_{s=price_year+1..t} (1 + g_s/100)`` forwards and
    ``GDP_t = GDP_current(price_year) / Π_{s=t+1..price_year} (1 + g_s/100)`` backwards: the chained
    real index rebased to ``price_year``. Year-on-year changes of an intensity do not depend on
    the price year; cumulative changes of a plan use the plan's base year.

    Parameters
    ----------
    frame
        Columns ``region``, ``year``, ``gdp_current`` and ``real_growth_pct``.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``year``, ``gdp`` (NaN where a growth rate in the chain is missing).

    Raises
    ------
    DataError
        If a region lacks current GDP in ``price_year`` or a GDP is not positive.
    """
    out = []
    for region, group in frame.sort_values(YEAR).groupby(REGION, sort=False):
        g = group.set_index(YEAR)
        base = g["gdp_current"].get(price_year, np.nan)
        if not np.isfinite(base) or base <= 0:
            raise DataError(f"no positive current GDP of region {region} in price year {price_year} to rebase on")
        years = np.arange(int(g.index.min()), int(g.index.max()) + 1)
        factor = (1.0 + g["real_growth_pct"].reindex(years) / 100.0).to_numpy(dtype=np.float64)
        after = years > price_year
        index = np.ones(len(years))
        index[after] = np.cumprod(factor[after])  # NaN propagates: a gap breaks the chain after it
        before = years < price_year
        # GDP_t = GDP_{t+1} / (1 + g_{t+1}): reverse cumulative product of the following years' factors
        following = factor[np.flatnonzero(before) + 1]
        index[before] = 1.0 / np.cumprod(following[::-1])[::-1]
        out.append(pd.DataFrame({REGION: region, YEAR: years, GDP: base * index}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=[REGION, YEAR, GDP])
