"""Worked examples for every kind of target; every expected number is computed by hand in the comment."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from tests.unit.targets.conftest import PROVINCE, frame, make_target

from carbonpeak.errors import DataError, RuleError
from carbonpeak.targets import Convention, Status, evaluate


def run(target, values, at, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("region", PROVINCE)
    return evaluate(target, frame(values, unit=target.unit), at, **kw)


# ---- reduce_by_vs_base: energy intensity down 14% vs 2020 by 2025 ----
ENERGY = make_target("reduce_by_vs_base", value=14, base_year=2020, schedule_from=2020)


@pytest.mark.parametrize(
    ("observed_2025", "status"),
    [(85.0, Status.MET), (86.0, Status.MET), (87.0, Status.NOT_MET)],  # 85/100−1 = −15%; −14% boundary; −13%
)
def test_reduce_by_vs_base_final(observed_2025: float, status: Status) -> None:
    ev = run(ENERGY, {2020: 100.0, 2025: observed_2025}, 2025)
    assert ev.status is status
    assert ev.change == pytest.approx(observed_2025 / 100 - 1)
    assert ev.required == pytest.approx(-0.14)
    assert (ev.base_year, ev.base_value, ev.observed_year) == (2020, 100.0, 2025)


def test_reduce_by_vs_base_schedule_geometric_and_linear_differ() -> None:
    # year 2 of 5: geometric 0.86^(2/5) = exp(0.4 × ln 0.86) = exp(−0.0603293) = 0.941455 (methods §1.3: 5.85%)
    #              linear    1 − 0.14 × 2/5 = 0.944
    # observed 0.942 lies between: behind on the geometric schedule, on track on the linear one
    values = {2020: 1.0, 2021: 0.97, 2022: 0.942}
    geo = run(ENERGY, values, 2022, convention=Convention.GEOMETRIC)
    lin = run(ENERGY, values, 2022, convention="linear")
    assert geo.status is Status.BEHIND
    assert geo.required == pytest.approx(0.941455 - 1, abs=1e-6)
    assert lin.status is Status.ON_TRACK
    assert lin.required == pytest.approx(-0.056)
    assert not geo.final


def test_reduce_by_vs_base_uses_only_data_up_to_the_date() -> None:
    values = {2020: 1.0, 2022: 0.90, 2025: 1.2}
    assert run(ENERGY, values, date(2023, 6, 30)).status is Status.ON_TRACK  # 2025 value not yet known
    assert run(ENERGY, values, 2025).status is Status.NOT_MET


def test_reduce_by_vs_base_without_base_is_no_data() -> None:
    ev = run(ENERGY, {2021: 0.9, 2025: 0.8}, 2025)
    assert ev.status is Status.NO_DATA
    assert "base year 2020" in ev.note


def test_reduce_by_vs_base_long_schedule_co2_2030() -> None:
    # CO2 intensity −65% vs 2005 by 2030, at 2022 (17 of 25 years): 0.35^(17/25) = exp(0.68 × ln 0.35)
    # = exp(0.68 × −1.0498221) = exp(−0.7138790) = 0.489741
    co2 = make_target("reduce_by_vs_base", value=65, base_year=2005, target_year=2030, schedule_from=2005)
    ev = run(co2, {2005: 4.0, 2022: 4.0 * 0.45}, 2022)
    assert ev.required == pytest.approx(0.489741 - 1, abs=1e-6)
    assert ev.change == pytest.approx(-0.55)
    assert ev.status is Status.ON_TRACK


# ---- increase_by_vs_base: resource output rate about +20% vs 2020 ----
def test_increase_by_vs_base_about_uses_tolerance() -> None:
    about = make_target("increase_by_vs_base", value=20, base_year=2020, approximate=True)
    exact = make_target("increase_by_vs_base", value=20, base_year=2020)
    # tolerance 5%: the required rise is 20% × 0.95 = 19%
    assert run(about, {2020: 100.0, 2025: 119.0}, 2025, tolerance=0.05).status is Status.MET
    assert run(about, {2020: 100.0, 2025: 118.9}, 2025, tolerance=0.05).status is Status.NOT_MET
    assert run(exact, {2020: 100.0, 2025: 119.0}, 2025, tolerance=0.05).status is Status.NOT_MET


# ---- share_at_least: non-fossil share ≥ 15.5% in 2025 (schedule from 9.6% in 2020) ----
NONFOSSIL = make_target("share_at_least", value=15.5, schedule_from=2020)


@pytest.mark.parametrize(("observed", "status"), [(15.5, Status.MET), (15.4, Status.NOT_MET), (17.0, Status.MET)])
def test_share_at_least_final(observed: float, status: Status) -> None:
    assert run(NONFOSSIL, {2020: 9.6, 2025: observed}, 2026).status is status


def test_share_at_least_schedule() -> None:
    # 2023 is 3/5 of the way: linear 9.6 + 5.9 × 0.6 = 13.14; geometric 9.6 × (15.5/9.6)^0.6
    # = 9.6 × exp(0.6 × 0.4790760) = 9.6 × 1.333016 = 12.79695
    values = {2020: 9.6, 2023: 13.0}
    lin = run(NONFOSSIL, values, 2023, convention="linear")
    geo = run(NONFOSSIL, values, 2023, convention="geometric")
    assert (lin.status, geo.status) == (Status.BEHIND, Status.ON_TRACK)
    assert lin.required == pytest.approx(13.14)
    assert geo.required == pytest.approx(12.79695, abs=1e-4)
    assert (lin.base_year, lin.base_value, lin.observed) == (2020, 9.6, 13.0)


def test_share_at_least_only_start_value_is_no_data_but_shows_it() -> None:
    ev = run(NONFOSSIL, {2020: 9.6}, 2022)
    assert ev.status is Status.NO_DATA
    assert (ev.observed_year, ev.observed, ev.base_value) == (2020, 9.6, 9.6)


def test_level_reached_early_is_on_track_even_without_start_value() -> None:
    assert run(NONFOSSIL, {2023: 16.0}, 2023).status is Status.ON_TRACK
    assert run(NONFOSSIL, {2023: 12.0}, 2023).status is Status.NO_DATA


# ---- amount_at_least / count_at_least ----
def test_amount_about_with_unit_conversion() -> None:
    imports = make_target("amount_at_least", value=210, unit="10^8 kWh", approximate=True)
    # 20 TWh = 200 × 10^8 kWh ≥ 210 × 0.95 = 199.5
    ev = evaluate(imports, frame({2025: 20.0}, unit="TWh"), 2025, region=PROVINCE, tolerance=0.05)
    assert ev.status is Status.MET
    assert ev.observed == pytest.approx(200.0)
    assert ev.threshold == pytest.approx(199.5)


def test_count_needs_the_target_year_value_but_shows_the_latest() -> None:
    piles = make_target("count_at_least", value=300000, unit="count", schedule_from=2020)
    ev = run(piles, {2020: 100000.0, 2024: 280000.0, 2026: 350000.0}, 2026)
    assert ev.status is Status.NO_DATA
    assert "2025" in ev.note
    assert (ev.observed_year, ev.observed, ev.base_year, ev.base_value) == (2026, 350000.0, 2020, 100000.0)


def test_vs_base_missing_target_year_shows_the_latest_change() -> None:
    ev = run(ENERGY, {2020: 100.0, 2024: 90.0}, 2026)
    assert ev.status is Status.NO_DATA
    assert ev.change == pytest.approx(-0.10)


# ---- increase_per_year: shore power +10% every year 2021–2025 ----
SHORE = make_target("increase_per_year", value=10, schedule_from=2020)
TEN_PERCENT = {2020: 100.0, 2021: 110.0, 2022: 121.0, 2023: 133.1, 2024: 146.41, 2025: 161.051}


def test_increase_per_year_met_and_not_met() -> None:
    assert run(SHORE, TEN_PERCENT, 2025).status is Status.MET
    slow = {**TEN_PERCENT, 2023: 131.89}  # 131.89 / 121 − 1 = 9.0%, and 146.41 / 131.89 − 1 = 11.0%
    ev = run(SHORE, slow, 2025)
    assert ev.status is Status.NOT_MET
    assert "2023" in ev.note


def test_increase_per_year_before_and_gaps() -> None:
    assert run(SHORE, {2020: 100.0, 2021: 110.0}, 2022).status is Status.ON_TRACK
    assert run(SHORE, {2020: 100.0, 2021: 109.0}, 2022).status is Status.BEHIND
    gap = {y: v for y, v in TEN_PERCENT.items() if y != 2023}
    ev = run(SHORE, gap, 2025)
    assert ev.status is Status.NO_DATA  # growth of 2023 and 2024 unknown: never met
    assert "2023, 2024" in ev.note


# ---- at_most: PUE ≤ 1.3, a standing requirement ----
@pytest.mark.parametrize(("pue", "status"), [(1.28, Status.MET), (1.3, Status.MET), (1.31, Status.NOT_MET)])
def test_at_most_standing(pue: float, status: Status) -> None:
    pue_target = make_target("at_most", value=1.3, unit="PUE", target_year=None)
    assert run(pue_target, {2023: pue}, 2024).status is status


def test_at_most_before_target_year() -> None:
    cap = make_target("at_most", value=1.3, unit="PUE")
    assert run(cap, {2023: 1.35}, 2023).status is Status.BEHIND
    assert run(cap, {}, 2023).status is Status.NO_DATA


# ---- peak_before 2030 ----
PEAK = make_target("peak_before", unit="Mt CO2", target_year=2030)


def test_peak_before_target_year_is_on_track_with_candidate_peak() -> None:
    ev = run(PEAK, {2018: 100.0, 2019: 105.0, 2020: 110.0, 2021: 108.0, 2022: 107.0}, 2022)
    assert ev.status is Status.ON_TRACK
    assert (ev.observed_year, ev.observed) == (2020, 110.0)
    rising = run(PEAK, {2020: 100.0, 2021: 101.0}, 2022)
    assert rising.status is Status.ON_TRACK
    assert "still rising in 2021" in rising.note


def test_peak_before_after_the_deadline() -> None:
    path = {y: 100.0 + y - 2020 for y in range(2020, 2026)} | dict.fromkeys(range(2026, 2032), 104.0)
    ev = run(PEAK, path, 2031)  # highest 105 in 2025, 104 afterwards
    assert ev.status is Status.MET
    assert ev.observed_year == 2025
    late = {y: float(y) for y in range(2020, 2032)}  # still rising in 2031
    assert run(PEAK, late, 2031).status is Status.NOT_MET
    short = {2020: 100.0, 2021: 99.0}  # no data through 2030: cannot be confirmed
    assert run(PEAK, short, 2031).status is Status.NO_DATA


# ---- milestone_by 2025 ----
UHV = make_target("milestone_by", unit="milestone")


@pytest.mark.parametrize(
    ("records", "at", "status"),
    [
        ({2025: 1.0}, 2026, Status.MET),
        ({2024: 0.0, 2026: 1.0}, 2026, Status.NOT_MET),
        ({}, 2024, Status.NO_DATA),
        ({2024: 0.0}, 2024, Status.ON_TRACK),
        ({2025: 0.0}, 2026, Status.NOT_MET),
        ({2023: 0.0}, 2026, Status.NO_DATA),
    ],
)
def test_milestone_by(records: dict[int, float], at: int, status: Status) -> None:
    assert run(UHV, records, at).status is status


# ---- meet_allocated: CO2 intensity 2025 "meets the national target" ----
NATIONAL = make_target("meet_allocated", allocated_kind="reduce_by_vs_base", base_year=2020)


def test_meet_allocated_without_allocation_is_no_data() -> None:
    ev = run(NATIONAL, {2020: 1.0, 2025: 0.5}, 2025)
    assert ev.status is Status.NO_DATA
    assert "allocated" in ev.note


def test_meet_allocated_with_allocation() -> None:
    # allocated −18%: 0.81 / 1.00 − 1 = −19% ≤ −18% → met; 0.83 → −17% → not met
    assert run(NATIONAL, {2020: 1.0, 2025: 0.81}, 2025, allocated=18).status is Status.MET
    assert run(NATIONAL, {2020: 1.0, 2025: 0.83}, 2025, allocated=18).status is Status.NOT_MET


# ---- input problems ----
def test_duplicate_year_is_a_data_error_naming_the_period() -> None:
    single = frame({2020: 1.0, 2025: 0.8})
    doubled = pd.concat([single, single.iloc[[1]]])
    with pytest.raises(DataError, match="2025"):
        evaluate(ENERGY, doubled, 2025, region=PROVINCE)


def test_multi_region_target_needs_a_region() -> None:
    buses = make_target("share_at_least", value=80, scope={"kind": "all_cities"})
    with pytest.raises(RuleError, match="all_cities"):
        evaluate(buses, frame({2025: 90.0}), 2025)


def test_gap_is_not_a_zero() -> None:
    values = frame({2020: 1.0, 2025: float("nan")})
    assert evaluate(ENERGY, values, 2025, region=PROVINCE).status is Status.NO_DATA
