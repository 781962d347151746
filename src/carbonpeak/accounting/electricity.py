"""Electricity: net imported electricity at a grid factor, and totals on each basis (methods.md §8.1, §8.4).

China's provincial carbon-intensity assessment counts scope 1 plus the CO2 of net imported
electricity. A net exporter (Anhui) has negative net imports, so its ``including_imports`` total is
below its ``direct`` total. Both are kept, each with its basis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.accounting._encode import constant_column
from carbonpeak.accounting.scope import FACTOR_SET, SCOPE, VAR_ENERGY, VAR_PROCESS_CEMENT, VAR_TOTAL, Scope
from carbonpeak.core.schema import BASIS, FUEL, REGION, SECTOR, UNIT, VALUE, VARIABLE, YEAR, Basis
from carbonpeak.errors import DataError, Problem, UnitError
from carbonpeak.units import conversion_factor

__all__ = ["NET_IMPORTS_SECTOR", "basis_totals", "net_import_emissions"]

#: sector label of the net-imported-electricity rows
NET_IMPORTS_SECTOR = "Net imported electricity"


def _scale(unit: str, target: str) -> float:
    try:
        return conversion_factor(unit, target)
    except UnitError:
        return np.nan


def net_import_emissions(
    net_imports: pd.DataFrame, grid: pd.DataFrame, *, label: str, unit: str = "Mt CO2"
) -> pd.DataFrame:
    """CO2 of net imported electricity: ``CO2 = (consumption − generation) × EF_grid`` (methods.md §8.4).

    Example: 30 TWh × 0.6782 kg CO2/kWh = 30 × 10^9 kWh × 0.6782 kg = 20.346 Mt CO2.

    Parameters
    ----------
    net_imports
        ``region, year, value, unit`` (energy, e.g. ``10^8 kWh``); negative means net exports.
    grid
        ``year, value, unit`` (e.g. ``kgCO2/kWh``): the chosen grid factor of each year.
    label
        Name of the grid factor (e.g. ``"grid:provincial Anhui average"``), written on each row.
    unit
        Unit of the result.

    Returns
    -------
    pandas.DataFrame
        Rows with scope ``net_imported_electricity`` and basis ``including_imports``.

    Raises
    ------
    DataError
        Naming rows whose year has no grid factor or whose unit is not an energy.
    """
    factor_of = dict(
        zip(grid[YEAR].astype(int), grid[VALUE] * [_scale(str(u), "kgCO2/kWh") for u in grid[UNIT]], strict=True)
    )
    years = net_imports[YEAR].astype(int).to_numpy()
    factor = np.array([factor_of.get(int(y), np.nan) for y in years])
    scale = np.array([_scale(str(u), "kWh") for u in net_imports[UNIT]])
    problems = [
        Problem(int(i) + 2, YEAR, f"no grid factor for {years[i]} in {label}", int(years[i]))
        for i in np.flatnonzero(np.isnan(factor))
    ]
    problems += [
        Problem(int(i) + 2, UNIT, "not an energy unit", net_imports[UNIT].iloc[i])
        for i in np.flatnonzero(np.isnan(scale))
    ]
    if problems:
        raise DataError(f"{len(problems)} net-import rows cannot be accounted", problems)
    co2 = net_imports[VALUE].to_numpy(dtype=np.float64) * scale * factor * conversion_factor("kgCO2", unit)
    n = len(net_imports)
    return pd.DataFrame(
        {
            REGION: net_imports[REGION].to_numpy(),
            YEAR: years,
            SECTOR: NET_IMPORTS_SECTOR,
            FUEL: "Electricity",
            VALUE: co2,
            UNIT: constant_column(unit, n),
            SCOPE: constant_column(Scope.NET_IMPORTED_ELECTRICITY.value, n),
            BASIS: constant_column(Basis.INCLUDING_IMPORTS.value, n),
            FACTOR_SET: constant_column(label, n),
        }
    )


def basis_totals(emissions: pd.DataFrame) -> pd.DataFrame:
    """Totals per region and year, each with its basis (methods.md §8.1).

    ``Emissions|CO2|Energy`` = combustion (direct) and combustion + net imports (including_imports);
    ``Emissions|CO2|Process|Cement`` = process (direct); ``Emissions|CO2`` = energy + process on
    each basis. A basis is only reported for years where all its parts exist; a gap in a part
    (NaN) makes the total a gap.
    """
    # a cythonised group sum (min_count=1 keeps an all-NaN part a gap); a Python aggfunc costs 10× more
    grouped = emissions.groupby([REGION, YEAR, SCOPE], observed=True, sort=True)[VALUE].sum(min_count=1)
    parts = grouped.unstack(SCOPE).reindex(columns=[s.value for s in Scope])
    unit = str(emissions[UNIT].iloc[0]) if len(emissions) else "Mt CO2"
    combustion, process, imports = (parts[s.value] for s in Scope)
    columns = {
        (VAR_ENERGY, Basis.DIRECT): combustion,
        (VAR_PROCESS_CEMENT, Basis.DIRECT): process,
        (VAR_TOTAL, Basis.DIRECT): combustion + process,
        (VAR_ENERGY, Basis.INCLUDING_IMPORTS): combustion + imports,
        (VAR_TOTAL, Basis.INCLUDING_IMPORTS): combustion + process + imports,
    }
    frames = [
        pd.DataFrame({VARIABLE: variable, BASIS: basis.value, VALUE: series, UNIT: unit}).reset_index()
        for (variable, basis), series in columns.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    return out[out[VALUE].notna()].reset_index(drop=True)
