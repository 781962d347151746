"""LMDI-I index decomposition, additive and multiplicative (Ang 2004, 2005; docs/methods/lmdi.md).

An aggregate ``V = Σ_i V_i = Σ_i Π_k x_{k,i}`` changes from ``V^0`` to ``V^T``. LMDI-I splits

- additively ``ΔV = V^T − V^0 = Σ_k ΔV_k`` with ``ΔV_k = Σ_i L(V_i^T, V_i^0) ln(x_{k,i}^T / x_{k,i}^0)``;
- multiplicatively ``V^T / V^0 = Π_k D_k`` with ``ln D_k = ΔV_k / L(V^T, V^0)``,

where ``L(a, b) = (a − b)/(ln a − ln b)`` and ``L(a, a) = a`` (B.W. Ang, "The LMDI approach to
decomposition analysis: a practical guide", Energy Policy 33 (2005) 867–871, eqs. 4–5). Both are
exact: the effects sum (multiply) to the observed change without residual.

Zero values use the analytical limits of Ang & Liu (2007, Energy Policy 35:238): an element that
appears (``V_i^0 = 0``) contributes ``V_i^T`` to the first factor that is zero in period 0, one that
disappears contributes ``−V_i^0`` to the first factor that is zero in period T; other factors of that
element contribute nothing.

For CO2 the identity used by :mod:`carbonpeak.services.lmdi` is
``C = Σ_ij G · (G_i/G) · (E_i/G_i) · (E_ij/E_i) · (C_ij/E_ij)``: activity, structure, energy
intensity, energy mix and emission factor; for CO2 intensity ``C/G`` the activity factor is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.errors import DataError, Problem

__all__ = ["LmdiResult", "decompose", "log_mean"]

FloatArray = npt.NDArray[np.float64]


def log_mean(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """Logarithmic mean ``L(a, b) = (a − b)/(ln a − ln b)``, ``L(a, a) = a``, ``L(a, 0) = 0`` (Ang 2005)."""
    x, y = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    out = np.zeros(x.shape, dtype=np.float64)
    both = (x > 0) & (y > 0)
    equal = both & np.isclose(x, y, rtol=1e-12, atol=0.0)
    differ = both & ~equal
    with np.errstate(divide="ignore", invalid="ignore"):
        out[differ] = (x[differ] - y[differ]) / (np.log(x[differ]) - np.log(y[differ]))
    out[equal] = x[equal]
    return out


@dataclass(frozen=True)
class LmdiResult:
    """Effects of each factor on the change of the aggregate."""

    v0: float  #: aggregate in period 0
    vt: float  #: aggregate in period T
    additive: pd.Series  #: ΔV_k by factor; sums to vt − v0
    multiplicative: pd.Series  #: D_k by factor; multiplies to vt / v0
    contributions: pd.DataFrame  #: ΔV_{k,i}: elements × factors


def _check(name: str, frame: pd.DataFrame, factors: Sequence[str]) -> FloatArray:
    missing = [f for f in factors if f not in frame.columns]
    if missing:
        raise DataError(
            f"LMDI input {name} lacks factor columns", [Problem(None, f, "column missing") for f in missing]
        )
    values = frame[list(factors)].to_numpy(dtype=np.float64)
    bad = np.argwhere(~(values >= 0))
    if bad.size:
        raise DataError(
            f"LMDI factors must be non-negative numbers (period {name})",
            [Problem(int(r) + 1, factors[c], "negative or missing", values[r, c]) for r, c in bad[:50]],
        )
    return values


def _first_zero(x: FloatArray) -> npt.NDArray[np.intp]:
    """Column of the first zero factor in each row (0 where there is none; only used where one exists)."""
    first: npt.NDArray[np.intp] = np.argmax(x == 0, axis=1)
    return first


def decompose(period0: pd.DataFrame, period_t: pd.DataFrame, factors: Sequence[str]) -> LmdiResult:
    """Additive and multiplicative LMDI-I decomposition of ``Σ_i Π_k x_{k,i}`` (Ang 2005, eqs. 4–5).

    Parameters
    ----------
    period0, period_t
        One row per element ``i`` (e.g. sector × fuel), indexed alike, one column per factor.
        Elements missing from one period are taken as zero there.
    factors
        The factor columns, in the order effects are reported.

    Returns
    -------
    LmdiResult
        ``additive`` sums to ``V^T − V^0`` and ``multiplicative`` multiplies to ``V^T/V^0``.

    Raises
    ------
    DataError
        If a factor is negative or missing, or the aggregate is zero in a period (the
        multiplicative form needs ``V^0, V^T > 0``).
    """
    index = period0.index.union(period_t.index)
    x0 = _check("0", period0.reindex(index, fill_value=0.0), factors)
    xt = _check("T", period_t.reindex(index, fill_value=0.0), factors)
    v0_i, vt_i = x0.prod(axis=1), xt.prod(axis=1)
    v0, vt = float(v0_i.sum()), float(vt_i.sum())
    if v0 <= 0 or vt <= 0:
        raise DataError(f"the aggregate must be positive in both periods (V0 = {v0}, VT = {vt})")
    weights = log_mean(vt_i, v0_i)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((x0 > 0) & (xt > 0), np.log(xt / np.where(x0 > 0, x0, 1.0)), 0.0)
    effects = np.where(((v0_i > 0) & (vt_i > 0))[:, None], weights * ratio, 0.0)
    rows = np.arange(len(index))
    appear, vanish = (v0_i == 0) & (vt_i > 0), (v0_i > 0) & (vt_i == 0)
    effects[rows[appear], _first_zero(x0)[appear]] = vt_i[appear]
    effects[rows[vanish], _first_zero(xt)[vanish]] = -v0_i[vanish]
    additive = pd.Series(effects.sum(axis=0), index=list(factors), name="additive")
    total_weight = float(log_mean(vt, v0))
    multiplicative = pd.Series(np.exp(additive.to_numpy() / total_weight), index=list(factors), name="multiplicative")
    contributions = pd.DataFrame(effects, index=index, columns=list(factors))
    return LmdiResult(v0=v0, vt=vt, additive=additive, multiplicative=multiplicative, contributions=contributions)


#: factor names of the CO2 identity, in reporting order
CO2_FACTORS = ("activity", "structure", "energy_intensity", "energy_mix", "emission_factor")
SECTOR_GDP, ENERGY, CO2 = "sector_gdp", "energy", "co2"


def _identity_factors(frame: pd.DataFrame) -> pd.DataFrame:
    """Factors of ``C_ij = G · S_i · I_i · M_ij · F_ij`` for one period; 0/0 left as NaN."""
    sector_gdp = frame.groupby(level=0)[SECTOR_GDP].first()
    gdp = float(sector_gdp.sum())
    sector_energy = frame.groupby(level=0)[ENERGY].sum()
    s = frame.index.get_level_values(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "activity": gdp,
                "structure": frame[SECTOR_GDP] / gdp,
                "energy_intensity": sector_energy.reindex(s).to_numpy() / frame[SECTOR_GDP].to_numpy(),
                "energy_mix": frame[ENERGY].to_numpy() / sector_energy.reindex(s).to_numpy(),
                "emission_factor": frame[CO2] / frame[ENERGY],
            },
            index=frame.index,
        )
    return out


def _check_identity_input(name: str, frame: pd.DataFrame) -> None:
    problems = [Problem(None, c, "column missing") for c in (SECTOR_GDP, ENERGY, CO2) if c not in frame.columns]
    if problems or frame.index.nlevels != 2:
        raise DataError(f"CO2 identity input {name} needs a (sector, fuel) index and columns {SECTOR_GDP, ENERGY, CO2}")
    orphan = frame.index[(frame[ENERGY] <= 0) & (frame[CO2] > 0)]
    if len(orphan):
        raise DataError(
            "CO2 without energy cannot be decomposed (report process emissions separately)",
            [Problem(None, "energy", f"{name}: sector {s!r}, fuel {f!r} has CO2 but no energy") for s, f in orphan],
        )
    if (frame[SECTOR_GDP] <= 0).any():
        raise DataError(f"sector GDP must be positive (period {name})")


def decompose_co2(period0: pd.DataFrame, period_t: pd.DataFrame, *, intensity: bool = False) -> LmdiResult:
    """LMDI-I of CO2 (or CO2 intensity) into activity, structure, intensity, mix and factor effects.

    ``C = Σ_ij G · (G_i/G) · (E_i/G_i) · (E_ij/E_i) · (C_ij/E_ij)``; with ``intensity=True`` the
    aggregate is ``C/G = Σ_ij S_i · I_i · M_ij · F_ij`` and there is no activity effect. A ratio
    that is 0/0 in one period (a fuel not used) takes the other period's value, so it carries no
    effect; the element's appearance is then carried by the energy-mix factor (Ang & Liu 2007).

    Parameters
    ----------
    period0, period_t
        Indexed by (sector, fuel); columns ``sector_gdp`` (constant prices, repeated per fuel),
        ``energy`` (one common unit, e.g. 10^4 tce) and ``co2``.

    Raises
    ------
    DataError
        If CO2 has no energy behind it, a sector GDP is not positive, or a value is negative.
    """
    _check_identity_input("0", period0)
    _check_identity_input("T", period_t)
    f0, ft = _identity_factors(period0), _identity_factors(period_t)
    index = f0.index.union(ft.index)
    f0, ft = f0.reindex(index), ft.reindex(index)
    f0, ft = f0.fillna(ft), ft.fillna(f0)
    f0, ft = f0.fillna(1.0), ft.fillna(1.0)
    for frame, source in ((f0, period0), (ft, period_t)):
        present = source[ENERGY].reindex(index).fillna(0.0) > 0
        frame.loc[~present, "energy_mix"] = 0.0
    factors = CO2_FACTORS[1:] if intensity else CO2_FACTORS
    return decompose(f0, ft, factors)
