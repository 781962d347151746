"""The CEADs activity scope on a hand-sized energy inventory (SOURCES.md §12.3)."""

from __future__ import annotations

import pandas as pd
import pytest

from carbonpeak.accounting.ceads_scope import ceads_activity
from carbonpeak.errors import DataError

SECTORS = pd.DataFrame(
    {
        "sector": ["Steel", "Chemicals", "Plastics", "Power"],
        "sector_energy_inventory": ["Steel (energy)", "Chemicals (energy)", "Plastics (energy)", "Power (energy)"],
        "chemical": [False, True, True, False],
        "receives_power_inputs": [False, False, False, True],
    }
)


ROWS = [*SECTORS["sector_energy_inventory"], "Thermal Power", "Heating Supply", "Non-Energy Use"]


def _energy(cells: dict[tuple[str, str], float], *, complete: bool = True) -> pd.DataFrame:
    """Every row of the inventory for fuel Coal (0 unless given); only the given cells if not complete."""
    filled = {(row, "Coal"): 0.0 for row in ROWS} if complete else {}
    rows = [(2019, sector, fuel, value, "10^4 t") for (sector, fuel), value in {**filled, **cells}.items()]
    return pd.DataFrame(rows, columns=["year", "sector", "fuel", "value", "unit"])


def _value(result: pd.DataFrame, sector: str, fuel: str) -> float:
    row = result[(result["sector"].astype(str) == sector) & (result["fuel"].astype(str) == fuel)]
    return float(row["value"].item())


def test_power_inputs_are_added_and_non_energy_use_is_deducted_from_chemicals_in_proportion() -> None:
    energy = _energy(
        {
            ("Steel (energy)", "Coal"): 10.0,
            ("Chemicals (energy)", "Coal"): 30.0,
            ("Plastics (energy)", "Coal"): 10.0,
            ("Power (energy)", "Coal"): 1.0,
            ("Thermal Power", "Coal"): 100.0,
            ("Heating Supply", "Coal"): 5.0,
            ("Coking", "Coal"): 50.0,  # other transformation: not counted
            ("Non-Energy Use", "Coal"): 8.0,
        }
    )
    result = ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")
    act = result.activity
    assert _value(act, "Steel", "Coal") == 10.0  # not chemical: untouched
    # chemical consumption 30 + 10 = 40; NEU 8 is 20% of it: 30 × 0.8 = 24, 10 × 0.8 = 8
    assert _value(act, "Chemicals", "Coal") == pytest.approx(24.0)
    assert _value(act, "Plastics", "Coal") == pytest.approx(8.0)
    assert _value(act, "Power", "Coal") == pytest.approx(1.0 + 100.0 + 5.0)
    exclusions = result.exclusions.iloc[0]
    assert (exclusions["non_energy_use"], exclusions["deducted"], exclusions["not_deducted"]) == pytest.approx(
        (8, 8, 0)
    )


def test_non_energy_use_beyond_chemical_consumption_is_capped_and_recorded() -> None:
    energy = _energy(
        {
            ("Chemicals (energy)", "Coal"): 3.0,
            ("Plastics (energy)", "Coal"): 1.0,
            ("Non-Energy Use", "Coal"): 10.0,
            ("Steel (energy)", "Coal"): 2.0,
        }
    )
    result = ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")
    assert _value(result.activity, "Chemicals", "Coal") == 0.0
    assert _value(result.activity, "Steel", "Coal") == 2.0  # never deducted outside chemicals
    exclusions = result.exclusions.iloc[0]
    assert (exclusions["deducted"], exclusions["not_deducted"]) == pytest.approx((4.0, 6.0))


def test_a_negative_power_input_cell_is_an_output_and_is_not_counted() -> None:
    # Anhui 2000: Heating Supply other washed coal −167.5; CEADs counts 0 for the power sector
    energy = _energy({("Power (energy)", "Coal"): 2.0, ("Heating Supply", "Coal"): -167.5})
    result = ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")
    assert _value(result.activity, "Power", "Coal") == 2.0


def test_a_missing_cell_stays_a_gap_and_a_duplicate_cell_is_refused() -> None:
    energy = _energy({("Steel (energy)", "Coal"): 1.0}, complete=False)
    result = ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")
    assert _value(result.activity, "Steel", "Coal") == 1.0
    assert pd.isna(_value(result.activity, "Chemicals", "Coal"))
    doubled = pd.concat([energy, energy], ignore_index=True)
    with pytest.raises(DataError, match="duplicate"):
        ceads_activity(doubled, SECTORS, fuels=["Coal"], region="340000")


def test_a_fuel_in_two_units_is_refused() -> None:
    energy = _energy({("Steel (energy)", "Coal"): 1.0, ("Power (energy)", "Coal"): 1.0})
    energy.loc[1, "unit"] = "t"
    with pytest.raises(DataError, match="more than one unit"):
        ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")


def test_non_energy_use_without_chemical_consumption_is_all_not_deducted() -> None:
    energy = _energy({("Steel (energy)", "Coal"): 5.0, ("Non-Energy Use", "Coal"): 2.0})
    result = ceads_activity(energy, SECTORS, fuels=["Coal"], region="340000")
    assert _value(result.activity, "Steel", "Coal") == 5.0
    exclusions = result.exclusions.iloc[0]
    assert (exclusions["deducted"], exclusions["not_deducted"]) == pytest.approx((0.0, 2.0))
