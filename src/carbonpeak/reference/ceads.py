"""The CEADs inventories for Anhui (SOURCES.md §1, §11.1, §12): energy, CO2, published totals, cities.

CEADs (中国碳核算数据库) publishes two matching provincial tables: an energy inventory in physical
units (能源清单) and a CO2 inventory (碳排放清单), 47 sectors × 17 fossil fuels plus cement process.
The energy inventory is the activity data of our accounting engine; the CO2 inventory and its totals
are the independent check (methods.md §8.3).

Every loader reads a file once (cached) and returns a shallow copy, which pandas' copy-on-write
makes safe to modify. Values are as in the files: a gap stays NaN.
"""

from __future__ import annotations

import functools
from typing import Final

import pandas as pd

from carbonpeak.core.schema import FUEL, REGION, SECTOR, UNIT, VALUE, YEAR
from carbonpeak.reference.files import data_file
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions

__all__ = [
    "CO2_UNIT",
    "ENERGY_UNITS",
    "load_city_co2_inventory",
    "load_co2_inventory",
    "load_edgar_city_proxy",
    "load_energy_inventory",
    "load_published_totals",
    "normalise_energy_unit",
]

#: unit of every CEADs CO2 value
CO2_UNIT: Final = "Mt CO2"

#: CEADs energy-inventory unit spellings → carbonpeak unit spellings (carbonpeak.units aliases).
#: "1010 kj" is how the source writes 10^10 kJ in most years (the exponent lost its caret).
ENERGY_UNITS: Final = {
    "10^4 ton": "10^4 t",
    "10^8 cu.m": "10^8 m3",
    "10^8 kwh": "10^8 kWh",
    "10^10 kj": "10^10 kJ",
    "1010 kj": "10^10 kJ",
    "10^4 tce": "10^4 tce",
}

_ENERGY_FILE: Final = "anhui_ceads_energy_inventory_1997_2022.csv"
_CO2_FILES: Final = ("anhui_ceads_co2_sector_fuel_1997_2019.csv", "anhui_ceads_co2_sector_fuel_2020_2022.csv")
_TOTAL_FILES: Final = ("anhui_ceads_co2_totals_1997_2019.csv", "anhui_ceads_co2_totals_2020_2022.csv")
_CITY_FILE: Final = "anhui_cities_ceads_co2_1997_2019.csv"
_EDGAR_FILE: Final = "anhui_cities_co2_edgar_v8_2000_2023.csv"


def _read(name: str) -> pd.DataFrame:
    with data_file("reference", name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def normalise_energy_unit(unit: str) -> str:
    """Spell a CEADs energy-inventory unit the way :mod:`carbonpeak.units` parses it.

    Unknown spellings are returned unchanged (the accounting engine then reports them).
    """
    return ENERGY_UNITS.get(unit.strip().lower(), unit)


@functools.cache
def _energy_inventory() -> pd.DataFrame:
    raw = _read(_ENERGY_FILE)
    frame = pd.DataFrame(
        {
            REGION: PROVINCE_CODE,
            YEAR: raw["year"].astype("int64"),
            SECTOR: raw["sector"].astype(str),
            FUEL: raw["fuel"].astype(str),
            VALUE: raw["value"].astype("float64"),
            UNIT: raw["unit"].astype(str),
        }
    )
    return frame


def load_energy_inventory(*, normalise_units: bool = False) -> pd.DataFrame:
    """The CEADs provincial energy inventory of Anhui, 1997–2022 (SOURCES.md §11.1).

    63 rows per year (final consumption by 47 sectors and 2 household rows, the transformation
    block with inputs positive and outputs negative, losses, total consumption, non-energy use,
    bunkers) × 20 fuels, in the source's physical units.

    Parameters
    ----------
    normalise_units
        False (default): ``unit`` as written in the file (``"10^4 ton"``, ``"10^8 cu.m"``,
        ``"1010 kj"`` …). True: spelled as :mod:`carbonpeak.units` parses them (:data:`ENERGY_UNITS`).

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` (``"340000"``), ``year`` (int), ``sector`` (as spelled in the source),
        ``fuel``, ``value`` (float), ``unit``; 32,760 rows in sheet order.
    """
    frame = _energy_inventory().copy(deep=False)
    if normalise_units:
        frame[UNIT] = _normalised_units()
    return frame


@functools.cache
def _normalised_units() -> pd.Series:
    """The unit column spelled for :mod:`carbonpeak.units`, built once from its few distinct spellings."""
    units = _energy_inventory()[UNIT]
    spelled = {u: normalise_energy_unit(u) for u in units.unique()}
    return units.map(spelled)


@functools.cache
def _co2_inventory() -> pd.DataFrame:
    raw = pd.concat([_read(name) for name in _CO2_FILES], ignore_index=True)
    return pd.DataFrame(
        {
            REGION: PROVINCE_CODE,
            YEAR: raw["year"].astype("int64"),
            SECTOR: raw["sector"].astype(str),
            FUEL: raw["fuel"].astype(str),
            VALUE: raw["co2_mt"].astype("float64"),
            UNIT: CO2_UNIT,
        }
    )


def load_co2_inventory() -> pd.DataFrame:
    """The published CEADs CO2 inventory of Anhui, 1997–2022 (SOURCES.md §1 and §12.1).

    The 1997–2019 file (OpenClimate copies, with 2003 cement process 8.93 Mt) and the 2020–2022
    file concatenated; both have 48 sector rows (``Total``, 47 sectors, ``Urban``, ``Rural``) × 22
    columns (17 fuels, ``Process``, ``Scope_1_Total``, two zero scope-2 columns, ``Other_Energy``).

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``year``, ``sector``, ``fuel``, ``value`` (Mt CO2), ``unit``
        (``"Mt CO2"``); 27,456 rows.
    """
    return _co2_inventory().copy(deep=False)


@functools.cache
def _published_totals() -> pd.DataFrame:
    frame = pd.concat([_read(name) for name in _TOTAL_FILES], ignore_index=True)
    frame["year"] = frame["year"].astype("int64")
    return frame.sort_values("year", ignore_index=True)


def load_published_totals() -> pd.DataFrame:
    """The CEADs Anhui totals, 1997–2022, in Mt CO2 (SOURCES.md §1 and §12.2), one row per year.

    Columns as in the files: ``year``, ``total_scope1_mt`` (energy and cement process),
    ``coal_products_mt``, ``oil_products_mt``, ``natural_gas_mt``, ``process_cement_mt`` and
    selected sector totals (``power_heat_sector_mt`` …). Each is a sum of rows of the CO2
    inventory, rounded to 4 decimals.
    """
    return _published_totals().copy(deep=False)


def _city_codes() -> dict[str, str]:
    return {region.name_en: region.code for region in load_regions() if region.level == "city"}


@functools.cache
def _city_co2() -> pd.DataFrame:
    raw = _read(_CITY_FILE)
    return pd.DataFrame(
        {
            REGION: raw["city_en"].map(_city_codes()),
            "city_en": raw["city_en"].astype(str),
            "city_zh": raw["city_zh"].astype(str),
            YEAR: raw["year"].astype("int64"),
            VALUE: raw["co2_mt"].astype("float64"),
            UNIT: CO2_UNIT,
        }
    )


def load_city_co2_inventory() -> pd.DataFrame:
    """CEADs city CO2 totals of the Anhui cities, 1997–2019 (SOURCES.md §1), gaps kept as NaN.

    Columns ``region`` (city code), ``city_en``, ``city_zh``, ``year``, ``value`` (Mt CO2),
    ``unit``. Chaohu (341400) has rows until its abolition in 2011. These are CEADs' city method
    (Shan et al.): their sum is not the provincial inventory and must not replace it.
    """
    return _city_co2().copy(deep=False)


@functools.cache
def _edgar() -> pd.DataFrame:
    raw = _read(_EDGAR_FILE)
    return pd.DataFrame(
        {
            REGION: raw["city_en"].map(_city_codes()),
            "city_en": raw["city_en"].astype(str),
            "city_zh": raw["city_zh"].astype(str),
            YEAR: raw["year"].astype("int64"),
            VALUE: raw["co2_t_edgar_v8_aggregated"].astype("float64") / 1e6,
            UNIT: CO2_UNIT,
        }
    )


def load_edgar_city_proxy() -> pd.DataFrame:
    """EDGAR v8.0 gridded CO2 aggregated to the 16 Anhui cities, 2000–2023 (SOURCES.md §3).

    A consistent cross-city proxy (grade B–C, undocumented aggregation), **not** an official or
    CEADs inventory; the source's tonnes are converted to Mt CO2 (÷ 10^6). Same columns as
    :func:`load_city_co2_inventory`.
    """
    return _edgar().copy(deep=False)
