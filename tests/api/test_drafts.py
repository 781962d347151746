"""Drafts and publication: a city's upload is read only by that city and the provincial office until the
office publishes it; through the page, the JSON API, the export and the revision history alike."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.api.conftest import PASSWORDS, csrf

from carbonpeak.services import accounts
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent

HEADER = b"region,period,variable,unit,value\n"
#: what the provincial office published for Hefei (published at once)
PUBLISHED = HEADER + b"340100,2022,Energy|Total,10^4 tce,4800\n"
#: Hefei's own upload: a revised 2022 and a new 2023 (a draft until published)
DRAFT = HEADER + b"340100,2022,Energy|Total,10^4 tce,4911\n340100,2023,Energy|Total,10^4 tce,5123\n"
HISTORY = "/statistics/history?region=340100&period=2022&variable=Energy%7CTotal&basis=raw&vintage=final"
API_HISTORY = "/api/v1" + HISTORY


def _login(client: TestClient, login: str) -> str:
    token = csrf(client)
    password = PASSWORDS.get(login, f"demo-{login}-2030")
    response = client.post(
        "/api/v1/session", json={"login": login, "password": password}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    return csrf(client)


def _upload(client: TestClient, login: str, data: bytes) -> dict[str, object]:
    token = _login(client, login)
    files = {"file": ("upload.csv", data, "text/csv")}
    headers = {"X-CSRF-Token": token}
    preview = client.post("/api/v1/statistics/uploads", files=files, data={"vintage": "final"}, headers=headers)
    assert preview.status_code == 200, preview.text
    assert preview.json()["ok"], preview.text
    url = f"/api/v1/statistics/uploads/{preview.json()['token']}/commit"
    done = client.post(url, json={"filename": "upload.csv", "vintage": "final"}, headers=headers)
    assert done.status_code == 200, done.text
    body: dict[str, object] = done.json()
    return body


@pytest.fixture
def client(app_client: TestClient, rt: Runtime) -> TestClient:
    """The demo accounts, a second city office (Wuhu), the published value and Hefei's draft."""
    with rt.transaction() as session:
        accounts.create_user(
            session, SYSTEM, login="wuhu", name="芜湖市", password="demo-wuhu-2030", role="city", region="340200"
        )
    assert _upload(app_client, "province", PUBLISHED)["state"] == "published"
    assert _upload(app_client, "hefei", DRAFT)["state"] == "draft"
    return app_client


def _seen(client: TestClient, login: str) -> dict[str, object]:
    """What ``login`` reads of Hefei's energy through every read path."""
    _login(client, login)
    api = client.get("/api/v1/statistics/observations", params={"region": "340100"}).json()
    history = client.get(API_HISTORY).json()
    export = client.get("/api/v1/statistics/export", params={"region": "340100", "fmt": "xlsx"})
    exported = pd.read_excel(io.BytesIO(export.content))
    pages = [client.get("/statistics", params={"region": "340100"}), client.get(HISTORY)]
    assert [p.status_code for p in pages] == [200, 200]
    assert export.status_code == 200
    page, history_page = (p.text for p in pages)
    assert "Energy|Total" in page
    assert "4,800" in history_page
    return {
        "api": sorted((r["period"], r["value"], r["draft"]) for r in api),
        "history": [r["value"] for r in history],
        "export": sorted(zip(exported["period"].astype(str), exported["value"], strict=True)),
        "page_has_draft": "5,123" in page or "4,911" in page,
        "history_page_has_draft": "4,911" in history_page,
    }


HIDDEN = {
    "api": [("2022", 4800.0, False)],
    "history": [4800.0],
    "export": [("2022", 4800.0)],
    "page_has_draft": False,
    "history_page_has_draft": False,
}
SHOWN = {
    "api": [("2022", 4911.0, True), ("2023", 5123.0, True)],
    "history": [4800.0, 4911.0],
    "export": [("2022", 4911.0), ("2023", 5123.0)],
    "page_has_draft": True,
    "history_page_has_draft": True,
}


@pytest.mark.parametrize("login", ["hefei", "province", "admin"])
def test_the_city_and_the_office_read_the_draft(client: TestClient, login: str) -> None:
    assert _seen(client, login) == SHOWN


@pytest.mark.parametrize("login", ["wuhu", "viewer", "transport"])
def test_another_city_a_viewer_and_a_department_do_not(client: TestClient, login: str) -> None:
    assert _seen(client, login) == HIDDEN


def test_a_cached_page_of_a_city_is_never_served_to_another(client: TestClient) -> None:
    # hefei fills the statistics view cache first; wuhu then asks for the very same pages
    assert _seen(client, "hefei")["page_has_draft"] is True
    _login(client, "hefei")
    summary_hefei = client.get("/statistics").text
    assert _seen(client, "wuhu") == HIDDEN
    summary_wuhu = client.get("/statistics").text
    # the summary counts rows: Hefei sees 3 (one published, two drafts), Wuhu only the published one
    assert '<td class="num" data-value="3">' in summary_hefei
    assert '<td class="num" data-value="1">' in summary_wuhu


def test_after_publication_everyone_reads_it(client: TestClient, rt: Runtime) -> None:
    token = _login(client, "province")
    drafts = client.get("/api/v1/statistics/drafts", params={"state": "draft"}).json()
    assert [(d["region"], d["rows"], d["submitted_by"]) for d in drafts] == [("340100", 2, "hefei")]
    done = client.post(
        f"/api/v1/statistics/drafts/{drafts[0]['import_id']}/publish", json={"note": "核对无误"},
        headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["decided_by"]) == ("published", "province")
    published = {**SHOWN, "api": [("2022", 4911.0, False), ("2023", 5123.0, False)]}
    for login in ("wuhu", "viewer", "transport", "hefei"):
        assert _seen(client, login) == published, login
    with rt.transaction() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "statistics.published")).one()
        assert (event.actor, event.object_id) == ("province", str(drafts[0]["import_id"]))
        assert event.before == {"state": "draft", "region": "340100"}
        assert event.after == {"state": "published", "note": "核对无误"}


def test_a_rejected_draft_is_read_by_nobody(client: TestClient) -> None:
    token = _login(client, "province")
    (draft,) = client.get("/api/v1/statistics/drafts").json()
    page = client.post(f"/statistics/drafts/{draft['import_id']}", data={"decision": "reject", "csrf_token": token})
    assert page.status_code == 303
    for login in ("hefei", "province", "wuhu"):
        assert _seen(client, login) == HIDDEN, login
    _login(client, "hefei")
    assert [d["state"] for d in client.get("/api/v1/statistics/drafts").json()] == ["rejected"]


def test_a_decided_batch_cannot_be_decided_again(client: TestClient) -> None:
    token = _login(client, "province")
    (draft,) = client.get("/api/v1/statistics/drafts").json()
    url = f"/api/v1/statistics/drafts/{draft['import_id']}"
    assert client.post(url + "/publish", json={}, headers={"X-CSRF-Token": token}).status_code == 200
    again = client.post(url + "/reject", json={}, headers={"X-CSRF-Token": token})
    assert again.status_code == 422
    assert again.json()["problems"][0]["column"] == "import_id"
    unknown = client.post("/api/v1/statistics/drafts/999/publish", json={}, headers={"X-CSRF-Token": token})
    assert unknown.status_code == 404


def test_the_drafts_list_of_a_city_holds_only_its_own(client: TestClient) -> None:
    _login(client, "wuhu")
    assert client.get("/api/v1/statistics/drafts").json() == []
    assert "upload.csv" not in client.get("/statistics/drafts").text
    _login(client, "viewer")
    assert client.get("/api/v1/statistics/drafts").status_code == 403


def test_a_city_cannot_write_another_citys_rows(client: TestClient, rt: Runtime) -> None:
    token = _login(client, "wuhu")
    files = {"file": ("upload.csv", HEADER + b"340100,2021,Energy|Total,10^4 tce,1\n", "text/csv")}
    preview = client.post(
        "/api/v1/statistics/uploads", files=files, data={"vintage": "final"}, headers={"X-CSRF-Token": token}
    ).json()
    assert preview["ok"] is False
    assert [(p["row"], p["column"]) for p in preview["problems"]] == [(2, "region")]
    # the file was not staged, so it cannot be committed either
    url = f"/api/v1/statistics/uploads/{preview['token']}/commit"
    commit = client.post(url, json={"filename": "upload.csv", "vintage": "final"}, headers={"X-CSRF-Token": token})
    assert commit.status_code == 404
    _login(client, "province")
    assert ("2021", 1.0) not in _seen(client, "province")["export"]


def _energy_on_region_page(client: TestClient, login: str) -> dict[str, object]:
    _login(client, login)
    body = client.get("/api/v1/regions/340100").json()
    found: dict[str, object] = next(i for i in body["indicators"] if i and i["variable"] == "Energy|Total")
    return found


def test_computed_views_read_published_data_only_until_publication(client: TestClient) -> None:
    # the region view is cached and shared by every reader, so it must not hold Hefei's draft, not even for Hefei
    for login in ("hefei", "province", "viewer"):
        assert (_energy_on_region_page(client, login)["period"], _energy_on_region_page(client, login)["value"]) == (
            "2022",
            4800.0,
        ), login
    token = _login(client, "province")
    (draft,) = client.get("/api/v1/statistics/drafts").json()
    client.post(f"/api/v1/statistics/drafts/{draft['import_id']}/publish", json={}, headers={"X-CSRF-Token": token})
    latest = _energy_on_region_page(client, "viewer")
    assert (latest["period"], latest["value"]) == ("2023", 5123.0)
