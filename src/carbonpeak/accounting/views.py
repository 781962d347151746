"""Frames for the inventory pages: by sector, by fuel, fuel → sector links and intensities."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from carbonpeak.core.schema import FUEL, REGION, SECTOR, UNIT, VALUE, YEAR
from carbonpeak.units import conversion_factor

__all__ = ["by_fuel", "by_sector", "intensity", "sankey_links"]


def by_sector(emissions: pd.DataFrame, *, groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """CO2 per region, year and sector (or sector group when ``groups`` maps sector → group)."""
    frame = emissions.assign(**{SECTOR: emissions[SECTOR].astype(str)})
    if groups is not None:
        frame[SECTOR] = frame[SECTOR].map(lambda s: groups.get(s, s))
    return frame.groupby([REGION, YEAR, SECTOR, UNIT], observed=True, as_index=False)[[VALUE]].sum(min_count=1)


def by_fuel(emissions: pd.DataFrame) -> pd.DataFrame:
    """CO2 per region, year and fuel (process rows appear under their product)."""
    frame = emissions.assign(**{FUEL: emissions[FUEL].astype(str)})
    return frame.groupby([REGION, YEAR, FUEL, UNIT], observed=True, as_index=False)[[VALUE]].sum(min_count=1)


def sankey_links(emissions: pd.DataFrame, *, year: int, groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Links ``source`` (fuel) → ``target`` (sector or group) with ``value`` for one year; zero links dropped."""
    frame = emissions[emissions[YEAR] == year]
    target = frame[SECTOR].astype(str)
    if groups is not None:
        target = target.map(lambda s: groups.get(s, s))
    links = (
        pd.DataFrame(
            {"source": frame[FUEL].astype(str), "target": target, VALUE: frame[VALUE], UNIT: frame[UNIT].astype(str)}
        )
        .groupby(["source", "target", UNIT], as_index=False)[[VALUE]]
        .sum()
    )
    return links[links[VALUE] > 0].reset_index(drop=True)


def intensity(
    totals: pd.Series, denominator: pd.Series, *, units: tuple[str, str], to: tuple[str, str]
) -> pd.DataFrame:
    """``I_t = CO2_t / D_t`` (methods.md §8.6): CO2 per constant-price GDP or per head.

    Both series are indexed by year; a year missing in either is a gap. ``units`` are the units of
    (totals, denominator), ``to`` the units of the result's numerator and denominator, each converted
    through pint (constant-price yuan of a base year is its own dimension), e.g. (``Mt CO2``,
    ``100 million CNY (constant 2005)``) → (``t CO2``, ``1e4 * yuan_2005``): t CO2 per 10^4 yuan.
    """
    factor = conversion_factor(units[0], to[0]) / conversion_factor(units[1], to[1])
    years = totals.index.union(denominator.index)
    value = totals.reindex(years) / denominator.reindex(years) * factor
    return pd.DataFrame({YEAR: years, VALUE: value.to_numpy(), UNIT: f"{to[0]} / ({to[1]})"})
