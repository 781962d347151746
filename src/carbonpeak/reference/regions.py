"""The regions of Anhui, loaded from ``data/reference/regions.csv``."""

from __future__ import annotations

import csv
import functools
import io

from carbonpeak.core.regions import Region, RegionSet
from carbonpeak.reference.files import data_file

__all__ = ["PROVINCE_CODE", "load_regions"]

PROVINCE_CODE = "340000"


def _int_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


@functools.cache
def load_regions() -> RegionSet:
    """Anhui and its prefecture-level cities (16 current, plus Chaohu until 2011)."""
    text = data_file("reference", "regions.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return RegionSet(
        Region(
            code=row["code"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            level=row["level"],
            parent=row["parent"] or None,
            valid_from=_int_or_none(row["valid_from"]),
            valid_to=_int_or_none(row["valid_to"]),
        )
        for row in rows
    )
