"""One error hierarchy for carbonpeak; each error also inherits the matching builtin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


class CarbonPeakError(Exception):
    """Base class of every error raised on purpose by carbonpeak."""


class DataError(CarbonPeakError, ValueError):
    """Input data break a rule; ``problems`` lists the offending rows and fields."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        detail = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            detail += f"\n  … and {more} more"
        super().__init__(f"{message}\n{detail}" if detail else message)


class UnitError(CarbonPeakError, ValueError):
    """A unit is unknown, or two quantities cannot be converted into each other."""


class RuleError(CarbonPeakError, ValueError):
    """A rule file (warning rules, targets, assessment templates) is inconsistent."""


class NotFound(CarbonPeakError, LookupError):
    """A requested object does not exist."""


class PermissionDenied(CarbonPeakError, PermissionError):
    """The acting user may not do this."""


@dataclass(frozen=True)
class Problem:
    """One problem found in input data: where it is and what is wrong."""

    row: int | None  #: 1-based data row in the uploaded file (header is row 1), or None for file-level problems
    column: str | None  #: column (field) name, or None
    message: str  #: what is wrong, in plain words
    value: object = field(default=None)  #: the offending value, if any

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        loc = ", ".join(where) or "file"
        shown = "" if self.value is None else f" (value: {self.value!r})"
        return f"{loc}: {self.message}{shown}"
