"""Industrial process emissions (IPCC 2006 Vol 3 Ch 2; methods.md §8.5).

Cement clinker is computed from the IPCC defaults; lime, steel fluxes, glass, ammonia and other
products use the same :func:`process_emissions` with their factors supplied as data (none are
shipped yet: the provincial-guideline process factors were not found, SOURCES.md §7).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from carbonpeak.accounting._encode import codes, constant_column, unit_scales
from carbonpeak.accounting.scope import FACTOR_SET, SCOPE, Scope
from carbonpeak.core.schema import BASIS, FUEL, REGION, SECTOR, UNIT, VALUE, YEAR, Basis
from carbonpeak.errors import DataError, Problem
from carbonpeak.units import conversion_factor

__all__ = ["CO2_PER_CAO", "PRODUCT", "clinker_emission_factor", "process_emissions", "process_rows"]

#: column naming the product of a process-activity frame
PRODUCT: Final = "product"

#: t CO2 released per t CaO formed from CaCO3: the molar-mass ratio 44.01 / 56.08 (IPCC 2006 Vol 3 eq 2.4)
CO2_PER_CAO: Final = 44.01 / 56.08


def clinker_emission_factor(cao_fraction: float, ckd_correction: float, *, cao_non_carbonate: float = 0.0) -> float:
    """CO2 per tonne of clinker (IPCC 2006 Vol 3 Ch 2, Tier 2 with defaults; methods.md §8.5).

    ``EF_clc = (CaO − CaO_non-carbonate) × 44.01/56.08 × CF_ckd``. With the IPCC defaults
    CaO = 0.65 and CF_ckd = 1.02: 0.65 × 0.78477 × 1.02 = 0.5203 t CO2 / t clinker (the "0.52").

    Parameters
    ----------
    cao_fraction
        Mass fraction of CaO in clinker.
    ckd_correction
        Cement-kiln-dust correction factor (≥ 1).
    cao_non_carbonate
        CaO from non-carbonate sources (slag, fly ash), a mass fraction of clinker.
    """
    return (cao_fraction - cao_non_carbonate) * CO2_PER_CAO * ckd_correction


def process_emissions(
    production: pd.DataFrame, factors: pd.DataFrame, *, label: str, unit: str = "Mt CO2"
) -> pd.DataFrame:
    """Process CO2 of each production row: ``CO2 = M_product × EF_product`` (methods.md §8.5).

    Parameters
    ----------
    production
        ``region, year, product, value, unit`` (mass, e.g. t of clinker).
    factors
        ``product, sector, value, co2_unit, per_unit``: one factor per product and the sector the
        emission belongs to (clinker → non-metal mineral products).
    label
        Name of the factor source, written on each row.
    unit
        Unit of the result.

    Returns
    -------
    pandas.DataFrame
        Emission rows (``fuel`` holds the product), scope ``process``, basis ``direct``.

    Raises
    ------
    DataError
        Naming rows with an unknown product, a unit that is not a mass, or a negative value.
    """
    products = [str(p) for p in factors[PRODUCT]]
    code = codes(production[PRODUCT], products)
    per = [str(u) for u in factors["per_unit"]]
    unit_code, scales = unit_scales(production[UNIT], products, per)
    scale = np.where(code >= 0, scales[np.maximum(code, 0), unit_code], np.nan)
    value = production[VALUE].to_numpy(dtype=np.float64)
    problems = [
        Problem(int(i) + 2, PRODUCT, "no process factor for this product", production[PRODUCT].iloc[i])
        for i in np.flatnonzero(code < 0)
    ]
    problems += [
        Problem(int(i) + 2, UNIT, "unit cannot be converted", production[UNIT].iloc[i])
        for i in np.flatnonzero((code >= 0) & np.isnan(scale))
    ]
    problems += [Problem(int(i) + 2, VALUE, "negative production", value[i]) for i in np.flatnonzero(value < 0)]
    if problems:
        raise DataError(f"{len(problems)} production rows cannot be accounted", problems)
    to_unit = np.array([conversion_factor(str(u), unit) for u in factors["co2_unit"]])
    factor = factors[VALUE].to_numpy(dtype=np.float64) * to_unit
    sector = factors[SECTOR].astype(str).to_numpy()
    frame = pd.DataFrame(
        {
            REGION: production[REGION].to_numpy(),
            YEAR: production[YEAR].to_numpy(),
            SECTOR: sector[code],
            FUEL: production[PRODUCT].astype(str).to_numpy(),
            VALUE: value * scale * factor[code],
        }
    )
    return _label(frame, unit=unit, label=label)


def process_rows(frame: pd.DataFrame, *, product: str, label: str, unit: str = "Mt CO2") -> pd.DataFrame:
    """Published process CO2 (``region, year, sector, value`` in ``unit``) as emission rows.

    Used for the CEADs ``Process`` column (cement), which is taken as published, not recomputed.
    """
    out = pd.DataFrame(
        {
            REGION: frame[REGION].to_numpy(),
            YEAR: frame[YEAR].to_numpy(),
            SECTOR: frame[SECTOR].astype(str).to_numpy(),
            FUEL: product,
            VALUE: frame[VALUE].to_numpy(dtype=np.float64),
        }
    )
    return _label(out, unit=unit, label=label)


def _label(frame: pd.DataFrame, *, unit: str, label: str) -> pd.DataFrame:
    n = len(frame)
    frame[UNIT] = constant_column(unit, n)
    frame[SCOPE] = constant_column(Scope.PROCESS.value, n)
    frame[BASIS] = constant_column(Basis.DIRECT.value, n)
    frame[FACTOR_SET] = constant_column(label, n)
    return frame
