"""Emission factors from their parts, and factor-set rows resolved into a table (methods.md §8.2)."""

from __future__ import annotations

import numpy as np
import pytest
from tests.unit.accounting.conftest import SECTORS, factor_rows

from carbonpeak.accounting.factors import build_factor_table, emission_factor
from carbonpeak.errors import DataError

# methods.md §8.2, Chinese default parameters: NCV (kJ/kg or kJ/m3), CC (t C/TJ), OF, and the EF
# column of that table (t CO2/t; kg CO2/m3 for natural gas), which the formula must reproduce.
CHINESE_DEFAULTS = [
    ("raw coal", 20908, 26.37, 0.94, 1.9003),
    ("coke", 28435, 29.5, 0.93, 2.8604),
    ("crude oil", 41816, 20.1, 0.98, 3.0202),
    ("fuel oil", 41816, 21.1, 0.98, 3.1705),
    ("gasoline", 43070, 18.9, 0.98, 2.9251),
    ("kerosene", 43070, 19.5, 0.98, 3.0179),
    ("diesel", 42652, 20.2, 0.98, 3.0959),
    ("LPG", 50179, 17.2, 0.98, 3.1013),
    ("refinery dry gas", 46055, 18.2, 0.98, 3.0119),
    ("natural gas", 38931, 15.3, 0.99, 2.1622),
]


@pytest.mark.parametrize(("fuel", "ncv_kj", "cc", "of", "expected"), CHINESE_DEFAULTS)
def test_emission_factor_reproduces_the_chinese_default_table(
    fuel: str, ncv_kj: float, cc: float, of: float, expected: float
) -> None:
    # NCV in kJ per kg (or m3) is GJ per t (or per 1000 m3); the factor is then kg per kg = t per t.
    kg_per_unit = emission_factor(ncv_kj / 1e6, cc, of)
    assert round(float(kg_per_unit), 4) == expected, fuel


def test_ipcc_default_other_bituminous_coal_is_94_6_t_per_tj() -> None:
    # IPCC 2006 Table 2.2: 25.8 kg C/GJ × 44/12 = 94.6 kg CO2/GJ, i.e. 94.6 t CO2/TJ
    assert round(float(emission_factor(1.0, 25.8, 1.0)), 1) == 94.6


def test_specific_rows_override_general_ones_and_years_outside_a_row_have_no_factor(simple_table) -> None:  # type: ignore[no-untyped-def]
    coal, gas = simple_table.fuels.index("Raw_Coal"), simple_table.fuels.index("Natural_Gas")
    industry, households = SECTORS.index("Industry"), SECTORS.index("Households")
    assert simple_table.matrix[0, industry, coal] == 2.0
    assert simple_table.matrix[0, households, coal] == 1.5
    assert simple_table.fuelwide[0, coal] == 2.0
    assert np.isnan(simple_table.matrix[0, industry, gas])  # 2010: the gas row starts in 2011
    assert simple_table.matrix[1, industry, gas] == pytest.approx(0.002)  # 2 kg/m3 = 0.002 t/m3


def test_factor_from_parts_converts_ncv_units() -> None:
    rows = factor_rows(
        [
            {
                "fuel": "Raw_Coal",
                "ncv": 0.7143,
                "ncv_unit": "tce",
                "carbon_content": 25.8,
                "oxidation": 1.0,
                "co2_unit": "kgCO2",
                "per_unit": "t",
            }
        ]
    )
    table = build_factor_table(rows, label="t@1", years=[2020], sectors=SECTORS)
    # 0.7143 tce × 29.307 GJ/tce = 20.934 GJ per t; × 25.8 kg C/GJ × 44/12 = 1980.4 kg CO2 per t
    assert table.matrix[0, 0, 0] == pytest.approx(0.7143 * 29.307 * 25.8 * 44 / 12 / 1000, rel=1e-9)


def test_a_row_for_an_unknown_sector_or_with_two_units_is_refused() -> None:
    rows = factor_rows(
        [
            {"fuel": "Raw_Coal", "value": 2.0, "co2_unit": "t CO2", "per_unit": "t"},
            {"fuel": "Raw_Coal", "sector": "Mining", "value": 2.1, "co2_unit": "t CO2", "per_unit": "10^4 t"},
        ]
    )
    with pytest.raises(DataError) as caught:
        build_factor_table(rows, label="t@1", years=[2020], sectors=SECTORS)
    text = str(caught.value)
    assert "unknown sector" in text
    assert "Mining" in text
    assert "per different units" in text
