"""Emission factors as arrays: a factor set's rows resolved into a year × sector × fuel matrix.

The rows come from a versioned factor set (``carbonpeak.reference.factors``), passed in by the
service; nothing here reads a file. Resolving once into a dense matrix lets the accounting methods
look factors up by integer codes (methods.md §8.2, §8.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.core.schema import FUEL, SECTOR, VALUE
from carbonpeak.errors import DataError, Problem, UnitError
from carbonpeak.units import conversion_factor

__all__ = ["CARBON_TO_CO2", "FactorTable", "build_factor_table", "emission_factor"]

#: mass ratio of CO2 to carbon, 44/12 (IPCC 2006 Vol 2 Ch 1 eq 1.1 uses 44/12)
CARBON_TO_CO2: Final = 44.0 / 12.0

#: factors are held in t CO2 per the fuel's ``per_unit``
_CO2_UNIT: Final = "tCO2"

FloatArray = npt.NDArray[np.float64]


def emission_factor(
    ncv: FloatArray | float, carbon_content: FloatArray | float, oxidation: FloatArray | float
) -> FloatArray:
    """Combustion CO2 factor from its parts (methods.md §8.2).

    ``EF = NCV × CC × OF × 44/12``, with NCV in GJ per unit of fuel and CC in kg C/GJ (= t C/TJ),
    so EF is in kg CO2 per unit of fuel. Raw coal with the Chinese defaults: 20.908 GJ/t × 26.37 ×
    0.94 × 44/12 = 1900.3 kg CO2/t.

    Parameters
    ----------
    ncv
        Net calorific value, GJ per unit of fuel.
    carbon_content
        Carbon content, kg C per GJ.
    oxidation
        Oxidation factor, a fraction (IPCC Tier 1: 1.0).
    """
    product: FloatArray = np.asarray(ncv, dtype=np.float64) * np.asarray(carbon_content, dtype=np.float64)
    return product * np.asarray(oxidation, dtype=np.float64) * CARBON_TO_CO2


@dataclass(frozen=True)
class FactorTable:
    """A factor set resolved for a list of years, sectors and fuels.

    ``matrix[y, s, f]`` is the factor in t CO2 per ``per_unit[f]`` for year ``years[y]``, sector
    ``sectors[s]`` and fuel ``fuels[f]``; NaN where the set has no factor. ``fuelwide[y, f]`` is the
    sector-independent factor (used by the reference approach).
    """

    label: str  #: ``name@version`` of the set
    years: tuple[int, ...]  #: contiguous, ascending
    sectors: tuple[str, ...]
    fuels: tuple[str, ...]
    per_unit: tuple[str, ...]  #: activity unit each fuel's factor is expressed per
    matrix: FloatArray
    fuelwide: FloatArray
    origin: tuple[str, ...]  #: the factor set each fuel's factors came from

    def year_index(self, years: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Positions of ``years`` in the table, −1 where the year is outside it."""
        index = years - self.years[0]
        return np.where((index >= 0) & (index < len(self.years)), index, -1)


def _row_value(value: float, co2_unit: str, parts: tuple[float, str, float, float]) -> float:
    """One row's factor in t CO2 per its ``per_unit``: ``value`` or NCV × CC × OF × 44/12."""
    if not np.isnan(value):
        return value * conversion_factor(co2_unit, _CO2_UNIT)
    ncv, ncv_unit, carbon_content, oxidation = parts
    kg = float(emission_factor(ncv * conversion_factor(ncv_unit, "GJ"), carbon_content, oxidation))
    return kg * conversion_factor("kgCO2", _CO2_UNIT) * conversion_factor(co2_unit, "kgCO2")


def _row_values(rows: pd.DataFrame) -> tuple[FloatArray, list[Problem]]:
    out = np.full(len(rows), np.nan)
    problems: list[Problem] = []
    value, ncv, cc, of = (rows[c].to_numpy(dtype=np.float64) for c in (VALUE, "ncv", "carbon_content", "oxidation"))
    co2_unit, ncv_unit = (rows[c].astype(str).to_numpy() for c in ("co2_unit", "ncv_unit"))
    for i in range(len(rows)):
        try:
            out[i] = _row_value(value[i], str(co2_unit[i]), (ncv[i], str(ncv_unit[i]), cc[i], of[i]))
        except UnitError as exc:
            problems.append(Problem(i + 2, "co2_unit", f"factor of {rows[FUEL].iloc[i]!r} cannot be read: {exc}"))
    return out, problems


def _per_unit(rows: pd.DataFrame, fuels: Sequence[str]) -> tuple[tuple[str, ...], list[Problem]]:
    pairs = rows[[FUEL, "per_unit"]].astype(str).drop_duplicates()
    found = pairs.groupby(FUEL)["per_unit"].agg(list).to_dict()
    problems = [
        Problem(None, "per_unit", f"fuel {fuel!r} has factors per different units", found[fuel])
        for fuel in fuels
        if len(found.get(fuel, [])) > 1
    ]
    return tuple(str(found[f][0]) if f in found else "" for f in fuels), problems


def _specificity(rows: pd.DataFrame) -> npt.NDArray[np.int64]:
    """0 general, 1 year-bounded, 2 sector-specific, 3 both: more specific rows are applied last."""
    by_sector = (rows[SECTOR].fillna("") != "").to_numpy()
    by_year = (rows["year_from"].notna() | rows["year_to"].notna()).to_numpy()
    return by_sector.astype(np.int64) * 2 + by_year.astype(np.int64)


def _year_span(rows: pd.DataFrame, years: tuple[int, ...]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    lo = rows["year_from"].fillna(years[0]).to_numpy(dtype=np.int64) - years[0]
    hi = rows["year_to"].fillna(years[-1]).to_numpy(dtype=np.int64) - years[0]
    return np.clip(lo, 0, len(years)), np.clip(hi + 1, 0, len(years))


def build_factor_table(
    rows: pd.DataFrame, *, label: str, years: Sequence[int], sectors: Sequence[str], fuels: Sequence[str] | None = None
) -> FactorTable:
    """Resolve factor-set rows into a :class:`FactorTable` for ``years`` × ``sectors`` × ``fuels``.

    Rows apply from the least to the most specific (all sectors and years, then a year range, then a
    sector, then both), so a sector-specific CEADs coal factor overrides the fuel-wide one.

    Raises
    ------
    DataError
        If a row's unit cannot be read, a fuel has factors per different units, or a row names a
        sector outside ``sectors``.
    """
    span = tuple(range(min(years), max(years) + 1))
    fuel_list = tuple(fuels) if fuels is not None else tuple(dict.fromkeys(rows[FUEL].astype(str)))
    values, problems = _row_values(rows)
    per_unit, unit_problems = _per_unit(rows, fuel_list)
    sector_index = {name: i for i, name in enumerate(sectors)}
    row_sector = rows[SECTOR].fillna("").astype(str).to_numpy()
    problems += unit_problems + [
        Problem(i + 2, SECTOR, "unknown sector", s) for i, s in enumerate(row_sector) if s and s not in sector_index
    ]
    if problems:
        raise DataError(f"factor set {label} cannot be used", problems)
    matrix = np.full((len(span), len(sectors), len(fuel_list)), np.nan)
    fuelwide = np.full((len(span), len(fuel_list)), np.nan)
    fuel_index = {name: i for i, name in enumerate(fuel_list)}
    lo, hi = _year_span(rows, span)
    row_fuel = rows[FUEL].astype(str).to_numpy()
    for i in np.argsort(_specificity(rows), kind="stable"):
        f = fuel_index.get(row_fuel[i])
        if f is None:
            continue
        if row_sector[i]:
            matrix[lo[i] : hi[i], sector_index[row_sector[i]], f] = values[i]
        else:
            matrix[lo[i] : hi[i], :, f] = values[i]
            fuelwide[lo[i] : hi[i], f] = values[i]
    origin = _origins(rows, fuel_list, label)
    return FactorTable(label, span, tuple(sectors), fuel_list, per_unit, matrix, fuelwide, origin)


def _origins(rows: pd.DataFrame, fuels: Sequence[str], label: str) -> tuple[str, ...]:
    if "factor_set" not in rows.columns:
        return tuple(label for _ in fuels)
    first = rows.drop_duplicates(FUEL).set_index(FUEL)["factor_set"].astype(str).to_dict()
    return tuple(first.get(f, label) for f in fuels)


def factor_frame(table: FactorTable, *, year: int) -> pd.DataFrame:
    """The fuel-wide factors of one year as a frame (fuel, value in t CO2 per per_unit, per_unit, origin)."""
    y = year - table.years[0]
    return pd.DataFrame(
        {FUEL: table.fuels, VALUE: table.fuelwide[y], "per_unit": table.per_unit, "factor_set": table.origin}
    )
