"""Evaluate one typed target against observations at a date (data-model.md §2, methods.md §1.3).

Formulas per kind: docs/methods/target-evaluation.md. Values "more than N" are read as ≥ N; a target whose
number the plan qualifies with "about" has its threshold relaxed by ``tolerance`` (a share of itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd

from carbonpeak.core.plan import Target, TargetKind
from carbonpeak.errors import RuleError
from carbonpeak.targets.kinds import at_most, increase_per_year, level_at_least, milestone_by, peak_before, vs_base
from carbonpeak.targets.model import Context, Convention, Evaluation, Status
from carbonpeak.targets.series import annual_series

__all__ = ["evaluate"]


_KINDS: dict[TargetKind, Callable[[Target, Context], Evaluation]] = {
    TargetKind.SHARE_AT_LEAST: level_at_least,
    TargetKind.AMOUNT_AT_LEAST: level_at_least,
    TargetKind.COUNT_AT_LEAST: level_at_least,
    TargetKind.REDUCE_BY_VS_BASE: vs_base,
    TargetKind.INCREASE_BY_VS_BASE: vs_base,
    TargetKind.INCREASE_PER_YEAR: increase_per_year,
    TargetKind.AT_MOST: at_most,
    TargetKind.PEAK_BEFORE: peak_before,
    TargetKind.MILESTONE_BY: milestone_by,
}


#: kinds whose value is a level in the target's unit (observations are converted to it)
_LEVEL_KINDS = frozenset(
    {TargetKind.SHARE_AT_LEAST, TargetKind.AMOUNT_AT_LEAST, TargetKind.COUNT_AT_LEAST, TargetKind.AT_MOST}
)


def evaluate(
    target: Target,
    observations: pd.DataFrame,
    at: date | int,
    *,
    region: str | None = None,
    convention: Convention | str = Convention.GEOMETRIC,
    tolerance: float = 0.0,
    allocated: float | None = None,
) -> Evaluation:
    """Evaluate ``target`` for ``region`` at ``at`` using only data of years up to ``at``.

    Parameters
    ----------
    target
        A typed target of the register.
    observations
        Long frame (region, period, variable, unit, value); the target's series is the rows whose variable is
        ``target.measure.name`` (a service computes ratio series beforehand). One value per year.
    at
        A year, or a date (its year is used).
    region
        Region code; may be left out only for a target whose scope is a single city.
    convention
        Schedule convention before the target year (methods.md §1.3).
    tolerance
        Relative relaxation of the threshold of targets marked approximate ("about").
    allocated
        For ``meet_allocated``: the value the higher level allocated; None leaves the target without data.

    Returns
    -------
    Evaluation
        Status met / on_track / behind / not_met / no_data with the numbers used.
    """
    at_year = at.year if isinstance(at, date) else int(at)
    blank = _blank(target, region or _default_region(target), at_year)
    if target.kind is TargetKind.MEET_ALLOCATED:
        if allocated is None:
            return replace(blank, note="no allocated value recorded for this target")
        target = target.model_copy(update={"kind": target.effective_kind, "value": allocated, "allocated_kind": None})
    if target.measure is None:
        return replace(blank, note="no statistic measures this target")
    unit = target.unit if target.kind in _LEVEL_KINDS else None
    series, unit = annual_series(observations, blank.series, blank.region, unit=unit)
    series = {year: value for year, value in series.items() if year <= at_year}
    ctx = Context(series, unit, at_year, Convention(convention), tolerance, replace(blank, unit=unit))
    return _KINDS[target.kind](target, ctx)


def _blank(target: Target, region: str, at_year: int) -> Evaluation:
    """An evaluation with the identifying fields filled in and status no_data."""
    return Evaluation(
        target_id=target.id,
        region=region,
        status=Status.NO_DATA,
        at_year=at_year,
        final=target.target_year is None or at_year >= target.target_year,
        series=target.measure.name if target.measure is not None else target.id,
        unit=None,
    )


def _default_region(target: Target) -> str:
    if target.scope.kind == "city" and len(target.scope.regions) == 1:
        return target.scope.regions[0]
    raise RuleError(f"target {target.id} has a {target.scope.kind} scope: name the region to evaluate")
