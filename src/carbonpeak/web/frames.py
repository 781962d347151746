"""Long frames as the pages show and export them: region names in the page's language, rows for
templates, CSV and xlsx files."""

from __future__ import annotations

import io
import math
from typing import Any, Final

import pandas as pd

from carbonpeak.reference.regions import load_regions
from carbonpeak.web.i18n import current_locale

__all__ = ["EXPORT_TYPES", "export_bytes", "records", "region_name"]

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
