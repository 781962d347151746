"""LMDI explanation of a region's CO2 (and CO2-intensity) change between two years (docs/methods/lmdi.md).

Data (all shipped, SOURCES.md §1, §4, §6, §7, §11.1, §12):

- CO2 by CEADs sector and fuel (CEADs CO2 inventory), energy by the same sector and fuel (CEADs
  energy inventory: final use, plus the Thermal Power and Heating Supply inputs for the power
  sector, as CEADs accounts them) converted to 10^4 tce with the standard-coal coefficients;
- GDP by the three sectors: shares of the **sum of the cities' value added** (current prices; the
  province's own sector series is not in the data) applied to the province's constant-price GDP.

CEADs sectors are grouped into primary, secondary and tertiary industry. Household CO2 and cement
process CO2 have no sector GDP or no energy behind them; their changes are reported as two separate,
undecomposed lines, so that the effects still add up to the observed change exactly.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from carbonpeak.core.schema import FUEL, SECTOR, VALUE, YEAR
from carbonpeak.errors import DataError, NotFound
from carbonpeak.indicators.lmdi import CO2, ENERGY, SECTOR_GDP, decompose_co2
from carbonpeak.indicators.progress import constant_price_gdp
from carbonpeak.reference import ceads
from carbonpeak.reference.dataset_base import read_reference
from carbonpeak.reference.factors import load_ceads_sectors
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions

__all__ = ["FIRST_YEAR", "LAST_YEAR", "decompose_region"]

#: the years with CO2 and energy by sector and fuel (CEADs) and the province's GDP chain
FIRST_YEAR, LAST_YEAR = 2005, 2022

_GDP_SECTOR: Final = {
    "agriculture": "primary",
    "industry": "secondary",
    "power_heat": "secondary",
    "construction": "secondary",
    "transport": "tertiary",
    "services": "tertiary",
}
_POWER_INPUT_ROWS: Final = ("Thermal Power", "Heating Supply")
_FOSSIL_UNITS: Final = ("10^4 ton", "10^8 cu.m")


def _coefficients() -> pd.Series:
    t = read_reference("china_standard_coal_coefficients.csv")
    return pd.Series(t["coefficient"].to_numpy(), index=t["fuel_en"].str.lower())


def _energy_tce(year: int) -> pd.DataFrame:
    """Energy by (CO2-inventory sector, fuel) in 10^4 tce: value × coefficient (units line up, see module doc)."""
    inv = ceads.load_energy_inventory()
    inv = inv[(inv[YEAR] == year) & inv["unit"].str.lower().isin(_FOSSIL_UNITS)]
    sectors = load_ceads_sectors()
    power = sectors.loc[sectors["receives_power_inputs"], "sector"].iloc[0]
    rename = dict(zip(sectors["sector_energy_inventory"], sectors["sector"], strict=True))
    rename.update(dict.fromkeys(_POWER_INPUT_ROWS, power))
    inv = inv[inv[SECTOR].isin(list(rename))].assign(**{SECTOR: lambda d: d[SECTOR].map(rename)})
    coefficient = inv[FUEL].str.replace("_", " ").str.lower().map(_coefficients())
    if coefficient.isna().any():
        raise DataError(f"no standard-coal coefficient for fuels {sorted(inv.loc[coefficient.isna(), FUEL].unique())}")
    inv = inv.assign(energy=inv[VALUE] * coefficient)
    return inv.groupby([SECTOR, FUEL], as_index=False).agg(energy=("energy", "sum"))


def _sector_shares(year: int) -> pd.Series:
    t = read_reference("anhui_cities_gdp_structure_2000_2023.csv")
    t = t[t["year"] == year]
    totals = t[["va_primary_100m_cny", "va_secondary_100m_cny", "va_tertiary_100m_cny"]].sum(min_count=1)
    if totals.isna().any() or t.empty:
        raise DataError(f"no city value added by sector for {year}: the structure effect cannot be computed")
    return pd.Series(totals.to_numpy() / totals.sum(), index=["primary", "secondary", "tertiary"])


def _province_gdp(start: int, end: int) -> pd.Series:
    t = read_reference("anhui_province_gdp_population_2000_2024.csv")
    frame = pd.DataFrame({"region": PROVINCE_CODE, YEAR: t["year"], "gdp_current": t["gdp_current_100m_cny_nbs"],
                          "real_growth_pct": t["gdp_real_growth_pct"]})  # fmt: skip
    gdp = constant_price_gdp(frame[frame[YEAR] >= 2005], price_year=start).set_index(YEAR)["gdp"]
    return gdp.loc[[start, end]]


def _period(year: int, gdp: float) -> tuple[pd.DataFrame, float, float]:
    """Identity input for one year, plus household and cement-process CO2 (not decomposed)."""
    co2 = ceads.load_co2_inventory()
    co2 = co2[(co2[YEAR] == year) & (co2[SECTOR] != "Total")]
    process = float(co2.loc[co2[FUEL] == "Process", VALUE].sum())
    groups = load_ceads_sectors().set_index("sector")["group"]
    co2 = co2[co2[FUEL].isin(ceads.load_energy_inventory()[FUEL].unique()) & (co2[FUEL] != "Process")]
    gdp_sector = co2[SECTOR].map(groups).map(_GDP_SECTOR)
    households = float(co2.loc[gdp_sector.isna(), VALUE].sum())
    frame = co2[gdp_sector.notna()].merge(_energy_tce(year), on=[SECTOR, FUEL], how="left")
    frame["gdp_sector"] = frame[SECTOR].map(groups).map(_GDP_SECTOR)
    grouped = frame.groupby(["gdp_sector", FUEL]).agg(energy=("energy", "sum"), co2=(VALUE, "sum"))
    shares = _sector_shares(year)
    grouped[SECTOR_GDP] = (shares * gdp).reindex(grouped.index.get_level_values(0)).to_numpy()
    return grouped.rename_axis([SECTOR, FUEL])[[SECTOR_GDP, ENERGY, CO2]], households, process


def decompose_region(region: str, start: int, end: int, *, intensity: bool = False) -> dict[str, Any]:
    """Additive and multiplicative LMDI-I of the CO2 (or CO2-intensity) change of ``region``, start → end.

    Returns
    -------
    dict
        ``v0``, ``vt``, ``change``, ``decomposed_v0`` / ``decomposed_vt`` (the part the identity
        covers), ``additive`` (effect → value, including the undecomposed
        ``households`` and ``cement_process`` lines for CO2), ``multiplicative`` (effect → factor of
        the decomposed part), ``unit``, ``method`` and ``caveats``.

    Raises
    ------
    NotFound
        For a region other than the province (no city has sector energy data).
    DataError
        If a year lacks data.
    """
    if load_regions().get(region).code != PROVINCE_CODE:
        raise NotFound("LMDI needs CO2 and energy by sector and fuel, which exist for the province (340000) only")
    if not FIRST_YEAR <= start < end <= LAST_YEAR:
        raise DataError(
            f"years must satisfy {FIRST_YEAR} ≤ start < end ≤ {LAST_YEAR} (CEADs inventories and NBS GDP); "
            f"got {start}, {end}"
        )
    gdp = _province_gdp(start, end)
    (p0, h0, c0), (pt, ht, ct) = _period(start, float(gdp[start])), _period(end, float(gdp[end]))
    result = decompose_co2(p0, pt, intensity=intensity)
    additive = {str(k): float(v) for k, v in result.additive.items()}
    scale = (1.0 / float(gdp[start]), 1.0 / float(gdp[end])) if intensity else (1.0, 1.0)
    additive["households"] = ht * scale[1] - h0 * scale[0]
    additive["cement_process"] = ct * scale[1] - c0 * scale[0]
    v0, vt = result.v0 + (h0 + c0) * scale[0], result.vt + (ht + ct) * scale[1]
    return {
        "region": PROVINCE_CODE, "start": start, "end": end, "aggregate": "CO2 intensity" if intensity else "CO2",
        "unit": f"Mt CO2 per 10^8 CNY ({start} prices)" if intensity else "Mt CO2",
        "v0": v0, "vt": vt, "change": vt - v0, "additive": additive,
        "decomposed_v0": result.v0, "decomposed_vt": result.vt,
        "multiplicative": {str(k): float(v) for k, v in result.multiplicative.items()},
        "method": "LMDI-I (Ang 2005), zero values by the analytical limits of Ang & Liu (2007)",
        "caveats": [
            "sector shares of GDP from the sum of city value added at current prices",
            "energy = CEADs final use + power/heat transformation inputs, fossil fuels, standard-coal coefficients",
            "households and cement process are reported separately, not decomposed",
        ],
    }  # fmt: skip
