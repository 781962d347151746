"""Shipped warning rule files, parsed for the tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from carbonpeak.reference.files import data_file
from carbonpeak.warning.rules import RuleSet, parse_rule_set


def _shipped(rule_id: str) -> RuleSet:
    text = data_file("rules", "warning", f"{rule_id}.yaml").read_text(encoding="utf-8")
    return parse_rule_set(yaml.safe_load(text), origin=rule_id)


@pytest.fixture
def shipped() -> Callable[[str], RuleSet]:
    """Parse ``data/rules/warning/<rule_id>.yaml``."""
    return _shipped
