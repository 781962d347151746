"""Long frames as the pages show and export them: region names in the page's language, rows for
templates, CSV and xlsx files."""

from __future__ import annotations

import io
import math
from typing import Any, Final

import pandas as pd

from carbonpeak.reference.regions import load_regions
from carbonpeak.services import tiers
from carbonpeak.web.i18n import current_locale

__all__ = [
    "EXPORT_TYPES",
    "PAGE_ROWS",
    "export_bytes",
    "page_count",
    "page_records",
    "records",
    "region_name",
    "tier_name",
]

#: rows per page of a paged table (the export always holds every row)
PAGE_ROWS: Final = 100

#: export format → media type
EXPORT_TYPES: Final = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def region_name(code: str) -> str:
    """The region's name in the current language (the code itself when unknown)."""
    region = load_regions().find(code)
    if region is None:
        return code
    return region.name_zh if current_locale().startswith("zh") else region.name_en


def tier_name(key: str) -> str:
    """The name of a region type of clause 2.(12).1 in the current language (the key itself when unknown)."""
    tier = next((t for t in tiers.tier_definitions() if t.key == key), None)
    return key if tier is None else tier.name.get(current_locale())


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def records(frame: pd.DataFrame, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows as dictionaries, NaN as None (a gap), timestamps as datetimes."""
    shown = frame if limit is None else frame.head(limit)
    return [{str(k): _plain(v) for k, v in row.items()} for row in shown.to_dict("records")]


def export_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The frame as a CSV (UTF-8 with BOM, which Excel on Chinese Windows reads) or xlsx file.

    Gaps stay empty cells, never zeros; times are written in UTC without a zone (spreadsheets have none).
    """
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_convert("UTC").dt.tz_localize(None)
    if fmt == "csv":
        return out.to_csv(index=False).encode("utf-8-sig")
    buffer = io.BytesIO()
    out.to_excel(buffer, index=False, sheet_name="data", engine="openpyxl")
    return buffer.getvalue()


def page_count(total: int, size: int = PAGE_ROWS) -> int:
    """Pages needed for ``total`` rows (at least 1, so that an empty table has a page 1)."""
    return max(1, -(-total // size))


def page_records(frame: pd.DataFrame, *, sort: str | None, page: int, size: int = PAGE_ROWS) -> list[dict[str, Any]]:
    """Rows of page ``page`` (from 1) after sorting by column ``sort`` (``-column``: descending).

    The sort is stable and puts gaps last in both directions; an unknown column keeps the frame's order.
    """
    sort = sort or ""
    column = sort.lstrip("-")
    if column in frame.columns:
        frame = frame.sort_values(column, ascending=not sort.startswith("-"), kind="stable", na_position="last")
    start = (max(page, 1) - 1) * size
    return records(frame.iloc[start : start + size])
