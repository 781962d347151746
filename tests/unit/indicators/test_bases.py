"""Legal bases (methods.md §1.4): each deduction by hand, composition, dates, and the raw value untouched."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from carbonpeak.errors import DataError
from carbonpeak.indicators.bases import AdjustmentRule, adjusted_energy, savings_needed


def _rule(name: str, applies_to: set[str], cap: float | None = None, first: int = 2021) -> AdjustmentRule:
    return AdjustmentRule.model_validate(
        {
            "name": name,
            "title_zh": "测试",
            "applies_to": applies_to,
            "first_assessment_year": first,
            "issued": date(2022, 1, 1),
            "document": "test",
            "source_url": "http://example.invalid",
            "verified": False,
            "certificate_cap_share": cap,
        }
    )


FEED = _rule("minus_feedstock", {"total", "intensity"})
RENEW = _rule("minus_new_renewables", {"total"})
NONFOSSIL = _rule("minus_non_fossil", {"total", "intensity"}, cap=0.5)
INPUTS = {
    "feedstock": np.array([100.0]),
    "renewable_electricity": np.array([80.0]),
    "renewable_electricity_reference": np.array([50.0]),
    "non_fossil": np.array([200.0]),
    "green_certificates": np.array([300.0]),
    "savings_needed": np.array([400.0]),
}


def test_feedstock_then_renewables_on_the_total() -> None:
    raw = np.array([10_000.0])
    got = adjusted_energy(raw, INPUTS, [FEED, RENEW], assessment_year=2022, use="total")
    np.testing.assert_allclose(got.value, [10_000 - 100 - 30])
    assert got.basis == "minus_feedstock+minus_new_renewables"
    np.testing.assert_allclose(raw, [10_000.0])  # raw never modified


def test_new_renewables_are_not_deducted_for_intensity() -> None:
    got = adjusted_energy(np.array([10_000.0]), INPUTS, [FEED, RENEW], assessment_year=2022, use="intensity")
    np.testing.assert_allclose(got.value, [9_900.0])
    assert got.basis == "minus_feedstock"
    assert "minus_new_renewables" in got.skipped


def test_green_certificates_capped_at_half_the_savings_needed() -> None:
    got = adjusted_energy(np.array([10_000.0]), INPUTS, [NONFOSSIL], assessment_year=2023, use="intensity")
    # 200 own non-fossil + min(300 certificates, 0.5 × 400) = 400
    np.testing.assert_allclose(got.value, [9_600.0])


def test_rule_not_yet_in_force_is_skipped_and_said() -> None:
    got = adjusted_energy(np.array([10_000.0]), INPUTS, [FEED], assessment_year=2020, use="total")
    assert got.basis == "raw"
    assert "2021" in got.skipped["minus_feedstock"]


def test_savings_needed_hand_value() -> None:
    # base intensity 0.5, target 14 %: allowed 0.43 × GDP 1000 = 430; energy 500 → 70 to save
    assert savings_needed(500.0, 1000.0, 0.5, 0.14) == pytest.approx(70.0)
    assert savings_needed(400.0, 1000.0, 0.5, 0.14) == pytest.approx(0.0)


def test_negative_deduction_input_and_missing_input_are_errors() -> None:
    with pytest.raises(DataError, match="feedstock energy must not be negative"):
        adjusted_energy(np.array([1.0]), {"feedstock": np.array([-1.0])}, [FEED], assessment_year=2022, use="total")
    with pytest.raises(DataError, match="needs input 'feedstock'"):
        adjusted_energy(np.array([1.0]), {}, [FEED], assessment_year=2022, use="total")
    with pytest.raises(DataError, match="exceed"):
        adjusted_energy(np.array([50.0]), INPUTS, [FEED], assessment_year=2022, use="total")


def test_unknown_field_in_a_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="extra"):
        AdjustmentRule.model_validate({**FEED.model_dump(), "surprise": 1})


def test_shipped_legal_bases_file_parses_strictly() -> None:
    import yaml

    from carbonpeak.reference.files import data_file

    data = yaml.safe_load(data_file("rules", "bases", "legal_bases.yaml").read_text("utf-8"))
    rules = [AdjustmentRule.model_validate(r) for r in data["rules"]]
    assert [r.name for r in rules] == [
        "minus_feedstock",
        "minus_new_renewables",
        "minus_non_fossil",
        "minus_major_projects",
    ]
    assert next(r for r in rules if r.name == "minus_new_renewables").applies_to == {"total"}
    assert next(r for r in rules if r.name == "minus_non_fossil").certificate_cap_share == 0.5
