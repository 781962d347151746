"""Invariants of the indicator arithmetic and LMDI (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.indicators import arithmetic as ar
from carbonpeak.indicators.bases import AdjustmentRule, adjusted_energy
from carbonpeak.indicators.lmdi import decompose

targets = st.floats(min_value=0.001, max_value=0.9)


@given(targets)
def test_progress_is_exactly_one_when_cumulative_equals_the_target(r: float) -> None:
    assert float(ar.log_progress(r, r)) == 1.0


@given(targets, st.integers(min_value=1, max_value=4))
def test_on_schedule_at_the_geometric_requirement(r: float, k: int) -> None:
    cum = ar.schedule_requirement(r, k, convention="geometric")
    assert abs(float(ar.log_progress(cum, r)) - k / 5) < 1e-9


RENEW = AdjustmentRule.model_validate(
    {
        "name": "minus_new_renewables",
        "title_zh": "新增可再生能源",
        "applies_to": ["total"],
        "first_assessment_year": 2021,
        "issued": "2022-11-16",
        "document": "test",
        "source_url": "http://example.invalid",
        "verified": False,
    }
)
positive = st.floats(min_value=1.0, max_value=1e6)


@given(positive, positive, st.floats(min_value=0, max_value=1e3), st.floats(min_value=0, max_value=1e3), positive)
def test_new_renewables_deduction_never_changes_intensity(
    energy: float, gdp: float, re_now: float, re_ref: float, base_energy: float
) -> None:
    inputs = {"renewable_electricity": np.array([re_now]), "renewable_electricity_reference": np.array([re_ref])}
    for year in (2019, 2021, 2025):
        adjusted = adjusted_energy(np.array([energy]), inputs, [RENEW], assessment_year=year, use="intensity")
        assert float(ar.intensity(adjusted.value, gdp)[0]) == float(ar.intensity(energy, gdp))


factor_values = st.floats(min_value=1e-3, max_value=1e3)


@settings(max_examples=200)
@given(st.lists(st.tuples(*[factor_values] * 6), min_size=1, max_size=8))
def test_lmdi_effects_add_and_multiply_to_the_change(rows: list[tuple[float, ...]]) -> None:
    data = np.array(rows)
    p0 = pd.DataFrame(data[:, :3], columns=["a", "b", "c"])
    pt = pd.DataFrame(data[:, 3:], columns=["a", "b", "c"])
    r = decompose(p0, pt, ["a", "b", "c"])
    assert abs(r.additive.sum() - (r.vt - r.v0)) <= 1e-9 * max(abs(r.vt - r.v0), r.v0, r.vt) + 1e-12
    assert abs(np.prod(r.multiplicative) / (r.vt / r.v0) - 1) <= 1e-9
