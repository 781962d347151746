"""Barometer evaluation (methods.md §2): the §2.1 test vectors, the 2021 rule, local variants, no data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from carbonpeak.errors import DataError
from carbonpeak.warning.evaluate import NO_DATA, evaluate
from carbonpeak.warning.rules import RuleSet

Shipped = Callable[[str], RuleSet]


def _inputs(actual: list[float], required: float | list[float], indicator: str = "energy_intensity") -> pd.DataFrame:
    n = len(actual)
    return pd.DataFrame(
        {
            "region": [f"R{i}" for i in range(n)],
            "period": "2020-01/2020-09",
            "indicator": indicator,
            "actual": actual,
            "required": required,
        }
    )


def test_national_2020_vectors_of_section_2_1(shipped: Shipped) -> None:
    """T = 3.0 %: A 3.1 → green; 2.8 → yellow (gap 0.2 ≤ 0.3); 2.5 → red (0.5 > 0.3); −0.5 → red."""
    out = evaluate(shipped("national_2020"), _inputs([0.031, 0.028, 0.025, -0.005], 0.03))
    assert out["level"].tolist() == ["green", "yellow", "red", "red"]
    assert out["official_level"].tolist() == [3, 2, 1, 1]
    assert out["rule_version"].unique().tolist() == ["2020.1"]
    assert out["measures"].iloc[1]["shortfall_share"] == pytest.approx((0.03 - 0.028) / 0.03)


def test_national_2020_boundaries_exactly_on_the_thresholds(shipped: Shipped) -> None:
    # A = T → green (met); gap exactly 10 % of T → yellow (≤ 10 %)
    out = evaluate(shipped("national_2020"), _inputs([0.05, 0.045], 0.05))
    assert out["level"].tolist() == ["green", "yellow"]


def test_national_2021_red_when_intensity_rose_even_if_target_allows_a_rise(shipped: Shipped) -> None:
    out = evaluate(shipped("national_2021"), _inputs([-0.001, 0.01, 0.04], [-0.02, 0.03, 0.03]))
    # rose 0.1 % (within an allowed 2 % rise) → still red in 2021; fell 1 % vs 3 % → yellow; 4 % → green
    assert out["level"].tolist() == ["red", "yellow", "green"]


def test_hangzhou_percentage_point_bands(shipped: Shipped) -> None:
    out = evaluate(shipped("local_hangzhou_q1q3"), _inputs([0.03, 0.028, 0.024, 0.019], 0.03))
    assert out["level"].tolist() == ["green", "yellow", "orange", "red"]


def test_completion_ratio_bands(shipped: Shipped) -> None:
    out = evaluate(shipped("local_completion_ratio"), _inputs([0.03, 0.028, 0.02, 0.015], 0.03))
    assert out["level"].tolist() == ["green", "yellow", "orange", "red"]


def test_missing_input_is_no_data_never_green(shipped: Shipped) -> None:
    out = evaluate(shipped("national_2020"), _inputs([np.nan, 0.04], [0.03, np.nan]))
    assert out["level"].tolist() == [NO_DATA, NO_DATA]
    assert out["severity"].isna().all()
    assert out["rule_applied"].str.startswith("no data").all()


def test_cell_explains_formula_numbers_and_rule(shipped: Shipped) -> None:
    out = evaluate(shipped("national_2020"), _inputs([0.028], 0.03)).iloc[0]
    assert "(T − A) / |T|" in out["formula"]
    assert "0 < shortfall_share ≤ 0.1 → yellow" in out["rule_applied"]
    assert out["rule_set"] == "national_2020"


def test_indicator_without_rule_is_an_error(shipped: Shipped) -> None:
    with pytest.raises(DataError, match="no rule for indicator"):
        evaluate(shipped("local_hangzhou_q1q3"), _inputs([0.01], 0.03, indicator="energy_total"))


def test_forecast_rule_bands_the_probability(shipped: Shipped) -> None:
    inputs = _inputs([0.02, 0.02, 0.02], 0.03).assign(miss_probability=[0.2, 0.6, 0.95])
    assert evaluate(shipped("forecast_default"), inputs)["level"].tolist() == ["green", "yellow", "red"]
