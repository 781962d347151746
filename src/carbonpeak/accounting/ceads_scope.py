"""The CEADs activity scope: from a CEADs energy inventory to combustion activity (SOURCES.md §12.3).

CEADs counts as combustion (methods.md §8.3 step 4): final consumption of the 47 sectors; plus the
fuels that thermal power and heating supply burn (transformation inputs, added to the power
sector); minus non-energy use (feedstock), deducted only from the chemical sectors, in proportion
to their consumption and never more than it. Other transformation inputs (coal washing, coking,
refineries, gas works) and losses are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.accounting._encode import categorical, codes
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.core.schema import FUEL, REGION, SECTOR, UNIT, VALUE, YEAR
from carbonpeak.errors import DataError, Problem, UnitError
from carbonpeak.units import conversion_factor

__all__ = [
    "HEATING_SUPPLY",
    "NON_ENERGY_USE",
    "THERMAL_POWER",
    "CeadsActivity",
    "EncodedInventory",
    "ceads_activity",
    "cube_emissions",
    "encode_inventory",
    "energy_cube",
    "long_frame",
    "scope_cube",
    "scope_exclusions",
    "scoped_activity",
]

#: source rows of the CEADs energy inventory's transformation and memo block
THERMAL_POWER: Final = "Thermal Power"
HEATING_SUPPLY: Final = "Heating Supply"
NON_ENERGY_USE: Final = "Non-Energy Use"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CeadsActivity:
    """Combustion activity in the CEADs scope, and the record of what was excluded."""

    activity: pd.DataFrame  #: region, year, sector, fuel, value, unit (47 sectors × the fuels)
    exclusions: pd.DataFrame  #: year, fuel, unit, non_energy_use, deducted, not_deducted


@dataclass(frozen=True)
class EncodedInventory:
    """A CEADs energy inventory as a dense array, encoded once and reused (fast repeated accounting)."""

    years: npt.NDArray[np.int64]
    cube: FloatArray  #: ``cube[year, row, fuel]``: the 47 sectors, then Thermal Power, Heating Supply, Non-Energy Use
    sectors: tuple[str, ...]  #: identifiers of the 47 sector rows
    fuels: tuple[str, ...]
    units: tuple[str, ...]  #: unit of each fuel
    power: npt.NDArray[np.int64]  #: positions of the sector(s) receiving the power inputs
    chemical: npt.NDArray[np.int64]  #: positions of the chemical sectors


def _fuel_units(unit: pd.Series, fuel: npt.NDArray[np.int64], fuels: Sequence[str]) -> tuple[str, ...]:
    unit_code, names = pd.factorize(unit.astype(str))
    pairs = np.unique(fuel[fuel >= 0] * len(names) + unit_code[fuel >= 0])
    found: dict[int, list[str]] = {}
    for pair in pairs:
        found.setdefault(int(pair) // len(names), []).append(str(names[int(pair) % len(names)]))
    problems = [
        Problem(None, UNIT, f"fuel {fuels[f]!r} has more than one unit", u) for f, u in found.items() if len(u) > 1
    ]
    problems += [
        Problem(None, FUEL, "fuel missing from the energy inventory", f) for i, f in enumerate(fuels) if i not in found
    ]
    if problems:
        raise DataError("energy inventory units are not consistent", problems)
    return tuple(found[i][0] for i in range(len(fuels)))


def energy_cube(
    energy: pd.DataFrame, rows: Sequence[str], fuels: Sequence[str]
) -> tuple[npt.NDArray[np.int64], FloatArray, tuple[str, ...]]:
    """The inventory as a dense array ``cube[year, row, fuel]`` (NaN where the source has no cell), and fuel units.

    Raises
    ------
    DataError
        If a (year, row, fuel) cell appears twice, or a fuel has no unit or two units.
    """
    years = np.sort(energy[YEAR].unique().astype(np.int64))
    row = codes(energy[SECTOR], rows)
    fuel = codes(energy[FUEL], fuels)
    year = np.searchsorted(years, energy[YEAR].to_numpy(dtype=np.int64))
    keep = (row >= 0) & (fuel >= 0)
    flat = (year[keep] * len(rows) + row[keep]) * len(fuels) + fuel[keep]
    counts = np.bincount(flat, minlength=len(years) * len(rows) * len(fuels))
    if (counts > 1).any():
        where = np.flatnonzero(keep)[counts[flat] > 1]
        raise DataError(
            "duplicate cells in the energy inventory", [Problem(int(i) + 2, SECTOR, "duplicate") for i in where]
        )
    cube = np.full(len(years) * len(rows) * len(fuels), np.nan)
    cube[flat] = energy[VALUE].to_numpy(dtype=np.float64)[keep]
    units = _fuel_units(energy[UNIT], np.where(keep, fuel, -1), fuels)
    return years, cube.reshape(len(years), len(rows), len(fuels)), units


def encode_inventory(energy: pd.DataFrame, sectors: pd.DataFrame, *, fuels: Sequence[str]) -> EncodedInventory:
    """Encode a CEADs energy inventory for :func:`scope_cube` (see :func:`ceads_activity` for the inputs)."""
    names = [str(s) for s in sectors["sector_energy_inventory"]]
    years, cube, units = energy_cube(energy, [*names, THERMAL_POWER, HEATING_SUPPLY, NON_ENERGY_USE], fuels)
    return EncodedInventory(
        years=years,
        cube=cube,
        sectors=tuple(str(s) for s in sectors["sector"]),
        fuels=tuple(fuels),
        units=units,
        power=np.flatnonzero(sectors["receives_power_inputs"].to_numpy(dtype=bool)),
        chemical=np.flatnonzero(sectors["chemical"].to_numpy(dtype=bool)),
    )


def scope_cube(inv: EncodedInventory) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The CEADs scope on the encoded array: ``(activity[y, sector, fuel], deducted[y, fuel], share[y, fuel])``.

    ``AD = FC + [power] × (TP⁺ + HS⁺) − [chem] × FC × min(1, NEU / Σ_chem FC)`` (see :func:`ceads_activity`).
    """
    n = len(inv.sectors)
    final = inv.cube[:, :n, :].copy()
    # only inputs count: a negative cell of these rows is an output (Anhui 2000 heating supply, other washed coal)
    inputs = np.clip(inv.cube[:, n, :], 0.0, None) + np.clip(inv.cube[:, n + 1, :], 0.0, None)
    final[:, inv.power, :] += inputs[:, None, :]
    neu = inv.cube[:, n + 2, :]
    chem_total = final[:, inv.chemical, :].sum(axis=1)
    share = np.clip(np.divide(neu, chem_total, out=np.zeros_like(neu), where=chem_total > 0), 0.0, 1.0)
    deducted = final[:, inv.chemical, :] * share[:, None, :]
    final[:, inv.chemical, :] -= deducted
    return final, deducted.sum(axis=1), share


def ceads_activity(energy: pd.DataFrame, sectors: pd.DataFrame, *, fuels: Sequence[str], region: str) -> CeadsActivity:
    """Combustion activity of ``fuels`` in the CEADs scope (SOURCES.md §12.3; methods.md §8.3).

    ``AD[s,f] = FC[s,f] + [s = power] × (TP⁺[f] + HS⁺[f]) − [s ∈ chem] × FC'[s,f] × min(1, NEU[f] / Σ_chem FC'[f])``,
    where FC is final consumption, TP⁺ and HS⁺ the thermal-power and heating-supply inputs
    (positive cells only: a negative cell is an output, which CEADs does not count),
    NEU the non-energy use and FC' the chemical sectors' consumption. The non-energy use that
    exceeds the chemical sectors' consumption is reported as ``not_deducted`` in the exclusions.

    Parameters
    ----------
    energy
        A CEADs energy inventory (year, sector, fuel, value, unit), sectors spelled as in the source.
    sectors
        The sector scheme: ``sector``, ``sector_energy_inventory``, ``chemical``, ``receives_power_inputs``.
    fuels
        The fuels to account (the 17 fossil fuels); heat, electricity and other energy are secondary.
    region
        Region code written on the result.
    """
    return scoped_activity(encode_inventory(energy, sectors, fuels=fuels), region=region)


def scoped_activity(inv: EncodedInventory, *, region: str) -> CeadsActivity:
    """:func:`ceads_activity` of an inventory already encoded (see :func:`encode_inventory`)."""
    final, deducted, share = scope_cube(inv)
    activity = long_frame(final, inv.years, inv.sectors, inv.fuels, inv.units, region)
    return CeadsActivity(activity, scope_exclusions(inv, deducted, share))


def scope_exclusions(inv: EncodedInventory, deducted: FloatArray, share: FloatArray) -> pd.DataFrame:
    """Non-energy use by year and fuel: deducted from the chemical sectors, and what could not be deducted."""
    neu = inv.cube[:, len(inv.sectors) + 2, :]
    fuels = inv.fuels
    return pd.DataFrame(
        {
            YEAR: np.repeat(inv.years, len(fuels)),
            FUEL: np.tile(np.asarray(fuels, dtype=object), len(inv.years)),
            UNIT: np.tile(np.asarray(inv.units, dtype=object), len(inv.years)),
            "non_energy_use": neu.ravel(),
            "deducted": deducted.ravel(),
            # all of it when there is no chemical consumption; the excess when it exceeds that consumption
            "not_deducted": np.where((share < 1.0) & (deducted > 0), 0.0, neu - deducted).ravel(),
        }
    )


def long_frame(
    cube: FloatArray,
    years: npt.NDArray[np.int64],
    sectors: Sequence[str],
    fuels: Sequence[str],
    units: Sequence[str],
    region: str,
) -> pd.DataFrame:
    ny, ns, nf = cube.shape
    sector_codes = np.tile(np.repeat(np.arange(ns), nf), ny)
    fuel_codes = np.tile(np.arange(nf), ny * ns)
    unit_names = list(dict.fromkeys(units))
    unit_of_fuel = np.array([unit_names.index(u) for u in units], dtype=np.int64)
    return pd.DataFrame(
        {
            REGION: categorical(np.zeros(ny * ns * nf, dtype=np.int8), [region]),
            YEAR: np.repeat(years, ns * nf),
            SECTOR: categorical(sector_codes, list(sectors)),
            FUEL: categorical(fuel_codes, list(fuels)),
            VALUE: cube.ravel(),
            UNIT: categorical(unit_of_fuel[fuel_codes], unit_names),
        }
    )


def cube_emissions(inv: EncodedInventory, table: FactorTable, *, unit: str = "Mt CO2") -> FloatArray:
    """CO2 ``[year, sector, fuel]`` of the CEADs scope of an encoded inventory (methods.md §8.3 step 5).

    ``CO2 = AD × k(unit_f → per_unit_f) × EF[year, sector, fuel]``: the same arithmetic as
    :func:`~carbonpeak.accounting.sectoral.sectoral_emissions`, on arrays (no per-row encoding).

    Raises
    ------
    DataError
        If a fuel's unit cannot be converted or a cell with activity has no factor.
    """
    years = table.year_index(inv.years)
    sector = np.array([table.sectors.index(s) if s in table.sectors else -1 for s in inv.sectors])
    fuel = np.array([table.fuels.index(f) if f in table.fuels else -1 for f in inv.fuels])
    scale = np.array(
        [_convert(u, table.per_unit[f]) if f >= 0 else np.nan for u, f in zip(inv.units, fuel, strict=True)]
    )
    final, _, _ = scope_cube(inv)
    factor = table.matrix[np.ix_(np.maximum(years, 0), np.maximum(sector, 0), np.maximum(fuel, 0))]
    factor[years < 0], factor[:, sector < 0], factor[:, :, fuel < 0] = np.nan, np.nan, np.nan
    co2: FloatArray = final * scale * factor * conversion_factor("tCO2", unit)
    missing = np.argwhere(np.isnan(co2) & ~np.isnan(final) & (final != 0))
    if len(missing):
        problems = [
            Problem(None, FUEL, f"no factor or unit for {inv.years[y]}, {inv.sectors[s]!r}", inv.fuels[f])
            for y, s, f in missing[:200]
        ]
        raise DataError(f"{len(missing)} cells cannot be accounted with {table.label}", problems)
    return co2


def _convert(unit: str, target: str) -> float:
    try:
        return conversion_factor(unit, target)
    except UnitError:
        return np.nan
