"""Hand-sized targets and frames for the evaluation tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from carbonpeak.core.plan import Target

PROVINCE = "340000"


def make_target(kind: str, **fields: Any) -> Target:
    """A province target of ``kind`` measured by variable ``X`` (overridable)."""
    base: dict[str, Any] = {
        "id": f"t-{kind.replace('_', '-')}",
        "clause": "1.(2).p1",
        "kind": kind,
        "title": {"en": "test", "zh": "测试", "zh_translated": True},
        "quote": "test",
        "value": None,
        "unit": "%",
        "target_year": 2025,
        "scope": {"kind": "province"},
        "measure": {"variable": "X"},
        "lead": ["leading_group_office"],
    }
    base.update(fields)
    return Target.model_validate(base)


def frame(values: dict[int, float], *, variable: str = "X", unit: str = "%", region: str = PROVINCE) -> pd.DataFrame:
    """A long frame with one value per year."""
    return pd.DataFrame(
        {
            "region": region,
            "period": [str(y) for y in values],
            "variable": variable,
            "unit": unit,
            "basis": "raw",
            "vintage": "final",
            "value": list(values.values()),
        }
    )


@pytest.fixture
def target() -> Callable[..., Target]:
    return make_target
