"""The worked official examples of methods.md §1.1–§1.3, as regression vectors.

Qinghai, 11th FYP (source: Qinghai statistics bureau method page quoted in methods.md §1.1): target
R = 17 %, year-on-year intensity changes 2006 +1.51 %, 2007 −2.20 %, 2008 −4.18 %. The bureau
prints progress 26.8 % ("1.34 years' worth") and the rate still needed −6.59 %/yr.
"""

from __future__ import annotations

import numpy as np
import pytest

from carbonpeak.indicators import arithmetic as ar
from carbonpeak.indicators.progress import progress_from_official_yoy

QINGHAI_YOY = [1.51, -2.20, -4.18]


def test_qinghai_progress_matches_the_published_figures_to_001_pp() -> None:
    s = progress_from_official_yoy(QINGHAI_YOY, 17)
    assert s.cumulative_change_pct == pytest.approx(-4.87, abs=0.01)
    assert s.average_change_pct == pytest.approx(-1.65, abs=0.01)
    assert round(100 * s.progress, 1) == 26.8  # published to one decimal
    assert 100 * s.progress == pytest.approx(26.81, abs=0.01)  # methods.md's recomputation
    assert s.years_equivalent == pytest.approx(1.34, abs=0.005)
    assert s.change_still_needed_pct == pytest.approx(-12.75, abs=0.01)
    assert s.rate_still_needed_pct == pytest.approx(-6.59, abs=0.01)
    assert s.plan_average_pct == pytest.approx(-3.66, abs=0.01)


def test_qinghai_hand_arithmetic() -> None:
    """The same figures computed by hand in the test, step by step, as methods.md writes them."""
    cum = 1.0151 * 0.978 * 0.9582 - 1
    s = progress_from_official_yoy(QINGHAI_YOY, 17)
    assert s.cumulative_change_pct == pytest.approx(100 * cum, abs=1e-9)
    assert s.progress == pytest.approx(np.log(1 + cum) / np.log(0.83), abs=1e-12)
    need = 0.83 / (1 + cum) - 1
    assert s.change_still_needed_pct == pytest.approx(100 * need, abs=1e-9)
    assert s.rate_still_needed_pct == pytest.approx(100 * ((1 + need) ** 0.5 - 1), abs=1e-9)


@pytest.mark.parametrize(
    ("target", "row"),
    [
        (0.135, [2.86, 5.64, 8.33, 10.95, 13.5]),
        (0.14, [2.97, 5.85, 8.65, 11.37, 14.0]),
        (0.16, [3.43, 6.74, 9.93, 13.02, 16.0]),
    ],
)
def test_schedule_table_of_section_1_3(target: float, row: list[float]) -> None:
    got = 100 * ar.schedule_requirement(target, np.arange(1, 6), convention="geometric")
    np.testing.assert_allclose(got, row, atol=0.005 + 1e-9)


def test_linear_convention_is_the_arithmetic_share_of_the_target() -> None:
    got = ar.schedule_requirement(0.14, np.arange(1, 6), convention="linear")
    np.testing.assert_allclose(got, [0.028, 0.056, 0.084, 0.112, 0.14], rtol=1e-12)


def test_log_progress_on_schedule_equals_geometric_schedule() -> None:
    """§1.3: progress_k ≥ k/5 ⇔ (1 + cum_k) ≤ (1 − R)^(k/5); at equality progress is exactly k/5."""
    k = np.arange(1, 6)
    cum = ar.schedule_requirement(0.14, k, convention="geometric")
    np.testing.assert_allclose(ar.log_progress(cum, 0.14), k / 5, rtol=1e-12)
