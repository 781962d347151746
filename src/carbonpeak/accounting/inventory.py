"""A region's inventory: combustion, process and net imported electricity rows, and their totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from carbonpeak.accounting.electricity import basis_totals
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.accounting.scope import RESULT_COLUMNS
from carbonpeak.accounting.sectoral import sectoral_emissions

__all__ = ["Inventory", "assemble_inventory"]


@dataclass(frozen=True)
class Inventory:
    """Emission rows of every scope, the totals on each basis, and what was excluded."""

    emissions: pd.DataFrame  #: :data:`~carbonpeak.accounting.scope.RESULT_COLUMNS`
    totals: pd.DataFrame  #: region, year, variable, basis, value, unit
    exclusions: pd.DataFrame  #: non-energy use not counted as combustion (may be empty)


def assemble_inventory(
    activity: pd.DataFrame,
    table: FactorTable,
    *,
    extra: Sequence[pd.DataFrame] = (),
    exclusions: pd.DataFrame | None = None,
    coal_equivalents: Mapping[str, tuple[float, str]] | None = None,
) -> Inventory:
    """Combustion CO2 of ``activity`` (sectoral approach) plus ``extra`` emission rows (process, net imports).

    ``Emissions|CO2 (direct) = Σ combustion + Σ process``; ``(including_imports)`` adds the net
    imported electricity rows (methods.md §8.1). Totals exist for a basis only where all its parts do.
    """
    combustion = sectoral_emissions(activity, table, coal_equivalents=coal_equivalents)
    frames = [combustion, *(frame[list(RESULT_COLUMNS)] for frame in extra)]
    emissions = pd.concat(
        [f.astype({c: str for c in f.columns if isinstance(f[c].dtype, pd.CategoricalDtype)}) for f in frames],
        ignore_index=True,
    )
    return Inventory(emissions, basis_totals(emissions), exclusions if exclusions is not None else pd.DataFrame())
