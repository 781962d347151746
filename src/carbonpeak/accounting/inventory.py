"""A region's inventory: combustion, process and net imported electricity rows, and their totals."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from carbonpeak.accounting.electricity import basis_totals
from carbonpeak.accounting.factors import FactorTable
from carbonpeak.accounting.scope import RESULT_COLUMNS
from carbonpeak.accounting.sectoral import sectoral_emissions

__all__ = ["Inventory", "assemble_inventory", "combine_rows"]


@dataclass(frozen=True, eq=False)
class Inventory:
    """The totals on each basis, what was excluded, and the emission rows of every scope.

    The emission rows (tens of thousands for a province over 26 years) are made on first use of
    :attr:`emissions` and kept: a caller that needs only the totals (the CLI table, a factor-set
    comparison) never pays for them.
    """

    totals: pd.DataFrame  #: region, year, variable, basis, value, unit
    exclusions: pd.DataFrame  #: non-energy use not counted as combustion (may be empty)
    rows: Callable[[], pd.DataFrame] = field(repr=False)  #: makes the emission rows

    @functools.cached_property
    def emissions(self) -> pd.DataFrame:
        """Emission rows, :data:`~carbonpeak.accounting.scope.RESULT_COLUMNS`."""
        return self.rows()


def combine_rows(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Emission frames of several scopes as one (categorical columns as strings: their categories differ)."""
    return pd.concat(
        [
            f[list(RESULT_COLUMNS)].astype({c: str for c in f.columns if isinstance(f[c].dtype, pd.CategoricalDtype)})
            for f in frames
        ],
        ignore_index=True,
    )


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
    emissions = combine_rows([combustion, *extra])
    return Inventory(
        basis_totals(emissions), exclusions if exclusions is not None else pd.DataFrame(), lambda: emissions
    )
