"""Oracle: the CEADs Anhui totals printed by the source files, 1997–2022, reproduced from the
sector × fuel rows after they have gone through load-reference and the store (SOURCES.md §1, §12.2).

The printed totals are read here with the csv module, independently of carbonpeak's loaders.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from carbonpeak.reference.files import data_file
from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime

pytestmark = pytest.mark.slow  # each test loads the ~63,000 reference rows

COAL = ("Raw_Coal", "Cleaned_Coal", "Other_Washed_Coal", "Briquettes", "Coke", "Coke_Oven_Gas", "Other_Gas",
        "Other_Coking_Products")  # fmt: skip
OIL = ("Crude_Oil", "Gasoline", "Kerosene", "Diesel_Oil", "Fuel_Oil", "LPG", "Refinery_Gas", "Other_Petroleum_Products")
HALF_UNIT_IN_4TH_DECIMAL = 0.5e-4 + 1e-9


def _printed() -> dict[int, dict[str, float]]:
    rows: dict[int, dict[str, float]] = {}
    for name in ("anhui_ceads_co2_totals_1997_2019.csv", "anhui_ceads_co2_totals_2020_2022.csv"):
        with data_file("reference", name).open("r", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows[int(row["year"])] = {k: float(v) for k, v in row.items() if k != "year"}
    return rows


@pytest.fixture
def stored_total_row(rt: Runtime) -> dict[int, dict[str, float]]:
    """{year: {fuel: Mt}} of the stored CEADs ``Total`` sector row, read back from the store."""
    statistics.load_reference(rt, SYSTEM)
    frame = statistics.observations(rt, regions=["340000"], variable_prefix="Emissions|CO2|Sector|Total|")
    table: dict[int, dict[str, float]] = defaultdict(dict)
    for variable, period, value in zip(frame["variable"], frame["period"], frame["value"], strict=True):
        table[int(period)][variable.rsplit("|", 1)[1]] = value
    return table


def test_printed_totals_are_reproduced_for_every_year(stored_total_row: dict[int, dict[str, float]]) -> None:
    printed = _printed()
    assert sorted(printed) == list(range(1997, 2023))
    assert sorted(stored_total_row) == list(range(1997, 2023))
    for year, fuels in stored_total_row.items():
        want = printed[year]
        got = {
            "total_scope1_mt": sum(fuels[f] for f in (*COAL, *OIL, "Natural_Gas", "Process")),
            "coal_products_mt": sum(fuels[f] for f in COAL),
            "oil_products_mt": sum(fuels[f] for f in OIL),
            "natural_gas_mt": fuels["Natural_Gas"],
            "process_cement_mt": fuels["Process"],
        }
        for column, value in got.items():
            assert abs(value - want[column]) <= HALF_UNIT_IN_4TH_DECIMAL, (year, column, value, want[column])


def test_stored_headline_series_match_printed_totals(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    printed = _printed()
    frame = statistics.observations(
        rt, regions=["340000"], variables=["Emissions|CO2", "Emissions|CO2|Process|Cement", "Emissions|CO2|Energy"]
    )
    by = {(v, int(p)): x for v, p, x in zip(frame["variable"], frame["period"], frame["value"], strict=True)}
    for year, want in printed.items():
        assert abs(by["Emissions|CO2", year] - want["total_scope1_mt"]) <= HALF_UNIT_IN_4TH_DECIMAL
        assert abs(by["Emissions|CO2|Process|Cement", year] - want["process_cement_mt"]) <= HALF_UNIT_IN_4TH_DECIMAL
        energy = want["total_scope1_mt"] - want["process_cement_mt"]
        assert abs(by["Emissions|CO2|Energy", year] - energy) <= 2 * HALF_UNIT_IN_4TH_DECIMAL
    # the 2003 cement value is the OpenClimate copy (8.93 Mt), not the defective zero of the other copy
    assert by["Emissions|CO2|Process|Cement", 2003] == pytest.approx(8.93, abs=5e-5)
