"""Invariants of the sectoral approach (Hypothesis): additivity, scaling, factor-set switching."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.accounting.factors import FactorTable, build_factor_table
from carbonpeak.accounting.sectoral import sectoral_emissions
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set

SECTORS = list(load_ceads_sectors()["sector"])
_INFO, _ROWS = load_factor_set("ceads", "2")
FUELS = list(dict.fromkeys(_ROWS["fuel"]))
UNITS = dict(zip(_ROWS["fuel"], _ROWS["per_unit"], strict=False))
TABLE = build_factor_table(_ROWS, label=_INFO.label, years=[2019], sectors=SECTORS, fuels=FUELS)


def _other_table() -> FactorTable:
    info, rows = load_factor_set("ceads", "1")
    return build_factor_table(rows, label=info.label, years=[2019], sectors=SECTORS, fuels=FUELS)


OTHER = _other_table()

cells = st.lists(
    st.tuples(st.sampled_from(SECTORS), st.sampled_from(FUELS), st.floats(0, 1e4, allow_nan=False)),
    min_size=1,
    max_size=40,
)


def _activity(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": "340000",
            "year": 2019,
            "sector": [s for s, _, _ in rows],
            "fuel": [f for _, f, _ in rows],
            "value": [v for _, _, v in rows],
            "unit": [UNITS[f] for _, f, _ in rows],
        }
    )


@settings(max_examples=60, deadline=None)
@given(cells, st.floats(0.0, 1.0))
def test_emissions_are_additive_when_a_row_is_split(rows: list[tuple[str, str, float]], share: float) -> None:
    whole = _activity(rows)
    part_a = whole.assign(value=whole["value"] * share)
    part_b = whole.assign(value=whole["value"] * (1 - share))
    total = sectoral_emissions(whole, TABLE)["value"].sum()
    split = sectoral_emissions(pd.concat([part_a, part_b], ignore_index=True), TABLE)["value"].sum()
    assert np.isclose(split, total, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(cells)
def test_total_equals_the_sum_over_sectors_and_over_fuels(rows: list[tuple[str, str, float]]) -> None:
    result = sectoral_emissions(_activity(rows), TABLE)
    total = result["value"].sum()
    by_sector = sum(
        sectoral_emissions(_activity([r for r in rows if r[0] == s]), TABLE)["value"].sum()
        for s in {r[0] for r in rows}
    )
    by_fuel = sum(
        sectoral_emissions(_activity([r for r in rows if r[1] == f]), TABLE)["value"].sum()
        for f in {r[1] for r in rows}
    )
    assert np.isclose(by_sector, total, rtol=1e-9, atol=1e-12)
    assert np.isclose(by_fuel, total, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(cells, st.floats(0.0, 100.0))
def test_scaling_energy_scales_emissions(rows: list[tuple[str, str, float]], k: float) -> None:
    base = sectoral_emissions(_activity(rows), TABLE)["value"].to_numpy()
    activity = _activity(rows)
    scaled = sectoral_emissions(activity.assign(value=activity["value"] * k), TABLE)["value"].to_numpy()
    assert np.allclose(scaled, base * k, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(cells)
def test_switching_factor_set_changes_only_rows_whose_factor_differs(rows: list[tuple[str, str, float]]) -> None:
    activity = _activity(rows)
    a = sectoral_emissions(activity, TABLE)["value"].to_numpy()
    b = sectoral_emissions(activity, OTHER)["value"].to_numpy()
    s = np.array([SECTORS.index(r[0]) for r in rows])
    f = np.array([FUELS.index(r[1]) for r in rows])
    same_factor = TABLE.matrix[0, s, f] == OTHER.matrix[0, s, f]
    assert np.array_equal(a[same_factor], b[same_factor])
    changed = ~same_factor & (activity["value"].to_numpy() > 0)
    assert (a[changed] != b[changed]).all()
    # only the four coal fuels have sector-specific factors in ceads@2
    assert set(np.asarray(FUELS)[f[~same_factor]]) <= {"Raw_Coal", "Cleaned_Coal", "Other_Washed_Coal", "Briquettes"}
