"""Comparisons: totals under different factor sets, and city sums against the province (methods.md §8.3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from carbonpeak.core.schema import REGION, VALUE, YEAR

__all__ = ["factor_set_shift", "reconcile_cities"]


def factor_set_shift(totals: Mapping[str, pd.Series], *, base: str) -> pd.DataFrame:
    """How much a total moves between factor sets: ``shift = total_set / total_base − 1`` per year.

    Parameters
    ----------
    totals
        factor-set label → total by year (same unit).
    base
        The label the others are compared with.

    Returns
    -------
    pandas.DataFrame
        ``year, factor_set, total, base_total, difference, shift`` (shift as a fraction).
    """
    reference = totals[base]
    frames = [
        pd.DataFrame(
            {
                YEAR: reference.index,
                "factor_set": label,
                "total": series.reindex(reference.index).to_numpy(),
                "base_total": reference.to_numpy(),
            }
        )
        for label, series in totals.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    out["difference"] = out["total"] - out["base_total"]
    out["shift"] = out["total"] / out["base_total"] - 1.0
    return out


def reconcile_cities(
    cities: pd.DataFrame, province: pd.Series, *, expected_cities: int | Mapping[int, int]
) -> pd.DataFrame:
    """City sum against the province by year, with the difference explained (methods.md §8.3).

    ``difference = Σ_reported cities − province``. Missing city values are gaps: they are counted
    and named, never filled, and the sum covers only the reported cities.

    Parameters
    ----------
    cities
        ``region, year, value`` (NaN for a gap), one row per city and year.
    province
        Province total by year, same unit.
    expected_cities
        Number of cities of the province, or per year (Anhui: 17 until Chaohu's abolition in 2011, then 16).

    Returns
    -------
    pandas.DataFrame
        ``year, province, city_sum, reported, missing, missing_cities, difference, share, explanation``.
    """
    reported = cities[cities[VALUE].notna()]
    summed = reported.groupby(YEAR)[VALUE].agg(["sum", "count"])
    gaps = cities[cities[VALUE].isna()].groupby(YEAR)[REGION].agg(lambda r: ", ".join(sorted(map(str, r))))
    years = sorted(set(province.index) | set(cities[YEAR]))
    out = pd.DataFrame({YEAR: years})
    out["province"] = province.reindex(years).to_numpy()
    out["city_sum"] = summed["sum"].reindex(years).to_numpy()
    out["reported"] = summed["count"].reindex(years).fillna(0).astype(int).to_numpy()
    expected = [expected_cities if isinstance(expected_cities, int) else expected_cities[y] for y in years]
    out["missing"] = pd.Series(expected).to_numpy() - out["reported"].to_numpy()
    out["missing_cities"] = gaps.reindex(years).fillna("").to_numpy()
    out["difference"] = out["city_sum"] - out["province"]
    out["share"] = out["city_sum"] / out["province"]
    out["explanation"] = [_explain(r) for r in out.itertuples()]
    return out


def _explain(row: Any) -> str:
    reported, missing, share = row.reported, row.missing, row.share
    if reported == 0:
        return "no city value: the comparison is not possible"
    if np.isnan(share):
        return "no provincial value for this year"
    parts = []
    if missing > 0:
        parts.append(f"{missing} cities have no value (gaps, not filled), so the sum is partial")
    parts.append(
        f"reported cities sum to {share:.1%} of the province: city inventories are built independently from "
        "city energy data by CEADs' city method (Shan et al.), not downscaled from the provincial balance, "
        "so boundaries, sector coverage and factors differ"
    )
    return "; ".join(parts)
