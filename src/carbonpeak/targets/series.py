"""Annual series out of a long frame, and the schedules (序时进度) of methods.md §1.3."""

from __future__ import annotations

import math

import pandas as pd

from carbonpeak.core.schema import PERIOD, REGION, UNIT, VALUE, VARIABLE
from carbonpeak.errors import DataError, Problem
from carbonpeak.targets.model import Convention
from carbonpeak.units import conversion_factor

__all__ = ["annual_series", "level_schedule", "ratio_schedule"]


def annual_series(
    frame: pd.DataFrame, variable: str, region: str, *, unit: str | None = None
) -> tuple[dict[int, float], str | None]:
    """The yearly values of ``variable`` for ``region``, as ``{year: value}`` and their unit.

    Rows whose period is not a whole year, and gaps (missing values), are left out: a gap is never a
    zero. Values are converted to ``unit`` (or to the unit of the first row when ``unit`` is None) with
    :func:`carbonpeak.units.conversion_factor` unless the unit text is identical.

    Raises
    ------
    DataError
        If a year appears twice (the caller must pick one vintage and basis first).
    UnitError
        If a row's unit cannot be converted.
    """
    rows = frame[(frame[VARIABLE] == variable) & (frame[REGION] == region)]
    rows = rows[rows[PERIOD].astype(str).str.fullmatch(r"\d{4}") & rows[VALUE].notna()]
    if rows.empty:
        return {}, unit
    target_unit = unit if unit is not None else str(rows[UNIT].iloc[0])
    duplicated = rows[rows[PERIOD].astype(str).duplicated(keep=False)]
    if not duplicated.empty:
        problems = [
            Problem(row=None, column=PERIOD, message=f"{variable} for {region} appears more than once", value=p)
            for p in sorted(set(duplicated[PERIOD].astype(str)))
        ]
        raise DataError("one value per year is needed to evaluate a target", problems)
    series: dict[int, float] = {}
    for period, value, row_unit in zip(rows[PERIOD], rows[VALUE], rows[UNIT], strict=True):
        factor = 1.0 if str(row_unit) == target_unit else conversion_factor(str(row_unit), target_unit)
        series[int(period)] = float(value) * factor
    return dict(sorted(series.items())), target_unit


def _fraction(year: int, start: int, end: int) -> float:
    """Share of the schedule elapsed at ``year``: (year − start) / (end − start)."""
    return (year - start) / (end - start)


def ratio_schedule(
    start_ratio: float, target_ratio: float, *, year: int, start: int, end: int, convention: Convention
) -> float:
    """Required ratio to the base value at ``year`` on the way from ``start_ratio`` to ``target_ratio``.

    Geometric (methods.md §1.3, convention 2): ``s · (t / s)^f``; with ``s = 1`` and ``t = 1 − R`` this is
    ``(1 − R)^(k/n)``, the table of §1.3 (R = 14%, n = 5: 0.9703, 0.9415, 0.9135, 0.8863, 0.86).
    Linear: ``s + (t − s) · f``, an equal share of the required change each year. ``f = (year − start) /
    (end − start)``.
    """
    f = _fraction(year, start, end)
    if convention is Convention.GEOMETRIC:
        return float(start_ratio * (target_ratio / start_ratio) ** f)
    return start_ratio + (target_ratio - start_ratio) * f


def level_schedule(
    start_value: float, target_value: float, *, year: int, start: int, end: int, convention: Convention
) -> float:
    """Required level at ``year`` on the way from ``start_value`` (in ``start``) to ``target_value`` (in ``end``).

    Linear: ``v0 + (V − v0) · f``. Geometric: ``v0 · (V / v0)^f``, defined only for positive levels; for a
    zero or negative level the linear schedule is used (a geometric path through zero does not exist).
    """
    if convention is Convention.GEOMETRIC and start_value > 0 and target_value > 0:
        return start_value * math.pow(target_value / start_value, _fraction(year, start, end))
    return start_value + (target_value - start_value) * _fraction(year, start, end)
