"""An in-process client over the app built on the per-test database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from carbonpeak.api import create_app
from carbonpeak.services import accounts
from carbonpeak.services.runtime import Runtime

PASSWORDS = {login: password for login, password, *_ in accounts.DEMO_ACCOUNTS}


@pytest.fixture
def app_client(rt: Runtime) -> Iterator[TestClient]:
    """A client of the app (not logged in) with the demo accounts created."""
    accounts.create_demo_accounts(rt)
    with TestClient(create_app(runtime=rt), follow_redirects=False) as client:
        yield client


def csrf(client: TestClient) -> str:
    token: str = client.get("/api/v1/session").json()["csrf_token"]
    return token


def log_in(client: TestClient, login: str) -> str:
    """Log ``login`` in through the JSON API; return the CSRF token for writes."""
    token = csrf(client)
    response = client.post(
        "/api/v1/session", json={"login": login, "password": PASSWORDS[login]}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    return token


@pytest.fixture
def as_user(app_client: TestClient) -> Callable[[str], str]:
    """Log the app client in as a demo account; returns the CSRF token."""
    return lambda login: log_in(app_client, login)
