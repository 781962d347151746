"""Alert history: the stored barometer runs and their evaluations, newest first, filterable by region.

Each run keeps who ran it, when, the rule set and version, and per cell the level with its inputs
(including the schedule convention used), so a past warning can be shown exactly as it was issued.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import RecordedWarning, WarningEvaluation, WarningRun

__all__ = ["evaluations", "recorded", "runs"]

_RUN_FIELDS = ("id", "period", "rule_set", "rule_version", "as_of", "run_by", "run_at")
_EVALUATION_FIELDS = (
    "id", "run_id", "region", "period", "indicator", "level", "severity", "actual", "required", "inputs",
    "measures", "formula", "rule_applied",
)  # fmt: skip


def runs(rt: Runtime, *, limit: int = 50) -> list[dict[str, Any]]:
    """The latest runs with, for each, the number of cells per level."""
    counts = (
        select(WarningEvaluation.run_id, WarningEvaluation.level, func.count())
        .group_by(WarningEvaluation.run_id, WarningEvaluation.level)
    )  # fmt: skip
    with rt.transaction() as session:
        found = session.scalars(select(WarningRun).order_by(WarningRun.id.desc()).limit(limit)).all()
        out = [{f: getattr(r, f) for f in _RUN_FIELDS} | {"levels": {}} for r in found]
        by_id = {r["id"]: r for r in out}
        for run_id, level, count in session.execute(counts.where(WarningEvaluation.run_id.in_(list(by_id)))):
            by_id[run_id]["levels"][str(level)] = int(count)
    return out


def evaluations(
    rt: Runtime, *, region: str | None = None, run_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """Stored evaluations (newest first) of one region and/or run, with the run's rule version and author."""
    stmt = (
        select(WarningEvaluation, WarningRun)
        .join(WarningRun, WarningRun.id == WarningEvaluation.run_id)
        .order_by(WarningEvaluation.id.desc())
        .limit(limit)
    )
    if region:
        stmt = stmt.where(WarningEvaluation.region == region)
    if run_id is not None:
        stmt = stmt.where(WarningEvaluation.run_id == run_id)
    with rt.transaction() as session:
        rows = session.execute(stmt).all()
    return [
        {f: getattr(e, f) for f in _EVALUATION_FIELDS}
        | {"rule_set": r.rule_set, "rule_version": r.rule_version, "run_by": r.run_by, "run_at": r.run_at}
        for e, r in rows
    ]


def recorded(rt: Runtime, *, period: str | None = None) -> list[dict[str, Any]]:
    """The province's own recorded warnings (loaded by :func:`~carbonpeak.services.warnings.load_recorded_warnings`)."""
    stmt = select(RecordedWarning).order_by(RecordedWarning.period, RecordedWarning.region, RecordedWarning.indicator)
    if period is not None:
        stmt = stmt.where(RecordedWarning.period == period)
    fields = ("region", "period", "indicator", "official_level", "colour", "source_url", "grade", "note")
    with rt.transaction() as session:
        return [{f: getattr(w, f) for f in fields} for w in session.scalars(stmt)]
