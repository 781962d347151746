"""Every write endpoint refuses (403) each role that may not use it, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, ImportBatch, Job, Observation, User, WebSession

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
ROLES = ["admin", "province", "transport", "hefei", "viewer"]
CASES = [(name, call, role) for name, call, allowed in WRITES for role in ROLES if role not in allowed]


def _state(rt: Runtime) -> dict[str, object]:
    with rt.transaction() as session:
        counts = {
            m.__name__: session.scalar(select(func.count()).select_from(m))
            for m in (User, Job, Observation, ImportBatch)
        }
        counts["actions"] = sorted(session.scalars(select(AuditEvent.action).where(AuditEvent.action != "login")))
        counts["active"] = sorted(session.execute(select(User.login, User.active)).all())
        counts["sessions"] = session.scalar(select(func.count()).select_from(WebSession))
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
