"""The array path of the service (encoded once, emission rows on demand) equals the long-frame path.

The long-frame path is the engine as it was first written: CEADs scope on the long frame
(``ceads_activity``), the sectoral approach row by row (``assemble_inventory``), totals by a pandas
group-by. Any year set and any factor set must give the same rows, totals and exclusions.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.accounting.ceads_scope import ceads_activity
from carbonpeak.accounting.factors import build_factor_table
from carbonpeak.accounting.inventory import Inventory, assemble_inventory
from carbonpeak.accounting.process import process_rows
from carbonpeak.errors import DataError
from carbonpeak.reference import ceads
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set
from carbonpeak.services import inventory


def _long_path(years: list[int], factor_set: str) -> Inventory:
    energy = ceads.load_energy_inventory(normalise_units=True)
    info, rows = load_factor_set(factor_set)
    sectors = load_ceads_sectors()
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label=info.label, years=years, sectors=list(sectors["sector"]), fuels=fuels)
    scoped = ceads_activity(energy[energy["year"].isin(years)], sectors, fuels=fuels, region="340000")
    co2 = ceads.load_co2_inventory()
    process = co2[(co2["fuel"] == "Process") & (co2["sector"] != "Total") & co2["year"].isin(years)]
    extra = [process_rows(process, product="Cement", label="CEADs Process column")]
    return assemble_inventory(scoped.activity, table, extra=extra, exclusions=scoped.exclusions)


@settings(max_examples=15, deadline=None)
@given(
    years=st.lists(st.integers(1997, 2022), min_size=1, max_size=6, unique=True).map(sorted),
    factor_set=st.sampled_from(["ceads", "ipcc2006", "china_national_defaults"]),
)
def test_service_path_equals_the_long_frame_path(years: list[int], factor_set: str) -> None:
    fast, _ = inventory.compute_inventory("340000", years, factor_set=factor_set)
    slow = _long_path(years, factor_set)
    pd.testing.assert_frame_equal(fast.emissions, slow.emissions)
    pd.testing.assert_frame_equal(fast.exclusions, slow.exclusions)
    pd.testing.assert_frame_equal(fast.totals, slow.totals, rtol=1e-12, check_dtype=False)


def test_a_year_outside_the_inventory_is_named() -> None:
    with pytest.raises(DataError) as info:
        inventory.compute_inventory("340000", [1996, 2019])
    assert [p.value for p in info.value.problems] == [1996]


def test_repeated_calls_do_not_share_mutable_results() -> None:
    first, _ = inventory.compute_inventory("340000", [2019])
    first.emissions["value"] = 0.0
    again, _ = inventory.compute_inventory("340000", [2019])
    assert again.emissions["value"].sum() > 300  # Mt CO2: the cached inputs were not changed
