"""CO2 inventories: compute from the reference data, store as revisions, and frames for the pages.

The only place that joins the factor sets and CEADs files (``reference``) with the pure accounting
engine (``accounting``) and the store. Computing is a pure read; :func:`store_inventory` writes one
transaction, attributed and audited. Functions for the pages (web, API, CLI) return long frames:

- :func:`compute_inventory` — province emission rows, totals on each basis, exclusions;
- :func:`sector_frame`, :func:`fuel_frame`, :func:`sankey_frame` — stacked charts and Sankey links;
- :func:`intensity_frame` — CO2 per constant-2005-price GDP and per head, from the stored statistics;
- :func:`factor_set_comparison` — how much the total moves between factor sets;
- :func:`city_series` and :func:`city_reconciliation` — the 16 cities, gaps shown, and city sum vs province.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from carbonpeak.accounting.ceads_inventory import ceads_inventory, select_years
from carbonpeak.accounting.ceads_scope import EncodedInventory, encode_inventory
from carbonpeak.accounting.compare import factor_set_shift, reconcile_cities
from carbonpeak.accounting.electricity import net_import_emissions
from carbonpeak.accounting.factors import FactorTable, build_factor_table
from carbonpeak.accounting.inventory import Inventory
from carbonpeak.accounting.process import process_rows
from carbonpeak.accounting.scope import VAR_SECTOR_PREFIX
from carbonpeak.accounting.views import by_fuel, by_sector, intensity, sankey_links
from carbonpeak.core.schema import BASIS, FUEL, PERIOD, REGION, SECTOR, UNIT, VALUE, VARIABLE, VINTAGE, YEAR, Vintage
from carbonpeak.errors import NotFound
from carbonpeak.reference import ceads
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set, load_grid_factors
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations

__all__ = [
    "ACCOUNTED_PREFIX",
    "GridChoice",
    "Inventory",
    "city_reconciliation",
    "city_series",
    "compute_inventory",
    "factor_set_comparison",
    "fuel_frame",
    "intensity_frame",
    "inventory_years",
    "resolve_region",
    "sankey_frame",
    "sector_frame",
    "store_inventory",
]

#: stored variables of a computed inventory; the published CEADs figures keep their own names
ACCOUNTED_PREFIX = "Emissions|CO2|Accounted|"
# stored on every row (the column holds 200 characters): approach, scope, process source, then factor set and grid
_METHOD = "sectoral; CEADs scope (SOURCES.md 12.3); cement: CEADs Process"


@dataclass(frozen=True)
class GridChoice:
    """Which grid factor prices net imported electricity (grid_emission_factors_china.csv)."""

    scope: str = "provincial"  #: national, regional or provincial
    region: str = "Anhui"
    factor_type: str = "average"
    year: int | None = None  #: None: each year's own factor; a year: that year's factor for every year

    @property
    def label(self) -> str:
        """How the choice is written on result rows and in the stored method."""
        when = "same year" if self.year is None else f"{self.year} for all years"
        return f"grid {self.scope}/{self.region}/{self.factor_type}/{when}"


def resolve_region(key: str) -> tuple[str, str, str]:
    """``(code, level, name)`` of a region given by code or name (``340000``, ``Anhui``, ``合肥市``).

    Raises
    ------
    NotFound
        If the region is unknown.
    """
    region = load_regions().get(key)
    return region.code, region.level, f"{region.name_zh} {region.name_en}"


def inventory_years() -> tuple[int, int]:
    """First and last year of the CEADs energy inventory the province inventory is computed from."""
    years = ceads.load_energy_inventory()[YEAR]
    return int(years.min()), int(years.max())


def _grid(choice: GridChoice, years: Sequence[int]) -> pd.DataFrame:
    grid = load_grid_factors()
    grid = grid[
        (grid["scope"] == choice.scope)
        & (grid["region"] == choice.region)
        & (grid["factor_type"] == choice.factor_type)
    ]
    if choice.year is None:
        return grid[[YEAR, VALUE, UNIT]]
    fixed = grid[grid[YEAR] == choice.year]
    return pd.DataFrame(
        {YEAR: list(years), VALUE: fixed[VALUE].iloc[0] if len(fixed) else float("nan"), UNIT: "kgCO2/kWh"}
    )


def _check_region(region: str) -> None:
    if region != PROVINCE_CODE:
        raise NotFound(f"sector-by-fuel inventories exist for the province ({PROVINCE_CODE}) only; cities: city_series")


@functools.lru_cache(maxsize=8)
def _encoded(fuels: tuple[str, ...]) -> EncodedInventory:
    """The CEADs energy inventory as an array, encoded once per fuel list (the packaged file never changes)."""
    encoded = encode_inventory(ceads.load_energy_inventory(normalise_units=True), load_ceads_sectors(), fuels=fuels)
    encoded.cube.flags.writeable = False  # shared by every call: nobody may change it
    return encoded


@functools.lru_cache(maxsize=64)
def _factor_table(name: str, version: str | None, first: int, last: int) -> tuple[FactorTable, str]:
    """A factor set resolved for ``first``–``last``, built once per set ``name@version`` and span."""
    info, rows = load_factor_set(name, version)
    sectors = list(load_ceads_sectors()[SECTOR])
    table = build_factor_table(rows, label=info.label, years=range(first, last + 1), sectors=sectors)
    table.matrix.flags.writeable = table.fuelwide.flags.writeable = False
    return table, info.label


@functools.lru_cache(maxsize=64)
def _process(years: tuple[int, ...]) -> pd.DataFrame:
    co2 = ceads.load_co2_inventory()
    process = co2[(co2[FUEL] == "Process") & (co2[SECTOR] != "Total") & co2[YEAR].isin(years)]
    return process_rows(process, product="Cement", label="CEADs Process column")


def _net_imports(energy: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Net imported electricity from the balance: ``Total Consumption`` of electricity (− is net export)."""
    rows = energy[(energy[SECTOR] == "Total Consumption") & (energy[FUEL] == "Electricity") & energy[YEAR].isin(years)]
    return rows[[REGION, YEAR, VALUE, UNIT]].reset_index(drop=True)


def compute_inventory(
    region: str,
    years: Sequence[int],
    *,
    factor_set: str = "ceads",
    version: str | None = None,
    grid: GridChoice | None = None,
) -> tuple[Inventory, str]:
    """The inventory of ``region`` for ``years`` and the method text that describes it (methods.md §8).

    Combustion from the CEADs energy inventory in the CEADs scope with the chosen factor set; cement
    process as published by CEADs; with ``grid``, net imported electricity for the ``including_imports``
    basis. Returns the :class:`~carbonpeak.accounting.inventory.Inventory` and the method text.

    Raises
    ------
    NotFound
        For a city or an unknown factor set.
    DataError
        For years without activity data or (with ``grid``) without grid factor, naming them.
    """
    _check_region(region)
    table, label = _factor_table(factor_set, version, min(years), max(years))
    inventory_years = select_years(_encoded(table.fuels), years)
    extra = [_process(tuple(years))]
    method = f"{_METHOD}; factors {label}"
    if grid is not None:
        energy = ceads.load_energy_inventory(normalise_units=True)
        extra.append(net_import_emissions(_net_imports(energy, years), _grid(grid, years), label=grid.label))
        method += f"; net imports (CEADs balance) × {grid.label}"
    return ceads_inventory(inventory_years, table, region=region, extra=extra), method


def _observation_frame(inventory: Inventory) -> pd.DataFrame:
    totals = inventory.totals
    total_rows = pd.DataFrame(
        {
            REGION: totals[REGION].astype(str),
            PERIOD: totals[YEAR].astype(str),
            VARIABLE: ACCOUNTED_PREFIX
            + totals[VARIABLE].str.removeprefix("Emissions|CO2").str.lstrip("|").replace("", "Total"),
            UNIT: totals[UNIT],
            BASIS: totals[BASIS],
            VALUE: totals[VALUE],
        }
    )
    detail = inventory.emissions[inventory.emissions["scope"] == "combustion"]
    detail_rows = pd.DataFrame(
        {
            REGION: detail[REGION].astype(str),
            PERIOD: detail[YEAR].astype(str),
            VARIABLE: ACCOUNTED_PREFIX
            + VAR_SECTOR_PREFIX.removeprefix("Emissions|CO2|")
            + detail[SECTOR]
            + "|"
            + detail[FUEL],
            UNIT: detail[UNIT],
            BASIS: detail[BASIS],
            VALUE: detail[VALUE],
        }
    )
    frame = pd.concat([total_rows, detail_rows], ignore_index=True)
    frame[VINTAGE] = Vintage.FINAL.value
    return frame


def store_inventory(
    rt: Runtime,
    actor: Actor,
    region: str,
    years: Sequence[int],
    *,
    factor_set: str = "ceads",
    version: str | None = None,
    grid: GridChoice | None = None,
) -> int:
    """Compute and store the inventory as new revisions (``Emissions|CO2|Accounted|…``); one transaction.

    The method text (approach, scope, factor set ``name@version``, grid factor) is stored on every
    row; the call is audited. Returns the number of rows written (unchanged values are skipped).

    Raises
    ------
    PermissionDenied
        Unless the actor is the provincial office or an administrator (a provincial statistic).
    """
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    actor.require_region_write(region)
    inventory, method = compute_inventory(region, years, factor_set=factor_set, version=version, grid=grid)
    frame = _observation_frame(inventory)
    with rt.transaction() as session:
        written = observations.append(session, frame, recorded_by=actor.login, method=method, skip_unchanged=True)
        audit.record(
            session,
            actor,
            "inventory.store",
            "inventory",
            object_id=f"{region}:{min(years)}-{max(years)}",
            after={"method": method, "rows": written},
        )
    return written


def sector_frame(inventory: Inventory, *, grouped: bool = False) -> pd.DataFrame:
    """CO2 by region, year and sector (or sector group: industry, power_heat, transport …) for stacked charts."""
    groups = None
    if grouped:
        sectors = load_ceads_sectors()
        groups = dict(zip(sectors[SECTOR], sectors["group"], strict=True))
    return by_sector(inventory.emissions, groups=groups)


def fuel_frame(inventory: Inventory) -> pd.DataFrame:
    """CO2 by region, year and fuel (cement process under ``Cement``) for stacked charts."""
    return by_fuel(inventory.emissions)


def sankey_frame(inventory: Inventory, *, year: int) -> pd.DataFrame:
    """Fuel → sector-group links (``source, target, unit, value``) of the combustion rows of one year."""
    sectors = load_ceads_sectors()
    groups = dict(zip(sectors[SECTOR], sectors["group"], strict=True))
    combustion = inventory.emissions[inventory.emissions["scope"] == "combustion"]
    return sankey_links(combustion, year=year, groups=groups)


def _stored_series(rt: Runtime, region: str, variable: str) -> tuple[pd.Series, str]:
    with rt.transaction() as session:
        frame = observations.query(session, regions=[region], variables=[variable])
    if frame.empty:
        raise NotFound(f"no {variable!r} stored for region {region}; load the reference statistics first")
    series = pd.Series(frame[VALUE].to_numpy(dtype=float), index=frame[PERIOD].astype(int))
    return series.sort_index(), str(frame[UNIT].iloc[0])


def intensity_frame(rt: Runtime, inventory: Inventory, *, basis: str = "direct") -> pd.DataFrame:
    """CO2 per 10^4 yuan of constant-2005 GDP and per head (methods.md §8.6), from stored GDP and population.

    Uses ``Emissions|CO2`` of the chosen basis; a year without GDP or population is a gap.
    """
    totals = inventory.totals
    co2 = totals[(totals[VARIABLE] == "Emissions|CO2") & (totals[BASIS] == basis)].set_index(YEAR)[VALUE]
    region = str(totals[REGION].iloc[0])
    gdp, gdp_unit = _stored_series(rt, region, "GDP|Constant 2005")
    people, people_unit = _stored_series(rt, region, "Population")
    per_gdp = intensity(co2, gdp, units=("Mt CO2", gdp_unit), to=("t CO2", "1e4 * yuan_2005"))
    per_head = intensity(co2, people, units=("Mt CO2", people_unit), to=("t CO2", "person"))
    return pd.concat(
        [per_gdp.assign(indicator="co2_per_gdp_constant_2005"), per_head.assign(indicator="co2_per_head")],
        ignore_index=True,
    ).assign(**{REGION: region, BASIS: basis})


def factor_set_comparison(
    years: Sequence[int], *, sets: Sequence[tuple[str, str | None]], base: int = 0
) -> pd.DataFrame:
    """Province combustion CO2 under each factor set and its shift against ``sets[base]`` (methods.md §8.2)."""
    totals: dict[str, pd.Series] = {}
    for name, version in sets:
        inventory, _ = compute_inventory(PROVINCE_CODE, years, factor_set=name, version=version)
        energy = inventory.totals[inventory.totals[VARIABLE] == "Emissions|CO2|Energy"]
        label = str(inventory.emissions["factor_set"].iloc[0])
        totals[label] = energy[energy[BASIS] == "direct"].set_index(YEAR)[VALUE]
    return factor_set_shift(totals, base=list(totals)[base])


def city_series(years: Sequence[int]) -> pd.DataFrame:
    """The 16 cities' CO2: the CEADs city inventory (to 2019) and the EDGAR v8.0 proxy, labelled; gaps kept.

    Columns ``region, city_en, city_zh, year, value, unit, series`` (``ceads_city`` or ``edgar_v8_proxy``).
    """
    cities = ceads.load_city_co2_inventory().assign(series="ceads_city")
    edgar = ceads.load_edgar_city_proxy().assign(series="edgar_v8_proxy")
    frame = pd.concat([cities, edgar], ignore_index=True)
    return frame[frame[YEAR].isin(years)].reset_index(drop=True)


def city_reconciliation(years: Sequence[int]) -> pd.DataFrame:
    """CEADs city sum against the published CEADs province total, year by year, with the difference explained."""
    cities = ceads.load_city_co2_inventory()
    valid = {(y, c.code) for y in years for c in load_regions().cities(y)}
    # a city that did not exist that year (Chaohu after 2011) is not a gap
    cities = cities[[(y, c) in valid for y, c in zip(cities[YEAR], cities[REGION], strict=True)]]
    province = ceads.load_published_totals().set_index(YEAR)["total_scope1_mt"]
    expected = {y: len(load_regions().cities(y)) for y in years}
    named = cities.assign(**{REGION: cities["city_en"]})  # gaps are listed by city name
    return reconcile_cities(named, province.reindex(list(years)), expected_cities=expected)
