"""Login, CSRF, throttling, logout and the language switch through HTTP."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.api.conftest import PASSWORDS, csrf

from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent


def test_pages_redirect_to_login_and_api_answers_401(app_client: TestClient) -> None:
    page = app_client.get("/audit?actor=admin")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/audit%3Factor%3Dadmin"
    assert app_client.get("/api/v1/audit").status_code == 401


def test_login_form_logs_in_and_redirects_only_within_the_platform(app_client: TestClient) -> None:
    form = {"login": "admin", "password": PASSWORDS["admin"], "csrf_token": csrf(app_client), "next": "//evil.example"}
    response = app_client.post("/login", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert app_client.get("/api/v1/session").json()["login"] == "admin"


def test_login_without_csrf_token_is_refused_and_not_logged_in(app_client: TestClient) -> None:
    response = app_client.post("/login", data={"login": "admin", "password": PASSWORDS["admin"]})
    assert response.status_code == 403
    assert app_client.get("/api/v1/session").json()["login"] is None


def test_wrong_password_shows_the_form_again_with_401(app_client: TestClient, rt: Runtime) -> None:
    form = {"login": "admin", "password": "nope", "csrf_token": csrf(app_client)}
    response = app_client.post("/login", data=form)
    assert response.status_code == 401
    assert 'name="password"' in response.text
    with rt.transaction() as session:
        assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "login.failed"


def test_sixth_attempt_is_throttled_with_429(app_client: TestClient) -> None:
    token = csrf(app_client)
    statuses = [
        app_client.post(
            "/api/v1/session", json={"login": "viewer", "password": "x"}, headers={"X-CSRF-Token": token}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]


def test_writes_need_the_csrf_header(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("admin")
    body = {"login": "newuser", "password": "long enough", "role": "viewer"}
    assert app_client.post("/api/v1/users", json=body).status_code == 403
    assert app_client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert "newuser" not in [u["login"] for u in app_client.get("/api/v1/users").json()]


def test_logout_ends_the_session(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    token = as_user("viewer")
    assert app_client.get("/api/v1/audit").status_code == 200
    cookie = app_client.cookies.get("carbonpeak_session")
    assert app_client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert app_client.get("/api/v1/audit").status_code == 401
    # replaying the old cookie does not bring the session back: it ended on the server
    app_client.cookies.set("carbonpeak_session", str(cookie))
    assert app_client.get("/api/v1/audit").status_code == 401


def test_language_switch_changes_the_page_language(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    token = as_user("admin")
    assert "审计" in app_client.get("/audit").text
    response = app_client.post("/lang", data={"locale": "en", "next": "/audit", "csrf_token": token})
    assert response.headers["location"] == "/audit"
    english = app_client.get("/audit").text
    assert "Audit trail" in english
    assert '<html lang="en">' in english
