"""LMDI-I against examples whose effects are computed by hand in closed form.

The numerical example of Ang (2005, Energy Policy 33:867) could not be checked against the paper's
tables here (only the formulae were readable in the stored copy), so, as the issue allows, these are
small examples built so that every logarithmic mean is exact and every effect has a closed form,
worked out by hand below and written as formulas (not as numbers taken from our output).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from carbonpeak.indicators.lmdi import decompose, decompose_co2, log_mean

FACTORS = ["activity", "structure", "intensity"]


def test_log_mean_definition() -> None:
    assert float(log_mean(math.e, 1.0)) == pytest.approx(math.e - 1)  # (e − 1)/(1 − 0)
    assert float(log_mean(3.0, 3.0)) == 3.0
    assert float(log_mean(5.0, 0.0)) == 0.0


def test_two_sector_three_factor_example_by_hand() -> None:
    """Activity 100 → 200; sector A share 0.5 → 0.25, intensity 2 → 2; B share 0.5 → 0.75, intensity 1 → 1/3.

    Then E_A = 100 → 100 and E_B = 50 → 50, so L_A = 100, L_B = 50 and, by hand,
    ΔE_act = 150 ln 2, ΔE_str = 100 ln ½ + 50 ln 1.5, ΔE_int = 50 ln ⅓; they sum to 0 = ΔE.
    Multiplicative with L(V^T, V^0) = L(150, 150) = 150: D_act = 2, D_str = 2^(−2/3)·1.5^(1/3),
    D_int = 3^(−1/3); their product is 1.
    """
    p0 = pd.DataFrame({"activity": [100.0, 100.0], "structure": [0.5, 0.5], "intensity": [2.0, 1.0]}, index=["A", "B"])
    pt = pd.DataFrame(
        {"activity": [200.0, 200.0], "structure": [0.25, 0.75], "intensity": [2.0, 1 / 3]}, index=["A", "B"]
    )
    r = decompose(p0, pt, FACTORS)
    assert (r.v0, r.vt) == pytest.approx((150.0, 150.0))
    assert r.additive["activity"] == pytest.approx(150 * math.log(2), rel=1e-12)
    assert r.additive["structure"] == pytest.approx(-100 * math.log(2) + 50 * math.log(1.5), rel=1e-12)
    assert r.additive["intensity"] == pytest.approx(50 * math.log(1 / 3), rel=1e-12)
    assert r.multiplicative["activity"] == pytest.approx(2.0, rel=1e-12)
    assert r.multiplicative["structure"] == pytest.approx(2 ** (-2 / 3) * 1.5 ** (1 / 3), rel=1e-12)
    assert r.multiplicative["intensity"] == pytest.approx(3 ** (-1 / 3), rel=1e-12)


def test_single_element_with_unequal_levels_by_hand() -> None:
    """x: 1 → e², y: 1 → e⁻¹, so V: 1 → e and L(e, 1) = e − 1; ΔV_x = 2(e − 1), ΔV_y = −(e − 1)."""
    r = decompose(
        pd.DataFrame({"x": [1.0], "y": [1.0]}), pd.DataFrame({"x": [math.e**2], "y": [1 / math.e]}), ["x", "y"]
    )
    assert r.additive["x"] == pytest.approx(2 * (math.e - 1), rel=1e-12)
    assert r.additive["y"] == pytest.approx(-(math.e - 1), rel=1e-12)
    assert r.multiplicative["x"] == pytest.approx(math.e**2, rel=1e-12)
    assert r.multiplicative["y"] == pytest.approx(1 / math.e, rel=1e-12)


def _period(gdp: float, coal: tuple[float, float], gas: tuple[float, float]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([("industry", "coal"), ("industry", "gas")], names=["sector", "fuel"])
    return pd.DataFrame({"sector_gdp": [gdp, gdp], "energy": [coal[0], gas[0]], "co2": [coal[1], gas[1]]}, index=index)


def test_co2_identity_new_fuel_goes_to_the_mix_effect() -> None:
    """One sector; GDP 100 both years; coal 100 tce → 50 tce at 2.6 t/tce; gas 0 → 50 tce at 1.6 t/tce.

    Coal CO2 260 → 130, gas CO2 0 → 80. By hand: activity, structure, intensity and factor ratios are
    1 (no effect) except the mix: coal share 1 → ½ gives L(130, 260)·ln ½ = (130/ln 2)·(−ln 2) = −130;
    gas appears, so its whole 80 goes to the mix (Ang & Liu 2007). Total −50 = 210 − 260.
    """
    r = decompose_co2(_period(100, (100, 260), (0, 0)), _period(100, (50, 130), (50, 80)))
    assert r.additive["energy_mix"] == pytest.approx(-130 + 80, rel=1e-12)
    for factor in ("activity", "structure", "energy_intensity", "emission_factor"):
        assert r.additive[factor] == pytest.approx(0.0, abs=1e-12)
    assert r.additive.sum() == pytest.approx(r.vt - r.v0, rel=1e-12)
