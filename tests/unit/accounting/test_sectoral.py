"""Sectoral approach: worked examples with unit conversions, and bad input (methods.md §8.2)."""

from __future__ import annotations

import pytest
from tests.unit.accounting.conftest import SECTORS, activity

from carbonpeak.accounting.factors import FactorTable, build_factor_table
from carbonpeak.accounting.sectoral import sectoral_emissions
from carbonpeak.errors import DataError
from carbonpeak.reference.factors import load_factor_set


def test_worked_example_with_unit_conversions(simple_table: FactorTable) -> None:
    frame = activity(
        [
            (2011, "Industry", "Raw_Coal", 3.0, "10^4 t"),  # 30,000 t × 2 t/t = 60,000 t
            (2011, "Households", "Raw_Coal", 100.0, "t"),  # 100 t × 1.5 t/t = 150 t
            (2011, "Power", "Natural_Gas", 0.5, "10^8 m3"),  # 5e7 m3 × 2 kg/m3 = 1e8 kg = 100,000 t
        ]
    )
    result = sectoral_emissions(frame, simple_table, unit="t CO2")
    assert result["value"].tolist() == pytest.approx([60_000.0, 150.0, 100_000.0])
    assert set(result["scope"]) == {"combustion"}
    assert set(result["basis"]) == {"direct"}
    assert set(result["factor_set"]) == {"test@1"}
    assert set(result["unit"]) == {"t CO2"}


def test_activity_in_tce_is_read_through_the_standard_coal_coefficient(simple_table: FactorTable) -> None:
    frame = activity([(2011, "Industry", "Raw_Coal", 0.7143, "tce")])
    # 0.7143 tce of raw coal at 0.7143 tce/t is 1 t; × 2 t CO2/t = 2 t
    result = sectoral_emissions(frame, simple_table, unit="t CO2", coal_equivalents={"Raw_Coal": (0.7143, "tce")})
    assert result["value"].item() == pytest.approx(2.0)


def _table(name: str) -> FactorTable:
    info, rows = load_factor_set(name)
    return build_factor_table(rows, label=info.label, years=[2019], sectors=SECTORS)


@pytest.mark.parametrize(
    ("factor_set", "expected_t_per_t"),
    [
        # CEADs v1 (one factor per fuel): 0.01726295 Mt CO2 per 10^4 t = 0.01726295e6 t / 1e4 t
        ("ceads@1", 0.01726295e6 / 1e4),
        # IPCC 2006: 0.7143 tce/t × 29.307 GJ/tce × 25.8 kg C/GJ × 1.0 × 44/12, kg → t
        ("ipcc2006", 0.7143 * 29.307 * 25.8 * 1.0 * 44 / 12 / 1000),
        # China national defaults: 20.908 GJ/t × 26.37 × 0.94 × 44/12 = 1900.3 kg/t
        ("china_national_defaults", 20.908 * 26.37 * 0.94 * 44 / 12 / 1000),
    ],
)
def test_one_tonne_of_raw_coal_under_each_factor_set(factor_set: str, expected_t_per_t: float) -> None:
    name, _, version = factor_set.partition("@")
    info, rows = load_factor_set(name, version or None)
    table = build_factor_table(rows, label=info.label, years=[2019], sectors=["Any sector"])
    frame = activity([(2019, "Any sector", "Raw_Coal", 1.0, "t")])
    assert sectoral_emissions(frame, table, unit="t CO2")["value"].item() == pytest.approx(expected_t_per_t, rel=1e-9)


def test_china_raw_coal_default_is_1_9003_t_per_t() -> None:
    table = _table("china_national_defaults")
    frame = activity([(2019, "Industry", "Raw_Coal", 1.0, "t")])
    assert round(sectoral_emissions(frame, table, unit="t CO2")["value"].item(), 4) == 1.9003


def test_china_natural_gas_default_is_2_1622_kg_per_m3() -> None:
    table = _table("china_national_defaults")
    frame = activity([(2019, "Industry", "Natural_Gas", 1.0, "10^8 m3")])
    # 1e8 m3 × 2.1622 kg/m3 = 2.1622e8 kg = 0.21622 Mt
    assert round(sectoral_emissions(frame, table, unit="Mt CO2")["value"].item(), 5) == 0.21622


def test_a_gap_in_activity_stays_a_gap(simple_table: FactorTable) -> None:
    frame = activity([(2011, "Industry", "Raw_Coal", float("nan"), "t")])
    assert sectoral_emissions(frame, simple_table)["value"].isna().all()


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ((2011, "Industry", "Peat", 1.0, "t"), ["unknown fuel", "row 3", "Peat"]),
        ((2011, "Mining", "Raw_Coal", 1.0, "t"), ["unknown sector", "row 3", "Mining"]),
        ((2010, "Industry", "Natural_Gas", 1.0, "m**3"), ["no factor in test@1", "row 3", "2010"]),
        ((2009, "Industry", "Raw_Coal", 1.0, "t"), ["year outside factor set", "row 3"]),
        ((2011, "Industry", "Raw_Coal", 1.0, "m**3"), ["unit cannot be converted", "row 3", "m**3"]),
        ((2011, "Industry", "Raw_Coal", -1.0, "t"), ["negative consumption", "row 3", "-1.0"]),
    ],
)
def test_bad_rows_are_named_and_nothing_is_computed(
    simple_table: FactorTable, row: tuple[int, str, str, float, str], words: list[str]
) -> None:
    frame = activity([(2011, "Industry", "Raw_Coal", 1.0, "t"), row])
    with pytest.raises(DataError) as caught:
        sectoral_emissions(frame, simple_table)
    text = str(caught.value)
    assert all(word in text for word in words), text
    assert "row 2" not in text  # the good first row is not blamed


def test_missing_columns_are_reported(simple_table: FactorTable) -> None:
    frame = activity([(2011, "Industry", "Raw_Coal", 1.0, "t")]).drop(columns="unit")
    with pytest.raises(DataError, match="unit"):
        sectoral_emissions(frame, simple_table)
