"""Reference approach, validation checks, reconciliation and chart frames: hand-sized examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbonpeak.accounting.checks import check_copies_agree, check_process_zero, check_published_totals
from carbonpeak.accounting.compare import factor_set_shift, reconcile_cities
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.accounting.reference_approach import apparent_consumption, compare_approaches, reference_emissions
from carbonpeak.accounting.views import by_sector, intensity, sankey_links
from carbonpeak.errors import DataError


def _balance() -> pd.DataFrame:
    flows = [
        ("production", 100.0),
        ("imports", 30.0),
        ("exports", 20.0),
        ("international_bunkers", 1.0),
        ("stock_change", 4.0),
    ]
    return pd.DataFrame(
        {
            "region": "340000",
            "year": 2011,
            "fuel": "Raw_Coal",
            "flow": [f for f, _ in flows],
            "value": [v for _, v in flows],
            "unit": "t",
        }
    )


def test_apparent_consumption_is_production_plus_imports_minus_exports_bunkers_and_stock_build() -> None:
    result = apparent_consumption(_balance())
    assert result["value"].item() == 100 + 30 - 20 - 1 - 4


def test_an_unknown_flow_is_named() -> None:
    balance = _balance()
    balance.loc[2, "flow"] = "smuggling"
    with pytest.raises(DataError, match="unknown flow"):
        apparent_consumption(balance)


def test_reference_emissions_exclude_non_energy_use(simple_table: FactorTable) -> None:
    apparent = apparent_consumption(_balance())  # 105 t of raw coal
    excluded = pd.DataFrame({"region": ["340000"], "year": [2011], "fuel": ["Raw_Coal"], "value": [5.0], "unit": ["t"]})
    result = reference_emissions(apparent, simple_table, excluded=excluded, unit="t CO2")
    assert result["value"].item() == pytest.approx((105 - 5) * 2.0)  # fuel-wide factor 2 t/t


def test_compare_approaches_flags_gaps_beyond_the_tolerance() -> None:
    years = pd.Index([2010, 2011], name="year")
    frame = compare_approaches(
        pd.Series([106.0, 103.0], index=years), pd.Series([100.0, 100.0], index=years), tolerance=0.05
    )
    assert frame["gap"].tolist() == pytest.approx([0.06, 0.03])
    assert frame["flagged"].tolist() == [True, False]


def test_a_zero_between_non_zero_years_is_flagged_and_the_stored_series_passes() -> None:
    defective = pd.Series([6.6, 0.0, 8.0, 0.0], index=[2002, 2003, 2004, 2005])
    found = check_process_zero(defective)
    assert found["year"].tolist() == [2003, 2005]  # a last-year zero after a non-zero year is flagged too
    assert check_process_zero(pd.Series([6.6, 8.93, 8.0], index=[2002, 2003, 2004])).empty
    assert check_process_zero(pd.Series([8.0, 0.0, 0.0], index=[2020, 2021, 2022])).empty  # a lasting stop
    with pytest.raises(DataError, match="2003"):
        check_process_zero(defective, strict=True)


def test_two_copies_that_disagree_are_flagged_by_year() -> None:
    first = pd.Series([6.6, 8.93, 8.0], index=[2002, 2003, 2004])
    second = pd.Series([6.6, 0.0, 8.0], index=[2002, 2003, 2004])
    found = check_copies_agree(first, second)
    assert found["year"].tolist() == [2003]
    assert found["value"].item() == 8.93


def test_published_totals_check_names_the_year_and_item() -> None:
    inventory = pd.DataFrame(
        {
            "year": [2019, 2019, 2019],
            "sector": ["Total", "Total", "Industry"],
            "fuel": ["Coke", "Process", "Coke"],
            "value": [1.0, 2.0, 1.0],
        }
    )
    published = pd.DataFrame({"year": [2019], "total": [3.0], "process": [2.5]})
    found = check_published_totals(inventory, published, {"total": ["Coke", "Process"], "process": ["Process"]})
    assert found[["year", "item"]].values.tolist() == [[2019, "process"]]


def test_factor_set_shift_is_relative_to_the_base() -> None:
    years = pd.Index([2019])
    shift = factor_set_shift({"a": pd.Series([100.0], index=years), "b": pd.Series([112.0], index=years)}, base="a")
    assert shift.set_index("factor_set")["shift"].to_dict() == pytest.approx({"a": 0.0, "b": 0.12})


def test_reconciliation_counts_gaps_and_never_fills_them() -> None:
    cities = pd.DataFrame(
        {
            "region": ["A", "B", "C", "A", "B", "C"],
            "year": [2018] * 3 + [2019] * 3,
            "value": [10.0, 20.0, np.nan, 11.0, 22.0, 30.0],
        }
    )
    province = pd.Series([50.0, 60.0], index=[2018, 2019])
    out = reconcile_cities(cities, province, expected_cities=3).set_index("year")
    assert out.loc[2018, "city_sum"] == 30.0
    assert out.loc[2018, "missing"] == 1
    assert out.loc[2018, "missing_cities"] == "C"
    assert out.loc[2019, "difference"] == pytest.approx(63.0 - 60.0)
    assert "partial" in out.loc[2018, "explanation"]
    assert "105.0%" in out.loc[2019, "explanation"]


def _emissions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": "340000",
            "year": 2019,
            "sector": ["Steel", "Steel", "Power", "Urban"],
            "fuel": ["Coke", "Raw_Coal", "Raw_Coal", "Natural_Gas"],
            "value": [5.0, 1.0, 50.0, 0.0],
            "unit": "Mt CO2",
        }
    )


def test_by_sector_with_groups_and_sankey_links() -> None:
    grouped = by_sector(_emissions(), groups={"Steel": "industry", "Power": "power_heat", "Urban": "households"})
    assert grouped.set_index("sector")["value"].to_dict() == {"households": 0.0, "industry": 6.0, "power_heat": 50.0}
    links = sankey_links(_emissions(), year=2019)
    assert len(links) == 3  # the zero link is dropped
    assert links.set_index(["source", "target"])["value"][("Raw_Coal", "Power")] == 50.0


def test_intensity_per_constant_price_gdp_and_per_head_converts_units() -> None:
    co2 = pd.Series([400.0], index=[2019])  # Mt
    gdp = pd.Series([24000.0], index=[2019])  # 100 million yuan at 2005 prices
    per_gdp = intensity(co2, gdp, units=("Mt CO2", "100 million CNY (constant 2005)"), to=("t CO2", "1e4 * yuan_2005"))
    # 400e6 t / 24000e8 yuan = 400e6 / 2.4e8 (10^4 yuan) = 1.6667 t per 10^4 yuan
    assert per_gdp["value"].item() == pytest.approx(400e6 / 2.4e8)
    people = pd.Series([6092.0], index=[2019])  # 10^4 persons
    per_head = intensity(co2, people, units=("Mt CO2", "10^4 persons"), to=("t CO2", "person"))
    assert per_head["value"].item() == pytest.approx(400e6 / 6092e4)
