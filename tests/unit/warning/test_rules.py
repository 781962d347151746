"""Rule files: strict parsing, and overlapping or gapped bands refused with a clear RuleError."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
import yaml

from carbonpeak.errors import RuleError
from carbonpeak.reference.files import data_file
from carbonpeak.warning.rules import RuleSet, parse_rule_set

SHIPPED = sorted(p.name for p in data_file("rules", "warning").iterdir() if p.name.endswith(".yaml"))


Shipped = Callable[[str], RuleSet]


def _raw(rule_id: str) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(data_file("rules", "warning", f"{rule_id}.yaml").read_text("utf-8"))
    return data


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_rule_file_parses_and_names_its_source(name: str, shipped: Shipped) -> None:
    rule_set = shipped(name.removesuffix(".yaml"))
    assert rule_set.id == name.removesuffix(".yaml")
    assert rule_set.source.url.startswith("http")


def _with_bands(bands: list[dict[str, object]]) -> dict[str, object]:
    data = copy.deepcopy(_raw("national_2020"))
    data["rules"][0]["criteria"][0]["bands"] = bands  # type: ignore[index]
    return data


def test_overlapping_bands_are_refused() -> None:
    bands = [
        {"level": "green", "upper": 0, "upper_inclusive": True},
        {"level": "yellow", "lower": 0, "lower_inclusive": True, "upper": 0.1, "upper_inclusive": True},
        {"level": "red", "lower": 0.1},
    ]
    with pytest.raises(RuleError, match="overlap at 0"):
        parse_rule_set(_with_bands(bands))


def test_gapped_bands_are_refused() -> None:
    bands = [
        {"level": "green", "upper": 0, "upper_inclusive": True},
        {"level": "yellow", "lower": 0.02, "upper": 0.1, "upper_inclusive": True},
        {"level": "red", "lower": 0.1},
    ]
    with pytest.raises(RuleError, match=r"gap between 0 and 0\.02"):
        parse_rule_set(_with_bands(bands))


def test_band_not_reaching_infinity_is_refused() -> None:
    bands = [{"level": "green", "upper": 0, "upper_inclusive": True}, {"level": "red", "lower": 0, "upper": 5}]
    with pytest.raises(RuleError, match="run to infinity"):
        parse_rule_set(_with_bands(bands))


def test_unknown_key_and_unknown_level_are_refused() -> None:
    data = _raw("national_2020")
    with pytest.raises(RuleError, match="Extra inputs"):
        parse_rule_set({**data, "threshold": 0.1})
    bands = [{"level": "purple", "upper": 0, "upper_inclusive": True}, {"level": "red", "lower": 0}]
    with pytest.raises(RuleError, match="undefined levels"):
        parse_rule_set(_with_bands(bands))


def test_tier_specific_rule_wins_over_all() -> None:
    data = copy.deepcopy(_raw("national_2020"))
    special = copy.deepcopy(data["rules"][0])  # type: ignore[index]
    special["tiers"] = ["tier_1"]
    special["criteria"][0]["bands"] = [
        {"level": "green", "upper": 0.5},
        {"level": "red", "lower": 0.5, "lower_inclusive": True},
    ]
    data["rules"] = [*data["rules"], special]  # type: ignore[misc]
    rule_set = parse_rule_set(data)
    assert rule_set.rule_for("energy_intensity", "tier_1") == rule_set.rules[-1]
    assert rule_set.rule_for("energy_intensity", "tier_2") == rule_set.rules[0]
    data["rules"] = [*data["rules"], special]  # type: ignore[misc]
    with pytest.raises(RuleError, match="two rules"):
        parse_rule_set(data)
