"""One evaluator per kind of target. Formulas: docs/methods/target-evaluation.md."""

from __future__ import annotations

from dataclasses import replace

from carbonpeak.core.plan import Target, TargetKind
from carbonpeak.targets.model import Context, Evaluation, Status
from carbonpeak.targets.series import level_schedule, ratio_schedule

__all__ = ["at_most", "increase_per_year", "level_at_least", "milestone_by", "peak_before", "vs_base"]

#: comparisons allow for floating-point noise only (a value exactly at the boundary meets the target)
_EPS = 1e-9


def _ge(a: float, b: float) -> bool:
    return a >= b - _EPS * max(1.0, abs(b))


def _le(a: float, b: float) -> bool:
    return a <= b + _EPS * max(1.0, abs(b))


def _value(target: Target) -> float:
    if target.value is None:
        raise ValueError(f"target {target.id} has no value")
    return target.value


def _latest(series: dict[int, float]) -> tuple[int, float] | None:
    return max(series.items()) if series else None


def _final_value(target: Target, ctx: Context) -> Evaluation | tuple[int, float]:
    """The value of the target year, or of the latest year for a standing requirement."""
    if target.target_year is None:
        latest = _latest(ctx.series)
        return latest if latest is not None else replace(ctx.blank, note="no observation")
    if target.target_year in ctx.series:
        return target.target_year, ctx.series[target.target_year]
    missing = replace(ctx.blank, note=f"no observation for the target year {target.target_year}")
    latest = _latest(ctx.series)
    return missing if latest is None else replace(missing, observed_year=latest[0], observed=latest[1])


def level_at_least(target: Target, ctx: Context) -> Evaluation:
    """share_at_least, amount_at_least, count_at_least: observed ≥ value (× (1 − tolerance) if "about")."""
    threshold = _value(target) * (1 - ctx.tolerance if target.approximate else 1)
    base = replace(ctx.blank, threshold=threshold)
    start = target.schedule_start
    if start is not None and start in ctx.series:
        base = replace(base, base_year=start, base_value=ctx.series[start])
    if base.final:
        found = _final_value(target, replace(ctx, blank=base))
        if isinstance(found, Evaluation):
            return found
        year, observed = found
        status = Status.MET if _ge(observed, threshold) else Status.NOT_MET
        return replace(base, status=status, observed_year=year, observed=observed, required=threshold)
    return _level_before(target, ctx, base, threshold)


def _level_before(target: Target, ctx: Context, base: Evaluation, threshold: float) -> Evaluation:
    latest = _latest(ctx.series)
    if latest is None:
        return replace(base, note="no observation")
    year, observed = latest
    shown = replace(base, observed_year=year, observed=observed)
    if _ge(observed, threshold):
        return replace(shown, status=Status.ON_TRACK, required=threshold, note="target level already reached")
    start = target.schedule_start
    if start is None or start not in ctx.series:
        return replace(shown, note="no value for the schedule's start year")
    shown = replace(shown, base_year=start, base_value=ctx.series[start], convention=ctx.convention)
    if year <= start:
        return replace(shown, note="only the start-year value is known")
    assert target.target_year is not None  # a target with a schedule has a year (not final)
    required = level_schedule(
        ctx.series[start], threshold, year=year, start=start, end=target.target_year, convention=ctx.convention
    )
    status = Status.ON_TRACK if _ge(observed, required) else Status.BEHIND
    return replace(shown, status=status, required=required)


def vs_base(target: Target, ctx: Context) -> Evaluation:
    """reduce_by_vs_base: observed / base − 1 ≤ −R; increase_by_vs_base: observed / base − 1 ≥ R.

    R = value / 100, × (1 − tolerance) if "about". Before the target year the ratio observed / base is
    compared with the schedule of :func:`~carbonpeak.targets.series.ratio_schedule` (methods.md §1.3).
    """
    sign = -1.0 if target.kind is TargetKind.REDUCE_BY_VS_BASE else 1.0
    rate = _value(target) / 100 * (1 - ctx.tolerance if target.approximate else 1)
    base_year = target.base_year
    assert base_year is not None  # the model requires a base year for these kinds
    shown = replace(ctx.blank, base_year=base_year, threshold=sign * rate)
    if base_year not in ctx.series:
        return replace(shown, note=f"no observation for the base year {base_year}")
    base_value = ctx.series[base_year]
    shown = replace(shown, base_value=base_value)
    if shown.final:
        found = _final_value(target, replace(ctx, blank=shown))
        if isinstance(found, Evaluation):
            return found if found.observed is None else replace(found, change=found.observed / base_value - 1)
        year, observed = found
        change = observed / base_value - 1
        ok = _le(change, -rate) if sign < 0 else _ge(change, rate)
        status = Status.MET if ok else Status.NOT_MET
        return replace(shown, status=status, observed_year=year, observed=observed, change=change, required=sign * rate)
    return _vs_base_before(target, ctx, shown, 1 + sign * rate)


def _vs_base_before(target: Target, ctx: Context, shown: Evaluation, target_ratio: float) -> Evaluation:
    base_value = shown.base_value
    assert base_value is not None  # set by vs_base
    assert target.target_year is not None  # not final, so the target has a year
    assert shown.base_year is not None  # set by vs_base
    later = {y: v for y, v in ctx.series.items() if y > shown.base_year}
    if not later:
        return replace(shown, note="only the base-year value is known")
    year, observed = max(later.items())
    change = observed / base_value - 1
    shown = replace(shown, observed_year=year, observed=observed, change=change, convention=ctx.convention)
    start = target.schedule_start if target.schedule_start is not None else shown.base_year
    if start not in ctx.series or year <= start:
        return replace(shown, note=f"no value after the schedule's start year {start}")
    start_ratio = ctx.series[start] / base_value
    required = ratio_schedule(
        start_ratio, target_ratio, year=year, start=start, end=target.target_year, convention=ctx.convention
    )
    ok = _le(1 + change, required) if target_ratio < 1 else _ge(1 + change, required)
    return replace(shown, status=Status.ON_TRACK if ok else Status.BEHIND, required=required - 1)


def increase_per_year(target: Target, ctx: Context) -> Evaluation:
    """Each year's growth v_y / v_(y−1) − 1 ≥ R for every year after the schedule start up to the target year."""
    rate = _value(target) / 100 * (1 - ctx.tolerance if target.approximate else 1)
    shown = replace(ctx.blank, threshold=rate, required=rate)
    start = target.schedule_start
    end = target.target_year if target.target_year is not None else ctx.at_year
    first = start + 1 if start is not None else min(ctx.series, default=end) + 1
    years = range(first, min(end, ctx.at_year) + 1)
    growth = {y: ctx.series[y] / ctx.series[y - 1] - 1 for y in years if y in ctx.series and y - 1 in ctx.series}
    if not growth:
        return replace(shown, note="no two consecutive years observed")
    year = max(growth)
    shown = replace(shown, observed_year=year, observed=ctx.series[year], change=growth[year])
    short = sorted(y for y, g in growth.items() if not _ge(g, rate))
    if short:
        status = Status.NOT_MET if shown.final else Status.BEHIND
        return replace(shown, status=status, note="growth below the target in " + ", ".join(map(str, short)))
    if not shown.final:
        return replace(shown, status=Status.ON_TRACK)
    missing = [y for y in range(first, end + 1) if y not in growth]
    if missing:
        return replace(shown, note="growth unknown for " + ", ".join(map(str, missing)))
    return replace(shown, status=Status.MET)


def at_most(target: Target, ctx: Context) -> Evaluation:
    """Observed ≤ value (× (1 + tolerance) if "about"); before the target year the latest value is checked."""
    threshold = _value(target) * (1 + ctx.tolerance if target.approximate else 1)
    shown = replace(ctx.blank, threshold=threshold, required=threshold)
    found = _final_value(target, replace(ctx, blank=shown)) if shown.final else _latest(ctx.series)
    if found is None:
        return replace(shown, note="no observation")
    if isinstance(found, Evaluation):
        return found
    year, observed = found
    ok = _le(observed, threshold)
    statuses = (Status.MET, Status.NOT_MET) if shown.final else (Status.ON_TRACK, Status.BEHIND)
    return replace(shown, status=statuses[0] if ok else statuses[1], observed_year=year, observed=observed)


def peak_before(target: Target, ctx: Context) -> Evaluation:
    """The series' maximum lies no later than the target year and every later value is below it.

    Met needs data through the target year and at least one value after the peak (else the peak is not
    confirmed). Before the target year the target is on track whatever the path (a peak may still come).
    """
    deadline = target.target_year
    assert deadline is not None  # the model requires a year for peak_before
    if not ctx.series:
        return replace(ctx.blank, note="no observation")
    top = max(ctx.series.values())
    peak_year = max(y for y, v in ctx.series.items() if v == top)
    last = max(ctx.series)
    shown = replace(ctx.blank, observed_year=peak_year, observed=top, threshold=float(deadline))
    if peak_year > deadline:
        return replace(shown, status=Status.NOT_MET, note=f"the highest value is in {peak_year}")
    if not shown.final:
        note = f"still rising in {last}" if peak_year == last else f"highest so far in {peak_year}, lower up to {last}"
        return replace(shown, status=Status.ON_TRACK, note=note)
    if last < deadline or peak_year == last:
        return replace(shown, note=f"peak not confirmed: data up to {last}, highest in {peak_year}")
    return replace(shown, status=Status.MET, note=f"peak in {peak_year}, lower up to {last}")


def milestone_by(target: Target, ctx: Context) -> Evaluation:
    """A completion record (value ≥ 1 in the year of completion) exists by the target year.

    Records with value 0 say "not completed in that year". Without any record the status is no_data.
    """
    deadline = target.target_year
    assert deadline is not None  # the model requires a year for milestone_by
    shown = replace(ctx.blank, threshold=float(deadline))
    done = sorted(y for y, v in ctx.series.items() if v >= 1)
    if done:
        status = Status.MET if done[0] <= deadline else Status.NOT_MET
        return replace(
            shown, status=status, final=True, observed_year=done[0], observed=1.0, note=f"completed in {done[0]}"
        )
    if not ctx.series:
        return replace(shown, note="no completion record")
    last = max(ctx.series)
    shown = replace(shown, observed_year=last, observed=ctx.series[last])
    if not shown.final:
        return replace(shown, status=Status.ON_TRACK, note=f"not completed as of {last}; deadline {deadline}")
    if last >= deadline:
        return replace(shown, status=Status.NOT_MET, note=f"not completed as of {last}")
    return replace(shown, note=f"not completed as of {last}; no record for {deadline}")
