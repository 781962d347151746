"""Integer codes and unit scales: the vectorised core shared by the accounting methods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from carbonpeak.errors import UnitError
from carbonpeak.units import conversion_factor

__all__ = ["categorical", "codes", "constant_column", "unit_scales"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def codes(series: pd.Series, categories: Sequence[str]) -> IntArray:
    """Position of each value in ``categories``; −1 for a value that is not there (or missing).

    A categorical column is recoded through its (few) categories, so millions of rows cost one
    numpy gather instead of a hash of every string.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        index = {name: i for i, name in enumerate(categories)}
        lookup = np.array([index.get(str(c), -1) for c in series.cat.categories] + [-1], dtype=np.int64)
        raw = series.cat.codes.to_numpy().astype(np.int64)
        return lookup[np.where(raw >= 0, raw, len(lookup) - 1)]
    return pd.Index(list(categories)).get_indexer(pd.Index(series.astype(str))).astype(np.int64)


def _scale(unit: str, target: str, fuel: str, coal_equivalents: Mapping[str, tuple[float, str]]) -> float:
    try:
        return conversion_factor(unit, target)
    except UnitError:
        if fuel not in coal_equivalents:
            return np.nan
        coefficient, coefficient_unit = coal_equivalents[fuel]
        try:
            return conversion_factor(unit, coefficient_unit) / coefficient
        except UnitError:
            return np.nan


def unit_scales(
    units: pd.Series,
    fuels: Sequence[str],
    per_unit: Sequence[str],
    coal_equivalents: Mapping[str, tuple[float, str]] | None = None,
) -> tuple[IntArray, FloatArray]:
    """Codes of the activity units and a (fuel × unit) matrix of multipliers into each fuel's unit.

    A unit of another dimension (tce for a fuel counted in t) is read through the fuel's
    standard-coal coefficient when one is given (methods.md §0); otherwise its scale is NaN.
    """
    unit_codes, uniques = pd.factorize(units.astype(str) if not isinstance(units.dtype, pd.CategoricalDtype) else units)
    table = np.full((len(fuels), max(len(uniques), 1)), np.nan)
    equivalents = coal_equivalents or {}
    for f, (fuel, target) in enumerate(zip(fuels, per_unit, strict=True)):
        for u, unit in enumerate(uniques):
            table[f, u] = _scale(str(unit), target, fuel, equivalents) if target else np.nan
    return unit_codes.astype(np.int64), table


def categorical(positions: npt.NDArray[np.integer[Any]], categories: Sequence[str]) -> pd.Categorical[str]:
    """A categorical column from integer positions into ``categories``."""
    return pd.Categorical.from_codes(positions, categories=pd.Index(list(categories)))


def constant_column(value: str, length: int) -> pd.Categorical[str]:
    """A column holding one label, as a categorical (cheap for millions of rows)."""
    return categorical(np.zeros(length, dtype=np.int8), [value])
