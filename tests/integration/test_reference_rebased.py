"""GDP at constant 2015 and 2020 prices (rebased chain index) and the reported non-fossil share.

Oracle: the file's own real-growth column (SOURCES.md §4) — the year-on-year ratio of a constant-price
series must equal 1 + real growth, whatever the base year; at the base year it equals nominal GDP.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import Source

#: real growth of Anhui GDP in %, as in anhui_province_gdp_population_2000_2024.csv (Wikipedia citing NBS)
GROWTH = {2016: 8.8, 2017: 8.6, 2018: 8.0, 2019: 7.3, 2020: 3.7, 2021: 8.2, 2022: 3.5}
NOMINAL = {2015: 23831.2, 2020: 38061.5}


@pytest.mark.parametrize("base", [2015, 2020])
def test_constant_price_gdp_is_nominal_at_its_base_and_grows_with_real_growth(rt: Runtime, base: int) -> None:
    statistics.load_reference(rt, SYSTEM)
    frame = statistics.observations(rt, variables=[f"GDP|Constant {base}"])
    series = frame.set_index(frame["period"].astype(int))["value"]
    assert set(frame["unit"]) == {f"100 million CNY (constant {base})"}
    assert series[base] == pytest.approx(NOMINAL[base], rel=1e-9)
    for year, growth in GROWTH.items():
        # the file's index is rounded to 3 decimals, so the ratio holds to about 1e-5
        assert series[year] / series[year - 1] == pytest.approx(1 + growth / 100, abs=2e-5), year
    assert all("derived" in note and str(base) in note for note in frame["note"])


def test_the_reported_nonfossil_share_2020_is_loaded_with_its_grade_c_source(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    frame = statistics.observations(rt, variables=["Energy|Non-Fossil Share"])
    assert frame[["period", "value", "unit"]].values.tolist() == [["2020", 9.6, "%"]]
    with rt.transaction() as session:
        source = session.scalars(select(Source).where(Source.key == frame["source"].iloc[0])).one()
        assert (source.key, source.grade) == ("anhui-energy-bureau-2025-11", "C")
