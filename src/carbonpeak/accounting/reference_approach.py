"""Reference (apparent consumption) approach and its comparison with the sectoral approach.

IPCC 2006 Vol 2 Ch 6; methods.md §8.2. A top-down check: carbon in the fuels that enter the
economy, less the carbon stored in non-energy products.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

from carbonpeak.accounting._encode import codes, unit_scales
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.core.schema import FUEL, REGION, UNIT, VALUE, YEAR
from carbonpeak.errors import DataError, Problem
from carbonpeak.units import conversion_factor

__all__ = ["FLOW", "FLOW_SIGNS", "apparent_consumption", "compare_approaches", "reference_emissions"]

#: column naming the supply flow of a balance frame
FLOW: Final = "flow"
#: sign of each supply flow in apparent consumption
FLOW_SIGNS: Final = {
    "production": 1.0,
    "imports": 1.0,
    "exports": -1.0,
    "international_bunkers": -1.0,
    "stock_change": -1.0,
}


def apparent_consumption(balance: pd.DataFrame) -> pd.DataFrame:
    """``AC = Production + Imports − Exports − International bunkers − Stock change`` per region, year, fuel.

    ``balance`` has ``region, year, fuel, flow, value, unit`` with flows of :data:`FLOW_SIGNS`
    (imports and exports include flows between provinces; stock change is positive for a build-up).

    Raises
    ------
    DataError
        Naming rows with an unknown flow, or a fuel given in more than one unit.
    """
    sign = balance[FLOW].map(FLOW_SIGNS)
    problems = [Problem(int(i) + 2, FLOW, "unknown flow", balance[FLOW].iloc[i]) for i in np.flatnonzero(sign.isna())]
    units = balance.groupby(FUEL, observed=True)[UNIT].nunique()
    problems += [Problem(None, UNIT, "fuel given in more than one unit", f) for f in units.index[units > 1]]
    if problems:
        raise DataError("supply balance cannot be read", problems)
    signed = balance.assign(**{VALUE: balance[VALUE] * sign})
    return signed.groupby([REGION, YEAR, FUEL, UNIT], observed=True, as_index=False)[[VALUE]].sum(min_count=1)


def reference_emissions(
    apparent: pd.DataFrame,
    table: FactorTable,
    *,
    excluded: pd.DataFrame | None = None,
    coal_equivalents: Mapping[str, tuple[float, str]] | None = None,
    unit: str = "Mt CO2",
) -> pd.DataFrame:
    """CO2 by the reference approach per region, year and fuel (methods.md §8.2).

    ``CO2_f = (AC_f − Excluded_f) × EF_f``, with the fuel-wide factor of the set (``EF`` already
    holds NCV × CC × OF × 44/12). ``excluded`` (same columns as ``apparent``) is the non-energy use
    whose carbon stays in products. A secondary fuel's negative apparent consumption (Anhui exports
    electricity, outputs of coking) lowers the total, as the netting of the approach intends.

    Raises
    ------
    DataError
        Naming rows with an unknown fuel, a fuel without fuel-wide factor, or an unconvertible unit.
    """
    frame = apparent.copy(deep=False)
    if excluded is not None:
        keys = [REGION, YEAR, FUEL]
        minus = excluded.set_index(keys)[VALUE].reindex(pd.MultiIndex.from_frame(frame[keys])).fillna(0.0)
        frame[VALUE] = frame[VALUE].to_numpy() - minus.to_numpy()
    fuel = codes(frame[FUEL], table.fuels)
    year = table.year_index(frame[YEAR].to_numpy(dtype=np.int64))
    unit_code, scales = unit_scales(frame[UNIT], table.fuels, table.per_unit, coal_equivalents)
    ok = (fuel >= 0) & (year >= 0)
    factor = np.where(ok, table.fuelwide[np.maximum(year, 0), np.maximum(fuel, 0)], np.nan)
    scale = np.where(fuel >= 0, scales[np.maximum(fuel, 0), unit_code], np.nan)
    bad = np.flatnonzero(np.isnan(factor) | np.isnan(scale))
    if len(bad):
        raise DataError(
            f"{len(bad)} apparent-consumption rows cannot be accounted with {table.label}",
            [
                Problem(int(i) + 2, FUEL, "unknown fuel, no fuel-wide factor or unit mismatch", frame[FUEL].iloc[i])
                for i in bad
            ],
        )
    co2 = frame[VALUE].to_numpy(dtype=np.float64) * scale * factor * conversion_factor("tCO2", unit)
    return pd.DataFrame(
        {
            REGION: frame[REGION].to_numpy(),
            YEAR: frame[YEAR].to_numpy(),
            FUEL: frame[FUEL].to_numpy(),
            VALUE: co2,
            UNIT: unit,
        }
    )


def compare_approaches(reference: pd.Series, sectoral: pd.Series, *, tolerance: float) -> pd.DataFrame:
    """Reference vs sectoral totals by year: difference, relative gap and a flag above ``tolerance``.

    ``gap = reference / sectoral − 1``; IPCC asks to investigate gaps of more than a few per cent
    (methods.md §8.2 suggests ±5%, an [M] value kept in data).
    """
    frame = pd.DataFrame({"reference": reference, "sectoral": sectoral})
    frame["difference"] = frame["reference"] - frame["sectoral"]
    frame["gap"] = frame["reference"] / frame["sectoral"] - 1.0
    frame["flagged"] = frame["gap"].abs() > tolerance
    return frame
