"""Statistics through HTTP: browse, history, export, upload preview and all-or-nothing commit."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations
from carbonpeak.store.models import AuditEvent, Observation

HEADER = b"region,period,variable,unit,value\n"
GOOD = HEADER + b"340100,2023,Energy|Total,10^4 tce,5000\n340100,2022,Energy|Total,10^4 tce,4800\n"
BAD = HEADER + b"340100,2023,Energy|Total,10^4 tce,5000\n340100,2023,Energy|Nope,10^4 tce,x\n"


def _rows(rt: Runtime) -> int:
    with rt.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Observation)) or 0)


def _preview(client: TestClient, token: str, data: bytes) -> dict[str, object]:
    files = {"file": ("upload.csv", data, "text/csv")}
    response = client.post(
        "/api/v1/statistics/uploads", files=files, data={"vintage": "final"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _store_gap(rt: Runtime) -> None:
    """A gap as the reference loads store it: a row whose value is missing."""
    frame = pd.DataFrame(
        [
            {
                "region": "340100",
                "period": "2021",
                "variable": "Energy|Total",
                "unit": "10^4 tce",
                "basis": "raw",
                "vintage": "final",
                "value": float("nan"),
            }
        ]
    )
    with rt.transaction() as session:
        observations.append(session, frame, recorded_by="system")


def test_good_file_is_previewed_then_stored(app_client: TestClient, as_user: Callable[[str], str], rt: Runtime) -> None:
    token = as_user("hefei")
    preview = _preview(app_client, token, GOOD)
    assert preview["ok"] is True, preview["problems"]
    assert preview["rows"] == 2
    assert _rows(rt) == 0
    body = {"filename": "upload.csv", "vintage": "final"}
    response = app_client.post(
        f"/api/v1/statistics/uploads/{preview['token']}/commit", json=body, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == 2
    stored = app_client.get("/api/v1/statistics/observations?region=340100&variable=Energy|Total").json()
    assert {(r["period"], r["value"]) for r in stored} == {("2023", 5000.0), ("2022", 4800.0)}
    with rt.transaction() as session:
        assert session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "import")) == "hefei"


def test_bad_file_names_each_bad_row_and_stores_nothing(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    token = as_user("province")
    preview = _preview(app_client, token, BAD)
    assert preview["ok"] is False
    problems = preview["problems"]
    assert isinstance(problems, list)
    assert {(p["row"], p["column"]) for p in problems} >= {(3, "variable"), (3, "value")}
    response = app_client.post(
        f"/api/v1/statistics/uploads/{preview['token']}/commit",
        json={"filename": "upload.csv", "vintage": "final"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 404
    assert _rows(rt) == 0


def test_upload_page_shows_row_level_errors(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    token = as_user("admin")
    files = {"file": ("bad.csv", BAD, "text/csv")}
    page = app_client.post("/statistics/upload", files=files, data={"vintage": "final", "csrf_token": token})
    assert page.status_code == 422
    assert '<table class="problems">' in page.text
    assert "Energy|Nope" in page.text


def test_city_cannot_preview_another_citys_rows(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    token = as_user("hefei")
    other = b"region,period,variable,unit,value\n340200,2023,Energy|Total,10^4 tce,100\n"
    preview = _preview(app_client, token, other)
    assert preview["ok"] is False
    assert preview["problems"] == [
        {"row": 2, "column": "region", "message": "you may not write data of this region", "value": "340200"}
    ]


def test_export_csv_and_xlsx_keep_gaps_empty(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _store_gap(rt)
    token = as_user("admin")
    preview = _preview(app_client, token, GOOD)
    app_client.post(
        f"/api/v1/statistics/uploads/{preview['token']}/commit",
        json={"filename": "upload.csv", "vintage": "final"},
        headers={"X-CSRF-Token": token},
    )
    csv = app_client.get("/api/v1/statistics/export?region=340100&fmt=csv")
    assert csv.status_code == 200
    frame = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig", dtype={"region": str, "period": str})
    assert frame.set_index("period")["value"].isna().to_dict() == {"2021": True, "2022": False, "2023": False}
    xlsx = app_client.get("/api/v1/statistics/export?region=340100&fmt=xlsx")
    sheet = pd.read_excel(io.BytesIO(xlsx.content), dtype={"region": str, "period": str})
    assert sheet.set_index("period")["value"].isna().to_dict() == {"2021": True, "2022": False, "2023": False}
    history = app_client.get(
        "/api/v1/statistics/history?region=340100&period=2023&variable=Energy|Total&basis=raw&vintage=final"
    ).json()
    assert [r["revision"] for r in history] == [1]


def test_statistics_page_shows_a_gap_as_missing_not_zero(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _store_gap(rt)
    token = as_user("admin")
    preview = _preview(app_client, token, GOOD)
    app_client.post(
        "/statistics/commit",
        data={"token": preview["token"], "filename": "upload.csv", "vintage": "final", "csrf_token": token},
    )
    page = app_client.get("/statistics?region=340100").text
    assert 'class="missing" title="无数据">—</span>' in page
    assert "5,000.00" in page
