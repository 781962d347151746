"""View model of the LMDI page: the decomposition, its waterfall and the checks that the effects add up.

The waterfall is a stacked bar chart with a transparent base: the first bar is the start value, each
effect floats from the running total (rises and falls as separate series), the last bar is the end value.
"""

from __future__ import annotations

import math
from typing import Any, Final

from carbonpeak.services import lmdi

__all__ = ["EFFECTS", "lmdi_view", "waterfall"]

#: effects in the order of the identity (docs/methods/lmdi.md), then the two undecomposed lines
EFFECTS: Final = (
    "activity", "structure", "energy_intensity", "energy_mix", "emission_factor", "households", "cement_process",
)  # fmt: skip


def waterfall(v0: float, additive: dict[str, float]) -> dict[str, list[Any]]:
    """Bars ``start, effect…, end``: ``base`` (invisible), ``rise``, ``fall`` and ``total`` per bar.

    A rise of ``e`` from running total ``s`` stands on ``base = s``; a fall stands on ``base = s − |e|``;
    the start and end bars are totals on a zero base. Gaps are ``None``.
    """
    keys = [k for k in EFFECTS if k in additive]
    base: list[float | None] = [0.0]
    rise: list[float | None] = [None]
    fall: list[float | None] = [None]
    total: list[float | None] = [v0]
    running = v0
    for key in keys:
        effect = additive[key]
        base.append(running if effect >= 0 else running + effect)
        rise.append(effect if effect >= 0 else None)
        fall.append(-effect if effect < 0 else None)
        total.append(None)
        running += effect
    base.append(0.0)
    rise.append(None)
    fall.append(None)
    total.append(running)
    return {"keys": ["start", *keys, "end"], "base": base, "rise": rise, "fall": fall, "total": total}


def lmdi_view(region: str, start: int, end: int, *, intensity: bool = False) -> dict[str, Any]:
    """The decomposition of :func:`carbonpeak.services.lmdi.decompose_region`, its waterfall and checks.

    ``checks``: the additive effects sum to the change (``additive_residual``) and the multiplicative
    factors multiply to the ratio of the decomposed part (``multiplicative_residual``); both ≈ 0.
    """
    result = lmdi.decompose_region(region, start, end, intensity=intensity)
    additive: dict[str, float] = result["additive"]
    product = math.prod(result["multiplicative"].values())
    ratio = result["decomposed_vt"] / result["decomposed_v0"]
    checks = {
        "sum_of_effects": sum(additive.values()),
        "additive_residual": sum(additive.values()) - result["change"],
        "product_of_factors": product,
        "decomposed_ratio": ratio,
        "multiplicative_residual": product - ratio,
    }
    return {**result, "waterfall": waterfall(result["v0"], additive), "checks": checks, "effects": list(EFFECTS)}
