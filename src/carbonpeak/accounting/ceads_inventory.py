"""A CEADs-scope inventory straight from the encoded energy inventory (methods.md §8.3).

The same numbers as :func:`~carbonpeak.accounting.ceads_scope.ceads_activity` followed by
:func:`~carbonpeak.accounting.inventory.assemble_inventory`, without the round trip through a long
activity frame: CO2 is computed on the ``[year, sector, fuel]`` array, the totals are array sums, and
the long emission rows are made only when asked for. A service that encodes the inventory once and
builds each factor table once (both are reference data) accounts any year range and factor set in
about a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.accounting._encode import constant_column
from carbonpeak.accounting.ceads_scope import EncodedInventory, cube_emissions, long_frame, scope_cube, scope_exclusions
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.accounting.inventory import Inventory, combine_rows
from carbonpeak.accounting.scope import FACTOR_SET, SCOPE, VAR_ENERGY, VAR_PROCESS_CEMENT, VAR_TOTAL, Scope
from carbonpeak.core.schema import BASIS, FUEL, REGION, SECTOR, UNIT, VALUE, VARIABLE, YEAR, Basis
from carbonpeak.errors import DataError, Problem

__all__ = ["ceads_inventory", "select_years"]

FloatArray = npt.NDArray[np.float64]


def select_years(inv: EncodedInventory, years: Sequence[int]) -> EncodedInventory:
    """The encoded inventory restricted to ``years`` (in that order).

    Raises
    ------
    DataError
        Naming each year the inventory does not hold.
    """
    wanted = np.asarray(list(years), dtype=np.int64)
    position = np.searchsorted(inv.years, wanted)
    found = (position < len(inv.years)) & (inv.years[np.minimum(position, len(inv.years) - 1)] == wanted)
    if not found.all():
        problems = [Problem(None, YEAR, "no energy inventory for this year", int(y)) for y in wanted[~found]]
        raise DataError(f"years outside {inv.years.min()}–{inv.years.max()}", problems)
    return EncodedInventory(wanted, inv.cube[position], inv.sectors, inv.fuels, inv.units, inv.power, inv.chemical)


def _year_sums(frame: pd.DataFrame, years: npt.NDArray[np.int64]) -> FloatArray:
    """Σ value per year of ``years``; NaN for a year without a value (``sum(min_count=1)``)."""
    position = np.searchsorted(years, frame[YEAR].to_numpy(dtype=np.int64))
    inside = (position < len(years)) & (years[np.minimum(position, len(years) - 1)] == frame[YEAR].to_numpy())
    value = frame[VALUE].to_numpy(dtype=np.float64)[inside]
    position = position[inside]
    sums = np.bincount(position, weights=np.nan_to_num(value), minlength=len(years))
    counts = np.bincount(position, weights=(~np.isnan(value)).astype(np.float64), minlength=len(years))
    return np.where(counts > 0, sums, np.nan)


def _nan_sum(cube: FloatArray) -> FloatArray:
    present = (~np.isnan(cube)).any(axis=(1, 2))
    return np.where(present, np.nansum(cube, axis=(1, 2)), np.nan)


def _totals(region: str, years: npt.NDArray[np.int64], parts: dict[Scope, FloatArray], unit: str) -> pd.DataFrame:
    """The rows of :func:`~carbonpeak.accounting.electricity.basis_totals`, from per-year sums of each scope."""
    combustion, process, imports = (parts[s] for s in Scope)
    columns = [
        (VAR_ENERGY, Basis.DIRECT, combustion),
        (VAR_PROCESS_CEMENT, Basis.DIRECT, process),
        (VAR_TOTAL, Basis.DIRECT, combustion + process),
        (VAR_ENERGY, Basis.INCLUDING_IMPORTS, combustion + imports),
        (VAR_TOTAL, Basis.INCLUDING_IMPORTS, combustion + process + imports),
    ]
    value = np.concatenate([c[2] for c in columns])
    keep = ~np.isnan(value)
    out = pd.DataFrame(
        {
            REGION: region,
            YEAR: np.tile(years, len(columns))[keep],
            VARIABLE: np.repeat([c[0] for c in columns], len(years))[keep],
            BASIS: np.repeat([c[1].value for c in columns], len(years))[keep],
            VALUE: value[keep],
            UNIT: unit,
        }
    )
    return out.reset_index(drop=True)


def ceads_inventory(
    inv: EncodedInventory,
    table: FactorTable,
    *,
    region: str,
    extra: Sequence[pd.DataFrame] = (),
    unit: str = "Mt CO2",
) -> Inventory:
    """The inventory of an encoded CEADs energy inventory (methods.md §8.1, §8.3).

    ``CO2[y,s,f] = AD[y,s,f] × k(unit_f → per_unit_f) × EF[y,s,f]`` on the CEADs-scope activity
    (:func:`~carbonpeak.accounting.ceads_scope.scope_cube`), plus the ``extra`` emission rows
    (process, net imported electricity); totals per basis as
    :func:`~carbonpeak.accounting.electricity.basis_totals`.

    Raises
    ------
    DataError
        If a cell with activity has no factor or unit (see ``cube_emissions``) or activity is negative.
    """
    final, deducted, share = scope_cube(inv)
    negative = np.argwhere(final < 0)
    if len(negative):
        problems = [
            Problem(None, VALUE, f"negative consumption ({inv.years[y]}, {inv.sectors[s]!r})", inv.fuels[f])
            for y, s, f in negative[:200]
        ]
        raise DataError(f"{len(negative)} activity cells cannot be accounted with {table.label}", problems)
    co2 = cube_emissions(inv, table, unit=unit)
    parts = {s: np.full(len(inv.years), np.nan) for s in Scope}
    parts[Scope.COMBUSTION] = _nan_sum(co2)
    for frame in extra:
        for scope in Scope:
            scoped = frame[frame[SCOPE] == scope.value]
            if len(scoped):
                parts[scope] = _add(parts[scope], _year_sums(scoped, inv.years))
    totals = _totals(region, inv.years, parts, unit)

    def make_rows() -> pd.DataFrame:
        return combine_rows([_combustion_rows(inv, co2, region=region, unit=unit, label=table.label), *extra])

    return Inventory(totals, scope_exclusions(inv, deducted, share), make_rows)


def _add(total: FloatArray, more: FloatArray) -> FloatArray:
    """Add per-year sums, NaN only where both are NaN (several frames of one scope)."""
    return np.where(np.isnan(total), more, np.where(np.isnan(more), total, total + more))


def _combustion_rows(inv: EncodedInventory, co2: FloatArray, *, region: str, unit: str, label: str) -> pd.DataFrame:
    """The combustion rows as :func:`~carbonpeak.accounting.sectoral.sectoral_emissions` returns them."""
    frame = long_frame(co2, inv.years, inv.sectors, inv.fuels, [unit] * len(inv.fuels), region)
    n = len(frame)
    frame[SCOPE] = constant_column(Scope.COMBUSTION.value, n)
    frame[BASIS] = constant_column(Basis.DIRECT.value, n)
    frame[FACTOR_SET] = constant_column(label, n)
    return frame[[REGION, YEAR, SECTOR, FUEL, VALUE, UNIT, SCOPE, BASIS, FACTOR_SET]]
