"""Periods of statistics: a year (``2024``), a quarter (``2024Q3``), a month (``2024-09``) or a
year-to-date span (``2024-01/2024-09``); and the five-year plan periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from carbonpeak.errors import DataError

__all__ = ["FIVE_YEAR_PLANS", "FiveYearPlan", "Period", "parse_period"]

#: years of statistics: 1900–2999 (a code such as 0000 is a typing error, not a period)
_Y = r"(19\d{2}|2\d{3})"
_YEAR = re.compile(rf"^{_Y}$")
_QUARTER = re.compile(rf"^{_Y}Q([1-4])$")
_MONTH = re.compile(rf"^{_Y}-(0[1-9]|1[0-2])$")
_SPAN = re.compile(rf"^{_Y}-(0[1-9]|1[0-2])/{_Y}-(0[1-9]|1[0-2])$")

Kind = Literal["year", "quarter", "month", "ytd"]


@dataclass(frozen=True, order=True)
class Period:
    """A statistical period, comparable and hashable."""

    year: int
    first_month: int
    last_month: int
    kind: Kind

    @property
    def code(self) -> str:
        """The canonical text form."""
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.last_month // 3}"
        if self.kind == "month":
            return f"{self.year}-{self.last_month:02d}"
        return f"{self.year}-{self.first_month:02d}/{self.year}-{self.last_month:02d}"

    def __str__(self) -> str:
        return self.code


def parse_period(text: str | int) -> Period:
    """Parse a period code; raise :class:`DataError` on anything else."""
    s = str(text).strip()
    if m := _YEAR.match(s):
        return Period(int(m.group(1)), 1, 12, "year")
    if m := _QUARTER.match(s):
        q = int(m.group(2))
        return Period(int(m.group(1)), 3 * q - 2, 3 * q, "quarter")
    if m := _MONTH.match(s):
        month = int(m.group(2))
        return Period(int(m.group(1)), month, month, "month")
    if (m := _SPAN.match(s)) and m.group(1) == m.group(3) and int(m.group(2)) <= int(m.group(4)):
        return Period(int(m.group(1)), int(m.group(2)), int(m.group(4)), "ytd")
    raise DataError(f"not a period: {text!r} (use 2024, 2024Q3, 2024-09 or 2024-01/2024-09; years 1900–2999)")


@dataclass(frozen=True)
class FiveYearPlan:
    """A five-year plan period (五年规划): its base year and its five years."""

    name: str
    base_year: int

    @property
    def years(self) -> range:
        return range(self.base_year + 1, self.base_year + 6)


FIVE_YEAR_PLANS: tuple[FiveYearPlan, ...] = (
    FiveYearPlan("11th", 2005),
    FiveYearPlan("12th", 2010),
    FiveYearPlan("13th", 2015),
    FiveYearPlan("14th", 2020),
    FiveYearPlan("15th", 2025),
)
