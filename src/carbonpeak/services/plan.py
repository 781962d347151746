"""The plan's use cases: the clause tree (for ``carbonpeak plan`` and the web pages) and the target register
with each target's evaluation on the data in the store (``carbonpeak targets``).

Ratio measures (CO2 or energy per unit of constant-price GDP) are computed here from the stored numerator
and denominator; the engine :mod:`carbonpeak.targets` receives ready series.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from carbonpeak.core.plan import Measure, Plan, PlanNode, Target, TargetKind, Text
from carbonpeak.core.schema import BASIS, PERIOD, REGION, UNIT, VALUE, VARIABLE, Basis
from carbonpeak.errors import RuleError
from carbonpeak.reference.plan import DEFAULT_PLAN, load_plan, plan_text, split_clauses
from carbonpeak.reference.regions import load_regions
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.targets import Convention, Evaluation, Status, evaluate

__all__ = ["ALLOCATED_PREFIX", "RegisterRow", "TreeNode", "department_names", "plan_tree", "target_register"]

#: variable under which a higher level's allocated value for a ``meet_allocated`` target is recorded,
#: followed by the target id, e.g. ``Allocated|co2-intensity-2025`` (region = the target's region)
ALLOCATED_PREFIX = "Allocated|"

#: order used to summarise the evaluations of a target over several regions: the first present wins
_WORST_FIRST = (Status.NOT_MET, Status.BEHIND, Status.NO_DATA, Status.ON_TRACK, Status.MET)


@dataclass(frozen=True)
class TreeNode:
    """One clause of the plan with its children, its targets and its text."""

    node: PlanNode
    text: str  #: the clause's own words in the source text ("" when not in the text)
    targets: tuple[Target, ...]
    children: tuple[TreeNode, ...]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (both languages kept)."""
        return {
            **self.node.model_dump(mode="json"),
            "text_en": self.text,
            "targets": [t.id for t in self.targets],
            "children": [c.as_dict() for c in self.children],
        }


@dataclass(frozen=True)
class RegisterRow:
    """A target with its evaluation in each region of its scope."""

    target: Target
    evaluations: tuple[Evaluation, ...] = field(default=())

    @property
    def status(self) -> Status:
        """The worst status over the regions (not met, behind, no data, on track, met)."""
        present = {e.status for e in self.evaluations}
        return next((s for s in _WORST_FIRST if s in present), Status.NO_DATA)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping: the target, its summary status, counts and every evaluation."""
        return {
            "target": self.target.model_dump(mode="json"),
            "status": str(self.status),
            "status_counts": dict(Counter(str(e.status) for e in self.evaluations)),
            "evaluations": [e.as_dict() for e in self.evaluations],
        }


def department_names(key: str = DEFAULT_PLAN) -> dict[str, Text]:
    """Names (zh/en) of the departments and offices a plan names as leads, by key."""
    return {d.key: d.name for d in load_plan(key).departments}


def plan_tree(key: str = DEFAULT_PLAN) -> tuple[TreeNode, ...]:
    """The plan's clauses as a tree (parts → sections → sub-tasks), each with its targets and source text."""
    plan = load_plan(key)
    texts = split_clauses(plan_text(key))
    by_parent: dict[str | None, list[PlanNode]] = {}
    for node in plan.nodes:
        by_parent.setdefault(node.parent, []).append(node)

    def build(node: PlanNode) -> TreeNode:
        children = tuple(build(child) for child in by_parent.get(node.clause, []))
        targets = tuple(t for t in plan.targets if t.clause == node.clause)
        return TreeNode(node, texts.get(node.clause, ""), targets, children)

    return tuple(build(part) for part in by_parent.get(None, []))


def target_register(
    rt: Runtime, *, at: date | int | None = None, as_of: datetime | None = None, key: str = DEFAULT_PLAN
) -> list[RegisterRow]:
    """Every target of the register, evaluated at ``at`` (default: today) on the data known at ``as_of``.

    Each target is evaluated in every region of its scope (the province, named cities, or every city
    existing in the evaluation year minus the exceptions). Best-available vintages are used; a measure's
    basis defaults to ``raw``. The schedule convention is the setting ``schedule_convention``.
    """
    plan = load_plan(key)
    at_value: date | int = at if at is not None else date.today()
    at_year = at_value.year if isinstance(at_value, date) else at_value
    scopes = {t.id: _regions(plan, t, at_year) for t in plan.targets}
    with rt.transaction() as session:
        frame = _observations(session, plan.targets, scopes, as_of)
    convention = _convention(rt.settings.schedule_convention)
    rows = []
    for target in plan.targets:
        evaluations = tuple(
            evaluate(
                target, frame, at_value, region=region, convention=convention,
                tolerance=plan.approximate_tolerance, allocated=_allocated(frame, target, region),
            )
            for region in scopes[target.id]
        )  # fmt: skip
        rows.append(RegisterRow(target, evaluations))
    return rows


def _convention(setting: str) -> Convention:
    try:
        return Convention(setting)
    except ValueError:
        choices = ", ".join(c.value for c in Convention)
        raise RuleError(f"setting schedule_convention is {setting!r}; use one of {choices}") from None


def _regions(plan: Plan, target: Target, year: int) -> tuple[str, ...]:
    scope = target.scope
    if scope.kind == "province":
        return (plan.document.region,)
    if scope.kind == "city":
        return scope.regions
    cities = load_regions().cities(year)
    return tuple(c.code for c in cities if c.code not in scope.except_regions)


def _variables(target: Target) -> set[str]:
    names = {ALLOCATED_PREFIX + target.id} if target.kind is TargetKind.MEET_ALLOCATED else set()
    if target.measure is not None:
        names.add(target.measure.variable)
        if target.measure.denominator is not None:
            names.add(target.measure.denominator)
    return names


def _observations(
    session: Session, targets: Iterable[Target], scopes: dict[str, tuple[str, ...]], as_of: datetime | None
) -> pd.DataFrame:
    """The series every target is measured by, one frame; ratio series computed from their parts."""
    targets = list(targets)
    variables = set().union(*(_variables(t) for t in targets))
    regions = set().union(*scopes.values())
    stored = obs.query(session, regions=sorted(regions), variables=sorted(variables), as_of=as_of)
    parts = [stored[stored[VARIABLE].str.startswith(ALLOCATED_PREFIX)]]
    seen: set[str] = set()
    for target in targets:
        measure = target.measure
        if measure is None or measure.name in seen:
            continue
        seen.add(measure.name)
        parts.append(_measure_series(stored, measure))
    return pd.concat(parts, ignore_index=True)


def _pick(stored: pd.DataFrame, variable: str, basis: str | None) -> pd.DataFrame:
    rows = stored[(stored[VARIABLE] == variable) & (stored[BASIS] == (basis or Basis.RAW))]
    return rows[[REGION, PERIOD, UNIT, VALUE]]


def _measure_series(stored: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """Rows of ``measure``: the variable itself, or numerator / denominator per region and period."""
    numerator = _pick(stored, measure.variable, measure.basis)
    if measure.denominator is None:
        return numerator.assign(**{VARIABLE: measure.name})
    denominator = _pick(stored, measure.denominator, measure.denominator_basis)
    both = numerator.merge(denominator, on=[REGION, PERIOD], suffixes=("", "_den"))
    ratio = both[VALUE] / both[f"{VALUE}_den"].where(both[f"{VALUE}_den"] != 0)
    return pd.DataFrame(
        {
            REGION: both[REGION],
            PERIOD: both[PERIOD],
            VARIABLE: measure.name,
            UNIT: both[UNIT] + " / " + both[f"{UNIT}_den"],
            VALUE: ratio,
        }
    )


def _allocated(frame: pd.DataFrame, target: Target, region: str) -> float | None:
    """The allocated value recorded for a meet_allocated target (the target year's, else the latest)."""
    if target.kind is not TargetKind.MEET_ALLOCATED:
        return None
    rows = frame[(frame[VARIABLE] == ALLOCATED_PREFIX + target.id) & (frame[REGION] == region)]
    rows = rows[rows[VALUE].notna()].sort_values(PERIOD)
    if rows.empty:
        return None
    exact = rows[rows[PERIOD] == str(target.target_year)]
    return float((exact if not exact.empty else rows)[VALUE].iloc[-1])
