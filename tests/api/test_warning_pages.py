"""The warning pages (barometer, cell calculation, alert history, notifications, LMDI) and their JSON twins."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.api.test_pages import external

from carbonpeak.services import lmdi
from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.statistics import load_reference
from carbonpeak.store import observations as obs
from carbonpeak.store.models import AuditEvent
from carbonpeak.web.lmdi_views import waterfall

PAGES = [
    "/warnings",
    "/warnings?period=2018&rules=national_2021&convention=geometric",
    "/warnings?period=2020-01/2020-09",
    "/warnings/cell?period=2018&region=340000&indicator=co2_intensity",
    "/warnings/history",
    "/warnings/history?region=340100",
    "/notifications",
    "/lmdi",
    "/lmdi?region=340000&start=2010&end=2020&intensity=1",
]
ROLES = ["admin", "province", "transport", "hefei", "viewer"]
CELL = re.compile(r'<td class="cell level-(\w+)" data-level="(\w+)">')


@pytest.fixture
def loaded(rt: Runtime) -> Runtime:
    load_reference(rt, SYSTEM)
    return rt


def _english(client: TestClient, token: str) -> None:
    client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})


@pytest.mark.parametrize("login", ROLES)
def test_every_warning_page_renders_for_every_role_in_both_languages(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime, login: str
) -> None:
    token = as_user(login)
    for path in PAGES:
        zh = app_client.get(path)
        assert zh.status_code == 200, (path, zh.text[-500:])
        assert external(zh.text) == [], path
    assert "预警晴雨表" in app_client.get("/warnings").text
    _english(app_client, token)
    page = app_client.get("/warnings?period=2018").text
    assert "Early-warning barometer" in page
    assert "预警晴雨表" not in page
    assert "Why did emissions change?" in app_client.get("/lmdi").text


def test_barometer_twin_equals_the_service_and_no_data_is_never_green(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime
) -> None:
    as_user("viewer")
    query = "period=2018&rules=national_2020&convention=geometric"
    twin = app_client.get(f"/api/v1/warnings?{query}").json()
    service = sw.barometer(loaded, period="2018", convention="geometric").set_index(["region", "indicator"])
    cells = {(r["region"], i): c for r in twin["rows"] for i, c in r["cells"].items()}
    assert len(cells) == len(service) == 17 * 3
    for key, cell in cells.items():
        expected = service.loc[key]
        assert cell["level"] == expected["level"], key
        assert cell["actual"] == (None if pd.isna(expected["actual"]) else pytest.approx(expected["actual"])), key
        assert cell["required"] == (None if pd.isna(expected["required"]) else pytest.approx(expected["required"]))
        if cell["actual"] is None or cell["required"] is None:
            assert cell["level"] == "no_data", key
    # the province's CO2 intensity is graded (2018, −18 % 2015→2020), the cities have no data
    assert cells[("340000", "co2_intensity")]["level"] == "green"
    grid_page = app_client.get(f"/warnings?{query}").text
    shown = CELL.findall(grid_page)
    assert len(shown) == 51
    no_data = {k for k, c in cells.items() if c["actual"] is None}
    assert sum(1 for css, _ in shown if css == "no_data") == len(no_data) == 50
    assert all(css == level for css, level in shown)


def test_a_cell_opens_its_calculation_with_formula_numbers_and_rule(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime
) -> None:
    as_user("hefei")
    query = "period=2018&region=340000&indicator=co2_intensity&convention=geometric"
    detail = app_client.get(f"/api/v1/warnings/cell?{query}").json()
    inputs = detail["cell"]["inputs"]
    # independent check of the numbers shown: A = 1 − I_t / I_0, T = 1 − (1 − R)^(3/5)
    assert detail["cell"]["actual"] == pytest.approx(1 - inputs["intensity"] / inputs["base_intensity"])
    assert detail["cell"]["required"] == pytest.approx(1 - 0.82 ** (3 / 5))
    assert inputs["base_intensity"] == pytest.approx(inputs["base_numerator"] / inputs["base_gdp"])
    assert (detail["rule_set"]["id"], detail["rule_set"]["version"]) == ("national_2020", "2020.1")
    panel = app_client.get(f"/warnings/cell?{query}", headers={"HX-Request": "true"}).text
    assert "<html" not in panel
    for text in (
        "(T − A) / |T|",
        "shortfall_share ≤ 0 → green",
        "发改办环资〔2020〕901号",
        "1 − (1 − R)^(k/n)",
    ):
        assert text in panel, text
    assert "<html" in app_client.get(f"/warnings/cell?{query}").text
    assert app_client.get("/api/v1/warnings/cell?period=2018&region=999999&indicator=co2_intensity").status_code == 404


def test_recorded_warnings_are_shown_beside_the_computed_cells(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime
) -> None:
    token = as_user("province")
    assert app_client.post("/warnings/recorded", data={"csrf_token": token}).status_code == 303
    period = "2020-01/2020-09"
    twin = app_client.get(f"/api/v1/warnings?period={period}").json()
    huainan = next(r for r in twin["rows"] if r["region"] == "340400")["cells"]["energy_intensity"]
    assert huainan["recorded"]["official_level"] == 1  # red in the provincial notice (SOURCES.md §11.5)
    assert huainan["level"] == "no_data"  # no city energy statistics: never green
    page = app_client.get(f"/warnings?period={period}").text
    assert page.count('class="recorded"') == twin["recorded_count"] == 16
    side = app_client.get("/api/v1/warnings/recorded").json()
    assert len(side) == 49


def _hefei_store(rt: Runtime) -> None:
    """Hefei 2020–2021 with A = 2.7 % against R = 13 %: green on the linear schedule, yellow on the geometric."""
    base = {"region": "340100", "basis": "raw", "vintage": "final"}
    rows = [
        {**base, "period": "2020", "variable": "Energy|Total", "unit": "10^4 tce", "value": 1000.0},
        {**base, "period": "2021", "variable": "Energy|Total", "unit": "10^4 tce", "value": 973.0},
        {**base, "period": "2020", "variable": "GDP|Current", "unit": "100 million CNY", "value": 10000.0},
        {**base, "period": "2021", "variable": "GDP|Real Growth", "unit": "%", "value": 0.0},
    ]
    with rt.transaction() as session:
        obs.append(session, pd.DataFrame(rows), recorded_by="test")


def test_run_history_notifications_and_mark_read(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _hefei_store(rt)
    token = as_user("province")
    for convention in ("linear", "geometric"):
        form = {"period": "2021", "rules": "national_2020", "convention": convention, "csrf_token": token}
        assert app_client.post("/warnings/run", data=form).status_code == 303
    runs = app_client.get("/api/v1/warnings/runs").json()
    assert [(r["run_by"], r["rule_version"]) for r in runs] == [("province", "2020.1")] * 2
    history = app_client.get("/api/v1/warnings/evaluations?region=340100").json()
    assert [
        (e["level"], e["inputs"]["schedule_convention"]) for e in history if e["indicator"] == "energy_intensity"
    ] == [
        ("yellow", "geometric"),
        ("green", "linear"),
    ]
    assert "340100" in app_client.get("/warnings/history?region=340100").text
    # the worsening green → yellow notifies hefei (its region) and the province-wide accounts
    province = app_client.get("/api/v1/notifications").json()
    assert province["unread"] == 1
    as_user("hefei")
    mine = app_client.get("/api/v1/notifications").json()
    assert mine["unread"] == 1
    notice = mine["notifications"][0]
    assert (notice["region"], notice["previous_level"], notice["new_level"]) == ("340100", "green", "yellow")
    assert '<span class="badge"' in app_client.get("/warnings").text
    csrf = app_client.get("/api/v1/session").json()["csrf_token"]
    assert app_client.post(f"/notifications/{notice['id']}/read", data={"csrf_token": csrf}).status_code == 303
    assert app_client.get("/api/v1/notifications").json()["unread"] == 0
    assert '<span class="badge"' not in app_client.get("/notifications").text
    as_user("viewer")
    assert app_client.get("/api/v1/notifications").json() == {"unread": 0, "notifications": []}
    with rt.transaction() as session:
        reads = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "warning_notification")).all()
        runs_audited = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "warning_run")).all()
    assert [(e.actor, e.object_id) for e in reads] == [("hefei", str(notice["id"]))]
    assert len(runs_audited) == 2


def test_waterfall_bars_of_a_hand_example() -> None:
    bars = waterfall(10.0, {"activity": 5.0, "structure": -3.0})
    assert bars == {
        "keys": ["start", "activity", "structure", "end"],
        "base": [0.0, 10.0, 12.0, 0.0],
        "rise": [None, 5.0, None, None],
        "fall": [None, None, 3.0, None],
        "total": [10.0, None, None, 12.0],
    }


def test_lmdi_twin_equals_the_service_and_the_effects_add_up(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    as_user("viewer")
    twin = app_client.get("/api/v1/lmdi?region=340000&start=2015&end=2019").json()
    service = lmdi.decompose_region("340000", 2015, 2019)
    assert twin["additive"] == pytest.approx(service["additive"])
    assert twin["multiplicative"] == pytest.approx(service["multiplicative"])
    assert sum(twin["additive"].values()) == pytest.approx(service["vt"] - service["v0"])
    assert twin["checks"]["additive_residual"] == pytest.approx(0, abs=1e-9)
    assert twin["checks"]["multiplicative_residual"] == pytest.approx(0, abs=1e-12)
    bars = twin["waterfall"]
    assert bars["total"][0] == pytest.approx(service["v0"])
    assert bars["total"][-1] == pytest.approx(service["vt"])
    page = app_client.get("/lmdi?region=340000&start=2015&end=2019").text
    assert (
        'data-kind="waterfall" data-chart="waterfall-data"' in page
        or 'data-chart="waterfall-data" data-kind="waterfall"' in page
    )


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("region=340100&start=2015&end=2019", 404, "province (340000) only"),
        ("region=nowhere&start=2015&end=2019", 404, "unknown region"),
        ("region=340000&start=2000&end=2019", 422, "2005 ≤ start < end ≤ 2022"),
        ("region=340000&start=2019&end=2015", 422, "2005 ≤ start < end ≤ 2022"),
        ("region=340000&start=2015&end=2030", 422, "2005 ≤ start < end ≤ 2022"),
    ],
)
def test_lmdi_bad_region_or_years_get_a_clear_4xx(
    app_client: TestClient, as_user: Callable[[str], str], query: str, status: int, words: str
) -> None:
    as_user("viewer")
    answer = app_client.get(f"/api/v1/lmdi?{query}")
    assert answer.status_code == status
    assert words in answer.json()["detail"]
    page = app_client.get(f"/lmdi?{query}")
    assert page.status_code == status
    assert words in html.unescape(page.text)


def test_the_history_page_gives_the_reason_of_a_no_data_cell_in_the_readers_language(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _hefei_store(rt)
    token = as_user("province")
    form = {"period": "2021", "rules": "national_2020", "convention": "linear", "csrf_token": token}
    assert app_client.post("/warnings/run", data=form).status_code == 303
    zh = app_client.get("/warnings/history?region=340100").text
    assert "无数据：" in zh  # e.g. Hefei's CO2 intensity: no emissions statistics in this store
    assert "no data: an input is missing" not in zh
    app_client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})
    assert "no data: " in app_client.get("/warnings/history?region=340100").text
