"""Checks of statistics entering the store: one function per invariant, each returning the
:class:`~carbonpeak.errors.Problem` list of the offending rows (architecture.md §10, principle 5).

The importer runs every check over the whole file before anything is written, so a user sees all
problems at once. :func:`validate_long` combines them and raises one :class:`DataError`.

Input frames hold the cells as read (text or numbers) with the columns ``region``, ``period``,
``variable``, ``unit``, ``value`` and optionally ``basis``, ``vintage``, ``note``, plus ``row``:
the row number in the user's file (header = row 1), used in every message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from datetime import date
from typing import Any, Final

import pandas as pd

from carbonpeak.core.periods import parse_period
from carbonpeak.core.regions import RegionSet
from carbonpeak.core.schema import BASIS, LONG_COLUMNS, PERIOD, REGION, UNIT, VALUE, VARIABLE, VINTAGE, Vintage
from carbonpeak.core.variables import find_variable
from carbonpeak.errors import DataError, Problem, UnitError
from carbonpeak.units import conversion_factor, normalise_unit

__all__ = [
    "FIRST_YEAR",
    "REQUIRED_COLUMNS",
    "check_bases",
    "check_duplicates",
    "check_non_negative",
    "check_periods",
    "check_regions",
    "check_required_columns",
    "check_units",
    "check_values",
    "check_variables",
    "check_vintages",
    "validate_long",
]

#: no statistics of the People's Republic exist before its founding year
FIRST_YEAR: Final = 1949
#: columns an import file must have; ``basis``, ``vintage`` and ``note`` are optional
REQUIRED_COLUMNS: Final = (REGION, PERIOD, VARIABLE, UNIT, VALUE)

_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _blank(cell: Any) -> bool:
    return cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)) or str(cell).strip() == ""


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a spreadsheet turns the code 340100 or the year 2024 into a float
    return "" if _blank(cell) else str(cell).strip()


def _rows(frame: pd.DataFrame) -> list[int]:
    return [int(r) for r in frame["row"]] if "row" in frame.columns else [i + 2 for i in range(len(frame))]


def check_required_columns(frame: pd.DataFrame) -> list[Problem]:
    """Each required column is present (file-level problems)."""
    return [Problem(None, c, "required column is missing") for c in REQUIRED_COLUMNS if c not in frame.columns]


def check_regions(frame: pd.DataFrame, regions: RegionSet) -> tuple[list[str | None], list[Problem]]:
    """Resolve each region (code, English or Chinese name) to its code; unknown ones are problems."""
    codes: list[str | None] = []
    problems = []
    for row, cell in zip(_rows(frame), frame[REGION], strict=True):
        found = regions.find(_text(cell))
        codes.append(found.code if found else None)
        if found is None:
            problems.append(Problem(row, REGION, "unknown region (use the code, or the Chinese or English name)", cell))
    return codes, problems


def check_variables(frame: pd.DataFrame, allowed: Collection[str] | None = None) -> list[Problem]:
    """Each variable is in the vocabulary (:data:`carbonpeak.core.variables.VARIABLES`) and, when
    ``allowed`` is given (the variables of one data set), among those."""
    problems = []
    for row, cell in zip(_rows(frame), frame[VARIABLE], strict=True):
        if find_variable(_text(cell)) is None:
            problems.append(Problem(row, VARIABLE, "unknown variable (see the template's variable list)", cell))
        elif allowed is not None and _text(cell) not in allowed:
            problems.append(Problem(row, VARIABLE, "variable is not part of this data set", cell))
    return problems


def _number(cell: Any) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def check_values(frame: pd.DataFrame) -> tuple[list[float | None], list[Problem]]:
    """Parse each value as a number; empty cells and text are problems."""
    values: list[float | None] = []
    problems = []
    for row, cell in zip(_rows(frame), frame[VALUE], strict=True):
        value = None if _blank(cell) else _number(cell)
        values.append(value)
        if _blank(cell):
            problems.append(Problem(row, VALUE, "value is empty (leave out rows without a figure)"))
        elif value is None:
            problems.append(Problem(row, VALUE, "not a number", cell))
    return values, problems


def _unit_factor(variable: str, unit: str) -> tuple[str, float]:
    """(canonical unit, factor) for one row; raises UnitError when the unit does not fit."""
    entry = find_variable(variable)
    target = entry.unit_for(variable) if entry else None
    if target is None:
        normalise_unit(unit)  # a per-row unit must at least be a known unit
        return unit, 1.0
    return target, conversion_factor(unit, target)


def check_units(frame: pd.DataFrame) -> tuple[list[str | None], list[float | None], list[Problem]]:
    """Canonical unit and conversion factor per row; a unit that cannot convert is a problem.

    Rows with an unknown variable are left to :func:`check_variables` (no second message).
    """
    units: list[str | None] = []
    factors: list[float | None] = []
    problems = []
    for row, variable, cell in zip(_rows(frame), frame[VARIABLE], frame[UNIT], strict=True):
        name, unit = _text(variable), _text(cell)
        try:
            target, factor = _unit_factor(name, unit) if find_variable(name) else (None, None)
        except UnitError as exc:
            target, factor = None, None
            problems.append(Problem(row, UNIT, f"unit does not fit variable {name!r}: {exc}", cell))
        units.append(target)
        factors.append(factor)
    return units, factors, problems


def check_non_negative(frame: pd.DataFrame, values: list[float | None]) -> list[Problem]:
    """Negative values only where the variable allows them (``VariableDef.non_negative``)."""
    problems = []
    for row, variable, value in zip(_rows(frame), frame[VARIABLE], values, strict=True):
        entry = find_variable(_text(variable))
        if entry is not None and entry.non_negative and value is not None and value < 0:
            problems.append(Problem(row, VALUE, f"{entry.name} cannot be negative", value))
    return problems


def _period_problem(text: str, code: str | None, regions: RegionSet, today: date) -> tuple[str | None, str | None]:
    """(canonical period, problem message) of one row."""
    try:
        period = parse_period(text)
    except DataError as exc:
        return None, str(exc)
    if period.year < FIRST_YEAR:
        return None, f"period before {FIRST_YEAR}"
    if (period.year, period.last_month) > (today.year, today.month):
        return None, f"period {period.code} has not ended yet (today is {today.isoformat()})"
    region = regions.find(code) if code else None
    if region is not None and not region.exists_in(period.year):
        span = f"{region.valid_from or ''}–{region.valid_to or ''}"
        return None, f"{region.name_en} ({region.code}) did not exist in {period.year} (valid {span})"
    return period.code, None


def check_periods(
    frame: pd.DataFrame, codes: list[str | None], regions: RegionSet, *, today: date
) -> tuple[list[str | None], list[Problem]]:
    """Parse periods; refuse those before 1949, not yet ended, or when the region did not exist."""
    periods: list[str | None] = []
    problems = []
    for row, cell, code in zip(_rows(frame), frame[PERIOD], codes, strict=True):
        period, message = _period_problem(_text(cell), code, regions, today)
        periods.append(period)
        if message:
            problems.append(Problem(row, PERIOD, message, cell))
    return periods, problems


def check_bases(frame: pd.DataFrame) -> tuple[list[str | None], list[Problem]]:
    """The basis of each row (the variable's default when the column is absent or empty)."""
    given = frame[BASIS] if BASIS in frame.columns else pd.Series([None] * len(frame))
    bases: list[str | None] = []
    problems = []
    for row, variable, cell in zip(_rows(frame), frame[VARIABLE], given, strict=True):
        entry = find_variable(_text(variable))
        text = _text(cell)
        basis = text or (str(entry.default_basis) if entry else None)
        if entry is not None and basis not in {str(b) for b in entry.bases}:
            allowed = ", ".join(str(b) for b in entry.bases)
            problems.append(Problem(row, BASIS, f"basis not allowed for {entry.name} (allowed: {allowed})", cell))
            basis = None
        bases.append(basis)
    return bases, problems


def check_vintages(frame: pd.DataFrame, vintage: str) -> list[Problem]:
    """The import's vintage is a known one, and a ``vintage`` column, if any, agrees with it."""
    known = [str(v) for v in Vintage]
    if vintage not in known:
        return [Problem(None, VINTAGE, f"unknown vintage (use one of {', '.join(known)})", vintage)]
    if VINTAGE not in frame.columns:
        return []
    return [
        Problem(row, VINTAGE, f"row says {_text(cell)!r} but the file is imported as {vintage!r}", cell)
        for row, cell in zip(_rows(frame), frame[VINTAGE], strict=True)
        if _text(cell) and _text(cell) != vintage
    ]


def check_duplicates(frame: pd.DataFrame) -> list[Problem]:
    """No key (region, period, variable, basis) twice in one file; the later rows are reported."""
    keys = frame[[REGION, PERIOD, VARIABLE, BASIS]].astype(object)
    first: dict[tuple[object, ...], int] = {}
    problems = []
    for row, key in zip(_rows(frame), keys.itertuples(index=False, name=None), strict=True):
        if None in key:
            continue  # rows with an invalid key part are already reported
        if key in first:
            problems.append(Problem(row, None, f"duplicate of row {first[key]} (same region, period, variable, basis)"))
        else:
            first[key] = row
    return problems


def validate_long(
    frame: pd.DataFrame,
    *,
    regions: RegionSet,
    vintage: str,
    today: date,
    allowed_variables: Collection[str] | None = None,
) -> pd.DataFrame:
    """Check every row of an import and return the long frame to store (canonical units).

    Values in a convertible unit are converted to the variable's canonical unit with
    :func:`carbonpeak.units.conversion_factor`.

    Raises
    ------
    DataError
        Listing every problem of every row; nothing is returned when there is any.
    """
    if problems := check_required_columns(frame):
        raise DataError("the file lacks required columns", problems)
    codes, problems = check_regions(frame, regions)
    problems += check_variables(frame, allowed_variables) + check_vintages(frame, vintage)
    values, found = check_values(frame)
    units, factors, found_units = check_units(frame)
    periods, found_periods = check_periods(frame, codes, regions, today=today)
    bases, found_bases = check_bases(frame)
    problems += found + found_units + found_periods + found_bases + check_non_negative(frame, values)
    long = pd.DataFrame(
        {REGION: codes, PERIOD: periods, VARIABLE: [_text(v) for v in frame[VARIABLE]], UNIT: units, BASIS: bases}
    )
    long[VINTAGE] = vintage
    long["row"] = _rows(frame)
    problems += check_duplicates(long)
    if problems:
        raise DataError(f"{len(problems)} problem(s) in the file; nothing was stored", sorted(problems, key=_order))
    long[VALUE] = [v * f for v, f in zip(values, factors, strict=True)]  # type: ignore[operator]
    notes = frame["note"].map(_text) if "note" in frame.columns else pd.Series([""] * len(frame))
    long["note"] = [n or None for n in notes]
    return long[[*LONG_COLUMNS, "note", "row"]]


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.column or "")
