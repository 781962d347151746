"""Every rule set maps every input to exactly one level (Hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonpeak.reference.files import data_file
from carbonpeak.warning.evaluate import (
    NO_DATA,
    _in_band,
    evaluate,
    measure_values,
)
from carbonpeak.warning.rules import RuleSet, parse_rule_set

RULE_SETS: list[RuleSet] = [
    parse_rule_set(yaml.safe_load(p.read_text("utf-8")))
    for p in data_file("rules", "warning").iterdir()
    if p.name.endswith(".yaml")
]
finite = st.floats(min_value=-10, max_value=10, allow_nan=False)
values = st.one_of(finite, st.sampled_from([0.0, 0.1, 0.5, 0.9, 1.0, -math.inf, math.inf]))


@settings(max_examples=300)
@given(values)
def test_each_value_falls_in_exactly_one_band(value: float) -> None:
    for rule_set in RULE_SETS:
        for rule in rule_set.rules:
            for criterion in rule.criteria:
                hits = sum(bool(_in_band(np.array([value]), band)[0]) for band in criterion.bands)
                assert hits == 1, (rule_set.id, criterion.measure, value)


@settings(max_examples=200)
@given(finite, st.floats(min_value=0.001, max_value=0.5), st.floats(min_value=0, max_value=1))
def test_every_finite_input_gets_exactly_one_real_level(actual: float, required: float, prob: float) -> None:
    for rule_set in RULE_SETS:
        for rule in rule_set.rules:
            frame = pd.DataFrame(
                {
                    "region": ["X"],
                    "period": ["2024"],
                    "indicator": [rule.indicator],
                    "tier": rule.tiers[0],
                    "actual": [actual],
                    "required": [required],
                    "miss_probability": [prob],
                }
            )
            level = evaluate(rule_set, frame)["level"].iloc[0]
            assert level != NO_DATA
            assert level in {lv.key for lv in rule_set.levels}


def test_measures_are_defined_for_a_zero_requirement() -> None:
    got = measure_values("shortfall_share", np.array([0.01, 0.0, -0.01]), np.zeros(3), pd.DataFrame())
    assert got.tolist() == [-math.inf, 0.0, math.inf]
