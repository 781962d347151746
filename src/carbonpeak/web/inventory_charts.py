"""Chart data of the inventory page for ``static/js/app.js``: series named in the page's language.

Called by the template while it renders (inside the request's locale); the view model itself stays
language-free so that one cached model serves both languages and the JSON twin. Gaps stay None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from carbonpeak.web import inventory_models as models
from carbonpeak.web import inventory_views as views
from carbonpeak.web.i18n import current_locale, gettext, unit_label

__all__ = ["city_chart", "factor_set_grid", "intensity_chart", "label", "sankey_chart", "stack_chart"]


def label(key: str, names: Mapping[str, str]) -> str:
    """The translated label of a coded value (the key itself when it has none)."""
    return gettext(names[key]) if key in names else key


def stack_chart(stacked: models.Stacked, names: Mapping[str, str]) -> dict[str, Any]:
    """A stacked bar chart: one series per sector group or fuel, one bar per year."""
    unit = stacked["series"][0]["unit"] if stacked["series"] else views.UNIT
    series = [{"name": label(s["key"], names), "values": s["values"]} for s in stacked["series"]]
    return {"x": [str(y) for y in stacked["years"]], "unit": unit_label(unit), "series": series}


def sankey_chart(sankey: models.Sankey) -> dict[str, Any]:
    """Sankey nodes and links fuel → sector group (names translated; fuels and groups never share a name)."""
    links = [
        {
            "source": label(link["source"], views.FUELS),
            "target": label(link["target"], views.SECTOR_GROUPS),
            "value": link["value"],
        }
        for link in sankey["links"]
    ]
    nodes = list(dict.fromkeys(n for link in links for n in (link["source"], link["target"])))
    return {"nodes": [{"name": n} for n in nodes], "links": links, "unit": unit_label(sankey["unit"])}


def intensity_chart(intensity: models.Intensity, key: str, unit: str) -> dict[str, Any] | None:
    """One intensity indicator as a line (gaps break the line); None when it is not available."""
    found = next((s for s in intensity["series"] if s["key"] == key), None)
    if found is None:
        return None
    name = label(key, views.INTENSITIES)
    return {
        "x": [str(y) for y in intensity["years"]],
        "unit": unit_label(unit),
        "series": [{"name": name, "values": found["values"]}],
    }


def _city_name(row: models.CityRow) -> str:
    return row["name_zh"] if current_locale().startswith("zh") else row["name_en"]


def city_chart(cities: models.Cities, series: Sequence[str] = ("ceads_city",)) -> dict[str, Any]:
    """City lines: the CEADs city inventory (and, for one city, the EDGAR proxy dashed); gaps break the lines."""
    names = {"ceads_city": gettext("CEADs city inventory"), "edgar_v8_proxy": gettext("EDGAR v8.0 proxy")}
    lines = [
        {
            "name": _city_name(row) if len(series) == 1 else names[key],
            "values": row[key],  # type: ignore[literal-required]
            "dashed": key == "edgar_v8_proxy",
        }
        for row in cities["cities"]
        for key in series
    ]
    return {"x": [str(y) for y in cities["years"]], "unit": unit_label(cities["unit"]), "series": lines}


def factor_set_grid(factor_sets: models.FactorSets) -> dict[str, Any]:
    """The factor-set rows arranged by year (one cell per set), and each set's smallest and largest shift."""
    sets = list(dict.fromkeys(r["factor_set"] for r in factor_sets["rows"]))
    cells = {(r["year"], r["factor_set"]): r for r in factor_sets["rows"]}
    years = sorted({r["year"] for r in factor_sets["rows"]})
    rows = [{"year": y, "cells": [cells[(y, s)] for s in sets]} for y in years]
    summary = []
    for name in sets:
        shifts = [r["shift"] for r in factor_sets["rows"] if r["factor_set"] == name and r["shift"] is not None]
        summary.append(
            {"factor_set": name, "min_shift": min(shifts, default=None), "max_shift": max(shifts, default=None)}
        )
    return {"sets": sets, "rows": rows, "summary": summary}
