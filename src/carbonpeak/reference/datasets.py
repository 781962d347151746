"""The shipped reference files as observation frames, each with its source and vintage
(SOURCES.md; data-model.md §3).

A :class:`ReferenceDataset` is one slice of one file that comes from one source. Its ``build``
returns a long frame (:data:`carbonpeak.core.schema.LONG_COLUMNS` plus ``note``) ready for the
store. Nothing is estimated: a gap in a file is a missing row. Values that are computed from
published ones (constant-price GDP, net imports, emissions from energy) say so in ``note``.

Not loaded as observations, on purpose: grid emission factors and the other factor tables (they
are coefficients that the accounting engine takes as arguments, not statistics of a region); the
EDGAR city proxy and the CPSY generation series (different methods that must not be spliced with
the CEADs and EPS series that are loaded); the qualitative warning levels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pandas as pd

from carbonpeak.core.schema import PERIOD, UNIT, VALUE, Basis, Vintage
from carbonpeak.reference import ceads
from carbonpeak.reference.city_datasets import CITY_DATASETS
from carbonpeak.reference.dataset_base import ReferenceDataset, SourceMeta, long_frame, read_reference
from carbonpeak.reference.regions import PROVINCE_CODE
from carbonpeak.units import conversion_factor

__all__ = ["REFERENCE_DATASETS", "ReferenceDataset", "SourceMeta", "reference_datasets"]

_CEADS_URL: Final = "https://www.ceads.net/data/province/"
_CEADS_CITE: Final = "Shan et al. 2016, 2018, 2020; Guan et al. 2021; Xu et al. 2024 (SOURCES.md §1, §11.1, §12)"
_EPS: Final = "EPS DATA China Energy Database (vendor compilation of the China Energy Statistical Yearbook)"

CEADS_CO2 = SourceMeta(
    "ceads-province-co2", "CEADs China provincial CO2 emission inventory, Anhui 1997–2022", "CEADs", _CEADS_URL, "A",
    "free to use with citation", _CEADS_CITE + "; 1997–2019 OpenClimate copies (2003 cement 8.93 Mt)",
)  # fmt: skip
CEADS_ENERGY = SourceMeta(
    "ceads-province-energy", "CEADs China provincial energy inventory, Anhui 1997–2022", "CEADs", _CEADS_URL, "A",
    "free to use with citation", _CEADS_CITE + "; research inventory, not the NBS total energy consumption",
)  # fmt: skip
NBS_GDP = SourceMeta(
    "nbs-gdp-population", "NBS provincial GDP and resident population (table E0103), current vintage",
    "National Bureau of Statistics via pik-piam/PyPSA-China-PIK @4cb3683", "https://data.stats.gov.cn", "B",
)  # fmt: skip
YEARBOOK_GDP = SourceMeta(
    "yearbook-gdp-compiled", "Provincial GDP compiled from statistical yearbooks (2021–2022 preliminary values)",
    "biechouwo-coder/G-P @1742caea", None, "B",
)  # fmt: skip
GCAM_POPULATION = SourceMeta(
    "gcam-china-population", "China Statistical Yearbook population as compiled by GCAM-China (older vintage)",
    "Daifei-Huang/gcam-hk-v8test @e6a02dc", None, "B", None, "before 2005 not on the usual-resident basis",
)  # fmt: skip
GDP_DERIVED = SourceMeta(
    "carbonpeak-derived-gdp", "Anhui GDP at constant prices (2005, 2015, 2020), derived (SOURCES.md §4)",
    "carbonpeak", None, "C", None, "NBS nominal GDP of the base year × chain index of real growth; derived",
)  # fmt: skip
GROWTH_SOURCES: Final = {
    "wikipedia_zh_anhui_grp": SourceMeta(
        "wikipedia-anhui-grp", "安徽省地区生产总值 (zh.wikipedia, citing NBS), real growth", "Wikipedia",
        "https://zh.wikipedia.org/zh-hant/安徽省地区生产总值", "C",
    ),
    "ahxtdb_2023": SourceMeta(
        "ahxtdb-2023", "Anhui 2023 GDP growth (news)", None,
        "http://www.ahxtdb.com/cn/news/info_18.aspx?itemid=3834", "C",
    ),
    "2cto_forum_2024": SourceMeta(
        "2cto-forum-2024", "Anhui 2024 GDP growth (forum repost)", None,
        "http://2cto.com.cn/forum.php?goto=lastpost&mod=redirect&tid=552", "D",
    ),
}  # fmt: skip
REPORTED_NONFOSSIL = SourceMeta(
    "anhui-energy-bureau-2025-11", "Anhui energy bureau press conference 2025-11-27 (news reprint)", None,
    "http://www.gamebaike.com/new/721858270991490048", "C", None,
    "single reported figures (SOURCES.md §10); the 2025 'expected' value is a forecast and is not loaded",
)  # fmt: skip
EPS_ENERGY = SourceMeta(
    "eps-china-energy", _EPS, "EPS DATA via fallingsnow1111/TJJM @8196393", None, "B", None,
    "one vintage per year as compiled by the vendor; moved series graded C (SOURCES.md §11.3)",
)  # fmt: skip
ABSPI_TRADE = SourceMeta(
    "abspi-electricity-trade", "Annual Book of Statistics for Power Industry, inter-provincial electricity trade",
    "GCAM-China via Daifei-Huang/gcam-hk-v8test @e6a02dc", None, "B",
)  # fmt: skip
#: official releases in anhui_energy_consumption_total.csv: URL → (source, vintage of their figures)
COMMUNIQUES: Final = {
    "http://english.ah.gov.cn/content/detail/54017ab59a05c29178de0249.html": (
        SourceMeta("anhui-communique-2017", "Anhui 2017 Statistical Communiqué (English)", "Anhui government",
                   "http://english.ah.gov.cn/content/detail/54017ab59a05c29178de0249.html", "A"),
        Vintage.PRELIMINARY,
    ),
    "https://www.marketscreener.com/": (
        SourceMeta("nbs-intensity-communique-2018", "NBS/NDRC/NEA communiqué on energy intensity by province, 2018",
                   "NBS (reprint at marketscreener.com)", "https://www.marketscreener.com/", "B"),
        Vintage.FINAL,
    ),
    "http://www.stats.gov.cn/english/PressRelease/202108/t20210824_1820860.html": (
        SourceMeta("nbs-intensity-communique-2020", "NBS/NDRC/NEA communiqué on energy intensity by province, 2020",
                   "NBS", "http://www.stats.gov.cn/english/PressRelease/202108/t20210824_1820860.html", "A"),
        Vintage.FINAL,
    ),
    "http://www.yikaixinnengyuan.com/2020/1214/430235.shtml": (
        SourceMeta("anhui-progress-notice-2020q3", "Anhui NDRC/statistics progress notice, Jan–Sep 2020 (news)",
                   None, "http://www.yikaixinnengyuan.com/2020/1214/430235.shtml", "C"),
        Vintage.QUICK,
    ),
}  # fmt: skip

_ENERGY_TOTAL_VARIABLES: Final = {
    "total_energy_consumption": "Energy|Total",
    "energy_intensity_change": "Energy|Intensity Change",
    "energy_intensity_change_jan_sep": "Energy|Intensity Change",
    "total_energy_consumption_growth": "Energy|Total Change",
    "electricity_intensity_change": "Electricity|Intensity Change",
    "electricity_consumption_growth": "Electricity|Consumption Change",
}
#: years whose compiled GDP is the preliminary release, later revised by NBS (SOURCES.md §4)
_PRELIMINARY_GDP_YEARS: Final = (2021, 2022)
#: the growth figures of 2023 and 2024 are first releases (news, forum), not final verification
_PRELIMINARY_GROWTH: Final = ("ahxtdb_2023", "2cto_forum_2024")
_UNITS: Final = {"10k tce": "10^4 tce", "10k t": "10^4 t", "100m m3": "10^8 m3", "100 GWh (1e8 kWh)": "10^8 kWh"}


def _ceads_co2() -> pd.DataFrame:
    inv = ceads.load_co2_inventory()
    period = inv["year"].astype(str)
    detail = long_frame(
        PROVINCE_CODE, period, "Emissions|CO2|Sector|" + inv["sector"] + "|" + inv["fuel"], inv[UNIT], inv[VALUE],
        basis=Basis.DIRECT,
    )  # fmt: skip
    total = inv[inv["sector"] == "Total"].pivot(index="year", columns="fuel", values=VALUE)
    years = total.index.astype(str)
    energy_note = "derived: Scope_1_Total − Process of the Total row"
    parts = [
        long_frame(PROVINCE_CODE, years, "Emissions|CO2", ceads.CO2_UNIT, total["Scope_1_Total"], basis=Basis.DIRECT),
        long_frame(
            PROVINCE_CODE, years, "Emissions|CO2|Process|Cement", ceads.CO2_UNIT, total["Process"], basis=Basis.DIRECT
        ),
        long_frame(
            PROVINCE_CODE, years, "Emissions|CO2|Energy", ceads.CO2_UNIT, total["Scope_1_Total"] - total["Process"],
            basis=Basis.DIRECT, note=energy_note,
        ),
    ]  # fmt: skip
    return pd.concat([detail, *parts], ignore_index=True)


def _ceads_energy() -> pd.DataFrame:
    inv = ceads.load_energy_inventory(normalise_units=True)
    inv = inv[inv["sector"] != "% Loss"]  # a ratio, not a quantity in the row's unit
    variable = "Energy|CEADs|" + inv["sector"] + "|" + inv["fuel"]
    return long_frame(PROVINCE_CODE, inv["year"].astype(str), variable, inv[UNIT], inv[VALUE])


def _gdp_table() -> pd.DataFrame:
    return read_reference("anhui_province_gdp_population_2000_2024.csv")


def _nbs_gdp_population() -> pd.DataFrame:
    t = _gdp_table()
    years = t["year"].astype(str)
    gdp = long_frame(PROVINCE_CODE, years, "GDP|Current", "100 million CNY", t["gdp_current_100m_cny_nbs"])
    pop = long_frame(PROVINCE_CODE, years, "Population", "10^4 persons", t["resident_population_10k_nbs"])
    return pd.concat([gdp, pop], ignore_index=True)


def _yearbook_gdp() -> pd.DataFrame:
    t = _gdp_table()
    early = t[t["year"] < 2005]
    revised = t[t["year"].isin(_PRELIMINARY_GDP_YEARS)]
    col = "gdp_current_100m_cny_yearbook_compiled"
    final = long_frame(PROVINCE_CODE, early["year"].astype(str), "GDP|Current", "100 million CNY", early[col])
    prelim = long_frame(
        PROVINCE_CODE, revised["year"].astype(str), "GDP|Current", "100 million CNY", revised[col],
        vintage=Vintage.PRELIMINARY, note="preliminary value, later revised by NBS",
    )  # fmt: skip
    return pd.concat([final, prelim], ignore_index=True)


def _older_population() -> pd.DataFrame:
    t = _gdp_table()
    early = t[t["year"] < 2005]
    note = "older yearbook vintage; before 2005 not on the usual-resident basis"
    return long_frame(
        PROVINCE_CODE, early["year"].astype(str), "Population", "10^4 persons", early["population_10k_older_vintage"],
        note=note,
    )  # fmt: skip


def _gdp_constant(base: int) -> Callable[[], pd.DataFrame]:
    """GDP at constant ``base``-year prices: NBS nominal GDP of ``base`` × the chain index of real growth,
    rebased to ``base`` (the file's 2005 = 100 index; SOURCES.md §4). Derived, not published."""

    def build() -> pd.DataFrame:
        t = _gdp_table()
        t = t[t["gdp_real_index_2005eq100_derived"].notna()]
        at_base = t.set_index("year").loc[base]
        scale = at_base["gdp_current_100m_cny_nbs"] / at_base["gdp_real_index_2005eq100_derived"]
        values = t["gdp_real_index_2005eq100_derived"] * scale
        if base == 2005:  # the file's own derived column (same arithmetic, published rounding)
            values = t["gdp_constant_2005_prices_100m_cny_derived"]
        note = f"{GDP_DERIVED.notes}; base year {base}"
        return long_frame(
            PROVINCE_CODE, t["year"].astype(str), f"GDP|Constant {base}",
            f"100 million CNY (constant {base})", values, note=note,
        )  # fmt: skip

    return build


def _reported_nonfossil_share() -> pd.DataFrame:
    """The non-fossil share of energy consumption as reported (2020: 9.6%, energy bureau press conference)."""
    t = read_reference("reported_indicators.csv")
    t = t[(t["region"] == "Anhui") & (t["indicator"] == "non_fossil_share_of_energy_consumption")]
    return long_frame(
        PROVINCE_CODE, t["year"].astype(str), "Energy|Non-Fossil Share", "%", t[VALUE].astype(float),
        note=t["note"].fillna("") + " (" + t["source_url"] + ")",
    )  # fmt: skip


def _real_growth(source_label: str) -> Callable[[], pd.DataFrame]:
    def build() -> pd.DataFrame:
        t = _gdp_table()
        t = t[t["gdp_real_growth_source"] == source_label]
        vintage = Vintage.PRELIMINARY if source_label in _PRELIMINARY_GROWTH else Vintage.FINAL
        years = t["year"].astype(str)
        return long_frame(PROVINCE_CODE, years, "GDP|Real Growth", "%", t["gdp_real_growth_pct"], vintage=vintage)

    return build


def _energy_totals_table() -> pd.DataFrame:
    t = read_reference("anhui_energy_consumption_total.csv")
    t = t[t["indicator"].isin(list(_ENERGY_TOTAL_VARIABLES))].copy()
    year, is_ytd = t["year"].astype(str), t["indicator"].str.endswith("_jan_sep")
    t[PERIOD] = year.where(~is_ytd, year + "-01/" + year + "-09")  # Jan–Sep is the span 2020-01/2020-09
    return t


def _energy_rows(t: pd.DataFrame, vintage: Vintage) -> pd.DataFrame:
    variables = t["indicator"].map(_ENERGY_TOTAL_VARIABLES)
    units = [("10^4 tce" if v == "Energy|Total" else "%") for v in variables]
    return long_frame(PROVINCE_CODE, t[PERIOD], variables, units, t[VALUE], vintage=vintage, note=t["note"])


def _eps_energy_totals() -> pd.DataFrame:
    t = _energy_totals_table()
    return _energy_rows(t[t["source"].str.contains("TJJM", regex=False)], Vintage.FINAL)


def _communique(url: str) -> Callable[[], pd.DataFrame]:
    def build() -> pd.DataFrame:
        t = _energy_totals_table()
        return _energy_rows(t[t["source"].str.startswith(url)], COMMUNIQUES[url][1])

    return build


def _eps_generation_and_fuels() -> pd.DataFrame:
    gen = read_reference("anhui_energy_production_generation_eps_1990_2023.csv")
    gen = gen[gen["indicator"].str.startswith("generation_")]
    gen_var = "Electricity|Generation|" + gen["indicator"].str.removeprefix("generation_").str.title()
    fuels = read_reference("anhui_energy_by_fuel.csv")
    is_power = fuels["indicator"] == "electricity_consumption"
    fuel_name = fuels["indicator"].str.removesuffix("_consumption").str.replace("_", " ").str.title()
    fuel_var = ("Energy|Fuel|" + fuel_name).where(~is_power, "Electricity|Consumption")
    return pd.concat(
        [
            long_frame(PROVINCE_CODE, gen["year"].astype(str), gen_var, gen[UNIT].map(_UNITS), gen[VALUE]),
            long_frame(
                PROVINCE_CODE, fuels["year"].astype(str), fuel_var, fuels[UNIT].map(_UNITS), fuels[VALUE],
                note=fuels["note"],
            ),
        ],
        ignore_index=True,
    )  # fmt: skip


def _electricity_trade() -> pd.DataFrame:
    t = read_reference("anhui_interprovincial_electricity_trade_abspi_2005_2019.csv")
    years, factor = t["year"].astype(str), conversion_factor("GWh", "10^8 kWh")
    return pd.concat(
        [
            long_frame(PROVINCE_CODE, years, "Electricity|Imports", "10^8 kWh", t["imports_gwh"] * factor),
            long_frame(PROVINCE_CODE, years, "Electricity|Exports", "10^8 kWh", t["exports_gwh"] * factor),
            long_frame(
                PROVINCE_CODE, years, "Electricity|Net Imports", "10^8 kWh", -t["net_exports_gwh"] * factor,
                note="derived: − net exports of the source",
            ),
        ],
        ignore_index=True,
    )  # fmt: skip


_FILE_GDP: Final = "anhui_province_gdp_population_2000_2024.csv"
_FILES_CO2: Final = ("anhui_ceads_co2_sector_fuel_1997_2019.csv", "anhui_ceads_co2_sector_fuel_2020_2022.csv")
_FILE_CEADS_ENERGY: Final = "anhui_ceads_energy_inventory_1997_2022.csv"
_FILE_ENERGY: Final = "anhui_energy_consumption_total.csv"

#: every reference dataset, in load order
REFERENCE_DATASETS: Final[tuple[ReferenceDataset, ...]] = (
    ReferenceDataset("ceads-co2", "CEADs CO2 inventory", CEADS_CO2, _FILES_CO2, _ceads_co2),
    ReferenceDataset("ceads-energy", "CEADs energy inventory", CEADS_ENERGY, (_FILE_CEADS_ENERGY,), _ceads_energy),
    ReferenceDataset("gdp-population", "GDP and population (NBS)", NBS_GDP, (_FILE_GDP,), _nbs_gdp_population),
    ReferenceDataset("gdp-yearbook", "GDP (yearbook compilation)", YEARBOOK_GDP, (_FILE_GDP,), _yearbook_gdp),
    ReferenceDataset("population-older", "Population 2000–2004", GCAM_POPULATION, (_FILE_GDP,), _older_population),
    *(
        ReferenceDataset(f"gdp-constant-{base}", f"GDP at {base} prices", GDP_DERIVED, (_FILE_GDP,),
                         _gdp_constant(base))
        for base in (2005, 2015, 2020)
    ),
    *(
        ReferenceDataset(f"gdp-growth-{meta.key}", "GDP real growth", meta, (_FILE_GDP,), _real_growth(label))
        for label, meta in GROWTH_SOURCES.items()
    ),
    ReferenceDataset("energy-total-eps", "Total energy consumption (EPS)", EPS_ENERGY, (_FILE_ENERGY,),
                     _eps_energy_totals),
    *(
        ReferenceDataset(f"energy-{meta.key}", meta.title, meta, (_FILE_ENERGY,), _communique(url))
        for url, (meta, _vintage) in COMMUNIQUES.items()
    ),
    ReferenceDataset("electricity-fuels-eps", "Generation, fuels, electricity use (EPS)", EPS_ENERGY,
                     ("anhui_energy_production_generation_eps_1990_2023.csv", "anhui_energy_by_fuel.csv"),
                     _eps_generation_and_fuels),
    ReferenceDataset("nonfossil-share-reported", "Non-fossil share of energy consumption (reported)",
                     REPORTED_NONFOSSIL, ("reported_indicators.csv",), _reported_nonfossil_share),
    ReferenceDataset("electricity-trade", "Inter-provincial electricity trade", ABSPI_TRADE,
                     ("anhui_interprovincial_electricity_trade_abspi_2005_2019.csv",), _electricity_trade),
    *CITY_DATASETS,
)  # fmt: skip


def reference_datasets() -> tuple[ReferenceDataset, ...]:
    """Every reference dataset, in load order."""
    return REFERENCE_DATASETS
