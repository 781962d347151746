"""The stored CEADs inventories against their own published totals (SOURCES.md §1, §12.2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.reference.ceads import (
    load_city_co2_inventory,
    load_co2_inventory,
    load_edgar_city_proxy,
    load_energy_inventory,
    load_published_totals,
)

COAL = [
    "Raw_Coal",
    "Cleaned_Coal",
    "Other_Washed_Coal",
    "Briquettes",
    "Coke",
    "Coke_Oven_Gas",
    "Other_Gas",
    "Other_Coking_Products",
]
OIL = [
    "Crude_Oil",
    "Gasoline",
    "Kerosene",
    "Diesel_Oil",
    "Fuel_Oil",
    "LPG",
    "Refinery_Gas",
    "Other_Petroleum_Products",
]


def test_energy_inventory_has_63_rows_by_20_fuels_for_each_of_26_years() -> None:
    energy = load_energy_inventory()
    assert sorted(energy["year"].unique()) == list(range(1997, 2023))
    assert (energy.groupby("year").size() == 63 * 20).all()
    assert set(energy["region"]) == {"340000"}
    # cross-check quoted in SOURCES.md §11.1: final consumption of coke in 2019 is 1161.43 (10^4 t)
    coke = energy.query("year == 2019 and sector == 'Total Final Consumption' and fuel == 'Coke'")
    assert coke["value"].item() == 1161.43


def test_co2_inventory_sums_to_published_totals_every_year() -> None:
    co2 = load_co2_inventory()
    total = co2[co2["sector"] == "Total"].pivot(index="year", columns="fuel", values="value")
    published = load_published_totals().set_index("year")
    assert list(published.index) == list(range(1997, 2023))
    pd.testing.assert_series_equal(total["Scope_1_Total"].round(4), published["total_scope1_mt"], check_names=False)
    pd.testing.assert_series_equal(total[COAL].sum(axis=1).round(4), published["coal_products_mt"], check_names=False)
    pd.testing.assert_series_equal(total[OIL].sum(axis=1).round(4), published["oil_products_mt"], check_names=False)
    pd.testing.assert_series_equal(total["Process"].round(4), published["process_cement_mt"], check_names=False)


def test_co2_inventory_sector_rows_add_up_to_the_total_row() -> None:
    co2 = load_co2_inventory()
    sectors = co2[co2["sector"] != "Total"].groupby(["year", "fuel"])["value"].sum()
    total = co2[co2["sector"] == "Total"].set_index(["year", "fuel"])["value"]
    np.testing.assert_allclose(sectors.sort_index(), total.sort_index(), atol=1e-9)


def test_city_series_keep_gaps_and_edgar_is_converted_to_mt() -> None:
    cities = load_city_co2_inventory()
    huainan = cities.query("city_en == 'Huainan' and year in (2018, 2019)")
    assert huainan["value"].isna().all()
    assert cities["region"].notna().all()
    edgar = load_edgar_city_proxy()
    anqing_2000 = edgar.query("city_en == 'Anqing' and year == 2000")["value"].item()
    assert anqing_2000 == 5943891 / 1e6
