"""The unit registry: standard coal, CO2 as a dimension, constant-price money."""

from __future__ import annotations

import pytest

from carbonpeak.errors import UnitError
from carbonpeak.units import conversion_factor, convert


def test_physical_heat_content_of_a_kwh_in_kgce() -> None:
    # 1 kgce = 29,307 kJ (methods.md §0), so 1 kWh = 3600 kJ is 3600/29307 kgce by physics alone.
    # The official calorific-equivalent coefficient (0.1229) is a policy figure kept as data.
    assert convert(1, "kWh", "kgce") == pytest.approx(3600 / 29307)


def test_statistical_spellings_convert() -> None:
    assert convert(13051.9, "10^4 tce", "Mtce") == pytest.approx(130.519)
    assert convert(1361.10, "10^8 kWh", "TWh") == pytest.approx(136.110)
    assert convert(1.0, "Mt CO2", "tCO2") == pytest.approx(1e6)
    assert convert(2.5, "10^8 m3", "m**3") == pytest.approx(2.5e8)


@pytest.mark.parametrize(
    ("src", "dst"),
    [("t", "tce"), ("tCO2", "t"), ("100 million CNY (constant 2020)", "100 million CNY"), ("yuan_2005", "yuan_2020")],
)
def test_incompatible_quantities_raise_a_clear_error(src: str, dst: str) -> None:
    with pytest.raises(UnitError, match="cannot convert"):
        conversion_factor(src, dst)


def test_unknown_unit_is_named() -> None:
    with pytest.raises(UnitError, match="unknown unit 'furlongs of coal'"):
        conversion_factor("furlongs of coal", "tce")
