"""Validation checks on published inventories: one invariant per function, offending rows shown.

Each check returns a frame of findings (empty when the data pass) and, with ``strict=True``, raises
a :class:`~carbonpeak.errors.DataError` naming them instead (architecture.md principle 5).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from carbonpeak.core.schema import FUEL, SECTOR, VALUE, YEAR
from carbonpeak.errors import DataError, Problem

__all__ = ["check_copies_agree", "check_process_zero", "check_published_totals"]

_FINDING_COLUMNS = [YEAR, "item", "value", "expected", "message"]


def _finish(findings: list[dict[str, object]], *, strict: bool, what: str) -> pd.DataFrame:
    frame = pd.DataFrame(findings, columns=_FINDING_COLUMNS)
    if strict and len(frame):
        raise DataError(
            what, [Problem(None, str(r.item), f"{r.year}: {r.message}", r.value) for r in frame.itertuples()]
        )
    return frame


def check_published_totals(
    inventory: pd.DataFrame,
    published: pd.DataFrame,
    columns: Mapping[str, list[str]],
    *,
    decimals: int = 4,
    strict: bool = False,
) -> pd.DataFrame:
    """The ``Total`` row of a CEADs CO2 inventory, summed over fuels, against the published totals.

    ``columns`` maps a published column (``total_scope1_mt``) to the fuels it sums. A year/column
    whose sum, rounded to ``decimals``, differs from the published value is a finding.
    """
    total = inventory[inventory[SECTOR] == "Total"].pivot_table(index=YEAR, columns=FUEL, values=VALUE, aggfunc="sum")
    expected = published.set_index(YEAR)
    findings: list[dict[str, object]] = []
    for item, fuels in columns.items():
        computed = total.reindex(columns=fuels).sum(axis=1, min_count=1).round(decimals)
        both = pd.concat([computed.rename("value"), expected[item].rename("expected")], axis=1)
        for year, row in both[
            ~np.isclose(both["value"], both["expected"], rtol=0, atol=0.5 * 10**-decimals)
        ].iterrows():
            findings.append(
                {
                    YEAR: year,
                    "item": item,
                    "value": row["value"],
                    "expected": row["expected"],
                    "message": "sum differs from the published total",
                }
            )
    return _finish(findings, strict=strict, what="inventory does not sum to its published totals")


def check_process_zero(series: pd.Series, *, item: str = "process_cement", strict: bool = False) -> pd.DataFrame:
    """A zero in a process series whose neighbouring years are both non-zero: a likely defect.

    The CEADs 2003 cement process is 0 in one copy of the source and 8.93 Mt in another
    (SOURCES.md §12.1); a zero between 5.5 and 9 Mt neighbours is reported, not used silently.
    ``series`` is indexed by year.
    """
    s = series.sort_index()
    before, after = s.shift(1), s.shift(-1)
    suspicious = (s == 0) & (before.fillna(after) > 0) & (after.fillna(before) > 0)
    findings = [
        {
            YEAR: int(y),
            "item": item,
            "value": 0.0,
            "expected": f"{before[y]} / {after[y]} (neighbours)",
            "message": "zero between non-zero neighbouring years",
        }
        for y in s.index[suspicious].astype(int)
    ]
    return _finish(findings, strict=strict, what="process series has a suspicious zero")


def check_copies_agree(
    first: pd.Series, second: pd.Series, *, item: str = "process_cement", tolerance: float = 1e-4, strict: bool = False
) -> pd.DataFrame:
    """Two copies of the same published series (indexed by year) must agree within ``tolerance``.

    Years present in only one copy are not compared.
    """
    both = pd.concat([first.rename("value"), second.rename("expected")], axis=1, join="inner")
    differ = ~np.isclose(both["value"], both["expected"], rtol=0, atol=tolerance)
    findings = [
        {
            YEAR: int(str(y)),
            "item": item,
            "value": r["value"],
            "expected": r["expected"],
            "message": "the two copies disagree",
        }
        for y, r in both[differ].iterrows()
    ]
    return _finish(findings, strict=strict, what="copies of a published series disagree")
