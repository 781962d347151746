"""View models of the overview, plan and region pages, built from service calls.

Each function returns plain data (dicts and lists, JSON-ready) so that a page and its JSON twin under
``/api/v1`` show the same thing. Gaps stay None; nothing is filled in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any, Final

import pandas as pd

from carbonpeak.core.plan import Target
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services import plan, statistics, tiers
from carbonpeak.services.runtime import Runtime
from carbonpeak.targets import Evaluation

__all__ = [
    "HEADLINE_TARGETS",
    "MAP_INDICATORS",
    "city_map",
    "city_page",
    "headline",
    "plan_register",
    "series",
    "target_detail",
]

#: the five headline targets of the overview (plan register ids)
HEADLINE_TARGETS: Final = (
    "nonfossil-share-2025",
    "energy-intensity-2025",
    "co2-intensity-2025",
    "co2-peak",
    "green-power-imports-2025",
)
#: indicators the city map can be coloured by: variable → (basis or None)
MAP_INDICATORS: Final = {
    "Emissions|CO2": "direct",
    "GDP|Current": None,
    "Population": None,
    "Energy|Total": None,
}
#: variables shown on a city's page
CITY_VARIABLES: Final = ("Emissions|CO2", "GDP|Current", "Population", "Energy|Total")


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def series(rt: Runtime, region: str, variable: str, denominator: str | None = None) -> dict[str, Any]:
    """Yearly values of ``variable`` (divided by ``denominator`` when given) in ``region``, gaps as None."""
    frame = statistics.observations(rt, regions=[region], variables=[v for v in (variable, denominator) if v])
    frame = frame[frame["period"].str.fullmatch(r"\d{4}")]
    if frame.empty:
        return {"x": [], "values": [], "unit": ""}
    wide = frame.pivot_table(index="period", columns="variable", values="value", aggfunc="first", dropna=False)
    values = wide[variable] if variable in wide else pd.Series(dtype=float)
    unit = str(frame[frame["variable"] == variable]["unit"].iloc[0]) if variable in wide else ""
    if denominator:
        divisor = wide[denominator] if denominator in wide else pd.Series(math.nan, index=wide.index)
        values = values / divisor
        unit = f"{unit} / {frame[frame['variable'] == denominator]['unit'].iloc[0]}" if denominator in wide else unit
    return {"x": [str(p) for p in values.index], "values": [_num(v) for v in values], "unit": unit}


def _province_evaluation(row: plan.RegisterRow) -> Evaluation | None:
    return next((e for e in row.evaluations if e.region == PROVINCE_CODE), None) or next(iter(row.evaluations), None)


def _target_dict(target: Target, evaluation: Evaluation | None, locale: str) -> dict[str, Any]:
    lang = "zh" if locale.startswith("zh") else "en"
    return {
        "id": target.id,
        "title": target.title.get(lang),
        "clause": target.clause,
        "kind": str(target.kind),
        "value": target.value,
        "unit": target.unit,
        "target_year": target.target_year,
        "status": str(evaluation.status) if evaluation else "no_data",
        "evaluation": evaluation.as_dict() if evaluation else None,
    }


def headline(rt: Runtime, locale: str, at: date | None = None) -> list[dict[str, Any]]:
    """The headline targets: latest value, target, status and a sparkline of the measured series."""
    rows = {r.target.id: r for r in plan.target_register(rt, at=at)}
    tiles = []
    for target_id in HEADLINE_TARGETS:
        row = rows.get(target_id)
        if row is None:
            continue
        tile = _target_dict(row.target, _province_evaluation(row), locale)
        measure = row.target.measure
        spark = series(rt, PROVINCE_CODE, measure.variable, measure.denominator) if measure else None
        has_values = spark is not None and any(v is not None for v in spark["values"])
        tiles.append({**tile, "spark": spark if has_values else None})
    return tiles


def city_map(rt: Runtime, variable: str, locale: str) -> dict[str, Any]:
    """The 16 cities' latest value of ``variable`` (one common year: the last with any city's data)."""
    cities = [r for r in load_regions().cities() if r.valid_to is None]
    frame = statistics.observations(rt, regions=[c.code for c in cities], variables=[variable])
    basis = MAP_INDICATORS.get(variable)
    if basis:
        frame = frame[frame["basis"] == basis]
    frame = frame[frame["period"].str.fullmatch(r"\d{4}") & frame["value"].notna()]
    year = str(frame["period"].max()) if not frame.empty else None
    latest = frame[frame["period"] == year].set_index("region") if year else frame.set_index("region")
    zh = locale.startswith("zh")
    values = [
        {
            "code": c.code,
            "name": c.name_zh,  # the map's features are named in Chinese
            "label": c.name_zh if zh else c.name_en,
            "value": _num(latest["value"].get(c.code)) if c.code in latest.index else None,
        }
        for c in cities
    ]
    unit = str(latest["unit"].iloc[0]) if not latest.empty else ""
    return {"variable": variable, "year": year, "unit": unit, "values": values}


def plan_register(rt: Runtime, locale: str) -> dict[str, Any]:
    """The clause tree and every target with its summary status."""
    lang = "zh" if locale.startswith("zh") else "en"
    register = {r.target.id: r for r in plan.target_register(rt)}

    def node(tree: plan.TreeNode) -> dict[str, Any]:
        return {
            "clause": tree.node.clause,
            "kind": str(tree.node.kind),
            "title": tree.node.title.get(lang),
            "lead": list(tree.node.lead),
            "working_group": tree.node.working_group,
            "targets": [
                {"id": t.id, "title": t.title.get(lang), "status": str(register[t.id].status)}
                for t in tree.targets
                if t.id in register
            ],
            "children": [node(child) for child in tree.children],
        }

    return {"tree": [node(part) for part in plan.plan_tree()]}


def target_detail(rt: Runtime, target_id: str, locale: str) -> dict[str, Any] | None:
    """One target: definition, source words, evaluations per region and the measured history."""
    row = next((r for r in plan.target_register(rt) if r.target.id == target_id), None)
    if row is None:
        return None
    target = row.target
    detail = _target_dict(target, _province_evaluation(row), locale)
    detail["quote"] = target.quote
    detail["lead"] = list(target.lead)
    detail["base_year"] = target.base_year
    detail["evaluations"] = [e.as_dict() for e in row.evaluations]
    region = next((e.region for e in row.evaluations), PROVINCE_CODE)
    detail["history"] = (
        series(rt, region, target.measure.variable, target.measure.denominator) if target.measure else None
    )
    detail["history_region"] = region
    return detail


def _latest(frame: pd.DataFrame, variable: str) -> dict[str, Any]:
    rows = frame[(frame["variable"] == variable) & frame["value"].notna() & frame["period"].str.fullmatch(r"\d{4}")]
    if rows.empty:
        return {"variable": variable, "value": None, "unit": "", "period": None}
    last = rows.sort_values("period").iloc[-1]
    return {
        "variable": variable,
        "value": _num(last["value"]),
        "unit": str(last["unit"]),
        "period": str(last["period"]),
    }


def city_page(rt: Runtime, code: str, variables: Iterable[str] = CITY_VARIABLES) -> dict[str, Any]:
    """A city's tier, latest indicators and yearly series."""
    region = load_regions().get(code)
    tier = next((t.decision for t in tiers.list_tiers(rt) if t.region.code == region.code), None)
    frame = statistics.observations(rt, regions=[region.code], variables=list(variables))
    return {
        "code": region.code,
        "name_zh": region.name_zh,
        "name_en": region.name_en,
        "tier": tier.as_dict() if tier else None,
        "indicators": [_latest(frame, v) for v in variables],
        "charts": {v: series(rt, region.code, v) for v in variables},
    }
