"""Dimension names of the long frame that engines take and return (data-model.md §6).

Engines never see the database. They exchange long tables with these columns; use the
constants, never bare string literals.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

REGION: Final = "region"
PERIOD: Final = "period"
VARIABLE: Final = "variable"
UNIT: Final = "unit"
BASIS: Final = "basis"
VINTAGE: Final = "vintage"
VALUE: Final = "value"
SCENARIO: Final = "scenario"
DRAW: Final = "draw"
SECTOR: Final = "sector"
FUEL: Final = "fuel"
YEAR: Final = "year"

#: the columns of an observation frame, in order
LONG_COLUMNS: Final = (REGION, PERIOD, VARIABLE, UNIT, BASIS, VINTAGE, VALUE)


class Basis(StrEnum):
    """Which legal adjustments an energy figure carries (methods.md §1.4)."""

    RAW = "raw"  #: as counted by statistics
    MINUS_FEEDSTOCK = "minus_feedstock"  #: raw-material (feedstock) use deducted
    MINUS_NEW_RENEWABLES = "minus_new_renewables"  #: new renewable electricity deducted (totals only)
    MINUS_NON_FOSSIL = "minus_non_fossil"  #: all non-fossil energy deducted
    DIRECT = "direct"  #: CO2, production-based (scope 1)
    INCLUDING_IMPORTS = "including_imports"  #: CO2 including net imported electricity


class Vintage(StrEnum):
    """Release stage of a statistic (data-model.md §3). Best available prefers final."""

    QUICK = "quick"  #: 快报
    PRELIMINARY = "preliminary"  #: 初步核实
    FINAL = "final"  #: 最终核实


#: order used by "best available": later in the tuple is better
VINTAGE_RANK: Final = {Vintage.QUICK: 0, Vintage.PRELIMINARY: 1, Vintage.FINAL: 2}
