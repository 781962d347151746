"""The annual target-and-task list (年度目标任务清单) followed in a closed loop: progress reports on the plan's
actions, sub-tasks, guarantees and targets (docs/user-guide/plan.md, "Progress reports").

A department reports only on the nodes it leads (the plan register's ``lead``); the provincial office and the
administrator report on any node; city offices and viewers read the list but do not report. Reports are
append-only: the latest report of a node and year is its current state, older ones are its history. Every
report is one transaction with one audit event (``progress.report``, before = the report it supersedes).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.plan import VALUELESS_KINDS, NodeKind, Plan, Target, Text
from carbonpeak.errors import DataError, NotFound, PermissionDenied, Problem, UnitError
from carbonpeak.reference.plan import DEFAULT_PLAN, load_plan
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import ProgressReport
from carbonpeak.units import conversion_factor

__all__ = [
    "FIRST_YEAR",
    "PROGRESS_STATUSES",
    "NodeRef",
    "ProgressInfo",
    "TaskRow",
    "can_report",
    "find_node",
    "node_reports",
    "report_progress",
    "task_list",
]

#: statuses of a progress report, in the order a task goes through them
PROGRESS_STATUSES: Final = ("not_started", "on_schedule", "behind", "done")
#: the first year of the annual list: the plan's schedule runs from the 2020 base (14th five-year plan)
FIRST_YEAR: Final = 2021
#: the kinds of clause that are tasks of the list (the parts, sections and paragraphs are not)
TASK_KINDS: Final = frozenset({NodeKind.ACTION, NodeKind.SUB_TASK, NodeKind.GUARANTEE})
MAX_NOTE: Final = 2000
_REPORTERS: Final = (Role.ADMINISTRATOR, Role.PROVINCE, Role.DEPARTMENT)


@dataclass(frozen=True)
class NodeRef:
    """A node of the annual list: a task (a clause) or a target, with its lead departments."""

    id: str  #: the clause (``2.(6).1``) or the target id
    kind: str  #: "clause" or "target"
    title: Text
    lead: tuple[str, ...]
    unit: str | None  #: a target's unit; None for a task or a target that carries no number
    clause: str


@dataclass(frozen=True)
class ProgressInfo:
    """One stored progress report."""

    id: int
    node: str
    year: int
    status: str
    value: float | None
    unit: str | None
    note: str | None
    reported_by: str
    department: str | None
    reported_at: datetime


@dataclass(frozen=True)
class TaskRow:
    """A node of the list with its current report for the year and its history (newest first)."""

    node: NodeRef
    current: ProgressInfo | None
    history: tuple[ProgressInfo, ...]


def _target_ref(target: Target) -> NodeRef:
    unit = None if target.kind in VALUELESS_KINDS else target.unit
    return NodeRef(target.id, "target", target.title, target.lead, unit, target.clause)


def _nodes(plan: Plan) -> list[NodeRef]:
    """Every task and target, in the order of the plan (a clause's targets right after it)."""
    found: list[NodeRef] = []
    for node in plan.nodes:
        if node.kind in TASK_KINDS:
            found.append(NodeRef(node.clause, "clause", node.title, node.lead, None, node.clause))
        found += [_target_ref(t) for t in plan.targets if t.clause == node.clause]
    return found


def find_node(node_id: str, key: str = DEFAULT_PLAN) -> NodeRef:
    """The task or target ``node_id`` of the plan.

    Raises
    ------
    NotFound
        If the plan has no target of this id and no task clause of this reference.
    """
    found = next((n for n in _nodes(load_plan(key)) if n.id == node_id), None)
    if found is None:
        raise NotFound(f"the plan has no task or target {node_id!r}")
    return found


def can_report(actor: Actor, node: NodeRef) -> bool:
    """The office and administrators report on any node; a department on the nodes it leads."""
    if actor.role in (Role.ADMINISTRATOR, Role.PROVINCE):
        return True
    return actor.role == Role.DEPARTMENT and actor.department is not None and actor.department in node.lead


def _value_problems(node: NodeRef, value: float | None, unit: str | None) -> list[Problem]:
    if value is None:
        return [Problem(None, "unit", "give a unit only with a value", unit)] if unit else []
    if node.unit is None:
        return [Problem(None, "value", "this task or target takes no value; report its status only", value)]
    if not math.isfinite(value):
        return [Problem(None, "value", "must be a finite number", value)]
    if not unit:
        return [Problem(None, "unit", f"a value needs its unit ({node.unit})")]
    if unit.strip() == node.unit:
        return []
    try:
        conversion_factor(unit, node.unit)
    except UnitError:
        return [Problem(None, "unit", f"not convertible to the target's unit {node.unit}", unit)]
    return []


def _check_report(
    node: NodeRef, *, year: int, status: str, value: float | None, unit: str | None, note: str | None
) -> None:
    last = date.today().year + 1
    problems = []
    if not FIRST_YEAR <= year <= last:
        problems.append(Problem(None, "year", f"a year from {FIRST_YEAR} to {last}", year))
    if status not in PROGRESS_STATUSES:
        problems.append(Problem(None, "status", f"one of {', '.join(PROGRESS_STATUSES)}", status))
    problems += _value_problems(node, value, unit)
    if note is not None and len(note) > MAX_NOTE:
        problems.append(Problem(None, "note", f"at most {MAX_NOTE} characters", len(note)))
    if problems:
        raise DataError(f"the progress report on {node.id} cannot be stored", problems)


def _info(row: ProgressReport) -> ProgressInfo:
    return ProgressInfo(
        row.id, row.node, row.year, row.status, row.value, row.unit, row.note, row.reported_by, row.department,
        row.reported_at,
    )  # fmt: skip


def _latest(session: Session, node: str, year: int) -> ProgressReport | None:
    stmt = select(ProgressReport).where(ProgressReport.node == node, ProgressReport.year == year)
    return session.scalars(stmt.order_by(ProgressReport.id.desc()).limit(1)).first()


def report_progress(
    rt: Runtime,
    actor: Actor,
    node_id: str,
    *,
    year: int,
    status: str,
    value: float | None = None,
    unit: str | None = None,
    note: str | None = None,
) -> ProgressInfo:
    """Store a progress report on a task or target for ``year``; it becomes the node's current report.

    Raises
    ------
    PermissionDenied
        For a city office or a viewer; for a department on a node another department leads.
    NotFound
        If the plan has no such task or target.
    DataError
        Naming each bad field: year outside the list's years, unknown status, a value for a node that takes
        none, a value without unit or in a unit not convertible to the target's, a note too long.
    """
    actor.require_role(*_REPORTERS)
    node = find_node(node_id)
    if not can_report(actor, node):
        leads = ", ".join(node.lead)
        raise PermissionDenied(f"{actor.login} ({actor.department}) may not report on {node.id}, led by {leads}")
    unit = (unit or "").strip() or None
    note = (note or "").strip() or None
    _check_report(node, year=year, status=status, value=value, unit=unit, note=note)
    with rt.transaction() as session:
        previous = _latest(session, node.id, year)
        row = ProgressReport(
            node=node.id, node_kind=node.kind, year=year, status=status, value=value, unit=unit, note=note,
            reported_by=actor.login, department=actor.department,
        )  # fmt: skip
        session.add(row)
        session.flush()
        info = _info(row)
        before = _audit_view(_info(previous)) if previous else None
        audit.record(
            session, actor, "progress.report", "plan_node", object_id=f"{node.id}@{year}",
            before=before, after=_audit_view(info),
        )  # fmt: skip
    return info


def _audit_view(info: ProgressInfo) -> dict[str, object]:
    keep = ("id", "year", "status", "value", "unit", "note")
    return {k: v for k, v in asdict(info).items() if k in keep}


def node_reports(rt: Runtime, node_id: str, *, year: int | None = None) -> list[ProgressInfo]:
    """Every report on a node (of ``year``, if given), newest first.

    Raises
    ------
    NotFound
        If the plan has no such task or target.
    """
    node = find_node(node_id)
    stmt = select(ProgressReport).where(ProgressReport.node == node.id)
    if year is not None:
        stmt = stmt.where(ProgressReport.year == year)
    with rt.transaction() as session:
        return [_info(r) for r in session.scalars(stmt.order_by(ProgressReport.id.desc()))]


def task_list(rt: Runtime, *, year: int, key: str = DEFAULT_PLAN) -> list[TaskRow]:
    """The annual list: every task and target of the plan with its current report for ``year`` and its history
    of that year (one query)."""
    nodes = _nodes(load_plan(key))
    with rt.transaction() as session:
        stmt = select(ProgressReport).where(ProgressReport.year == year).order_by(ProgressReport.id.desc())
        by_node: dict[str, list[ProgressInfo]] = {}
        for row in session.scalars(stmt):
            by_node.setdefault(row.node, []).append(_info(row))
    rows = []
    for node in nodes:
        history = tuple(by_node.get(node.id, ()))
        rows.append(TaskRow(node, history[0] if history else None, history))
    return rows
