"""Every write endpoint refuses (403) each role that may not use it, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from carbonpeak.services import imports
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import (
    AuditEvent,
    BatchReview,
    ImportBatch,
    Job,
    Observation,
    ProgressReport,
    RecordedWarning,
    User,
    WarningEvaluation,
    WarningNotification,
    WarningRun,
    WebSession,
)

CSV = b"region,period,variable,unit,value\n340100,2023,Energy|Total,10^4 tce,5000\n"
TOKEN = "0" * 64


def _upload(client: TestClient, path: str, token: str) -> Any:
    files = {"file": ("u.csv", CSV, "text/csv")}
    return client.post(
        path, files=files, data={"vintage": "final", "csrf_token": token}, headers={"X-CSRF-Token": token}
    )


#: (name, call, roles allowed); every other demo role must get 403
WRITES: list[tuple[str, Callable[[TestClient, str], Any], set[str]]] = [
    (
        "api create user",
        lambda c, t: c.post(
            "/api/v1/users",
            json={"login": "someone", "password": "long enough", "role": "viewer"},
            headers={"X-CSRF-Token": t},
        ),
        {"admin"},
    ),
    ("api disable user", lambda c, t: c.post("/api/v1/users/viewer/disable", headers={"X-CSRF-Token": t}), {"admin"}),
    ("api enable user", lambda c, t: c.post("/api/v1/users/viewer/enable", headers={"X-CSRF-Token": t}), {"admin"}),
    (
        "page create user",
        lambda c, t: c.post(
            "/users", data={"login": "someone", "password": "long enough", "role": "viewer", "csrf_token": t}
        ),
        {"admin"},
    ),
    (
        "page disable user",
        lambda c, t: c.post("/users/viewer/active", data={"active": "false", "csrf_token": t}),
        {"admin"},
    ),
    (
        "api start job",
        lambda c, t: c.post(
            "/api/v1/jobs", json={"kind": "selftest.count", "params": {"steps": 1}}, headers={"X-CSRF-Token": t}
        ),
        {"admin"},
    ),
    ("page start job", lambda c, t: c.post("/jobs/selftest", data={"csrf_token": t}), {"admin"}),
    ("api preview upload", lambda c, t: _upload(c, "/api/v1/statistics/uploads", t), {"admin", "province", "hefei"}),
    ("page preview upload", lambda c, t: _upload(c, "/statistics/upload", t), {"admin", "province", "hefei"}),
    (
        "api commit upload",
        lambda c, t: c.post(
            f"/api/v1/statistics/uploads/{TOKEN}/commit",
            json={"filename": "u.csv", "vintage": "final"},
            headers={"X-CSRF-Token": t},
        ),
        {"admin", "province", "hefei"},
    ),
    (
        "page commit upload",
        lambda c, t: c.post(
            "/statistics/commit", data={"token": TOKEN, "filename": "u.csv", "vintage": "final", "csrf_token": t}
        ),
        {"admin", "province", "hefei"},
    ),
]
INVENTORY = {"region": "340000", "first": 2019, "last": 2019}
WRITES += [
    (
        "api store inventory",
        lambda c, t: c.post("/api/v1/inventory/store", json=INVENTORY, headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    (
        "page store inventory",
        lambda c, t: c.post("/inventory/store", data={**INVENTORY, "csrf_token": t}),
        {"admin", "province"},
    ),
]
RUN = {"period": "2018", "rules": "national_2020"}
WRITES += [
    (
        "api run barometer",
        lambda c, t: c.post("/api/v1/warnings/runs", json=RUN, headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    ("page run barometer", lambda c, t: c.post("/warnings/run", data={**RUN, "csrf_token": t}), {"admin", "province"}),
    (
        "api load recorded warnings",
        lambda c, t: c.post("/api/v1/warnings/recorded", headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    (
        "page load recorded warnings",
        lambda c, t: c.post("/warnings/recorded", data={"csrf_token": t}),
        {"admin", "province"},
    ),
    # notice 1 is addressed to hefei (fixture below): nobody else may mark it read, not even the administrator
    (
        "api mark another's notice read",
        lambda c, t: c.post("/api/v1/notifications/1/read", headers={"X-CSRF-Token": t}),
        {"hefei"},
    ),
    (
        "page mark another's notice read",
        lambda c, t: c.post("/notifications/1/read", data={"csrf_token": t}),
        {"hefei"},
    ),
]
#: drafts and publication: batch 1 is Hefei's draft (fixture hefei_draft); only the office decides
DECISION = {"note": "checked"}
WRITES += [
    (
        "api publish draft",
        lambda c, t: c.post("/api/v1/statistics/drafts/1/publish", json=DECISION, headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    (
        "api reject draft",
        lambda c, t: c.post("/api/v1/statistics/drafts/1/reject", json=DECISION, headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    (
        "page publish draft",
        lambda c, t: c.post("/statistics/drafts/1", data={"decision": "publish", "csrf_token": t}),
        {"admin", "province"},
    ),
]
#: progress reports: 2.(4).1 is led by transport, 2.(1).1 by the energy bureau (structure.yaml)
REPORT = {"year": 2024, "status": "on_schedule"}
WRITES += [
    (
        "api report on a transport task",
        lambda c, t: c.post("/api/v1/plan/nodes/2.(4).1/reports", json=REPORT, headers={"X-CSRF-Token": t}),
        {"admin", "province", "transport"},
    ),
    (
        "api report on a transport target",
        lambda c, t: c.post(
            "/api/v1/plan/nodes/nev-buses-hefei/reports",
            json={**REPORT, "value": 100, "unit": "%"},
            headers={"X-CSRF-Token": t},
        ),
        {"admin", "province", "transport"},
    ),
    (
        "api report on an energy-bureau task",
        lambda c, t: c.post("/api/v1/plan/nodes/2.(1).1/reports", json=REPORT, headers={"X-CSRF-Token": t}),
        {"admin", "province"},
    ),
    (
        "page report on a transport task",
        lambda c, t: c.post("/tasks/2.(4).1/reports", data={**REPORT, "csrf_token": t}),
        {"admin", "province", "transport"},
    ),
    (
        "page report on an energy-bureau task",
        lambda c, t: c.post("/tasks/2.(1).1/reports", data={**REPORT, "csrf_token": t}),
        {"admin", "province"},
    ),
]
ROLES = ["admin", "province", "transport", "hefei", "viewer"]
CASES = [(name, call, role) for name, call, allowed in WRITES for role in ROLES if role not in allowed]


@pytest.fixture(autouse=True)
def hefei_draft(rt: Runtime) -> None:
    """Import batch 1: an upload of the city office hefei, a draft until the office decides."""
    hefei = Actor(login="hefei", role=Role.CITY, region="340100")
    assert imports.import_bytes(rt, hefei, CSV, "draft.csv", vintage="final").state == "draft"


@pytest.fixture(autouse=True)
def hefei_notice(rt: Runtime) -> None:
    """One stored run with one evaluation and a notice (id 1) to the city account hefei."""
    with rt.transaction() as session:
        run = WarningRun(period="2021", rule_set="national_2020", rule_version="2020.1", run_by="province")
        session.add(run)
        session.flush()
        cell = WarningEvaluation(
            run_id=run.id, region="340100", period="2021", indicator="energy_intensity", basis="raw", level="red",
            severity=2, inputs={}, formula="(T − A) / |T|", rule_applied="0.1 < shortfall_share → red",
        )  # fmt: skip
        session.add(cell)
        session.flush()
        session.add(
            WarningNotification(
                id=1, evaluation_id=cell.id, recipient="hefei", region="340100", indicator="energy_intensity",
                period="2021", previous_level="green", new_level="red",
            )
        )  # fmt: skip


def _state(rt: Runtime) -> dict[str, object]:
    with rt.transaction() as session:
        counts = {
            m.__name__: session.scalar(select(func.count()).select_from(m))
            for m in (User, Job, Observation, ImportBatch, WarningRun, WarningEvaluation, RecordedWarning)
        }
        counts["notices"] = sorted(session.execute(select(WarningNotification.id, WarningNotification.read_at)).all())
        counts["actions"] = sorted(session.scalars(select(AuditEvent.action).where(AuditEvent.action != "login")))
        counts["active"] = sorted(session.execute(select(User.login, User.active)).all())
        counts["sessions"] = session.scalar(select(func.count()).select_from(WebSession))
        counts["reviews"] = sorted(session.execute(select(BatchReview.import_id, BatchReview.state)).all())
        counts["reports"] = session.scalar(select(func.count()).select_from(ProgressReport))
    return counts


@pytest.mark.parametrize(("name", "call", "role"), CASES, ids=[f"{n}-{r}" for n, _, r in CASES])
def test_refused_role_gets_403_and_nothing_changes(
    app_client: TestClient,
    as_user: Callable[[str], str],
    rt: Runtime,
    name: str,
    call: Callable[[TestClient, str], Any],
    role: str,
) -> None:
    token = as_user(role)
    before = _state(rt)
    response = call(app_client, token)
    assert response.status_code == 403, (name, response.status_code, response.text[:300])
    assert _state(rt) == before


@pytest.mark.parametrize(("name", "call", "allowed"), WRITES, ids=[w[0] for w in WRITES])
def test_an_allowed_role_is_not_refused(
    app_client: TestClient,
    as_user: Callable[[str], str],
    name: str,
    call: Callable[[TestClient, str], Any],
    allowed: set[str],
) -> None:
    token = as_user(sorted(allowed)[0])
    assert call(app_client, token).status_code != 403
