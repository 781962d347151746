"""load-reference: sources, vintages, gaps, idempotency, permission, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from carbonpeak.errors import PermissionDenied
from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, ImportBatch, Observation, Source

pytestmark = pytest.mark.slow  # each test loads the ~63,000 reference rows


def _count(rt: Runtime, model: type) -> int:
    with rt.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_second_load_writes_nothing(rt: Runtime) -> None:
    steps: list[tuple[int, int, str]] = []
    first = statistics.load_reference(rt, SYSTEM, progress=lambda done, total, what: steps.append((done, total, what)))
    rows, batches = _count(rt, Observation), _count(rt, ImportBatch)
    second = statistics.load_reference(rt, SYSTEM)
    assert first.total == rows > 60_000
    assert second.total == 0
    assert _count(rt, Observation) == rows
    assert _count(rt, ImportBatch) == batches
    assert steps[0][0] == 0
    assert steps[-1] == (steps[-1][1], steps[-1][1], "done")
    with rt.transaction() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "load_reference")).all()
    assert len(events) == 2
    assert events[0].after["ceads-co2"] == 26 * 48 * 22 + 26 * 3


def test_energy_total_2017_keeps_both_vintages(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    every = statistics.observations(rt, variables=["Energy|Total"], periods=["2017"], best_available=False)
    best = statistics.observations(rt, variables=["Energy|Total"], periods=["2017"])
    assert dict(zip(every["vintage"], every["value"], strict=True)) == {"final": 13019.0, "preliminary": 13051.9}
    assert dict(zip(every["vintage"], every["source"], strict=True)) == {
        "final": "eps-china-energy",
        "preliminary": "anhui-communique-2017",
    }
    assert best["value"].tolist() == [13019.0]


def test_sources_carry_their_grade(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    with rt.transaction() as s:
        grades = dict(s.execute(select(Source.key, Source.grade)).all())
    assert grades["ceads-province-co2"] == "A"
    assert grades["nbs-gdp-population"] == "B"
    assert grades["2cto-forum-2024"] == "D"


def test_gaps_stay_gaps_and_chaohu_ends_in_2011(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    co2 = statistics.observations(rt, variables=["Emissions|CO2"], regions=["340400", "341400"])
    huainan = set(co2.loc[co2["region"] == "340400", "period"])
    chaohu = set(co2.loc[co2["region"] == "341400", "period"])
    # SOURCES.md §1: Huainan 2018–19 are gaps in the CEADs city file
    assert "2017" in huainan
    assert not {"2018", "2019"} & huainan
    assert chaohu
    assert max(int(p) for p in chaohu) <= 2011
    pop = statistics.observations(rt, variables=["Population"], regions=["340100"])
    assert not {"1998", "1999", "2002"} & set(pop["period"])  # vendor gaps, not interpolated


def test_derived_values_say_so(rt: Runtime) -> None:
    statistics.load_reference(rt, SYSTEM)
    gdp = statistics.observations(rt, variables=["GDP|Constant 2005"], periods=["2020"])
    assert gdp["unit"].tolist() == ["100 million CNY (constant 2005)"]
    assert gdp["value"].tolist() == [24883.5]
    assert "derived" in gdp["note"].iloc[0]
    ytd = statistics.observations(rt, variables=["Energy|Intensity Change"], periods=["2020-01/2020-09"])
    assert ytd[["value", "vintage"]].values.tolist() == [[2.27, "quick"]]


def test_a_city_may_not_load_reference_data(rt: Runtime) -> None:
    with pytest.raises(PermissionDenied):
        statistics.load_reference(rt, Actor("hefei", Role.CITY, region="340100"))
    assert _count(rt, Observation) == 0


def test_summary_counts_groups(rt: Runtime) -> None:
    assert statistics.summary(rt) == []
    statistics.load_reference(rt, SYSTEM)
    groups = {g.group: g for g in statistics.summary(rt)}
    assert groups["Energy|CEADs"].first_year == 1997
    assert groups["Energy|CEADs"].last_year == 2022
    assert groups["Energy|CEADs"].rows == 26 * 62 * 20  # 63 sheet rows less "% Loss", 20 fuels
    assert groups["Population"].regions == 17  # Anhui + 16 cities
