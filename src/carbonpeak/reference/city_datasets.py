"""City reference datasets (SOURCES.md §1 and §6): GDP, value added, real growth, population and
CEADs city CO2 of the Anhui prefecture-level cities, gaps kept as missing rows.

City names in the files are the English names of ``regions.csv`` (``Maanshan``, ``Luan``,
``Suzhou`` = 宿州). The vendor files are as-reported values with breaks at the 2011 boundary change.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from carbonpeak.core.schema import VALUE, Basis
from carbonpeak.reference import ceads
from carbonpeak.reference.dataset_base import ReferenceDataset, SourceMeta, long_frame, read_reference
from carbonpeak.reference.regions import load_regions

__all__ = ["CITY_DATASETS"]

_GP: Final = "biechouwo-coder/G-P (vendor compilation of city statistical yearbooks and bulletins)"
CITY_GDP = SourceMeta(
    "vendor-city-gdp-structure", "City GDP and value added by industry, 2000–2023", _GP, None, "B", None,
    "as-reported values; breaks at the 2011 boundary change and census revisions (SOURCES.md §6)",
)  # fmt: skip
CITY_GDP_INDEX = SourceMeta(
    "vendor-city-gdp-index", "City real GDP growth index (previous year = 100), 2000–2023", _GP, None, "B"
)
CITY_POPULATION = SourceMeta(
    "vendor-city-population", "City resident population, 1998–2024", _GP, None, "B", None,
    "vendor's interpolated column dropped: 1998, 1999, 2002 are gaps; early years may be registered population",
)  # fmt: skip
CEADS_CITY = SourceMeta(
    "ceads-city-co2", "CEADs emission inventories for 290 Chinese cities 1997–2019 (Anhui cities)", "CEADs",
    "https://www.ceads.net/data/city/", "A", "free to use with citation",
    "CEADs city method (Shan et al. 2022); the city sum is not the provincial inventory",
)  # fmt: skip

_STRUCTURE: Final = "anhui_cities_gdp_structure_2000_2023.csv"
_INDEX: Final = "anhui_cities_gdp_index_2000_2023.csv"
_POPULATION: Final = "anhui_cities_population_1998_2024.csv"
_VALUE_ADDED: Final = {
    "va_primary_100m_cny": "Primary",
    "va_secondary_100m_cny": "Secondary",
    "va_tertiary_100m_cny": "Tertiary",
}


def _existing(t: pd.DataFrame) -> pd.DataFrame:
    """City rows with their code, limited to the years the city existed (Chaohu until 2011)."""
    regions = load_regions()
    codes = t["city_en"].map(lambda name: regions.get(name).code)
    alive = [regions.get(c).exists_in(int(y)) for c, y in zip(codes, t["year"], strict=True)]
    return t.assign(code=codes)[alive]


def _gdp_structure() -> pd.DataFrame:
    t = _existing(read_reference(_STRUCTURE))
    years = t["year"].astype(str)
    parts = [long_frame(t["code"], years, "GDP|Current", "100 million CNY", t["gdp_current_100m_cny"])]
    parts += [
        long_frame(t["code"], years, f"GDP|Value Added|{name}", "100 million CNY", t[col])
        for col, name in _VALUE_ADDED.items()
    ]
    return pd.concat(parts, ignore_index=True)


def _gdp_growth() -> pd.DataFrame:
    t = _existing(read_reference(_INDEX))
    return long_frame(
        t["code"], t["year"].astype(str), "GDP|Real Growth", "%", t["gdp_index_prev_year_eq100"] - 100,
        note="derived: growth index (previous year = 100) − 100",
    )  # fmt: skip


def _population() -> pd.DataFrame:
    t = _existing(read_reference(_POPULATION))
    return long_frame(t["code"], t["year"].astype(str), "Population", "10^4 persons", t["resident_population_10k"])


def _city_co2() -> pd.DataFrame:
    t = _existing(ceads.load_city_co2_inventory())
    return long_frame(t["code"], t["year"].astype(str), "Emissions|CO2", ceads.CO2_UNIT, t[VALUE], basis=Basis.DIRECT)


#: the city datasets, in load order
CITY_DATASETS: Final[tuple[ReferenceDataset, ...]] = (
    ReferenceDataset("city-gdp", "City GDP and value added", CITY_GDP, (_STRUCTURE,), _gdp_structure),
    ReferenceDataset("city-gdp-growth", "City real GDP growth", CITY_GDP_INDEX, (_INDEX,), _gdp_growth),
    ReferenceDataset("city-population", "City population", CITY_POPULATION, (_POPULATION,), _population),
    ReferenceDataset("city-co2", "CEADs city CO2", CEADS_CITY, ("anhui_cities_ceads_co2_1997_2019.csv",), _city_co2),
)
