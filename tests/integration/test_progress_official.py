"""Anhui's official energy-intensity changes recomputed from the stored totals and constant-price GDP.

Acceptance (issue 6): 2017 −5.3 %, 2018 −5.45 %, 2020 +2.03 % (2015 prices) either reproduced to
0.1 pp or shown beside the official figure with the vintage that explains the difference.
"""

from __future__ import annotations

import pytest

from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.progress import official_intensity_check, progress
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.statistics import load_reference


@pytest.fixture
def loaded(rt: Runtime) -> Runtime:
    load_reference(rt, SYSTEM)
    return rt


def test_official_changes_reproduced_or_explained_by_vintage(loaded: Runtime) -> None:
    check = official_intensity_check(loaded).set_index(["year", "energy_vintage"], drop=False)
    # 2017, yearbook (final) 13,019 vs 2016 12,663 and real growth 8.6 %: hand value
    final_2017 = check.loc[(2017, "final")]
    assert final_2017["recomputed_pct"] == pytest.approx(100 * ((13019 / 12663) / 1.086 - 1), abs=1e-9)
    assert abs(final_2017["recomputed_pct"] - -5.3) <= 0.1
    assert final_2017["status"] == "reproduced"
    # 2017, communiqué (preliminary) 13,051.9: kept and shown, differs by more than 0.1 pp
    prelim_2017 = check.loc[(2017, "preliminary")]
    assert prelim_2017["energy"] == pytest.approx(13051.9)
    assert prelim_2017["status"] == "differs: see vintage"
    # 2018: 13,295 / 13,019 / 1.080 − 1 = −5.44 %, official −5.45 %
    final_2018 = check.loc[(2018, "final")]
    assert abs(final_2018["recomputed_pct"] - -5.45) <= 0.1


def test_2020_is_official_only(loaded: Runtime) -> None:
    check = official_intensity_check(loaded)
    row = check[check["year"] == 2020].iloc[0]
    assert row["official_pct"] == pytest.approx(2.03)
    assert row["status"].startswith("no data to recompute")


def test_progress_of_the_13th_fyp_co2_target_and_no_data_for_energy_2021(loaded: Runtime) -> None:
    p = progress(loaded, "340000")
    co2 = p[(p["indicator"] == "co2_intensity") & (p["base_year"] == 2015)].set_index("year")
    assert (co2["status"] == "ok").all()
    assert list(co2.index) == [2016, 2017, 2018, 2019, 2020]
    energy = p[(p["indicator"] == "energy_intensity") & (p["base_year"] == 2020)]
    assert energy["status"].str.startswith("no data").all()
    assert energy["progress"].isna().all()
