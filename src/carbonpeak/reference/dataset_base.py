"""Building blocks of the reference datasets: source descriptions and long-frame assembly."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from carbonpeak.core.schema import BASIS, LONG_COLUMNS, PERIOD, REGION, UNIT, VALUE, VARIABLE, VINTAGE, Basis, Vintage
from carbonpeak.reference.files import data_file

__all__ = ["ReferenceDataset", "SourceMeta", "long_frame", "read_reference"]


@dataclass(frozen=True)
class SourceMeta:
    """A source as described in SOURCES.md; ``key`` is its stable identifier in the store."""

    key: str
    title: str
    publisher: str | None = None
    url: str | None = None
    grade: str | None = None  #: trust grade A–D
    licence: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ReferenceDataset:
    """One slice of shipped files that comes from one source."""

    key: str  #: identifier of the dataset, e.g. "ceads-co2"
    title: str
    source: SourceMeta
    files: tuple[str, ...]  #: the files under data/reference it is read from
    build: Callable[[], pd.DataFrame]  #: the long frame (LONG_COLUMNS + note); gaps are missing rows


@functools.cache
def _read(name: str) -> pd.DataFrame:
    with data_file("reference", name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def read_reference(name: str) -> pd.DataFrame:
    """A shipped CSV under data/reference (cached; a shallow copy, safe under copy-on-write)."""
    return _read(name).copy(deep=False)


def long_frame(
    region: Any,
    period: Any,
    variable: Any,
    unit: Any,
    value: Any,
    *,
    basis: Basis = Basis.RAW,
    vintage: Vintage = Vintage.FINAL,
    note: Any = None,
) -> pd.DataFrame:
    """A long frame from columns or scalars; rows without a value (gaps) are dropped, never filled."""
    values = pd.to_numeric(pd.Series(value).reset_index(drop=True), errors="coerce").astype(float)
    n = len(values)

    def column(x: Any) -> list[Any]:
        if isinstance(x, pd.Series | pd.Index | Sequence) and not isinstance(x, str):
            seq = list(x)
            if len(seq) != n:
                raise ValueError(f"column of length {len(seq)} where {n} rows are built")
            return seq
        return [x] * n

    frame = pd.DataFrame(
        {
            REGION: column(region),
            PERIOD: column(period),
            VARIABLE: column(variable),
            UNIT: column(unit),
            BASIS: str(basis),
            VINTAGE: str(vintage),
            VALUE: values,
            "note": [None if pd.isna(x) else str(x) for x in column(note)],
        }
    )
    return frame[values.notna().to_numpy()][[*LONG_COLUMNS, "note"]].reset_index(drop=True)
