"""LMDI on the Anhui data: the effects add up to the observed CO2 change to 1e-9 (relative)."""

from __future__ import annotations

import pytest

from carbonpeak.errors import DataError, NotFound
from carbonpeak.reference.ceads import load_published_totals
from carbonpeak.services.lmdi import decompose_region


@pytest.mark.parametrize(("start", "end"), [(2005, 2010), (2010, 2015), (2015, 2019), (2015, 2020), (2020, 2022)])
def test_effects_add_up_to_the_ceads_change(start: int, end: int) -> None:
    r = decompose_region("340000", start, end)
    totals = load_published_totals().set_index("year")["total_scope1_mt"]
    # the aggregate is the CEADs scope-1 total (printed to 4 decimals)
    assert r["v0"] == pytest.approx(totals[start], abs=1e-3)
    assert r["vt"] == pytest.approx(totals[end], abs=1e-3)
    assert abs(sum(r["additive"].values()) - r["change"]) <= 1e-9 * abs(r["change"])


def test_intensity_effects_add_up_and_have_no_activity_effect() -> None:
    r = decompose_region("Anhui", 2015, 2019, intensity=True)
    assert "activity" not in r["additive"]
    assert abs(sum(r["additive"].values()) - r["change"]) <= 1e-9 * abs(r["change"])


def test_city_and_bad_years_are_clear_errors() -> None:
    with pytest.raises(NotFound, match="province"):
        decompose_region("Hefei", 2015, 2019)
    with pytest.raises(DataError, match="start < end"):
        decompose_region("340000", 2019, 2015)
