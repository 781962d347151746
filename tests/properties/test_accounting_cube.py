"""The array path (cube_emissions) and the long-frame path (sectoral_emissions) give the same CO2."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.accounting.ceads_scope import ceads_activity, cube_emissions, encode_inventory
from carbonpeak.accounting.factors import build_factor_table
from carbonpeak.accounting.sectoral import sectoral_emissions
from carbonpeak.reference.ceads import load_energy_inventory
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set

ENERGY = load_energy_inventory(normalise_units=True)
SECTORS = load_ceads_sectors()


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from([("ceads", "1"), ("ceads", "2"), ("ipcc2006", "1"), ("china_national_defaults", "1")]),
    st.integers(1997, 2022),
)
def test_array_and_frame_paths_agree_for_every_factor_set(chosen: tuple[str, str], year: int) -> None:
    info, rows = load_factor_set(*chosen)
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label=info.label, years=[year], sectors=list(SECTORS["sector"]), fuels=fuels)
    energy = ENERGY[ENERGY["year"] == year]
    frame = sectoral_emissions(ceads_activity(energy, SECTORS, fuels=fuels, region="340000").activity, table)
    cube = cube_emissions(encode_inventory(energy, SECTORS, fuels=fuels), table)
    np.testing.assert_allclose(cube.ravel(), frame["value"].to_numpy(), rtol=1e-12)
