"""Accounts, logins, throttling and sessions (services.accounts) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from carbonpeak.errors import DataError, PermissionDenied
from carbonpeak.services import accounts
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, User


def _count(rt: Runtime, model: type) -> int:
    with rt.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _add(rt: Runtime, login: str, password: str = "correct horse", role: str = "viewer", **kw: str) -> None:
    with rt.transaction() as session:
        accounts.create_user(session, SYSTEM, login=login, name=login, password=password, role=role, **kw)


def test_new_account_lists_every_problem_and_writes_nothing(rt: Runtime) -> None:
    with pytest.raises(DataError) as caught, rt.transaction() as session:
        accounts.create_user(session, SYSTEM, login="X Y", name="", password="short", role="city", region="999999")
    fields = {p.column for p in caught.value.problems}
    assert fields == {"login", "password", "region"}
    assert _count(rt, User) == 0
    assert _count(rt, AuditEvent) == 0


def test_department_account_needs_its_department(rt: Runtime) -> None:
    with pytest.raises(DataError, match="department"), rt.transaction() as session:
        accounts.create_user(session, SYSTEM, login="dep", name="", password="long enough", role="department")


def test_only_an_administrator_creates_accounts(rt: Runtime) -> None:
    province = Actor(login="p", role=Role.PROVINCE)
    with pytest.raises(PermissionDenied), rt.transaction() as session:
        accounts.create_user(session, province, login="new", name="", password="long enough", role="viewer")
    assert _count(rt, User) == 0


def test_password_is_stored_as_argon2_hash_and_login_opens_a_session(rt: Runtime) -> None:
    _add(rt, "hefei", role="city", region="340100")
    with rt.transaction() as session:
        stored = session.scalar(select(User.password_hash).where(User.login == "hefei"))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    token = accounts.login(rt, login="hefei", password="correct horse", client="10.0.0.1")
    with rt.transaction() as session:
        found = accounts.resolve_session(session, token)
    assert found is not None
    assert found.actor.role == Role.CITY
    assert found.actor.region == "340100"


def test_failed_login_is_audited_and_refused(rt: Runtime) -> None:
    _add(rt, "viewer1")
    with pytest.raises(accounts.LoginFailed):
        accounts.login(rt, login="viewer1", password="wrong password", client="10.0.0.2")
    with rt.transaction() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "login.failed")))
    assert [(e.actor, e.client) for e in events] == [("viewer1", "10.0.0.2")]


def test_five_failures_for_a_login_close_the_door_even_for_the_right_password(rt: Runtime) -> None:
    _add(rt, "viewer2")
    for i in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed) as caught:
            accounts.login(rt, login="viewer2", password="wrong", client=f"10.0.1.{i}")
        assert not isinstance(caught.value, accounts.LoginThrottled)
    with pytest.raises(accounts.LoginThrottled):
        accounts.login(rt, login="viewer2", password="correct horse", client="10.0.2.1")


def test_five_failures_from_one_address_throttle_other_logins(rt: Runtime) -> None:
    _add(rt, "viewer3")
    for i in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.login(rt, login=f"guess{i}", password="wrong", client="10.9.9.9")
    with pytest.raises(accounts.LoginThrottled):
        accounts.login(rt, login="viewer3", password="correct horse", client="10.9.9.9")
    assert accounts.login(rt, login="viewer3", password="correct horse", client="10.9.9.10")


def test_disabling_an_account_ends_its_sessions_and_blocks_login(rt: Runtime) -> None:
    _add(rt, "viewer4")
    token = accounts.login(rt, login="viewer4", password="correct horse")
    with rt.transaction() as session:
        accounts.set_active(session, SYSTEM, "viewer4", active=False)
    with rt.transaction() as session:
        assert accounts.resolve_session(session, token) is None
    with pytest.raises(accounts.LoginFailed):
        accounts.login(rt, login="viewer4", password="correct horse")


def test_logout_ends_the_session(rt: Runtime) -> None:
    _add(rt, "viewer5")
    token = accounts.login(rt, login="viewer5", password="correct horse")
    with rt.transaction() as session:
        found = accounts.resolve_session(session, token)
        assert found is not None
        accounts.end_session(session, found.actor, token)
    with rt.transaction() as session:
        assert accounts.resolve_session(session, token) is None
        assert accounts.resolve_session(session, "not-a-token") is None


def test_demo_accounts_one_per_role_and_idempotent(rt: Runtime) -> None:
    listed = accounts.create_demo_accounts(rt)
    again = accounts.create_demo_accounts(rt)
    assert listed == again
    with rt.transaction() as session:
        roles = sorted(session.scalars(select(User.role)))
    assert roles == sorted(r.value for r in Role)
    for login, password, _ in listed:
        assert accounts.login(rt, login=login, password=password)


def test_audit_trail_of_other_roles_is_their_own(rt: Runtime) -> None:
    accounts.create_demo_accounts(rt)
    accounts.login(rt, login="viewer", password="demo-viewer-2030")
    viewer = Actor(login="viewer", role=Role.VIEWER)
    with rt.transaction() as session:
        own = accounts.audit_trail(session, viewer, accounts.AuditQuery())
        everything = accounts.audit_trail(session, SYSTEM, accounts.AuditQuery())
        users_only = accounts.audit_trail(session, SYSTEM, accounts.AuditQuery(action="user."))
    assert {e.actor for e in own} == {"viewer"}
    assert len(everything) == len(accounts.DEMO_ACCOUNTS) + 1
    assert {e.action for e in users_only} == {"user.create"}
