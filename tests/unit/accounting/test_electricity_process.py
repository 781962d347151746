"""Net imported electricity, basis totals and cement clinker: worked examples (methods.md §8.4, §8.5)."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonpeak.accounting.electricity import basis_totals, net_import_emissions
from carbonpeak.accounting.process import clinker_emission_factor, process_emissions
from carbonpeak.errors import DataError

GRID_2022 = pd.DataFrame({"year": [2022], "value": [0.6782], "unit": ["kgCO2/kWh"]})


def test_30_twh_of_net_imports_at_0_6782_is_20_346_mt() -> None:
    imports = pd.DataFrame({"region": ["340000"], "year": [2022], "value": [300.0], "unit": ["10^8 kWh"]})
    result = net_import_emissions(imports, GRID_2022, label="grid:Anhui 2022")
    # 300 × 10^8 kWh = 30 TWh = 3e10 kWh; × 0.6782 kg = 2.0346e10 kg = 20.346 Mt
    assert result["value"].item() == pytest.approx(20.346)
    assert result["basis"].item() == "including_imports"
    assert result["scope"].item() == "net_imported_electricity"


def test_net_exports_are_negative_and_a_grid_factor_in_t_per_mwh_is_the_same_number() -> None:
    exports = pd.DataFrame({"region": ["340000"], "year": [2022], "value": [-10.0], "unit": ["TWh"]})
    grid = pd.DataFrame({"year": [2022], "value": [0.5703], "unit": ["tCO2/MWh"]})
    result = net_import_emissions(exports, grid, label="grid:national reporting")
    assert result["value"].item() == pytest.approx(-5.703)  # −1e10 kWh × 0.5703 kg


def test_a_year_without_grid_factor_is_named() -> None:
    imports = pd.DataFrame(
        {"region": ["340000"] * 2, "year": [2021, 2022], "value": [1.0, 1.0], "unit": ["10^8 kWh"] * 2}
    )
    with pytest.raises(DataError) as caught:
        net_import_emissions(imports, GRID_2022, label="grid:Anhui")
    assert "row 2" in str(caught.value)
    assert "no grid factor for 2021" in str(caught.value)


def test_totals_keep_each_basis_with_and_without_process() -> None:
    rows = pd.DataFrame(
        {
            "region": "340000",
            "year": 2022,
            "sector": ["A", "B", "Cement", "Net imported electricity"],
            "fuel": ["Raw_Coal", "Diesel_Oil", "Clinker", "Electricity"],
            "value": [100.0, 20.0, 10.0, -30.0],
            "unit": "Mt CO2",
            "scope": ["combustion", "combustion", "process", "net_imported_electricity"],
        }
    )
    totals = basis_totals(rows).set_index(["variable", "basis"])["value"]
    assert totals[("Emissions|CO2|Energy", "direct")] == 120.0
    assert totals[("Emissions|CO2|Process|Cement", "direct")] == 10.0
    assert totals[("Emissions|CO2", "direct")] == 130.0
    assert totals[("Emissions|CO2|Energy", "including_imports")] == 90.0
    assert totals[("Emissions|CO2", "including_imports")] == 100.0


def test_without_net_import_rows_there_is_no_including_imports_total() -> None:
    rows = pd.DataFrame(
        {
            "region": "340000",
            "year": 2022,
            "sector": "A",
            "fuel": "Coke",
            "value": [1.0],
            "unit": "Mt CO2",
            "scope": "combustion",
        }
    )
    assert set(basis_totals(rows)["basis"]) == {"direct"}


def test_clinker_factor_from_ipcc_defaults_is_0_52() -> None:
    # (0.65 − 0) × 44.01/56.08 × 1.02 = 0.65 × 0.784772 × 1.02 = 0.520304
    factor = clinker_emission_factor(0.65, 1.02)
    assert factor == pytest.approx(0.65 * 44.01 / 56.08 * 1.02)
    assert round(factor, 2) == 0.52
    assert round(factor, 4) == 0.5203


def test_one_tonne_of_clinker_and_a_million_tonnes() -> None:
    factors = pd.DataFrame(
        {
            "product": ["Clinker"],
            "sector": ["Nonmetal Mineral Products"],
            "value": [0.65 * 44.01 / 56.08 * 1.02],
            "co2_unit": ["t CO2"],
            "per_unit": ["t"],
        }
    )
    production = pd.DataFrame(
        {"region": "340000", "year": [2022, 2022], "product": "Clinker", "value": [1.0, 100.0], "unit": ["t", "10^4 t"]}
    )
    result = process_emissions(production, factors, label="ipcc2006 clinker", unit="t CO2")
    assert result["value"].tolist() == pytest.approx([0.520304, 520304.0], rel=1e-5)
    assert set(result["scope"]) == {"process"}
    assert set(result["sector"]) == {"Nonmetal Mineral Products"}


def test_a_product_without_factor_is_named_and_lime_needs_its_factor_as_data() -> None:
    factors = pd.DataFrame(
        {
            "product": ["Clinker"],
            "sector": ["Nonmetal Mineral Products"],
            "value": [0.52],
            "co2_unit": ["t CO2"],
            "per_unit": ["t"],
        }
    )
    production = pd.DataFrame({"region": "340000", "year": [2022], "product": ["Lime"], "value": [1.0], "unit": ["t"]})
    with pytest.raises(DataError, match="no process factor"):
        process_emissions(production, factors, label="x")
