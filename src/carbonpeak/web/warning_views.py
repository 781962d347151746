"""View models of the warning pages: the barometer grid, one cell's calculation, the years where data allow.

Pages and JSON twins render the same dictionaries. A cell without data has the level ``no_data`` and
is shown grey, never green (methods.md §2; services.warnings).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Final

import pandas as pd

from carbonpeak.core.periods import parse_period
from carbonpeak.core.schema import PERIOD, REGION
from carbonpeak.errors import NotFound
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services import warning_forecast as wf
from carbonpeak.services import warning_log
from carbonpeak.services import warnings as sw
from carbonpeak.services.runtime import Runtime
from carbonpeak.warning.rules import RuleSet

__all__ = [
    "FIRST_YEAR", "UNITS", "barometer_grid", "cell_detail", "cell_of", "graded_years", "periods", "region_codes",
    "rule_set_info",
]  # fmt: skip

#: units of the numbers of a cell, by numerator variable (intensity = numerator / GDP)
UNITS: Final = {"Energy|Total": "10^4 tce", "Emissions|CO2": "Mt CO2"}
GDP_UNIT: Final = "100 million CNY"

#: first year offered by the year selector (11th five-year plan base year)
FIRST_YEAR: Final = 2005
_CELL_FIELDS: Final = ("level", "role", "status", "formula", "rule_applied")


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def rule_set_info(rule_id: str) -> dict[str, Any]:
    """Id, version, titles, source and levels of a rule set (for the legend and each cell)."""
    rules: RuleSet = sw.rule_set(rule_id)
    return {
        "id": rules.id, "version": rules.version, "title_zh": rules.title_zh, "title_en": rules.title_en,
        "source": rules.source.model_dump(), "levels": [level.model_dump() for level in rules.levels],
        "indicators": [{"indicator": r.indicator, "role": r.role, "tiers": list(r.tiers), "note": r.note,
                        "note_zh": r.note_zh} for r in rules.rules],
        "level_names": {level.key: {"zh": level.name_zh, "en": level.name_en} for level in rules.levels},
    }  # fmt: skip


def region_codes() -> list[str]:
    """The province and the cities of today, for the region filter."""
    return [PROVINCE_CODE, *(r.code for r in load_regions().cities() if r.valid_to is None)]


def periods(this_year: int | None = None) -> list[str]:
    """Periods offered by the year selector: every year since 2005 (newest first) and the recorded Jan–Sep spans."""
    last = this_year or date.today().year
    years = [str(y) for y in range(last, FIRST_YEAR - 1, -1)]
    return [*years, "2020-01/2020-09", "2014-01/2014-09"]


def _int(value: Any) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _cell(row: pd.Series) -> dict[str, Any]:
    measures = row["measures"] if isinstance(row["measures"], dict) else {}
    return {
        "indicator": row["indicator"],
        **{f: _plain(row.get(f)) for f in _CELL_FIELDS},
        "severity": _int(row.get("severity")),
        "official_level": _int(row.get("official_level")),
        "actual": _plain(float(row["actual"])),
        "required": _plain(float(row["required"])),
        "measures": {k: _plain(v) for k, v in measures.items()},
        "inputs": {k: _plain(v) for k, v in row["inputs"].items()},
        "reason": row.get("reason"),
        "bands": row.get("bands") if isinstance(row.get("bands"), list) else [],
        "schedule_convention": row["schedule_convention"],
        "tier": str(row.get("tier") or "all"),  #: the city type whose rule applied ("all": no tier-specific rule)
        "recorded": None,
    }


def _forecasts(rt: Runtime, code: str, rule_id: str, method: str) -> dict[str, dict[str, Any]]:
    """The forecast cell (energy intensity, rule set forecast_default) of each region for a year-to-date period."""
    if parse_period(code).kind != "ytd" or rule_id == wf.FORECAST_RULES:
        return {}
    graded = sw.barometer(rt, period=code, rule_id=wf.FORECAST_RULES, forecast_method=method)
    return {str(row[REGION]): _cell(row) for _, row in graded.iterrows()}


def _recorded_by_cell(rt: Runtime, period: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r[REGION], r["indicator"]): r for r in warning_log.recorded(rt, period=period)}


def barometer_grid(
    rt: Runtime, *, period: str, rule_id: str, convention: str | None = None, forecast_method: str = "normal"
) -> dict[str, Any]:
    """The grid regions (province + cities) × indicators of ``period``, with the recorded warnings beside.

    Returns ``period``, ``rule_set`` (see :func:`rule_set_info`), ``schedule_convention``,
    ``indicators`` (key and role, main first) and ``rows`` (region code, names, ``cells`` by indicator,
    ``forecast``: for a year-to-date period the forecast cell of the region under ``forecast_default``,
    else None); ``forecast_rule_set`` is that rule set's info (None for other periods).
    """
    code = parse_period(period).code
    graded = sw.barometer(rt, period=code, rule_id=rule_id, convention=convention, forecast_method=forecast_method)
    forecasts = _forecasts(rt, code, rule_id, forecast_method)
    recorded = _recorded_by_cell(rt, code)
    info = rule_set_info(rule_id)
    rows: dict[str, dict[str, Any]] = {}
    for _, row in graded.iterrows():
        entry = rows.setdefault(
            row[REGION],
            {"region": row[REGION], "name_zh": row["region_name_zh"], "name_en": row["region_name_en"], "cells": {},
             "forecast": forecasts.get(str(row[REGION]))},
        )  # fmt: skip
        cell = _cell(row)
        cell["recorded"] = recorded.get((row[REGION], row["indicator"]))
        entry["cells"][row["indicator"]] = cell
    return {
        "period": code,
        "rule_set": info,
        "schedule_convention": str(graded["schedule_convention"].iloc[0]) if len(graded) else convention,
        "indicators": [i["indicator"] for i in info["indicators"]],
        "roles": {i["indicator"]: i["role"] for i in info["indicators"]},
        "rows": list(rows.values()),
        "recorded_count": len(recorded),
        "forecast_rule_set": rule_set_info(wf.FORECAST_RULES) if forecasts else None,
        "forecast_method": forecast_method,
    }


def cell_detail(
    rt: Runtime, *, period: str, rule_id: str, region: str, indicator: str, convention: str | None = None,
    forecast_method: str = "normal",
) -> dict[str, Any]:  # fmt: skip
    """One cell of the grid with everything needed to redo it by hand: formula, numbers, rule and band.

    For the energy intensity of a year-to-date period ``forecast`` is the forecast cell of the region
    (rule set ``forecast_default``; method, history, P(miss), or why there is none), else None.

    Raises
    ------
    NotFound
        If the grid has no such region or indicator.
    """
    grid = barometer_grid(rt, period=period, rule_id=rule_id, convention=convention, forecast_method=forecast_method)
    return cell_of(grid, region, indicator)


def cell_of(grid: dict[str, Any], region: str, indicator: str) -> dict[str, Any]:
    """One cell of a grid from :func:`barometer_grid` (see :func:`cell_detail`); :class:`NotFound` if absent."""
    row = next((r for r in grid["rows"] if r["region"] == region), None)
    if row is None or indicator not in row["cells"]:
        raise NotFound(f"the barometer of {grid['period']} has no cell for region {region!r} and {indicator!r}")
    forecast = row["forecast"] if indicator == "energy_intensity" else None
    return {
        "period": grid["period"], "region": region, "name_zh": row["name_zh"], "name_en": row["name_en"],
        "rule_set": grid["rule_set"], "cell": row["cells"][indicator], "forecast": forecast,
        "forecast_rule_set": grid["forecast_rule_set"] if forecast else None,
    }  # fmt: skip


def graded_years(rt: Runtime, *, rule_id: str, convention: str | None = None) -> list[dict[str, Any]]:
    """Every cell with a level in the years since 2005 (the years where data allow), newest first."""
    years = range(FIRST_YEAR, date.today().year + 1)
    history = sw.barometer_history(rt, years=years, rule_id=rule_id, convention=convention)
    graded = history[history["level"] != "no_data"].sort_values([PERIOD, REGION], ascending=[False, True])
    return [
        {"period": r[PERIOD], "region": r[REGION], "indicator": r["indicator"], "level": r["level"],
         "actual": _plain(float(r["actual"])), "required": _plain(float(r["required"]))}
        for _, r in graded.iterrows()
    ]  # fmt: skip
