"""Sectoral approach: fuel × sector energy → CO2 (IPCC 2006 Vol 2 Ch 2; methods.md §8.2, §8.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.accounting._encode import codes, constant_column, unit_scales
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.accounting.scope import FACTOR_SET, SCOPE, Scope
from carbonpeak.core.schema import BASIS, FUEL, REGION, SECTOR, UNIT, VALUE, YEAR, Basis
from carbonpeak.errors import DataError, Problem
from carbonpeak.units import conversion_factor

__all__ = ["ACTIVITY_COLUMNS", "Encoded", "encode_activity", "sectoral_emissions"]

#: the columns an activity frame must have
ACTIVITY_COLUMNS: Final = (REGION, YEAR, SECTOR, FUEL, VALUE, UNIT)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Encoded:
    """An activity frame as integer codes into a :class:`FactorTable`, and each row's factor and scale."""

    year: IntArray
    sector: IntArray
    fuel: IntArray
    value: FloatArray
    scale: FloatArray  #: multiplier from the row's unit into its fuel's factor unit (NaN: not convertible)
    factor: FloatArray  #: t CO2 per factor unit (NaN: no factor)


def encode_activity(
    activity: pd.DataFrame, table: FactorTable, *, coal_equivalents: Mapping[str, tuple[float, str]] | None = None
) -> Encoded:
    """Codes, unit scales and factors of every activity row (no validation; see :func:`sectoral_emissions`)."""
    year = table.year_index(activity[YEAR].to_numpy(dtype=np.int64))
    sector = codes(activity[SECTOR], table.sectors)
    fuel = codes(activity[FUEL], table.fuels)
    unit_code, scale_table = unit_scales(activity[UNIT], table.fuels, table.per_unit, coal_equivalents)
    known = (year >= 0) & (sector >= 0) & (fuel >= 0)
    y, s, f = (np.where(known, a, 0) for a in (year, sector, fuel))
    factor = np.where(known, table.matrix[y, s, f], np.nan)
    scale = np.where(fuel >= 0, scale_table[f, unit_code], np.nan)
    return Encoded(year, sector, fuel, activity[VALUE].to_numpy(dtype=np.float64), scale, factor)


#: rows named per kind of problem; the count of the rest is reported (millions of bad rows stay readable)
_MAX_NAMED: Final = 200


def _rows(mask: npt.NDArray[np.bool_], activity: pd.DataFrame, column: str, message: str) -> list[Problem]:
    where = np.flatnonzero(mask)
    more = [Problem(None, column, f"{message}: {len(where) - _MAX_NAMED} more rows")] if len(where) > _MAX_NAMED else []
    return [
        Problem(
            int(i) + 2,
            column,
            f"{message} ({activity[YEAR].iloc[i]}, {activity[SECTOR].iloc[i]!r}, {activity[FUEL].iloc[i]!r})",
            activity[column].iloc[i],
        )
        for i in where[:_MAX_NAMED]
    ] + more


def _problems(activity: pd.DataFrame, enc: Encoded, label: str) -> list[Problem]:
    """Every row the sectoral approach cannot account, named (row = position + 2, as in a file)."""
    known = (enc.fuel >= 0) & (enc.sector >= 0)
    return (
        _rows(enc.fuel < 0, activity, FUEL, "unknown fuel")
        + _rows(enc.sector < 0, activity, SECTOR, "unknown sector")
        + _rows(known & (enc.year < 0), activity, YEAR, f"year outside factor set {label}")
        + _rows(known & (enc.year >= 0) & np.isnan(enc.factor), activity, FUEL, f"no factor in {label}")
        + _rows((enc.fuel >= 0) & np.isnan(enc.scale), activity, UNIT, "unit cannot be converted to the factor's unit")
        + _rows(enc.value < 0, activity, VALUE, "negative consumption")
    )


def sectoral_emissions(
    activity: pd.DataFrame,
    table: FactorTable,
    *,
    coal_equivalents: Mapping[str, tuple[float, str]] | None = None,
    unit: str = "Mt CO2",
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """CO2 of each activity row by the sectoral approach (methods.md §8.2; CEADs §8.3 step 5).

    ``CO2[r] = AD[r] × k(unit[r] → per_unit[f]) × EF[year, sector, fuel]``, with EF from the factor
    table in t CO2 per the fuel's unit, and ``k`` a unit conversion (``10^8 m3`` → ``m**3``) or, for
    activity in tce, ``1 / coal-equivalent`` of the fuel. A missing activity value (NaN) stays NaN.

    Parameters
    ----------
    activity
        Long frame with :data:`ACTIVITY_COLUMNS`; ``value`` ≥ 0.
    table
        The factor set resolved for the activity's years, sectors and fuels.
    coal_equivalents
        fuel → (coefficient, unit) per the fuel's factor unit, to read activity given in tce.
    unit
        Unit of the result.
    keep
        Extra activity columns to carry into the result (e.g. enterprise id, month).

    Returns
    -------
    pandas.DataFrame
        ``region, year, sector, fuel, value, unit, scope, basis, factor_set`` plus ``keep``; scope
        ``combustion``, basis ``direct``.

    Raises
    ------
    DataError
        Naming every row with an unknown fuel or sector, a year or fuel without factor, a unit that
        cannot be converted, or a negative value. Nothing is computed then.
    """
    missing = [c for c in ACTIVITY_COLUMNS if c not in activity.columns]
    if missing:
        raise DataError("activity frame lacks columns", [Problem(None, c, "column missing") for c in missing])
    enc = encode_activity(activity, table, coal_equivalents=coal_equivalents)
    problems = _problems(activity, enc, table.label)
    if problems:
        raise DataError(f"{len(problems)} activity rows cannot be accounted with {table.label}", problems)
    co2 = enc.value * enc.scale * enc.factor * conversion_factor("tCO2", unit)
    return _result(activity, co2, unit=unit, label=table.label, keep=keep)


def _result(activity: pd.DataFrame, co2: FloatArray, *, unit: str, label: str, keep: Sequence[str]) -> pd.DataFrame:
    n = len(activity)
    out = activity[[REGION, YEAR, SECTOR, FUEL, *keep]].copy(deep=False)
    out[VALUE] = co2
    out[UNIT] = constant_column(unit, n)
    out[SCOPE] = constant_column(Scope.COMBUSTION.value, n)
    out[BASIS] = constant_column(Basis.DIRECT.value, n)
    out[FACTOR_SET] = constant_column(label, n)
    return out.reset_index(drop=True)
