"""The variables of the statistics: hierarchical names, canonical units, descriptions, rules
(data-model.md §3).

One table, :data:`VARIABLES`, is the vocabulary of the whole team. Each entry is either one
variable (``Energy|Total``) or a family ending in ``*`` (``Emissions|CO2|Sector|*`` for
``Emissions|CO2|Sector|<sector>|<fuel>``). The rules the importer applies are columns of this
table, not code: the canonical unit (values in a convertible unit are converted to it; ``None``
means each row carries its own physical unit, as in the CEADs energy inventory), whether a
negative value makes sense, and the bases a variable may carry (methods.md §1.4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from carbonpeak.core.schema import Basis

__all__ = ["DATASETS", "VARIABLES", "VariableDef", "canonical_unit", "find_variable", "variable_group"]

_ENERGY_BASES: Final = (Basis.RAW, Basis.MINUS_FEEDSTOCK, Basis.MINUS_NEW_RENEWABLES, Basis.MINUS_NON_FOSSIL)
_RAW: Final = (Basis.RAW,)
_CO2_BASES: Final = (Basis.DIRECT, Basis.INCLUDING_IMPORTS)


@dataclass(frozen=True)
class VariableDef:
    """One variable, or a family of variables when ``name`` ends with ``*``."""

    name: str  #: hierarchical name, ``|``-separated; a trailing ``*`` matches any rest
    unit: str | None  #: canonical unit; ``{suffix}`` is replaced by the text matched by ``*``; None: per row
    zh: str  #: Chinese description (the official term where there is one)
    en: str  #: English description
    non_negative: bool = True  #: False where a negative value is meaningful (changes, balances, net flows)
    bases: tuple[Basis, ...] = _RAW  #: bases the variable may carry; the first is the default

    @property
    def default_basis(self) -> Basis:
        """The basis assumed when an import does not name one."""
        return self.bases[0]

    def matches(self, name: str) -> str | None:
        """The text matched by ``*`` ('' for an exact match), or None when ``name`` is not covered."""
        if not self.name.endswith("*"):
            return "" if name == self.name else None
        stem = self.name[:-1]
        rest = name[len(stem) :]
        return rest if name.startswith(stem) and rest.strip() else None

    def unit_for(self, name: str) -> str | None:
        """The canonical unit of ``name`` (a member of this family)."""
        suffix = self.matches(name) or ""
        return None if self.unit is None else self.unit.replace("{suffix}", suffix)


#: The vocabulary. Exact names before families; the first matching entry wins.
VARIABLES: Final[tuple[VariableDef, ...]] = (
    VariableDef("Energy|Total", "10^4 tce", "能源消费总量", "Total energy consumption", bases=_ENERGY_BASES),
    VariableDef("Energy|Non-Fossil Share", "%", "非化石能源消费比重", "Non-fossil share of energy consumption"),
    VariableDef(
        "Energy|Intensity Change",
        "%",
        "单位地区生产总值能耗降低率（同比，负值为下降）",
        "Year-on-year change of energy intensity (negative = fall), as published",
        non_negative=False,
        bases=_ENERGY_BASES,
    ),
    VariableDef(
        "Energy|Total Change",
        "%",
        "能源消费总量增速（同比）",
        "Year-on-year change of total energy consumption",
        non_negative=False,
        bases=_ENERGY_BASES,
    ),
    VariableDef("Energy|Fuel|*", None, "分品种能源消费量（实物量）", "Consumption of one fuel, physical units"),
    VariableDef(
        "Energy|CEADs|*",
        None,
        "CEADs 省级能源清单（部门|品种，实物量；加工转换投入为正、产出为负）",
        "CEADs provincial energy inventory (sector|fuel, physical units; transformation inputs +, outputs -)",
        non_negative=False,
    ),
    VariableDef("GDP|Current", "100 million CNY", "地区生产总值（当年价）", "Gross regional product, current prices"),
    VariableDef("GDP|Real Growth", "%", "地区生产总值实际增速", "Real growth of GDP", non_negative=False),
    VariableDef(
        "GDP|Constant *",
        "100 million CNY (constant {suffix})",
        "地区生产总值（可比价）",
        "Gross regional product at constant prices of the named base year",
    ),
    VariableDef(
        "GDP|Value Added|*", "100 million CNY", "分产业增加值（当年价）", "Value added by industry, current prices"
    ),
    VariableDef("Population", "10^4 persons", "常住人口", "Resident population"),
    VariableDef(
        "Emissions|CO2",
        "Mt CO2",
        "二氧化碳排放总量（CEADs 范围一，含水泥过程）",
        "CO2 emissions (CEADs scope 1, incl. cement process)",
        bases=_CO2_BASES,
    ),
    VariableDef("Emissions|CO2|Energy", "Mt CO2", "能源活动二氧化碳排放", "CO2 from energy use", bases=_CO2_BASES),
    VariableDef(
        "Emissions|CO2|Process|Cement",
        "Mt CO2",
        "水泥生产过程排放",
        "CO2 from cement production process",
        bases=(Basis.DIRECT,),
    ),
    VariableDef(
        "Emissions|CO2|Sector|*",
        "Mt CO2",
        "分部门分品种二氧化碳排放（CEADs）",
        "CO2 by sector and fuel (CEADs)",
        bases=(Basis.DIRECT,),
    ),
    VariableDef(
        "Emissions|CO2|Accounted|*",
        "Mt CO2",
        "本平台核算的二氧化碳排放（services.inventory 计算）",
        "CO2 accounted by carbonpeak from the energy inventory (services.inventory)",
        non_negative=False,
        bases=_CO2_BASES,
    ),
    VariableDef("Electricity|Consumption", "10^8 kWh", "全社会用电量", "Electricity consumption, whole society"),
    VariableDef("Electricity|Generation|*", "10^8 kWh", "发电量（按电源）", "Electricity generation by source"),
    VariableDef("Electricity|Imports", "10^8 kWh", "省际购入电量", "Electricity received from other provinces"),
    VariableDef("Electricity|Exports", "10^8 kWh", "省际送出电量", "Electricity sent to other provinces"),
    VariableDef(
        "Electricity|Net Imports",
        "10^8 kWh",
        "净调入电量（负值为净调出）",
        "Net electricity imports (negative = net exports)",
        non_negative=False,
    ),
    VariableDef(
        "Electricity|Consumption Change",
        "%",
        "全社会用电量增速（同比）",
        "Year-on-year change of electricity consumption",
        non_negative=False,
    ),
    VariableDef(
        "Electricity|Intensity Change",
        "%",
        "单位地区生产总值电耗变化（同比）",
        "Year-on-year change of electricity intensity",
        non_negative=False,
    ),
)


def find_variable(name: str) -> VariableDef | None:
    """The entry of :data:`VARIABLES` that covers ``name``, or None for an unknown variable."""
    for entry in VARIABLES:
        if entry.matches(name) is not None:
            return entry
    return None


def canonical_unit(name: str) -> str | None:
    """The canonical unit of a variable; None when unknown or when each row carries its own unit."""
    entry = find_variable(name)
    return None if entry is None else entry.unit_for(name)


def variable_group(name: str) -> str:
    """The group a variable is counted under in summaries: its first one or two name components.

    >>> variable_group("Emissions|CO2|Sector|Total|Raw_Coal")
    'Emissions|CO2'
    >>> variable_group("Population")
    'Population'
    """
    return "|".join(name.split("|")[:2])


#: the data sets of the import templates: each a list of the variables a file of it may hold
DATASETS: Final[dict[str, tuple[str, ...]]] = {
    "energy": ("Energy|Total", "Energy|Non-Fossil Share", "Energy|Intensity Change", "Energy|Total Change"),
    "gdp": (
        "GDP|Current",
        "GDP|Real Growth",
        "GDP|Constant 2020",
        "GDP|Constant 2005",
        "GDP|Value Added|Primary",
        "GDP|Value Added|Secondary",
        "GDP|Value Added|Tertiary",
    ),
    "population": ("Population",),
    "emissions": ("Emissions|CO2", "Emissions|CO2|Energy", "Emissions|CO2|Process|Cement"),
    "electricity": (
        "Electricity|Consumption",
        *(f"Electricity|Generation|{s}" for s in ("Total", "Thermal", "Hydro", "Wind", "Solar", "Nuclear")),
        "Electricity|Net Imports",
    ),
}
