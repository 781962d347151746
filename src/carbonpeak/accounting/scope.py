"""What an emission row counts: its scope, basis and the column names of result frames (methods.md §8.1)."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from carbonpeak.core.schema import BASIS, FUEL, REGION, SECTOR, UNIT, VALUE, YEAR

__all__ = [
    "FACTOR_SET",
    "RESULT_COLUMNS",
    "SCOPE",
    "VAR_ENERGY",
    "VAR_PROCESS_CEMENT",
    "VAR_SECTOR_PREFIX",
    "VAR_TOTAL",
    "Scope",
]

SCOPE: Final = "scope"
FACTOR_SET: Final = "factor_set"

#: the columns of every emission frame returned by the accounting methods
RESULT_COLUMNS: Final = (REGION, YEAR, SECTOR, FUEL, VALUE, UNIT, SCOPE, BASIS, FACTOR_SET)

#: statistics variables the inventory is stored under (carbonpeak.core.variables)
VAR_TOTAL: Final = "Emissions|CO2"
VAR_ENERGY: Final = "Emissions|CO2|Energy"
VAR_PROCESS_CEMENT: Final = "Emissions|CO2|Process|Cement"
VAR_SECTOR_PREFIX: Final = "Emissions|CO2|Sector|"


class Scope(StrEnum):
    """The kind of emission a row counts."""

    COMBUSTION = "combustion"  #: fuel combustion within the boundary (scope 1, energy)
    PROCESS = "process"  #: industrial process (cement clinker …), scope 1
    NET_IMPORTED_ELECTRICITY = "net_imported_electricity"  #: net imports × grid factor (negative for exporters)
