"""The barometer (晴雨表) from the store: inputs, evaluation, stored runs, notifications, recorded history.

Reads the data, builds the barometer inputs (A = reduction achieved, T = schedule requirement, per
region × indicator, methods.md §2), grades them with a versioned rule set (:mod:`carbonpeak.warning`)
and, when asked to run, stores every cell with its inputs and rule version, notifies the users of a
region whose level worsened and records an audit event. See docs/methods/warning-barometer.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import numpy as np
import pandas as pd
import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from carbonpeak.core.periods import parse_period
from carbonpeak.core.schema import PERIOD, REGION, VALUE, YEAR
from carbonpeak.errors import DataError, NotFound
from carbonpeak.indicators.arithmetic import ScheduleConvention
from carbonpeak.indicators.progress import GDP, NUMERATOR
from carbonpeak.reference.dataset_base import read_reference
from carbonpeak.reference.files import data_file
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services import progress as prog
from carbonpeak.services import warning_forecast as wf
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.audit import record
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.tiers import tiers_in_force
from carbonpeak.services.warning_reasons import Reason, progress_reason
from carbonpeak.store import observations as obs
from carbonpeak.store.models import RecordedWarning, User, WarningEvaluation, WarningNotification, WarningRun
from carbonpeak.warning.evaluate import MISS_PROBABILITY, NO_DATA, TIER, evaluate
from carbonpeak.warning.rules import RuleSet, parse_rule_set

__all__ = [
    "INDICATORS",
    "barometer",
    "barometer_history",
    "load_recorded_warnings",
    "notifications_for",
    "recorded_vs_computed",
    "rule_set",
    "rule_set_ids",
    "run_barometer",
]

#: indicators of the barometer, main first (methods.md §2.1, §8.6)
INDICATORS: Final = ("energy_intensity", "co2_intensity", "energy_total")
#: the numbers of an annual cell kept among its inputs (see :func:`carbonpeak.indicators.progress.progress_table`)
_ANNUAL_NUMBERS: Final = (
    "numerator", "gdp", "intensity", "cum_reduction", "progress", "year_index", "schedule_required",
)  # fmt: skip
_RECORDED_INDICATORS: Final = {
    "energy_intensity_progress_warning": "energy_intensity",
    "energy_consumption_growth_warning": "energy_total",
    "energy_intensity_progress_warning_jan_sep": "energy_intensity",
}


def rule_set_ids() -> list[str]:
    """The shipped rule sets (file names under data/rules/warning)."""
    return sorted(
        p.name.removesuffix(".yaml") for p in data_file("rules", "warning").iterdir() if p.name.endswith(".yaml")
    )


@functools.cache
def rule_set(rule_id: str) -> RuleSet:
    """Load and validate one shipped rule set; :class:`NotFound` if there is none of that id."""
    if rule_id not in rule_set_ids():
        raise NotFound(f"no warning rule set {rule_id!r}; known: {', '.join(rule_set_ids())}")
    text = data_file("rules", "warning", f"{rule_id}.yaml").read_text(encoding="utf-8")
    return parse_rule_set(yaml.safe_load(text), origin=f"data/rules/warning/{rule_id}.yaml")


def _regions(year: int) -> list[str]:
    regions = load_regions()
    return [PROVINCE_CODE, *(r.code for r in regions.cities(year))]


@dataclass(frozen=True)
class _Options:
    as_of: datetime | None  #: data as known at; None = latest
    convention: ScheduleConvention  #: schedule convention of methods.md §1.3
    forecast: wf.ForecastOptions | None = None  #: set when the rule set grades the forecast (§2.4)


def _annual_cell(session: Session, region: str, indicator: str, year: int, opts: _Options) -> dict[str, Any]:
    """A and T for one region, indicator and year, with the numbers used (or why there are none)."""
    targets = [t for t in prog.known_targets() if t.region == region and t.indicator == indicator and t.covers(year)]
    if indicator == "energy_total" or not targets:
        return _no_level(Reason("no_target"))
    target = targets[0]
    levels = prog.region_levels(session, [region], indicator, price_year=target.base_year, as_of=opts.as_of)
    rows = prog._target_rows(levels, target, opts.convention)
    row = rows[rows[YEAR] == year].iloc[0]
    inputs = {
        **_base_numbers(levels, target.base_year),
        "target_reduction": target.reduction,
        "base_year": target.base_year,
        "target_year": target.target_year,
        "target_source": target.source,
        "schedule_convention": opts.convention,
        "numerator_variable": prog.NUMERATORS[indicator],
        **{k: _num(row.get(k)) for k in _ANNUAL_NUMBERS},
        "numerator_vintage": None if pd.isna(row.get("numerator_vintage")) else str(row.get("numerator_vintage")),
    }
    reason = progress_reason(row["status"], base_year=target.base_year, variable=prog.NUMERATORS[indicator])
    return {
        "actual": row.get("cum_reduction"),
        "required": row.get("schedule_required"),
        "status": row["status"],
        "reason": None if reason is None else reason.as_dict(),
        "inputs": inputs,
    }


def _no_level(reason: Reason, inputs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"status": reason.text, "reason": reason.as_dict(), "inputs": inputs or {}}


def _base_numbers(levels: pd.DataFrame, base_year: int) -> dict[str, float | None]:
    """Numerator, constant-price GDP and intensity of the base year (None where missing)."""
    base = levels[levels[YEAR] == base_year]
    numerator = _num(base[NUMERATOR].iloc[0]) if len(base) else None
    gdp = _num(base[GDP].iloc[0]) if len(base) else None
    intensity = numerator / gdp if numerator is not None and gdp else None
    return {"base_numerator": numerator, "base_gdp": gdp, "base_intensity": intensity}


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _ytd_cell(session: Session, region: str, indicator: str, period: str) -> dict[str, Any]:
    if indicator != "energy_intensity":
        return _no_level(Reason("no_ytd_statistics"))
    ytd = obs.query(session, regions=[region], variables=["Energy|Intensity Change"], periods=[period])
    if ytd.empty:
        return _no_level(Reason("no_ytd_value"))
    value = float(ytd[VALUE].iloc[0])
    inputs = {"official_ytd_change_pct": value, "vintage": str(ytd["vintage"].iloc[0]), "source": ytd["source"].iloc[0]}
    return {"actual": -value / 100, **_no_level(Reason("no_annual_target"), inputs)}


def _inputs(session: Session, period: str, opts: _Options) -> pd.DataFrame:
    p = parse_period(period)
    tier_of = tiers_in_force(session, p)
    cells = []
    for region in _regions(p.year):
        for indicator in INDICATORS:
            if opts.forecast is not None:
                cell = wf.forecast_cell(session, region, indicator, p, opts.forecast)
            elif p.kind == "year":
                cell = _annual_cell(session, region, indicator, p.year, opts)
            else:
                cell = _ytd_cell(session, region, indicator, p.code)
            cells.append(
                {REGION: region, PERIOD: p.code, "indicator": indicator, "actual": np.nan, "required": np.nan,
                 "reason": None, TIER: tier_of.get(region, "all"), **cell}
            )  # fmt: skip
    return pd.DataFrame(cells).astype({"actual": float, "required": float})


def _forecast_options(method: str, as_of: datetime | None) -> wf.ForecastOptions:
    for known in wf.METHODS:
        if method == known:
            return wf.ForecastOptions(method=known, as_of=as_of)
    raise DataError(f"unknown forecast method {method!r}; use one of {', '.join(wf.METHODS)}")


def _uses_forecast(rules: RuleSet) -> bool:
    return any(c.measure == MISS_PROBABILITY for r in rules.rules for c in r.criteria)


def _reasons(graded: pd.DataFrame) -> list[dict[str, Any] | None]:
    """The reason of each cell without a level (an input missing when the service named none)."""
    fallback = Reason("input_missing").as_dict()
    return [
        (r if isinstance(r, dict) else fallback) if level == NO_DATA else None
        for r, level in zip(graded["reason"], graded["level"], strict=True)
    ]


def barometer(
    rt: Runtime,
    *,
    period: str,
    rule_id: str = "national_2020",
    as_of: datetime | None = None,
    convention: str | None = None,
    forecast_method: str = "normal",
) -> pd.DataFrame:
    """Regions × indicators for ``period`` graded by ``rule_id``, each cell with formula, numbers and rule.

    The schedule requirement T follows ``convention`` ("linear" or "geometric", methods.md §1.3) or,
    when None, the setting ``schedule_convention``. A rule set that grades the forecast
    (``forecast_default``) gets, per cell of a year-to-date period, A = the year-to-date reduction,
    T = the annual target and P(miss) by ``forecast_method`` ("normal" or "bootstrap", §2.4;
    services.warning_forecast). Returns the columns of :func:`carbonpeak.warning.evaluate.evaluate`
    plus ``region_name_zh``, ``region_name_en``, ``status`` (why a cell has no data, English),
    ``reason`` (the same as a code with parameters), ``inputs`` (the numbers used, the convention
    among them) and ``schedule_convention``. Missing data or a missing target gives
    ``level = "no_data"``, never green.

    Raises
    ------
    DataError
        If the convention or the forecast method is unknown.
    """
    rules = rule_set(rule_id)
    forecast = _forecast_options(forecast_method, as_of) if _uses_forecast(rules) else None
    opts = _Options(as_of=as_of, convention=prog.schedule_convention(rt, convention), forecast=forecast)
    with rt.transaction() as session:
        inputs = _inputs(session, period, opts)
    known = {r.indicator for r in rules.rules}
    graded = evaluate(rules, inputs[inputs["indicator"].isin(known)])
    graded["reason"] = pd.Series(_reasons(graded), index=graded.index, dtype=object)
    regions = load_regions()
    graded["region_name_zh"] = graded[REGION].map(lambda c: regions.get(c).name_zh)
    graded["region_name_en"] = graded[REGION].map(lambda c: regions.get(c).name_en)
    graded["schedule_convention"] = opts.convention
    return graded.reset_index(drop=True)


def barometer_history(
    rt: Runtime, *, years: range, rule_id: str = "national_2020", convention: str | None = None
) -> pd.DataFrame:
    """The barometer of every year in ``years`` (the years where data allow show a level)."""
    frames = [barometer(rt, period=str(y), rule_id=rule_id, convention=convention) for y in years]
    return pd.concat(frames, ignore_index=True)


def _previous_severity(session: Session, cell: pd.Series, rule_id: str) -> tuple[str, int] | None:
    stmt = (
        select(WarningEvaluation.level, WarningEvaluation.severity)
        .join(WarningRun, WarningRun.id == WarningEvaluation.run_id)
        .where(WarningEvaluation.region == cell[REGION], WarningEvaluation.indicator == cell["indicator"])
        .where(WarningRun.rule_set == rule_id, WarningEvaluation.severity.is_not(None))
        .order_by(WarningEvaluation.id.desc())
        .limit(1)
    )
    row = session.execute(stmt).first()
    return None if row is None else (str(row[0]), int(row[1]))


def _notify(session: Session, evaluation: WarningEvaluation, previous: tuple[str, int] | None) -> int:
    if previous is None or evaluation.severity is None or evaluation.severity <= previous[1]:
        return 0
    # the users of the region, and the province-wide roles, who see every region's notices
    province_wide = User.role.in_([Role.ADMINISTRATOR.value, Role.PROVINCE.value])
    recipients = or_(User.region == evaluation.region, province_wide)
    users = session.scalars(select(User).where(recipients, User.active.is_(True)).order_by(User.login)).all()
    for user in users:
        session.add(
            WarningNotification(
                evaluation_id=evaluation.id, recipient=user.login, region=evaluation.region,
                indicator=evaluation.indicator, period=evaluation.period, previous_level=previous[0],
                new_level=evaluation.level,
            )
        )  # fmt: skip
    return len(users)


def _store_cell(session: Session, run: WarningRun, cell: pd.Series) -> WarningEvaluation:
    evaluation = WarningEvaluation(
        run_id=run.id, region=cell[REGION], period=cell[PERIOD], indicator=cell["indicator"], basis="raw",
        level=cell["level"], severity=None if pd.isna(cell["severity"]) else int(cell["severity"]),
        actual=_num(cell["actual"]), required=_num(cell["required"]),
        inputs={**cell["inputs"], "status": cell["status"], "reason": cell["reason"], "tier": cell[TIER]},
        measures=cell["measures"] or None, formula=cell["formula"], rule_applied=cell["rule_applied"],
    )  # fmt: skip
    session.add(evaluation)
    session.flush()
    return evaluation


def run_barometer(
    rt: Runtime,
    actor: Actor,
    *,
    period: str,
    rule_id: str = "national_2020",
    as_of: datetime | None = None,
    convention: str | None = None,
    forecast_method: str = "normal",
) -> dict[str, Any]:
    """Evaluate, store every cell with inputs and rule version, notify worsened regions; one transaction.

    The convention used (``convention`` or the setting) is stored among each cell's inputs, and so are
    a forecast's method, seed, history and probability (rule set ``forecast_default``).
    """
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    graded = barometer(
        rt, period=period, rule_id=rule_id, as_of=as_of, convention=convention, forecast_method=forecast_method
    )
    rules = rule_set(rule_id)
    with rt.transaction() as session:
        run = WarningRun(
            period=parse_period(period).code,
            rule_set=rule_id,
            rule_version=rules.version,
            as_of=as_of,
            run_by=actor.login,
        )
        session.add(run)
        session.flush()
        notified = 0
        for _, cell in graded.iterrows():
            previous = _previous_severity(session, cell, rule_id)
            notified += _notify(session, _store_cell(session, run, cell), previous)
        levels = {str(k): int(v) for k, v in graded["level"].value_counts().items()}
        summary = {"run_id": run.id, "period": run.period, "rule_set": rule_id, "rule_version": rules.version,
                   "cells": len(graded), "levels": levels, "notifications": notified,
                   "schedule_convention": prog.schedule_convention(rt, convention)}  # fmt: skip
        record(session, actor, "run", "warning_run", object_id=str(run.id), after=summary)
    return summary


def notifications_for(rt: Runtime, login: str, *, unread_only: bool = False) -> pd.DataFrame:
    """The notification list of one user (newest first), for the web page."""
    stmt = (
        select(WarningNotification)
        .where(WarningNotification.recipient == login)
        .order_by(WarningNotification.id.desc())
    )
    if unread_only:
        stmt = stmt.where(WarningNotification.read_at.is_(None))
    cols = ["id", "region", "indicator", "period", "previous_level", "new_level", "created_at", "read_at"]
    with rt.transaction() as session:
        rows = [{c: getattr(n, c) for c in cols} for n in session.scalars(stmt)]
    return pd.DataFrame(rows, columns=cols)


def _recorded_rows() -> pd.DataFrame:
    cities = read_reference("anhui_cities_energy_intensity_targets_warnings.csv")
    province = read_reference("anhui_energy_consumption_total.csv").assign(region="Anhui", period="Jan-Sep")
    both = pd.concat([cities, province.rename(columns={"unit": "unit"})], ignore_index=True)
    both = both[both["indicator"].isin(list(_RECORDED_INDICATORS))]
    regions = load_regions()
    return pd.DataFrame(
        {
            REGION: both["region"].map(lambda n: regions.get(n).code),
            PERIOD: both["year"].astype(int).astype(str) + "-01/" + both["year"].astype(int).astype(str) + "-09",
            "indicator": both["indicator"].map(_RECORDED_INDICATORS),
            "official_level": both[VALUE].str.extract(r"(\d)")[0].astype(int),
            "colour": both[VALUE].str.extract(r"\((\w+)\)")[0],
            "source_url": both["source"],
            "grade": both["grade"],
            "note": both["note"],
        }
    )


def load_recorded_warnings(rt: Runtime, actor: Actor) -> int:
    """Load the province's own recorded warnings (Jan–Sep 2014, 2020; SOURCES.md §11.5). Idempotent."""
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    rows = _recorded_rows()
    with rt.transaction() as session:
        existing = {(w.region, w.period, w.indicator) for w in session.scalars(select(RecordedWarning))}
        new = [r for r in rows.to_dict("records") if (r[REGION], r[PERIOD], r["indicator"]) not in existing]
        session.add_all(RecordedWarning(recorded_by=actor.login, **{str(k): v for k, v in r.items()}) for r in new)
        if new:
            record(session, actor, "load", "recorded_warning", after={"rows": len(new)}, detail="SOURCES.md §11.5")
    return len(new)


def recorded_vs_computed(rt: Runtime, *, rule_id: str = "national_2020", convention: str | None = None) -> pd.DataFrame:
    """Each recorded warning beside the level carbonpeak computes for the same cell (or why it cannot)."""
    with rt.transaction() as session:
        stored = session.scalars(select(RecordedWarning)).all()
        recorded = pd.DataFrame(
            [{REGION: w.region, PERIOD: w.period, "indicator": w.indicator, "recorded_level": w.official_level,
              "recorded_colour": w.colour, "source_url": w.source_url} for w in stored]
        )  # fmt: skip
    if recorded.empty:
        return recorded
    computed = pd.concat(
        [barometer(rt, period=p, rule_id=rule_id, convention=convention) for p in recorded[PERIOD].unique()],
        ignore_index=True,
    )
    cols = [REGION, PERIOD, "indicator", "level", "official_level", "status", "region_name_zh", "region_name_en"]
    out = recorded.merge(computed[cols], on=[REGION, PERIOD, "indicator"], how="left")
    return out.rename(columns={"level": "computed_level", "official_level": "computed_official_level"})
