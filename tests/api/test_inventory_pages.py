"""The inventory page and its JSON twins: rendered in zh and en with the chart data, the same numbers as the
service, bad requests refused with a clear 4xx, and "compute and store" written, attributed and audited."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from carbonpeak.reference import ceads
from carbonpeak.services import inventory, statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations
from carbonpeak.store.models import AuditEvent

RANGE = "first=2017&last=2019"


def _chart(html: str, chart_id: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', html, re.S)
    assert found, chart_id
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_province_page_renders_charts_in_chinese_and_english(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    statistics.load_reference(rt, SYSTEM)
    token = as_user("viewer")
    zh = app_client.get(f"/inventory?{RANGE}")
    assert zh.status_code == 200
    for heading in ("二氧化碳排放清单", "分部门二氧化碳排放", "分品种二氧化碳排放", "城市合计与全省对账"):
        assert heading in zh.text
    sectors = _chart(zh.text, "chart-sectors")
    assert sectors["x"] == ["2017", "2018", "2019"]
    assert "电力和热力" in [s["name"] for s in sectors["series"]]  # type: ignore[attr-defined]
    sankey = _chart(zh.text, "chart-sankey")
    names = {n["name"] for n in sankey["nodes"]}  # type: ignore[attr-defined]
    assert {"原煤", "电力和热力"} <= names
    assert {link["source"] for link in sankey["links"]} <= names  # type: ignore[attr-defined]
    assert "计算并存储" not in zh.text  # a viewer may not store
    app_client.post("/lang", data={"locale": "en", "next": "/inventory", "csrf_token": token})
    en = app_client.get(f"/inventory?{RANGE}").text
    for heading in ("CO2 inventory", "CO2 by sector", "CO2 by fuel", "City sum and province"):
        assert heading in en
    assert "Raw coal" in [s["name"] for s in _chart(en, "chart-fuels")["series"]]  # type: ignore[attr-defined]


def test_json_twins_equal_the_service_numbers(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("viewer")
    years = [2017, 2018, 2019]
    result, _ = inventory.compute_inventory("340000", years, factor_set="ipcc2006")
    sectors = app_client.get(f"/api/v1/inventory/sectors?{RANGE}&factor_set=ipcc2006").json()
    expected = inventory.sector_frame(result, grouped=True).pivot_table(index="year", columns="sector", values="value")
    for series in sectors["series"]:
        assert series["values"] == pytest.approx(expected[series["key"]].reindex(years).tolist())
    # the sector groups add up to the inventory total (combustion + cement process) of every year
    total = result.totals.query("variable == 'Emissions|CO2' and basis == 'direct'").set_index("year")["value"]
    stacked = [sum(s["values"][i] for s in sectors["series"]) for i in range(len(years))]
    assert stacked == pytest.approx(total.reindex(years).tolist())
    fuels = app_client.get(f"/api/v1/inventory/fuels?{RANGE}&factor_set=ipcc2006").json()
    assert [sum(s["values"][i] for s in fuels["series"]) for i in range(3)] == pytest.approx(stacked)
    sankey = app_client.get(f"/api/v1/inventory/sankey?{RANGE}&factor_set=ipcc2006&year=2018").json()
    energy = result.totals.query("variable == 'Emissions|CO2|Energy' and year == 2018")["value"].item()
    assert sum(link["value"] for link in sankey["links"]) == pytest.approx(energy)


def test_factor_set_comparison_shows_ipcc_above_ceads(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("viewer")
    rows = app_client.get(f"/api/v1/inventory/factor-sets?{RANGE}").json()["rows"]
    by_set = {(r["factor_set"], r["year"]): r for r in rows}
    ceads_2019 = by_set[("ceads@2", 2019)]["total"]
    ipcc = by_set[("ipcc2006@1", 2019)]
    assert ipcc["shift"] == pytest.approx(ipcc["total"] / ceads_2019 - 1)
    assert 0.10 <= ipcc["shift"] <= 0.16  # IPCC defaults give Anhui 11–15% more than CEADs


def test_reconciliation_names_the_gaps_and_sums_only_reported_cities(
    app_client: TestClient, as_user: Callable[[str], str]
) -> None:
    as_user("viewer")
    rows = {r["year"]: r for r in app_client.get(f"/api/v1/inventory/reconciliation?{RANGE}").json()["rows"]}
    cities = ceads.load_city_co2_inventory().query("year == 2019")
    reported = cities[cities["value"].notna() & (cities["region"] != "341400")]  # Chaohu: no city since 2011
    assert rows[2019]["city_sum"] == pytest.approx(reported["value"].sum())
    assert rows[2019]["missing_cities"] == ["340400"]  # Huainan has no CEADs value: named, not filled
    assert rows[2019]["reported"] + rows[2019]["missing"] == 16
    province = ceads.load_published_totals().set_index("year").loc[2019, "total_scope1_mt"]
    assert rows[2019]["difference"] == pytest.approx(reported["value"].sum() - province)


def test_a_city_has_totals_only_with_gaps_shown(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("hefei")
    page = app_client.get("/inventory?region=340400&first=2016&last=2020")
    assert page.status_code == 200
    assert "城市清单只有总量" in page.text
    assert 'id="chart-sectors"' not in page.text
    line = _chart(page.text, "chart-city")
    ceads_line = line["series"][0]["values"]  # type: ignore[index]
    assert ceads_line[2:] == [None, None, None]  # Huainan 2018–2020: gaps, never zero
    assert ceads_line[0] is not None
    assert app_client.get("/api/v1/inventory/sectors?region=340400").status_code == 404
    cities = app_client.get("/api/v1/inventory/cities?region=淮南市&first=2018&last=2019").json()
    assert cities["cities"][0]["ceads_city"] == [None, None]


def test_the_page_shows_cities_gaps_as_missing(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("viewer")
    html = app_client.get(f"/inventory?{RANGE}").text
    table = html[html.index('id="cities"') :]
    huainan = table[table.index("淮南市") : table.index("</tr>", table.index("淮南市"))]
    assert huainan.count('class="missing"') == 2  # 2018 and 2019


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("region=nowhere", 404, None),
        ("first=1990", 422, "first"),
        ("first=2019&last=2017", 422, "first"),
        ("factor_set=made_up", 422, "factor_set"),
        ("basis=scope3", 422, "basis"),
        ("first=2017&last=2018&year=2020", 422, "year"),
        ("first=abc", 422, "first"),
    ],
)
def test_bad_queries_are_refused_with_a_clear_message(
    app_client: TestClient, as_user: Callable[[str], str], query: str, status: int, field: str | None
) -> None:
    as_user("viewer")
    response = app_client.get(f"/api/v1/inventory/totals?{query}")
    assert response.status_code == status, response.text
    body = response.json()
    assert body["detail"]
    if field:
        assert field in [p["column"] for p in body["problems"]]


def test_compute_and_store_from_the_page_is_attributed_and_audited(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    token = as_user("province")
    assert "计算并存储" in app_client.get("/inventory?first=2019&last=2019").text
    form = {
        "csrf_token": token,
        "region": "340000",
        "first": 2019,
        "last": 2019,
        "factor_set": "ceads",
        "basis": "direct",
    }
    response = app_client.post("/inventory/store", data=form)
    assert response.status_code == 303
    assert "已存储" in app_client.get(response.headers["location"]).text
    with rt.transaction() as session:
        stored = observations.query(session, variables=["Emissions|CO2|Accounted|Total"])
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "inventory.store")).all()
    published = ceads.load_published_totals().set_index("year").loc[2019, "total_scope1_mt"]
    assert stored["value"].item() == pytest.approx(published, rel=0.02)  # within 2% of the CEADs total
    assert stored["recorded_by"].item() == "province"
    assert [e.actor for e in events] == ["province"]
    again = app_client.post(
        "/api/v1/inventory/store", json={"first": 2019, "last": 2019}, headers={"X-CSRF-Token": token}
    )
    assert again.json()["rows_written"] == 0  # unchanged values are not stored twice


def test_openapi_documents_the_inventory_responses(app_client: TestClient) -> None:
    schema = app_client.get("/api/v1/openapi.json").json()
    sectors = schema["paths"]["/api/v1/inventory/sectors"]["get"]
    assert sectors["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Stacked"
    }
    parameters = {p["name"]: p for p in sectors["parameters"]}
    assert set(parameters) >= {"region", "first", "last", "factor_set", "basis", "year"}
    assert "ipcc2006" in json.dumps(parameters["factor_set"]["schema"])
    assert "/api/v1/inventory/store" in schema["paths"]
