"""The annual target-and-task list: departments report progress on what they lead, the latest report of a
node and year is current, every report stays as history and in the audit trail; bad reports change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from carbonpeak.reference.plan import load_plan
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, ProgressReport

TRANSPORT_TASK = "2.(4).1"  # led by transport in structure.yaml
ENERGY_TASK = "2.(1).1"  # led by the energy bureau


def _post(client: TestClient, token: str, node: str, **body: object) -> tuple[int, dict[str, object]]:
    response = client.post(f"/api/v1/plan/nodes/{node}/reports", json=body, headers={"X-CSRF-Token": token})
    return response.status_code, response.json()


def _count(rt: Runtime) -> int:
    with rt.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(ProgressReport)) or 0)


def test_leads_in_the_register_are_what_the_tests_assume() -> None:
    plan = load_plan()
    assert plan.node(TRANSPORT_TASK).lead == ("transport",)  # type: ignore[union-attr]
    assert "transport" not in plan.node(ENERGY_TASK).lead  # type: ignore[union-attr]


def test_the_latest_report_is_current_and_the_older_one_is_history(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    token = as_user("transport")
    assert _post(app_client, token, TRANSPORT_TASK, year=2024, status="on_schedule")[0] == 200
    status, second = _post(app_client, token, TRANSPORT_TASK, year=2024, status="behind", note="资金未到位")
    assert status == 200
    assert (second["status"], second["reported_by"], second["department"]) == ("behind", "transport", "transport")
    rows = app_client.get("/api/v1/tasks", params={"year": 2024}).json()["rows"]
    row = next(r for r in rows if r["id"] == TRANSPORT_TASK)
    assert (row["current"]["status"], row["current"]["note"], row["reports"]) == ("behind", "资金未到位", 2)
    assert row["lead"] == ["transport"]
    history = app_client.get(f"/api/v1/plan/nodes/{TRANSPORT_TASK}/reports").json()
    assert [h["status"] for h in history] == ["behind", "on_schedule"]
    # another year has its own current report: none yet
    other = app_client.get("/api/v1/tasks", params={"year": 2023}).json()["rows"]
    assert next(r for r in other if r["id"] == TRANSPORT_TASK)["current"] is None
    with rt.transaction() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "progress.report")))
    assert [e.object_id for e in events] == [f"{TRANSPORT_TASK}@2024"] * 2
    assert events[0].before is None
    assert events[1].before["status"] == "on_schedule"  # type: ignore[index]
    assert events[1].after["status"] == "behind"  # type: ignore[index]


def test_a_target_value_is_checked_against_the_targets_unit(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    token = as_user("province")
    # green-power-imports-2025 is in 10^8 kWh: GWh converts, tonnes do not
    ok, stored = _post(app_client, token, "green-power-imports-2025", year=2025, status="done", value=350, unit="GWh")
    assert ok == 200
    assert (stored["value"], stored["unit"]) == (350.0, "GWh")
    status, body = _post(app_client, token, "green-power-imports-2025", year=2025, status="done", value=3, unit="t")
    assert status == 422
    assert [p["column"] for p in body["problems"]] == ["unit"]
    assert _count(rt) == 1


@pytest.mark.parametrize(
    ("node", "body", "fields"),
    [
        (TRANSPORT_TASK, {"year": 1999, "status": "done"}, ["year"]),
        (TRANSPORT_TASK, {"year": 2024, "status": "finished"}, ["status"]),
        (TRANSPORT_TASK, {"year": 2024, "status": "done", "value": 3, "unit": "%"}, ["value"]),
        ("nev-buses-hefei", {"year": 2024, "status": "done", "value": 90}, ["unit"]),
        ("land-transport-oil-peak", {"year": 2024, "status": "done", "value": 1, "unit": "10^4 t"}, ["value"]),
        (TRANSPORT_TASK, {"year": 2100, "status": "late"}, ["year", "status"]),
    ],
)
def test_a_bad_report_names_the_field_and_stores_nothing(
    app_client: TestClient,
    as_user: Callable[[str], str],
    rt: Runtime,
    node: str,
    body: dict[str, object],
    fields: list[str],
) -> None:
    token = as_user("transport")
    status, answer = _post(app_client, token, node, **body)
    assert status == 422, answer
    assert [p["column"] for p in answer["problems"]] == fields
    assert _count(rt) == 0


def test_an_unknown_node_is_404(app_client: TestClient, as_user: Callable[[str], str], rt: Runtime) -> None:
    token = as_user("province")
    assert _post(app_client, token, "9.(9).9", year=2024, status="done")[0] == 404
    assert _post(app_client, token, "1.(2)", year=2024, status="done")[0] == 404  # a section is not a task
    assert _count(rt) == 0


def test_the_list_page_offers_the_form_only_to_those_allowed(
    app_client: TestClient, as_user: Callable[[str], str]
) -> None:
    as_user("transport")
    page = app_client.get("/tasks", params={"year": 2024}).text
    assert page.count("#report") > 0
    assert f'href="/tasks/{TRANSPORT_TASK.replace("(", "%28").replace(")", "%29")}?year=2024#report"' in page
    assert "/tasks/2.%281%29.1?year=2024#report" not in page
    energy = app_client.get(f"/tasks/{ENERGY_TASK}").text
    assert 'action="/tasks/' not in energy
    as_user("viewer")
    assert "#report" not in app_client.get("/tasks", params={"year": 2024}).text


def test_a_department_reports_through_the_page_in_chinese(
    app_client: TestClient, as_user: Callable[[str], str]
) -> None:
    token = as_user("transport")
    form = {"year": "2024", "status": "behind", "value": "", "unit": "", "note": "资金未到位", "csrf_token": token}
    answer = app_client.post(f"/tasks/{TRANSPORT_TASK}/reports", data=form)
    assert answer.status_code == 303
    page = app_client.get(answer.headers["location"]).text
    assert "资金未到位" in page
    assert 'class="progress progress-behind">滞后</span>' in page  # the status label, in Chinese (the default)
    listing = app_client.get("/tasks", params={"year": 2024}).text
    assert "年度目标任务清单" in listing


@pytest.mark.parametrize("statement", ["UPDATE progress_report SET status = 'done'", "DELETE FROM progress_report"])
def test_reports_cannot_be_changed_or_removed(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime, statement: str
) -> None:
    token = as_user("transport")
    assert _post(app_client, token, TRANSPORT_TASK, year=2024, status="behind")[0] == 200
    with pytest.raises(DatabaseError, match="append-only"), rt.engine.begin() as conn:
        conn.execute(text(statement))
    assert _count(rt) == 1
