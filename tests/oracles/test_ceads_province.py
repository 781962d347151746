"""Anhui CO2 1997–2022 from the CEADs energy inventory against the published CEADs totals (issue 5).

The activity is the CEADs energy inventory in physical units; the independent check is the
published CEADs CO2 inventory. The factors are derived from ratios of those two tables
(SOURCES.md §12.3), so agreement is partly by construction; ceads@1 (one factor per fuel) is the
less circular check, ceads@2 adds the sector-specific coal factors.
"""

from __future__ import annotations

import pandas as pd
import pytest
from tests.oracles.test_ceads_inventory_files import COAL, OIL

from carbonpeak.accounting.ceads_scope import ceads_activity
from carbonpeak.accounting.checks import check_copies_agree, check_process_zero, check_published_totals
from carbonpeak.accounting.compare import factor_set_shift
from carbonpeak.accounting.factors import build_factor_table
from carbonpeak.accounting.reference_approach import compare_approaches, reference_emissions
from carbonpeak.accounting.sectoral import sectoral_emissions
from carbonpeak.reference.ceads import load_co2_inventory, load_energy_inventory, load_published_totals
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set

YEARS = range(1997, 2023)


def _combustion(name: str, version: str | None = None) -> pd.Series:
    info, rows = load_factor_set(name, version)
    sectors = load_ceads_sectors()
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label=info.label, years=YEARS, sectors=list(sectors["sector"]), fuels=fuels)
    scoped = ceads_activity(load_energy_inventory(normalise_units=True), sectors, fuels=fuels, region="340000")
    emissions = sectoral_emissions(scoped.activity, table)
    return emissions.groupby("year")["value"].sum()


def _published_process() -> pd.Series:
    co2 = load_co2_inventory()
    return co2[(co2["sector"] == "Total") & (co2["fuel"] == "Process")].set_index("year")["value"]


@pytest.mark.parametrize("version", ["1", "2"])
def test_anhui_from_the_energy_inventory_is_within_2_percent_of_ceads_every_year(version: str) -> None:
    published = load_published_totals().set_index("year")["total_scope1_mt"]
    computed = _combustion("ceads", version) + _published_process()
    gap = computed / published - 1.0
    worst = gap.abs().idxmax()
    print(
        f"ceads@{version}: worst year {worst}, {gap[worst]:+.3%} ({computed[worst]:.2f} vs {published[worst]:.2f} Mt)"
    )
    assert list(gap.index) == list(YEARS)
    assert (gap.abs() < 0.02).all(), gap[gap.abs() >= 0.02]


def test_ipcc_defaults_give_anhui_11_to_15_percent_more_than_ceads() -> None:
    totals = {"ceads@1": _combustion("ceads", "1"), "ipcc2006@1": _combustion("ipcc2006")}
    shift = factor_set_shift(totals, base="ceads@1").query("factor_set == 'ipcc2006@1'").set_index("year")["shift"]
    print(f"IPCC 2006 vs CEADs: {shift.min():+.1%} to {shift.max():+.1%}")
    # issue 5: "IPCC defaults give Anhui 11–14% more than CEADs"; SOURCES.md §12.3: raw coal 15–16% more
    assert shift.loc[2005] == pytest.approx(0.12, abs=0.02)
    assert shift.loc[2019] == pytest.approx(0.14, abs=0.02)


def test_the_stored_ceads_co2_inventory_sums_to_its_published_totals_exactly() -> None:
    columns = {
        "total_scope1_mt": ["Scope_1_Total"],
        "coal_products_mt": COAL,
        "oil_products_mt": OIL,
        "natural_gas_mt": ["Natural_Gas"],
        "process_cement_mt": ["Process"],
    }
    findings = check_published_totals(load_co2_inventory(), load_published_totals(), columns)
    assert findings.empty, findings


def test_the_2003_cement_defect_is_flagged_not_used() -> None:
    stored = _published_process()
    assert stored[2003] == pytest.approx(8.93, abs=1e-3)  # the OpenClimate copy we ship
    assert check_process_zero(stored).empty
    # SOURCES.md §12.1: the TJJM copy of the 2003 workbook has Process = 0 (in Total and in non-metal minerals)
    other_copy = stored.copy()
    other_copy[2003] = 0.0
    assert check_process_zero(other_copy)["year"].tolist() == [2003]
    disagreement = check_copies_agree(stored, other_copy)
    assert disagreement["year"].tolist() == [2003]
    assert disagreement["value"].item() == pytest.approx(8.93, abs=1e-3)


def test_reference_approach_is_computed_for_every_year_and_compared() -> None:
    energy = load_energy_inventory(normalise_units=True)
    info, rows = load_factor_set("ceads", "1")
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label=info.label, years=YEARS, sectors=["-"], fuels=fuels)
    supply = energy[(energy["sector"] == "Total Consumption") & energy["fuel"].isin(fuels)]
    neu = energy[(energy["sector"] == "Non-Energy Use") & energy["fuel"].isin(fuels)]
    reference = reference_emissions(supply, table, excluded=neu).groupby("year")["value"].sum()
    comparison = compare_approaches(reference, _combustion("ceads", "1"), tolerance=0.05)
    print(comparison[["reference", "sectoral", "gap"]].round(3).to_string())
    assert comparison["gap"].notna().all()
    # IPCC: investigate gaps beyond a few per cent. Only 2002 is flagged: the CEADs 2002 balance total is
    # 12% below the sectoral sum (a discontinuity in the source's Total Consumption row, shown, not corrected).
    assert comparison.index[comparison["flagged"]].tolist() == [2002]
