"""View model of the inventory page (``/inventory``) and its JSON twins (``/api/v1/inventory/…``).

Built from :mod:`carbonpeak.services.inventory` only. Every part is a plain, JSON-ready dict whose shape is
declared as a ``TypedDict`` (the OpenAPI response models). Gaps stay None; nothing is filled in. Labels of
coded values (sector groups, fuels, indicators) are English msgids translated by the template.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from carbonpeak.errors import DataError, NotFound, Problem
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services import inventory
from carbonpeak.services.runtime import Runtime
from carbonpeak.web.inventory_models import (
    Cities,
    CityRow,
    FactorSetRow,
    FactorSets,
    Intensity,
    InventoryView,
    Reconciliation,
    ReconciliationRow,
    RegionOption,
    Sankey,
    SankeyLink,
    Series,
    Stacked,
)
from carbonpeak.web.labels import N_

__all__ = [
    "BASES",
    "BASIS_LABELS",
    "FACTOR_SETS",
    "GRID_YEAR",
    "InventoryQuery",
    "city_table",
    "factor_set_table",
    "intensity_table",
    "inventory_view",
    "reconciliation_table",
    "region_options",
    "sankey_table",
    "stacked_table",
    "totals_table",
]

#: factor sets the page offers (name; the newest version of each)
FACTOR_SETS: Final = ("ceads", "ipcc2006", "china_national_defaults")
#: the factor set the others are compared with
BASE_SET: Final = "ceads"
BASES: Final = ("direct", "including_imports")
BASIS_LABELS = {
    "direct": N_("direct emissions in the province"),
    "including_imports": N_("including net imported electricity"),
}
#: Anhui's provincial grid factor exists for this year only; net imports of every year are priced with it
GRID_YEAR: Final = 2022
UNIT: Final = "Mt CO2"

SECTOR_GROUPS = {
    "power_heat": N_("Power and heat"),
    "industry": N_("Industry"),
    "transport": N_("Transport"),
    "construction": N_("Construction"),
    "services": N_("Services"),
    "households": N_("Households"),
    "agriculture": N_("Agriculture"),
    "Net imported electricity": N_("Net imported electricity"),
}
FUELS = {
    "Raw_Coal": N_("Raw coal"),
    "Cleaned_Coal": N_("Cleaned coal"),
    "Other_Washed_Coal": N_("Other washed coal"),
    "Briquettes": N_("Briquettes"),
    "Coke": N_("Coke"),
    "Coke_Oven_Gas": N_("Coke oven gas"),
    "Other_Gas": N_("Other gas"),
    "Other_Coking_Products": N_("Other coking products"),
    "Crude_Oil": N_("Crude oil"),
    "Gasoline": N_("Gasoline"),
    "Kerosene": N_("Kerosene"),
    "Diesel_Oil": N_("Diesel oil"),
    "Fuel_Oil": N_("Fuel oil"),
    "LPG": N_("LPG"),
    "Refinery_Gas": N_("Refinery gas"),
    "Other_Petroleum_Products": N_("Other petroleum products"),
    "Natural_Gas": N_("Natural gas"),
    "Cement": N_("Cement process"),
    "Electricity": N_("Net imported electricity"),
}
INTENSITIES = {
    "co2_per_gdp_constant_2005": N_("CO2 per 10^4 yuan of GDP (constant 2005 prices)"),
    "co2_per_head": N_("CO2 per head"),
}
#: totals by variable; on basis including_imports "Energy" includes the net imported electricity
TOTALS = {
    "Emissions|CO2|Energy": N_("Energy"),
    "Emissions|CO2|Process|Cement": N_("Cement process"),
    "Emissions|CO2": N_("Total"),
}


@dataclass(frozen=True)
class InventoryQuery:
    """What the page shows: region (code or name), first and last year, factor set, basis, Sankey year."""

    region: str = PROVINCE_CODE
    first: int = 2005
    last: int = 2022
    factor_set: str = BASE_SET
    basis: str = "direct"
    year: int | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def check(self) -> None:
        """Raise :class:`DataError` naming each bad field (years outside the data, Sankey year outside the range)."""
        low, high = inventory.inventory_years()
        problems = [
            Problem(None, name, f"must lie within {low}–{high}", value)
            for name, value in (("first", self.first), ("last", self.last))
            if not low <= value <= high
        ]
        if self.first > self.last:
            problems.append(Problem(None, "first", f"must not be after last ({self.last})", self.first))
        if self.year is not None and not self.first <= self.year <= self.last:
            problems.append(Problem(None, "year", f"must lie within {self.first}–{self.last}", self.year))
        if self.factor_set not in FACTOR_SETS:
            problems.append(Problem(None, "factor_set", f"must be one of {', '.join(FACTOR_SETS)}", self.factor_set))
        if self.basis not in BASES:
            problems.append(Problem(None, "basis", f"must be one of {', '.join(BASES)}", self.basis))
        if problems:
            raise DataError("invalid inventory request", problems)

    @property
    def grid(self) -> inventory.GridChoice | None:
        return inventory.GridChoice(year=GRID_YEAR) if self.basis == "including_imports" else None


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def region_options() -> list[RegionOption]:
    """The province and its 16 present cities, for the region selector."""
    regions = load_regions()
    province = regions.get(PROVINCE_CODE)
    cities = [c for c in regions.cities() if c.valid_to is None]
    return [RegionOption(code=r.code, name_zh=r.name_zh, name_en=r.name_en, level=r.level) for r in [province, *cities]]


def _region(key: str) -> RegionOption:
    code, level, _ = inventory.resolve_region(key)
    region = load_regions().get(code)
    return RegionOption(code=code, name_zh=region.name_zh, name_en=region.name_en, level=level)


def stacked_table(frame: pd.DataFrame, key: str, years: Sequence[int], order: Sequence[str] = ()) -> Stacked:
    """Long ``year, <key>, unit, value`` rows as one series per key, years in order, gaps None."""
    wide = frame.pivot_table(index="year", columns=key, values="value", aggfunc="sum", dropna=False)
    wide = wide.reindex(list(years))
    keys = [k for k in order if k in wide.columns] + sorted(k for k in wide.columns if k not in order)
    unit = str(frame["unit"].iloc[0]) if len(frame) else UNIT
    return Stacked(
        years=list(years),
        series=[Series(key=str(k), unit=unit, values=[_num(v) for v in wide[k]]) for k in keys],
    )


def totals_table(result: inventory.Inventory, years: Sequence[int], basis: str) -> Stacked:
    """The inventory's totals on ``basis`` by variable (energy, cement process, total).

    Cement process CO2 has basis ``direct`` only; it is part of the total on both bases.
    """
    totals = result.totals
    totals = totals[(totals["basis"] == basis) | (totals["variable"] == "Emissions|CO2|Process|Cement")]
    return stacked_table(totals, "variable", years, order=list(TOTALS))


def sankey_table(result: inventory.Inventory, year: int) -> Sankey:
    """Fuel → sector-group links of one year (combustion; zero links dropped)."""
    links = inventory.sankey_frame(result, year=year)
    return Sankey(
        year=year,
        unit=UNIT,
        links=[
            SankeyLink(source=s, target=t, value=float(v)) for s, t, v in links[["source", "target", "value"]].values
        ],
    )


def intensity_table(rt: Runtime, result: inventory.Inventory, years: Sequence[int], basis: str) -> Intensity:
    """CO2 per constant-price GDP and per head from the stored statistics; a year without them is a gap."""
    try:
        frame = inventory.intensity_frame(rt, result, basis=basis)
    except NotFound as exc:
        return Intensity(years=list(years), series=[], missing=str(exc))
    series = []
    for indicator in INTENSITIES:
        rows = frame[frame["indicator"] == indicator].set_index("year").reindex(list(years))
        unit = str(frame.loc[frame["indicator"] == indicator, "unit"].iloc[0])
        series.append(Series(key=indicator, unit=unit, values=[_num(v) for v in rows["value"]]))
    return Intensity(years=list(years), series=series, missing=None)


def factor_set_table(years: Sequence[int]) -> FactorSets:
    """Province combustion CO2 under each factor set and its shift against CEADs, by year."""
    frame = inventory.factor_set_comparison(years, sets=[(name, None) for name in FACTOR_SETS])
    rows = [
        FactorSetRow(
            year=int(r["year"]),
            factor_set=str(r["factor_set"]),
            total=_num(r["total"]),
            base_total=_num(r["base_total"]),
            difference=_num(r["difference"]),
            shift=_num(r["shift"]),
        )
        for r in frame.to_dict("records")
    ]
    return FactorSets(base=str(frame["factor_set"].iloc[0]), unit=UNIT, rows=rows)


def _codes(names: str) -> list[str]:
    regions = load_regions()
    return [regions.get(n.strip()).code for n in names.split(",") if n.strip()]


def reconciliation_table(years: Sequence[int]) -> Reconciliation:
    """CEADs city sum against the CEADs province total, the gaps named by region code, and the explanation."""
    frame = inventory.city_reconciliation(years)
    rows = [
        ReconciliationRow(
            year=int(r["year"]),
            province=_num(r["province"]),
            city_sum=_num(r["city_sum"]),
            reported=int(r["reported"]),
            missing=int(r["missing"]),
            missing_cities=_codes(str(r["missing_cities"])),
            difference=_num(r["difference"]),
            share=_num(r["share"]),
            explanation=str(r["explanation"]),
        )
        for r in frame.to_dict("records")
    ]
    return Reconciliation(unit=UNIT, rows=rows)


def city_table(years: Sequence[int], region: str | None = None) -> Cities:
    """The 16 cities' CO2 by year (or one city's): CEADs city inventory and EDGAR proxy, gaps None."""
    frame = inventory.city_series(years)
    wide = frame.pivot_table(index=["region", "series"], columns="year", values="value", dropna=False)
    wide = wide.reindex(columns=list(years))
    cities = [r for r in region_options()[1:] if region in (None, r["code"])]

    def values(code: str, series: str) -> list[float | None]:
        if (code, series) not in wide.index:
            return [None for _ in years]
        return [_num(v) for v in wide.loc[[(code, series)]].to_numpy(dtype=float)[0]]

    rows = [
        CityRow(
            code=c["code"],
            name_zh=c["name_zh"],
            name_en=c["name_en"],
            ceads_city=values(c["code"], "ceads_city"),
            edgar_v8_proxy=values(c["code"], "edgar_v8_proxy"),
        )
        for c in cities
    ]
    return Cities(years=list(years), unit=UNIT, cities=rows)


def _city_view(region: RegionOption, query: InventoryQuery) -> InventoryView:
    return InventoryView(
        region=region,
        years=query.years,
        factor_set=query.factor_set,
        basis=query.basis,
        method=None,
        totals=None,
        sectors=None,
        fuels=None,
        sankey=None,
        intensity=None,
        factor_sets=None,
        reconciliation=None,
        cities=city_table(query.years, region["code"]),
    )


def inventory_view(rt: Runtime, query: InventoryQuery) -> InventoryView:
    """Everything the inventory page shows for ``query`` (a city: its totals only, no sector or fuel split)."""
    query.check()
    region = _region(query.region)
    if region["level"] != "province":
        return _city_view(region, query)
    years = query.years
    result, method = inventory.compute_inventory(region["code"], years, factor_set=query.factor_set, grid=query.grid)
    return InventoryView(
        region=region,
        years=years,
        factor_set=query.factor_set,
        basis=query.basis,
        method=method,
        totals=totals_table(result, years, query.basis),
        sectors=stacked_table(inventory.sector_frame(result, grouped=True), "sector", years, list(SECTOR_GROUPS)),
        fuels=stacked_table(inventory.fuel_frame(result), "fuel", years, list(FUELS)),
        sankey=sankey_table(result, query.year or query.last),
        intensity=intensity_table(rt, result, years, query.basis),
        factor_sets=factor_set_table(years),
        reconciliation=reconciliation_table(years),
        cities=city_table(years),
    )
