"""Legal bases of "energy consumption" for assessment: named, dated, composable deductions (methods.md §1.4).

The same region-year has several legally different energy totals. Each adjustment here is a named
pure function that computes a **deduction** from its inputs; :func:`adjusted_energy` composes the
deductions that are in force for an assessment year and that apply to the use (``"total"`` or
``"intensity"``), and returns a new array with the basis it carries. Raw statistics are never
modified. The rules' dates, documents and parameters (the 50 % green-certificate cap) are data:
``data/rules/bases/legal_bases.yaml``, parsed into :class:`AdjustmentRule` by the service layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from carbonpeak.errors import DataError, RuleError
from carbonpeak.indicators.arithmetic import ArrayLike, FloatArray

__all__ = [
    "DEDUCTIONS",
    "AdjustedEnergy",
    "AdjustmentRule",
    "adjusted_energy",
    "feedstock_deduction",
    "major_projects_deduction",
    "new_renewables_deduction",
    "non_fossil_deduction",
    "savings_needed",
]

Use = Literal["total", "intensity"]


class AdjustmentRule(BaseModel):
    """One legal adjustment as written in its data file (strict: unknown keys are errors)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Literal["minus_feedstock", "minus_new_renewables", "minus_non_fossil", "minus_major_projects"]
    title_zh: str
    applies_to: frozenset[Use]  #: "total", "intensity" or both
    first_assessment_year: int  #: first assessment year (data year) the rule is in force
    issued: date
    document: str  #: document number (文号) or title
    source_url: str
    verified: bool  #: False where methods.md tags the item [M]
    certificate_cap_share: float | None = Field(default=None, ge=0, le=1)  #: minus_non_fossil only
    note: str = ""


def _nonneg(name: str, values: ArrayLike) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    if np.any(np.isfinite(arr) & (arr < 0)):
        raise DataError(f"{name} must not be negative; got {np.unique(arr[np.isfinite(arr) & (arr < 0)]).tolist()}")
    return arr


def feedstock_deduction(inputs: Mapping[str, ArrayLike], rule: AdjustmentRule) -> FloatArray:
    """原料用能 deduction: ``D = F``, feedstock (non-energy) use of coal, oil and gas (发改环资〔2022〕803号).

    Applies to the total and to intensity; for intensity the same deduction is made in the base
    year and the assessment year, GDP is not adjusted (methods.md §1.4).
    """
    return _nonneg("feedstock energy", inputs["feedstock"])


def new_renewables_deduction(inputs: Mapping[str, ArrayLike], rule: AdjustmentRule) -> FloatArray:
    """新增可再生能源电力 deduction: ``D = max(RE_t − RE_ref, 0)`` (2022-11-16 notice, methods.md §1.4).

    ``RE_ref`` is the reference consumption (2020 for the five-year total; the previous year for an
    annual assessment). Deducted from the **total only**; intensity still counts it.
    """
    now = _nonneg("renewable electricity", inputs["renewable_electricity"])
    ref = _nonneg("reference renewable electricity", inputs["renewable_electricity_reference"])
    result: FloatArray = np.maximum(now - ref, 0.0)
    return result


def savings_needed(energy: ArrayLike, gdp: ArrayLike, base_intensity: ArrayLike, target: ArrayLike) -> FloatArray:
    """Energy a region still has to save to meet its intensity target: ``max(E_t − (1 − R)·I_0·GDP_t, 0)``.

    The base of the 50 % green-certificate cap (methods.md §1.4, notice of 2024-02-02).
    """
    allowed = (1.0 - np.asarray(target, dtype=np.float64)) * np.asarray(base_intensity, dtype=np.float64)
    result: FloatArray = np.maximum(np.asarray(energy, dtype=np.float64) - allowed * np.asarray(gdp, np.float64), 0.0)
    return result


def non_fossil_deduction(inputs: Mapping[str, ArrayLike], rule: AdjustmentRule) -> FloatArray:
    """非化石能源 deduction: ``D = NF + min(GC, cap × S)`` (notice of 2024-02-02, methods.md §1.4).

    ``NF`` is the region's own non-fossil energy (physical electricity basis), ``GC`` the green
    certificates it bought from other provinces, ``S`` the savings it needs to meet its 14th-FYP
    intensity target (:func:`savings_needed`) and ``cap`` the rule's certificate cap (0.5).
    Applies to the total and to intensity.
    """
    if rule.certificate_cap_share is None:
        raise RuleError(f"rule {rule.name} needs certificate_cap_share")
    own = _nonneg("non-fossil energy", inputs["non_fossil"])
    certificates = _nonneg("green certificates", inputs.get("green_certificates", 0.0))
    needed = _nonneg("savings needed", inputs.get("savings_needed", 0.0))
    result: FloatArray = own + np.minimum(certificates, rule.certificate_cap_share * needed)
    return result


def major_projects_deduction(inputs: Mapping[str, ArrayLike], rule: AdjustmentRule) -> FloatArray:
    """国家重大项目能耗单列 deduction: ``D = P``, energy of listed national major projects (1310号)."""
    return _nonneg("major-project energy", inputs["major_projects"])


#: the deduction function of each named rule
DEDUCTIONS: dict[str, Callable[[Mapping[str, ArrayLike], AdjustmentRule], FloatArray]] = {
    "minus_feedstock": feedstock_deduction,
    "minus_new_renewables": new_renewables_deduction,
    "minus_non_fossil": non_fossil_deduction,
    "minus_major_projects": major_projects_deduction,
}


@dataclass(frozen=True)
class AdjustedEnergy:
    """Energy on a legal basis: the value, the basis label and what was applied or skipped."""

    value: FloatArray
    basis: str  #: "raw" or the applied rule names joined by "+", e.g. "minus_feedstock+minus_non_fossil"
    applied: tuple[str, ...]
    skipped: dict[str, str] = field(default_factory=dict)  #: rule name → why it was not applied
    deductions: dict[str, FloatArray] = field(default_factory=dict)


def _skip_reason(rule: AdjustmentRule, assessment_year: int, use: Use) -> str | None:
    if use not in rule.applies_to:
        return f"applies to {sorted(rule.applies_to)} only, not {use}"
    if assessment_year < rule.first_assessment_year:
        return f"in force from assessment year {rule.first_assessment_year}"
    return None


def adjusted_energy(
    raw: ArrayLike,
    inputs: Mapping[str, ArrayLike],
    rules: Sequence[AdjustmentRule],
    *,
    assessment_year: int,
    use: Use,
) -> AdjustedEnergy:
    """Compose the deductions in force: ``E_basis = E_raw − Σ_rules D_rule`` (methods.md §1.4).

    A rule is applied when ``use`` is in its ``applies_to`` and ``assessment_year ≥`` its first
    assessment year; the input ``raw`` is never modified. For an intensity the caller adjusts the
    base year and the assessment year with the same ``assessment_year``.

    Raises
    ------
    DataError
        If an input is negative or missing, or the deductions exceed the raw energy.
    """
    energy = _nonneg("raw energy", raw).copy()
    applied: list[str] = []
    skipped: dict[str, str] = {}
    deductions: dict[str, FloatArray] = {}
    for rule in rules:
        reason = _skip_reason(rule, assessment_year, use)
        if reason:
            skipped[rule.name] = reason
            continue
        try:
            deduction = DEDUCTIONS[rule.name](inputs, rule)
        except KeyError as exc:
            raise DataError(f"adjustment {rule.name} needs input {exc.args[0]!r}") from exc
        energy = energy - deduction
        applied.append(rule.name)
        deductions[rule.name] = deduction
    if np.any(np.isfinite(energy) & (energy < 0)):
        raise DataError(f"deductions {applied} exceed the raw energy")
    return AdjustedEnergy(energy, "+".join(applied) or "raw", tuple(applied), skipped, deductions)
