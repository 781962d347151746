"""Grade regions with a barometer rule set: one :func:`evaluate` for every rule set (methods.md §2).

Inputs are reductions as positive fractions (methods.md §0): ``actual`` A (year-to-date or
cumulative reduction achieved) and ``required`` T (the schedule or annual requirement). For the
total-energy indicator pass the negated growth rates (A = −g, T = −G), so that ``T − A = g − G``.
A missing A or T gives the level ``no_data``, never green.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from carbonpeak.core.schema import PERIOD, REGION
from carbonpeak.errors import DataError, Problem
from carbonpeak.warning.rules import Band, Criterion, RuleSet

__all__ = ["FORMULAS", "NO_DATA", "evaluate", "measure_values"]

NO_DATA: Final = "no_data"
INDICATOR, TIER, ACTUAL, REQUIRED, MISS_PROBABILITY = "indicator", "tier", "actual", "required", "miss_probability"

#: the formula of each measure, shown in every evaluated cell
FORMULAS: Final = {
    "shortfall_share": "(T − A) / |T|  (gap to the schedule target as a share of the target, §2.1)",
    "shortfall_pp": "(T − A) × 100  (gap in percentage points, §2.3)",
    "actual_reduction_pct": "A × 100  (negative = intensity rose, §2.2)",
    "completion_ratio": "A / T  (share of the requirement achieved, §2.3)",
    "miss_probability": "P(annual reduction < annual target)  (forecast, §2.4)",
}


def measure_values(measure: str, actual: np.ndarray, required: np.ndarray, frame: pd.DataFrame) -> np.ndarray:
    """The value of ``measure`` per row (formulas in :data:`FORMULAS`); NaN where undefined.

    A zero requirement makes the shortfall share ±∞ (0 when A = T = 0); a non-positive requirement
    leaves the completion ratio undefined (NaN).
    """
    gap: np.ndarray = np.asarray(required - actual, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "shortfall_share":
            share = gap / np.abs(required)
            unbounded = np.where(gap == 0, 0.0, np.sign(gap) * np.inf)
            result: np.ndarray = np.where(required == 0, unbounded, share)
            return result
        if measure == "completion_ratio":
            ratio: np.ndarray = np.where(required > 0, actual / required, np.nan)
            return ratio
    if measure == "shortfall_pp":
        return gap * 100.0
    if measure == "actual_reduction_pct":
        return np.asarray(actual * 100.0, dtype=np.float64)
    if measure == MISS_PROBABILITY:
        if MISS_PROBABILITY not in frame.columns:
            raise DataError("the forecast rule needs a miss_probability column")
        return frame[MISS_PROBABILITY].to_numpy(dtype=np.float64)
    raise DataError(f"unknown measure {measure!r}")


def _in_band(raw: np.ndarray, band: Band) -> np.ndarray:
    # Rounded to 1e-9 first: a gap exactly on a threshold in the published figures (2.5 % of 5 %)
    # must not be pushed across it by binary floating point (0.05 − 0.045 = 0.005000000000000004).
    values = np.round(raw, 9)
    above = (
        np.ones(values.shape, bool)
        if band.lower is None
        else (values >= band.lower if band.lower_inclusive else values > band.lower)
    )
    below = (
        np.ones(values.shape, bool)
        if band.upper is None
        else (values <= band.upper if band.upper_inclusive else values < band.upper)
    )
    return np.asarray(above & below & ~np.isnan(values))


def _grade(criterion: Criterion, values: np.ndarray, rule_set: RuleSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Severity (NaN = no data), the text and the index of the band that applied (−1 = none), per row."""
    masks = [_in_band(values, band) for band in criterion.bands]
    severity = np.select(masks, [rule_set.level(b.level).severity for b in criterion.bands], default=np.nan)
    text = np.select(masks, [f"{b.describe(criterion.measure)} → {b.level}" for b in criterion.bands], default="")
    index = np.select(masks, list(range(len(criterion.bands))), default=-1)
    return severity.astype(np.float64), text.astype(object), index


def _applied(criterion: Criterion, index: int, value: float) -> dict[str, object]:
    """The band a value fell in (bounds, level, descriptions), for pages that show it in their language."""
    band = criterion.bands[index].model_dump() if index >= 0 else {"level": None}
    return {"measure": criterion.measure, "value": None if np.isnan(value) else float(value), **band}


def _check(frame: pd.DataFrame) -> None:
    missing = [c for c in (REGION, PERIOD, INDICATOR, ACTUAL, REQUIRED) if c not in frame.columns]
    if missing:
        raise DataError("warning input lacks columns", [Problem(None, c, "column missing") for c in missing])


def _evaluate_group(rule_set: RuleSet, group: pd.DataFrame, indicator: str, tier: str) -> pd.DataFrame:
    rule = rule_set.rule_for(indicator, tier)
    out = group.copy()
    if rule is None:
        raise DataError(f"rule set {rule_set.id} has no rule for indicator {indicator!r} (tier {tier!r})")
    actual, required = group[ACTUAL].to_numpy(np.float64), group[REQUIRED].to_numpy(np.float64)
    missing = np.isnan(actual)
    worst = np.full(len(group), -1.0)
    texts: list[list[str]] = [[] for _ in range(len(group))]
    details: list[dict[str, float | None]] = [{} for _ in range(len(group))]
    bands: list[list[dict[str, object]]] = [[] for _ in range(len(group))]
    for criterion in rule.criteria:
        values = measure_values(criterion.measure, actual, required, group)
        severity, text, index = _grade(criterion, values, rule_set)
        missing |= np.isnan(severity)
        worst = np.fmax(worst, severity)
        for i, (t, v) in enumerate(zip(text, values, strict=True)):
            texts[i].append(str(t))
            details[i][criterion.measure] = None if np.isnan(v) else float(v)
            bands[i].append(_applied(criterion, int(index[i]), float(v)))
    by_severity = {level.severity: level for level in rule_set.levels}
    out["level"] = [NO_DATA if m else by_severity[int(s)].key for m, s in zip(missing, worst, strict=True)]
    out["severity"] = np.where(missing, np.nan, worst)
    out["official_level"] = [
        None if m else by_severity[int(s)].official_level for m, s in zip(missing, worst, strict=True)
    ]
    out["role"] = rule.role
    out["measures"] = pd.Series(details, index=group.index, dtype=object)
    out["bands"] = pd.Series(bands, index=group.index, dtype=object)
    out["rule_applied"] = [
        "; ".join(t) if not m else "no data: an input is missing" for t, m in zip(texts, missing, strict=True)
    ]
    return out


def evaluate(rule_set: RuleSet, inputs: pd.DataFrame) -> pd.DataFrame:
    """Grade every row of ``inputs`` with ``rule_set`` (methods.md §2.1–§2.4).

    Parameters
    ----------
    inputs
        Columns ``region``, ``period``, ``indicator``, ``actual`` (A), ``required`` (T), and
        optionally ``tier`` and ``miss_probability``.

    Returns
    -------
    pandas.DataFrame
        The inputs plus ``level`` (a level key or ``"no_data"``), ``severity``, ``official_level``,
        ``role``, ``measures`` (measure → value), ``rule_applied`` (the band text of each criterion),
        ``bands`` (per criterion the measure, its value and the band that applied, or level None),
        ``formula``, ``rule_set`` and ``rule_version``.

    Raises
    ------
    DataError
        If a column is missing or an indicator has no rule in the set.
    """
    _check(inputs)
    frame = inputs.copy()
    frame[TIER] = frame[TIER].fillna("all") if TIER in frame.columns else "all"
    if frame.empty:
        return frame.assign(level=[], severity=[], rule_set=rule_set.id, rule_version=rule_set.version)
    parts = [
        _evaluate_group(rule_set, group, str(indicator), str(tier))
        for (indicator, tier), group in frame.groupby([INDICATOR, TIER], sort=False)
    ]
    out = pd.concat(parts).loc[frame.index]
    out["formula"] = [
        " | ".join(FORMULAS[c.measure] for c in rule.criteria)
        for rule in (rule_set.rule_for(str(i), str(t)) for i, t in zip(out[INDICATOR], out[TIER], strict=True))
        if rule is not None
    ]
    out["rule_set"] = rule_set.id
    out["rule_version"] = rule_set.version
    return out
