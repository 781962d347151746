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
from carbonpeak.core.schema import FUEL, REGION, SECTOR, UNIT, VALUE, YEAR
from carbonpeak.errors import DataError, Problem

__all__ = ["HEATING_SUPPLY", "NON_ENERGY_USE", "THERMAL_POWER", "CeadsActivity", "ceads_activity", "energy_cube"]

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


def _fuel_units(energy: pd.DataFrame, fuels: Sequence[str]) -> tuple[str, ...]:
    units = energy.loc[energy[FUEL].isin(fuels)].drop_duplicates([FUEL, UNIT]).groupby(FUEL)[UNIT].agg(list)
    problems = [
        Problem(None, UNIT, f"fuel {f!r} has more than one unit", units[f]) for f in fuels if len(units.get(f, [])) > 1
    ]
    problems += [Problem(None, FUEL, "fuel missing from the energy inventory", f) for f in fuels if f not in units]
    if problems:
        raise DataError("energy inventory units are not consistent", problems)
    return tuple(str(units[f][0]) for f in fuels)


def energy_cube(
    energy: pd.DataFrame, rows: Sequence[str], fuels: Sequence[str]
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """The inventory as a dense array ``cube[year, row, fuel]`` (NaN where the source has no cell).

    Raises
    ------
    DataError
        If a (year, row, fuel) cell appears twice.
    """
    years = np.sort(energy[YEAR].unique().astype(np.int64))
    row = codes(energy[SECTOR], rows)
    fuel = codes(energy[FUEL], fuels)
    year = np.searchsorted(years, energy[YEAR].to_numpy(dtype=np.int64))
    keep = (row >= 0) & (fuel >= 0)
    flat = (year[keep] * len(rows) + row[keep]) * len(fuels) + fuel[keep]
    unique, counts = np.unique(flat, return_counts=True)
    if (counts > 1).any():
        where = np.flatnonzero(keep)[np.isin(flat, unique[counts > 1])]
        raise DataError(
            "duplicate cells in the energy inventory", [Problem(int(i) + 2, SECTOR, "duplicate") for i in where]
        )
    cube = np.full(len(years) * len(rows) * len(fuels), np.nan)
    cube[flat] = energy[VALUE].to_numpy(dtype=np.float64)[keep]
    return years, cube.reshape(len(years), len(rows), len(fuels))


def ceads_activity(energy: pd.DataFrame, sectors: pd.DataFrame, *, fuels: Sequence[str], region: str) -> CeadsActivity:
    """Combustion activity of ``fuels`` in the CEADs scope (SOURCES.md §12.3; methods.md §8.3).

    ``AD[s,f] = FC[s,f] + [s = power] × (TP⁺[f] + HS⁺[f]) − [s ∈ chem] × FC'[s,f] × min(1, NEU[f] / Σ_chem FC'[f])``,
    where FC is final consumption, TP⁺ and HS⁺ the thermal-power and heating-supply inputs
    (positive cells only: a negative cell is an output, which CEADs does not count), NEU the
    non-energy use and FC' the chemical sectors' consumption. The non-energy use that exceeds the
    chemical sectors' consumption is reported as ``not_deducted`` in the exclusions.

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
    names = [str(s) for s in sectors["sector_energy_inventory"]]
    years, cube = energy_cube(energy, [*names, THERMAL_POWER, HEATING_SUPPLY, NON_ENERGY_USE], fuels)
    n = len(names)
    final = cube[:, :n, :].copy()
    power = np.flatnonzero(sectors["receives_power_inputs"].to_numpy(dtype=bool))
    # only inputs count: a negative cell of these rows is an output (Anhui 2000 heating supply, other washed coal)
    final[:, power, :] += (np.clip(cube[:, n, :], 0.0, None) + np.clip(cube[:, n + 1, :], 0.0, None))[:, None, :]
    chem = np.flatnonzero(sectors["chemical"].to_numpy(dtype=bool))
    neu = cube[:, n + 2, :]
    chem_total = final[:, chem, :].sum(axis=1)
    share = np.clip(np.divide(neu, chem_total, out=np.zeros_like(neu), where=chem_total > 0), 0.0, 1.0)
    deducted = final[:, chem, :] * share[:, None, :]
    final[:, chem, :] -= deducted
    units = _fuel_units(energy, fuels)
    activity = _long(final, years, [str(s) for s in sectors["sector"]], fuels, units, region)
    exclusions = pd.DataFrame(
        {
            YEAR: np.repeat(years, len(fuels)),
            FUEL: np.tile(np.asarray(fuels, dtype=object), len(years)),
            UNIT: np.tile(np.asarray(units, dtype=object), len(years)),
            "non_energy_use": neu.ravel(),
            "deducted": deducted.sum(axis=1).ravel(),
            "not_deducted": np.where(share < 1.0, 0.0, neu - chem_total).ravel(),
        }
    )
    return CeadsActivity(activity, exclusions)


def _long(
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
