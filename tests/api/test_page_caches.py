"""Page caches: session look-ups and the data version are cached, but logouts, disabled accounts and new data
take effect (at once in the process that wrote, within the check interval in other processes)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from tests.api.conftest import log_in

from carbonpeak.api import create_app
from carbonpeak.config import Settings
from carbonpeak.services import accounts
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime, open_runtime
from carbonpeak.web.cache import ViewCache

INTERVAL = 0.3


@pytest.fixture
def cached_rt(db_url: str) -> Iterator[Runtime]:
    """A runtime whose settings turn the caches on with a short check interval."""
    settings = Settings(database_url=db_url, cache_check_interval=INTERVAL, session_cache_seconds=30)
    runtime = open_runtime(settings, migrate=False)
    accounts.create_demo_accounts(runtime)
    yield runtime
    runtime.close()


@pytest.fixture
def client(cached_rt: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime=cached_rt), follow_redirects=False) as test_client:
        yield test_client


def _session_queries(rt: Runtime) -> list[str]:
    """Statements reading the sessions table, recorded from now on."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "web_session" in statement:
            seen.append(statement)

    event.listen(rt.engine, "before_cursor_execute", record)
    return seen


def test_session_look_ups_are_cached(client: TestClient, cached_rt: Runtime) -> None:
    log_in(client, "viewer")
    assert client.get("/api/v1/session").json()["login"] == "viewer"
    seen = _session_queries(cached_rt)
    for _ in range(3):
        assert client.get("/api/v1/session").json()["login"] == "viewer"
    assert seen == [], "within the check interval a known session is not looked up again"


def test_logout_takes_effect_at_once_even_for_a_replayed_cookie(client: TestClient) -> None:
    token = log_in(client, "viewer")
    assert client.get("/").status_code == 200
    cookie = client.cookies.get("carbonpeak_session")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.set("carbonpeak_session", str(cookie))
    assert client.get("/").status_code == 303  # to the login page
    assert client.get("/api/v1/session").json()["login"] is None


def test_disabling_an_account_in_this_process_ends_its_cached_session_at_once(cached_rt: Runtime) -> None:
    app = create_app(runtime=cached_rt)
    with TestClient(app, follow_redirects=False) as viewer, TestClient(app, follow_redirects=False) as admin:
        log_in(viewer, "viewer")
        assert viewer.get("/").status_code == 200
        token = log_in(admin, "admin")
        assert admin.post("/api/v1/users/viewer/disable", headers={"X-CSRF-Token": token}).status_code == 200
        assert viewer.get("/").status_code == 303
        assert viewer.get("/api/v1/overview").status_code == 401


def test_disabling_in_another_process_takes_effect_within_the_interval(client: TestClient, cached_rt: Runtime) -> None:
    log_in(client, "viewer")
    assert client.get("/api/v1/overview").status_code == 200
    # another process (here: a direct service call the app does not see) disables the account
    with cached_rt.transaction() as session:
        accounts.set_active(session, SYSTEM, "viewer", active=False)
    time.sleep(INTERVAL * 1.5)
    assert client.get("/api/v1/overview").status_code == 401


def test_data_version_is_checked_at_most_every_interval_and_after_expire(cached_rt: Runtime) -> None:
    cache = ViewCache(cached_rt, check_interval=60)
    asked = []
    original = cache.data_version

    def counted() -> tuple[int | None, ...]:
        asked.append(1)
        return original()

    cache.data_version = counted  # type: ignore[method-assign]
    computed = []
    for _ in range(5):
        cache.get("k", lambda: computed.append(1))
    assert (len(asked), len(computed)) == (1, 1)
    cache.expire()
    cache.get("k", lambda: computed.append(1))
    assert len(asked) == 2


def test_a_write_request_makes_the_caches_check_again(client: TestClient) -> None:
    token = log_in(client, "viewer")
    views = client.app.state.views  # type: ignore[attr-defined]
    client.get("/")
    assert views._version is not None
    client.get("/")
    assert views._version is not None, "a read keeps the known version"
    client.post("/lang", data={"csrf_token": token, "locale": "en", "next": "/"})
    assert views._version is None, "a write (any POST) makes the next page re-check the data version"
