"""Barometer rule sets (晴雨表) as strict models of versioned data files (methods.md §2).

A rule set (one YAML file under ``data/rules/warning/``) names its source document and version, its
ordered levels (green → red) and, per indicator and city tier, one or more **criteria**. A criterion
is a measure (e.g. the shortfall against the schedule as a share of the target) cut into **bands**
that must partition the real line: every value falls in exactly one band. Overlaps and gaps are
refused with :class:`~carbonpeak.errors.RuleError`. The overall level of an indicator is the most
severe level over its criteria.
"""

from __future__ import annotations

import itertools
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from carbonpeak.errors import RuleError

__all__ = ["Band", "Criterion", "IndicatorRule", "Level", "Measure", "RuleSet", "RuleSource", "parse_rule_set"]

#: measures a criterion can band (see carbonpeak.warning.evaluate.measure_values)
Measure = Literal["shortfall_share", "shortfall_pp", "actual_reduction_pct", "completion_ratio", "miss_probability"]
Indicator = Literal["energy_intensity", "co2_intensity", "energy_total"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSource(_Strict):
    """Where a rule set comes from."""

    document: str  #: document number (文号) or title
    url: str
    verified: bool  #: False for [M] items or proposed defaults
    note: str = ""
    note_zh: str = ""  #: the note in Chinese (text only: adding it does not change the version)


class Level(_Strict):
    """One warning level; ``severity`` 0 is best (green)."""

    key: str
    severity: int = Field(ge=0)
    name_zh: str
    name_en: str
    official_level: int | None = None  #: the document's own number (三级 = 3 …)
    colour: str


class Band(_Strict):
    """An interval of a measure and the level it gives; ``None`` bounds are infinite."""

    level: str
    lower: float | None = None
    upper: float | None = None
    lower_inclusive: bool = False
    upper_inclusive: bool = False
    description_zh: str = ""  #: what the band means, in the document's words (中文)
    description_en: str = ""  #: the same in English

    def describe(self, measure: str) -> str:
        """Readable interval, e.g. ``0 < shortfall_share ≤ 0.1``."""
        left = "" if self.lower is None else f"{self.lower:g} {'≤' if self.lower_inclusive else '<'} "
        right = "" if self.upper is None else f" {'≤' if self.upper_inclusive else '<'} {self.upper:g}"
        return f"{left}{measure}{right}"


def _band_errors(bands: tuple[Band, ...]) -> list[str]:
    ordered = sorted(bands, key=lambda b: -math.inf if b.lower is None else b.lower)
    errors = []
    if ordered[0].lower is not None:
        errors.append(f"gap below {ordered[0].lower:g}: the first band must start at minus infinity")
    if ordered[-1].upper is not None:
        errors.append(f"gap above {ordered[-1].upper:g}: the last band must run to infinity")
    for low, high in itertools.pairwise(ordered):
        if low.upper is None or high.lower is None or low.upper > high.lower:
            errors.append(f"bands {low.describe('x')} and {high.describe('x')} overlap")
        elif low.upper < high.lower:
            errors.append(f"gap between {low.upper:g} and {high.lower:g}")
        elif low.upper_inclusive == high.lower_inclusive:
            word = "overlap" if low.upper_inclusive else "gap"
            errors.append(f"bands {low.describe('x')} and {high.describe('x')} {word} at {low.upper:g}")
    return errors


class Criterion(_Strict):
    """A measure and its bands; the bands must cover every value exactly once."""

    measure: Measure
    bands: tuple[Band, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _partition(self) -> Criterion:
        errors = _band_errors(self.bands)
        if errors:
            raise ValueError(f"bands of {self.measure} do not partition the line: " + "; ".join(errors))
        return self


class IndicatorRule(_Strict):
    """The criteria for one indicator (and the city tiers they apply to)."""

    indicator: Indicator
    role: Literal["main", "auxiliary"]
    tiers: tuple[str, ...] = ("all",)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    note: str = ""
    note_zh: str = ""


class RuleSet(_Strict):
    """A versioned rule set with its source, levels and indicator rules."""

    id: str
    version: str
    title_zh: str
    title_en: str
    source: RuleSource
    levels: tuple[Level, ...] = Field(min_length=2)
    rules: tuple[IndicatorRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        keys = {level.key for level in self.levels}
        unknown = {b.level for r in self.rules for c in r.criteria for b in c.bands} - keys
        if unknown:
            raise ValueError(f"bands use undefined levels {sorted(unknown)}")
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            for tier in rule.tiers:
                if (rule.indicator, tier) in seen:
                    raise ValueError(f"two rules for indicator {rule.indicator} and tier {tier}")
                seen.add((rule.indicator, tier))
        return self

    def level(self, key: str) -> Level:
        """The level named ``key``."""
        return next(level for level in self.levels if level.key == key)

    def rule_for(self, indicator: str, tier: str | None) -> IndicatorRule | None:
        """The rule of ``indicator`` for ``tier``: a tier-specific rule first, else the "all" rule."""
        matches = {t: r for r in self.rules if r.indicator == indicator for t in r.tiers}
        return matches.get(tier or "all") or matches.get("all")


def parse_rule_set(data: object, *, origin: str = "rule set") -> RuleSet:
    """Validate parsed YAML into a :class:`RuleSet`.

    Raises
    ------
    RuleError
        With every problem found (unknown keys, overlapping or gapped bands, unknown levels).
    """
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise RuleError(f"{origin} is invalid: {problems}") from exc
