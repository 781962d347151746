"""The variable vocabulary: names, families, canonical units, rules."""

from __future__ import annotations

import pytest

from carbonpeak.core.variables import DATASETS, VARIABLES, canonical_unit, find_variable, variable_group
from carbonpeak.units import normalise_unit


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Energy|Total", "10^4 tce"),
        ("Energy|Non-Fossil Share", "%"),
        ("GDP|Constant 2005", "100 million CNY (constant 2005)"),
        ("GDP|Constant 2020", "100 million CNY (constant 2020)"),
        ("Emissions|CO2", "Mt CO2"),
        ("Emissions|CO2|Sector|Total|Raw_Coal", "Mt CO2"),
        ("Electricity|Generation|Solar", "10^8 kWh"),
        ("Population", "10^4 persons"),
        ("Energy|CEADs|Coking|Coke", None),  # each row carries its physical unit
    ],
)
def test_canonical_units(name: str, unit: str | None) -> None:
    assert canonical_unit(name) == unit


def test_exact_names_are_not_families() -> None:
    assert find_variable("Energy|Total|Extra") is None
    assert find_variable("Emissions|CO2|Sector|") is None  # a family needs a rest
    assert find_variable("GDP") is None


def test_negative_rules() -> None:
    assert find_variable("Energy|Total").non_negative  # type: ignore[union-attr]
    assert not find_variable("Energy|Intensity Change").non_negative  # type: ignore[union-attr]
    assert not find_variable("Electricity|Net Imports").non_negative  # type: ignore[union-attr]
    assert not find_variable("Energy|CEADs|Thermal Power|Electricity").non_negative  # type: ignore[union-attr]


def test_every_fixed_unit_parses() -> None:
    for entry in VARIABLES:
        if entry.unit is not None:
            normalise_unit(entry.unit_for(entry.name.replace("*", "2020")) or "")


def test_dataset_variables_are_known() -> None:
    for names in DATASETS.values():
        for name in names:
            assert find_variable(name) is not None, name


def test_groups() -> None:
    assert variable_group("Emissions|CO2|Sector|Total|Raw_Coal") == "Emissions|CO2"
    assert variable_group("Population") == "Population"
