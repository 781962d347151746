"""Benchmark of the accounting engine (issue 5). Run: ``.venv/bin/python benchmarks/accounting.py``.

1. The whole Anhui province set, 1997–2022 (26 years × 63 rows × 20 fuels of the CEADs energy
   inventory): CEADs scope + sectoral approach with ceads@2 + totals by year, by the public path the
   service, the pages and the CLI use (``services.inventory.compute_inventory``: its first call, which
   encodes the inventory and builds the factor table, and the calls after it, which reuse both), by the
   engine functions from the long frames and on pre-encoded arrays, and by a vectorised pandas
   merge-and-groupby version (what an analyst would write), same inputs, same run. All results are
   checked equal before the times are printed.
2. Scale: 2.4 million synthetic enterprise × month × fuel records (10,000 key energy-using units,
   12 months, 20 fuels) accounted and rolled up to the 16 cities and the province.

Times are the best of several repeats (time.perf_counter). Performance is never asserted in tests.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from carbonpeak.accounting.ceads_scope import EncodedInventory, cube_emissions, encode_inventory
from carbonpeak.accounting.factors import FactorTable, build_factor_table
from carbonpeak.accounting.sectoral import sectoral_emissions
from carbonpeak.reference.ceads import load_energy_inventory
from carbonpeak.reference.factors import load_ceads_sectors, load_factor_set
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import inventory as service

YEARS = range(1997, 2023)


def best_of(repeats: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeats`` runs and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def engine_province(energy: pd.DataFrame, rows: pd.DataFrame, sectors: pd.DataFrame) -> pd.Series:
    """Our engine from the long frames (cold): factor table, encoding to a dense cube, CEADs scope, CO2."""
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label="ceads@2", years=YEARS, sectors=list(sectors["sector"]), fuels=fuels)
    encoded = encode_inventory(energy, sectors, fuels=fuels)
    return pd.Series(cube_emissions(encoded, table).sum(axis=(1, 2)), index=encoded.years)


def engine_province_encoded(encoded: EncodedInventory, table: FactorTable) -> pd.Series:
    """Our engine on the inventory encoded once at load and the factor table built once per set (warm)."""
    return pd.Series(cube_emissions(encoded, table).sum(axis=(1, 2)), index=encoded.years)


def pandas_province(energy: pd.DataFrame, rows: pd.DataFrame, sectors: pd.DataFrame) -> pd.Series:
    """What an analyst would write: filters, merges and groupbys on the long frames."""
    fuels = rows["fuel"].unique()
    names = sectors[["sector", "sector_energy_inventory", "chemical", "receives_power_inputs"]]
    e = energy[energy["fuel"].isin(fuels)]
    final = e.merge(names, left_on="sector", right_on="sector_energy_inventory", suffixes=("_src", ""))
    power = sectors.loc[sectors["receives_power_inputs"], "sector"].item()
    inputs = e[e["sector"].isin(["Thermal Power", "Heating Supply"])].assign(value=lambda d: d["value"].clip(lower=0))
    inputs = inputs.groupby(["year", "fuel"], as_index=False)["value"].sum().assign(sector=power, chemical=False)
    act = pd.concat([final[["year", "sector", "fuel", "value", "chemical"]], inputs], ignore_index=True)
    act = act.groupby(["year", "sector", "fuel", "chemical"], as_index=False)["value"].sum()
    chem_total = act[act["chemical"]].groupby(["year", "fuel"], as_index=False)["value"].sum()
    neu = e[e["sector"] == "Non-Energy Use"][["year", "fuel", "value"]]
    share = chem_total.merge(neu, on=["year", "fuel"], suffixes=("_chem", "_neu"))
    share["share"] = (share["value_neu"] / share["value_chem"]).where(share["value_chem"] > 0, 0).clip(0, 1)
    act = act.merge(share[["year", "fuel", "share"]], on=["year", "fuel"], how="left")
    act["value"] = act["value"] * (1 - act["share"].where(act["chemical"], 0).fillna(0))
    general = rows[rows["sector"] == ""][["fuel", "value"]].rename(columns={"value": "ef"})
    specific = rows[rows["sector"] != ""][["fuel", "sector", "value"]].rename(columns={"value": "ef_sector"})
    act = act.merge(general, on="fuel", how="left").merge(specific, on=["fuel", "sector"], how="left")
    act["co2"] = act["value"] * act["ef_sector"].fillna(act["ef"])
    return act.groupby("year")["co2"].sum()


def service_totals() -> pd.Series:
    """The public path: ``compute_inventory`` for 1997–2022 with ceads@2, combustion CO2 by year."""
    result, _ = service.compute_inventory("340000", YEARS, factor_set="ceads", version="2")
    totals = result.totals
    energy = totals[(totals["variable"] == "Emissions|CO2|Energy") & (totals["basis"] == "direct")]
    return energy.set_index("year")["value"]


def service_first_call() -> pd.Series:
    """``compute_inventory`` as its first call in a process (encoding and factor-table caches empty)."""
    for cached in (service._encoded, service._factor_table, service._process):
        cached.cache_clear()
    return service_totals()


def service_case() -> dict[str, float]:
    """The public path, first call and later calls, beside the pandas version; results checked equal."""
    energy = load_energy_inventory(normalise_units=True)
    _, rows = load_factor_set("ceads", "2")
    sectors = load_ceads_sectors()
    t_first, first = best_of(20, service_first_call)
    service_totals()
    t_again, again = best_of(200, service_totals)
    t_pandas, theirs = best_of(20, lambda: pandas_province(energy, rows, sectors))
    for ours in (first, again):
        np.testing.assert_allclose(ours.to_numpy(), theirs.reindex(ours.index).to_numpy(), rtol=1e-9)
    return {"first_s": t_first, "again_s": t_again, "pandas_s": t_pandas}


def province_case() -> dict[str, float]:
    """Case 1, with the three results checked equal."""
    energy = load_energy_inventory(normalise_units=True)
    _, rows = load_factor_set("ceads", "2")
    sectors = load_ceads_sectors()
    fuels = list(dict.fromkeys(rows["fuel"]))
    table = build_factor_table(rows, label="ceads@2", years=YEARS, sectors=list(sectors["sector"]), fuels=fuels)
    encoded = encode_inventory(energy, sectors, fuels=fuels)
    t_cold, cold = best_of(20, lambda: engine_province(energy, rows, sectors))
    t_warm, warm = best_of(200, lambda: engine_province_encoded(encoded, table))
    t_pandas, theirs = best_of(20, lambda: pandas_province(energy, rows, sectors))
    for ours in (cold, warm):
        np.testing.assert_allclose(ours.to_numpy(), theirs.reindex(ours.index).to_numpy(), rtol=1e-9)
    return {
        "rows": len(energy),
        "cold_s": t_cold,
        "warm_s": t_warm,
        "pandas_s": t_pandas,
        "ratio_cold": t_pandas / t_cold,
        "ratio_warm": t_pandas / t_warm,
    }


def synthetic_records(rng: np.random.Generator, fuels: list[str], sectors: list[str]) -> pd.DataFrame:
    """10,000 units × 12 months × 20 fuels; each unit has a city and a sector; tonnes, positive."""
    units, months = 10_000, 12
    cities = [r.code for r in load_regions().cities(2022)]
    unit_city = rng.integers(0, len(cities), units)
    unit_sector = rng.integers(0, len(sectors), units)
    n = units * months * len(fuels)
    fuel_unit = np.array([1 if f in ("Coke_Oven_Gas", "Other_Gas", "Natural_Gas") else 0 for f in fuels], dtype=np.int8)
    unit_id = np.repeat(np.arange(units), months * len(fuels))
    return pd.DataFrame(
        {
            "region": pd.Categorical.from_codes(unit_city[unit_id], categories=cities),
            "year": np.full(n, 2022, dtype=np.int64),
            "month": np.tile(np.repeat(np.arange(1, months + 1, dtype=np.int8), len(fuels)), units),
            "unit_id": unit_id.astype(np.int32),
            "sector": pd.Categorical.from_codes(unit_sector[unit_id], categories=sectors),
            "fuel": pd.Categorical.from_codes(np.tile(np.arange(len(fuels)), units * months), categories=fuels),
            "value": rng.gamma(2.0, 50.0, n),
            "unit": pd.Categorical.from_codes(np.tile(fuel_unit, units * months), categories=["t", "m**3"]),
        }
    )


def scale_case() -> dict[str, float]:
    """Case 2: 2.4 M records accounted and rolled up to 16 cities and the province."""
    _, rows = load_factor_set("ceads", "2")
    sectors = list(load_ceads_sectors()["sector"])
    # the 17 CEADs fuels plus 3 synthetic ones (factors per t, only for this benchmark) make 20
    extra = pd.DataFrame(
        {"fuel": ["Synthetic_A", "Synthetic_B", "Synthetic_C"], "sector": "", "value": [1.5, 2.0, 2.5]}
    )
    extra = extra.assign(co2_unit="t CO2", per_unit="t")
    rows = pd.concat([rows, extra], ignore_index=True)
    fuels = list(dict.fromkeys(rows["fuel"]))
    for column in ("year_from", "year_to"):
        rows[column] = rows[column].astype("Int64")
    table = build_factor_table(rows, label="ceads@2+synthetic", years=[2022], sectors=sectors, fuels=fuels)
    records = synthetic_records(np.random.default_rng(20240501), fuels, sectors)

    def run() -> tuple[pd.Series, float]:
        emissions = sectoral_emissions(records, table, unit="t CO2", keep=("month", "unit_id"))
        by_city = emissions.groupby("region", observed=True)["value"].sum()
        return by_city, float(by_city.sum())

    seconds, (by_city, province) = best_of(3, run)
    return {"records": len(records), "seconds": seconds, "cities": len(by_city), "province_mt": province / 1e6}


def main() -> None:
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    print(f"date: {time.strftime('%Y-%m-%d')}, numpy {np.__version__}, pandas {pd.__version__}")
    p = province_case()
    c = service_case()
    print(f"province set ({p['rows']:,} inventory rows, 1997-2022):")
    print(f"  pandas merge/groupby          {p['pandas_s'] * 1e3:8.2f} ms (service run: {c['pandas_s'] * 1e3:.2f} ms)")
    print(f"  compute_inventory, 1st call   {c['first_s'] * 1e3:8.2f} ms   ratio {c['pandas_s'] / c['first_s']:.1f}x")
    print(f"  compute_inventory, later      {c['again_s'] * 1e3:8.2f} ms   ratio {c['pandas_s'] / c['again_s']:.1f}x")
    print(f"  engine from frames (cold)     {p['cold_s'] * 1e3:8.2f} ms   ratio {p['ratio_cold']:.1f}x")
    print(f"  engine on encoded arrays      {p['warm_s'] * 1e3:8.2f} ms   ratio {p['ratio_warm']:.1f}x")
    s = scale_case()
    print(f"scale: {s['records']:,} enterprise x month x fuel records -> {s['cities']} cities + province")
    print(f"  accounted and rolled up in {s['seconds']:.3f} s (province {s['province_mt']:.1f} Mt, synthetic)")


if __name__ == "__main__":
    main()
