"""Invariants of the evaluation engine (Hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from tests.unit.targets.conftest import PROVINCE, frame, make_target

from carbonpeak.targets import Convention, Status, evaluate, level_schedule, ratio_schedule

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
rate = st.floats(min_value=0.5, max_value=90.0)
conventions = st.sampled_from(list(Convention))


@given(base=positive, percent=rate)
def test_reduce_by_vs_base_is_met_exactly_at_the_boundary(base: float, percent: float) -> None:
    target = make_target("reduce_by_vs_base", value=percent, base_year=2020)
    at_boundary = base * (1 - percent / 100)
    assert evaluate(target, frame({2020: base, 2025: at_boundary}), 2025, region=PROVINCE).status is Status.MET
    above = at_boundary * (1 + 1e-6)
    assert evaluate(target, frame({2020: base, 2025: above}), 2025, region=PROVINCE).status is Status.NOT_MET


@given(base=positive, percent=rate)
def test_increase_by_vs_base_is_met_exactly_at_the_boundary(base: float, percent: float) -> None:
    target = make_target("increase_by_vs_base", value=percent, base_year=2020)
    at_boundary = base * (1 + percent / 100)
    assert evaluate(target, frame({2020: base, 2025: at_boundary}), 2025, region=PROVINCE).status is Status.MET


kinds_with_value = st.sampled_from(["share_at_least", "amount_at_least", "count_at_least", "at_most"])


@given(
    kind=kinds_with_value,
    values=st.dictionaries(st.integers(2015, 2035).filter(lambda y: y != 2025), positive, max_size=8),
    at=st.integers(2015, 2040),
)
def test_no_value_for_the_target_year_is_never_met(kind: str, values: dict[int, float], at: int) -> None:
    target = make_target(kind, value=50.0, schedule_from=2020)
    assert evaluate(target, frame(values), at, region=PROVINCE).status is not Status.MET


@given(
    kind=st.sampled_from(["reduce_by_vs_base", "increase_by_vs_base", "increase_per_year", "peak_before"]),
    at=st.integers(2015, 2040),
)
def test_empty_frame_is_no_data(kind: str, at: int) -> None:
    fields = {"value": 10.0, "base_year": 2020} if "vs_base" in kind else {"value": 10.0}
    if kind == "peak_before":
        fields = {}
    target = make_target(kind, **fields)
    assert evaluate(target, frame({}), at, region=PROVINCE).status is Status.NO_DATA


@given(start=positive, end=positive, convention=conventions, year=st.integers(2020, 2025))
def test_schedules_start_and_end_at_the_given_values_and_lie_between(
    start: float, end: float, convention: Convention, year: int
) -> None:
    at_start = level_schedule(start, end, year=2020, start=2020, end=2025, convention=convention)
    at_end = level_schedule(start, end, year=2025, start=2020, end=2025, convention=convention)
    assert math.isclose(at_start, start, rel_tol=1e-9)
    assert math.isclose(at_end, end, rel_tol=1e-7)  # (end / start)^1 loses a few digits over 9 decades
    middle = level_schedule(start, end, year=year, start=2020, end=2025, convention=convention)
    assert min(start, end) * (1 - 1e-7) <= middle <= max(start, end) * (1 + 1e-7)


@given(r=st.floats(min_value=0.01, max_value=0.9), k=st.integers(1, 5))
def test_geometric_ratio_schedule_is_methods_1_3(r: float, k: int) -> None:
    """target_cum_k = 1 − (1 − R)^(k/5) (methods.md §1.3, convention 2)."""
    required = ratio_schedule(1.0, 1 - r, year=2020 + k, start=2020, end=2025, convention=Convention.GEOMETRIC)
    assert math.isclose(1 - required, 1 - (1 - r) ** (k / 5), rel_tol=1e-9, abs_tol=1e-12)


@given(low=positive, bump=st.floats(min_value=0.0, max_value=1e6))
def test_share_status_is_monotonic_in_the_observed_value(low: float, bump: float) -> None:
    target = make_target("share_at_least", value=100.0)
    order = [Status.NOT_MET, Status.MET]
    first = evaluate(target, frame({2025: low}), 2025, region=PROVINCE).status
    second = evaluate(target, frame({2025: low + bump}), 2025, region=PROVINCE).status
    assert order.index(second) >= order.index(first)
