"""Shapes of the inventory page's view model (``TypedDict``: the OpenAPI response models of ``/api/v1/inventory``).

Plain JSON-ready dicts; gaps are None. Built by :mod:`carbonpeak.web.inventory_views`.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads TypedDicts on Python < 3.12 from here only

__all__ = [
    "Cities",
    "CityRow",
    "FactorSetRow",
    "FactorSets",
    "Intensity",
    "InventoryView",
    "Reconciliation",
    "ReconciliationRow",
    "RegionOption",
    "Sankey",
    "SankeyLink",
    "Series",
    "Stacked",
]


class RegionOption(TypedDict):
    code: str
    name_zh: str
    name_en: str
    level: str


class Series(TypedDict):
    key: str  #: sector group, fuel, variable or indicator identifier
    unit: str
    values: list[float | None]  #: one per year; None is a gap


class Stacked(TypedDict):
    years: list[int]
    series: list[Series]


class SankeyLink(TypedDict):
    source: str  #: fuel
    target: str  #: sector group
    value: float


class Sankey(TypedDict):
    year: int
    unit: str
    links: list[SankeyLink]


class Intensity(TypedDict):
    years: list[int]
    series: list[Series]
    missing: str | None  #: why there is no series (statistics not loaded), else None


class FactorSetRow(TypedDict):
    year: int
    factor_set: str  #: name@version
    total: float | None  #: combustion CO2, Mt
    base_total: float | None
    difference: float | None
    shift: float | None  #: total / base_total − 1, a fraction


class FactorSets(TypedDict):
    base: str
    unit: str
    rows: list[FactorSetRow]


class ReconciliationRow(TypedDict):
    year: int
    province: float | None
    city_sum: float | None
    reported: int
    missing: int
    missing_cities: list[str]  #: region codes of the cities without a value (gaps, never filled)
    difference: float | None
    share: float | None
    explanation: str


class Reconciliation(TypedDict):
    unit: str
    rows: list[ReconciliationRow]


class CityRow(TypedDict):
    code: str
    name_zh: str
    name_en: str
    ceads_city: list[float | None]  #: CEADs city inventory; None where CEADs has no value
    edgar_v8_proxy: list[float | None]  #: EDGAR v8.0 proxy (not an official inventory)


class Cities(TypedDict):
    years: list[int]
    unit: str
    cities: list[CityRow]


class InventoryView(TypedDict):
    region: RegionOption
    years: list[int]
    factor_set: str
    basis: str
    method: str | None  #: method text stored with the inventory (None for a city: totals only)
    totals: Stacked | None
    sectors: Stacked | None
    fuels: Stacked | None
    sankey: Sankey | None
    intensity: Intensity | None
    factor_sets: FactorSets | None
    reconciliation: Reconciliation | None
    cities: Cities
