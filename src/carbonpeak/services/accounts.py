"""Accounts, logins and sessions of the platform (data-model.md §4).

Passwords are hashed with argon2id (argon2-cffi defaults). A login creates a server-side session
(:class:`~carbonpeak.store.models.WebSession`); the browser only holds a random token. Failed logins are
audit events (``login.failed``), and the same events drive the throttle: after
:data:`MAX_FAILURES` failures for one login or from one client address within :data:`FAILURE_WINDOW`,
further attempts are refused without checking the password.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from carbonpeak.errors import DataError, NotFound, PermissionDenied, Problem
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import audit
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, User, WebSession

__all__ = [
    "DEMO_ACCOUNTS",
    "FAILURE_WINDOW",
    "MAX_FAILURES",
    "SESSION_LIFETIME",
    "AuditQuery",
    "LoginFailed",
    "LoginThrottled",
    "SessionUser",
    "UserInfo",
    "audit_trail",
    "create_demo_accounts",
    "create_user",
    "end_session",
    "list_users",
    "login",
    "resolve_session",
    "sessions_epoch",
    "set_active",
]

#: failures per login or per client address that close the door for the rest of the window
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 8
_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
_HASHER = PasswordHasher()

#: one account per role for the demonstration; ``make demo`` prints them. Never use on a real server.
DEMO_ACCOUNTS: tuple[tuple[str, str, Role, str | None, str | None], ...] = (
    ("admin", "demo-admin-2030", Role.ADMINISTRATOR, None, None),
    ("province", "demo-province-2030", Role.PROVINCE, None, None),
    ("transport", "demo-transport-2030", Role.DEPARTMENT, "transport", None),
    ("hefei", "demo-hefei-2030", Role.CITY, None, "340100"),
    ("viewer", "demo-viewer-2030", Role.VIEWER, None, None),
)


class LoginFailed(PermissionDenied):
    """Unknown login, wrong password or disabled account (deliberately not told apart)."""


class LoginThrottled(LoginFailed):
    """Too many recent failures for this login or from this client address."""


@dataclass(frozen=True)
class UserInfo:
    """A user as shown to administrators: never the password hash."""

    login: str
    name: str
    role: str
    department: str | None
    region: str | None
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class SessionUser:
    """The user behind a live session (``expires_at``: when the session ends unless logged out before)."""

    actor: Actor
    name: str
    expires_at: datetime | None = None


def _info(user: User) -> UserInfo:
    return UserInfo(user.login, user.name, user.role, user.department, user.region, user.active, user.created_at)


def _now() -> datetime:
    return datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_new_user(login: str, password: str, role: str, department: str | None, region: str | None) -> None:
    """Raise :class:`DataError` listing every problem of a new account."""
    problems = []
    if not _LOGIN_RE.match(login):
        problems.append(Problem(None, "login", "2–60 characters: lower-case letters, digits, '.', '_', '-'", login))
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Problem(None, "password", f"at least {MIN_PASSWORD_LENGTH} characters"))
    if role not in {r.value for r in Role}:
        problems.append(Problem(None, "role", f"one of {', '.join(r.value for r in Role)}", role))
    if role == Role.DEPARTMENT and not department:
        problems.append(Problem(None, "department", "a department account needs its department"))
    if role != Role.DEPARTMENT and department:
        problems.append(Problem(None, "department", "only department accounts are bound to a department", department))
    city_codes = {r.code for r in load_regions().cities() if r.valid_to is None}
    if role == Role.CITY and region not in city_codes:
        problems.append(Problem(None, "region", "a city account needs the code of a current city", region))
    if role != Role.CITY and region:
        problems.append(Problem(None, "region", "only city accounts are bound to a region", region))
    if problems:
        raise DataError("the account cannot be created", problems)


def create_user(
    session: Session,
    actor: Actor,
    *,
    login: str,
    name: str,
    password: str,
    role: str,
    department: str | None = None,
    region: str | None = None,
) -> UserInfo:
    """Create an account (administrators only); audited as ``user.create``."""
    actor.require_role(Role.ADMINISTRATOR)
    department, region = department or None, region or None
    _check_new_user(login, password, role, department, region)
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise DataError("the account cannot be created", [Problem(None, "login", "already taken", login)])
    user = User(
        login=login,
        name=name or login,
        password_hash=_HASHER.hash(password),
        role=role,
        department=department,
        region=region,
        active=True,
        created_at=_now(),
    )
    session.add(user)
    session.flush()
    info = _info(user)
    after = {"login": login, "name": user.name, "role": role, "department": department, "region": region}
    audit.record(session, actor, "user.create", "user", object_id=login, after=after)
    return info


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    """Every account, by login (administrators only)."""
    actor.require_role(Role.ADMINISTRATOR)
    return [_info(u) for u in session.scalars(select(User).order_by(User.login))]


def set_active(session: Session, actor: Actor, login: str, *, active: bool) -> UserInfo:
    """Enable or disable an account (administrators only); disabling ends its sessions at once."""
    actor.require_role(Role.ADMINISTRATOR)
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise NotFound(f"no account {login!r}")
    if user.login == actor.login and not active:
        raise DataError("an administrator cannot disable their own account", [Problem(None, "login", "is you", login)])
    before = {"active": user.active}
    user.active = active
    if not active:
        open_sessions = select(WebSession).where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
        for web_session in session.scalars(open_sessions):
            web_session.ended_at = _now()
    action = "user.enable" if active else "user.disable"
    audit.record(session, actor, action, "user", object_id=login, before=before, after={"active": active})
    return _info(user)


def _recent_failures(session: Session, login: str, client: str | None) -> int:
    since = _now() - FAILURE_WINDOW
    who = AuditEvent.actor == login if client is None else or_(AuditEvent.actor == login, AuditEvent.client == client)
    query = select(func.count()).where(AuditEvent.action == "login.failed", AuditEvent.at >= since, who)
    return int(session.scalar(query) or 0)


def _verify(user: User | None, password: str) -> bool:
    if user is None:
        # Hash anyway so that an unknown login takes as long as a wrong password (no login enumeration).
        _HASHER.hash(password)
        return False
    try:
        return _HASHER.verify(user.password_hash, password) and user.active
    except (VerificationError, InvalidHashError):
        return False


def login(rt: Runtime, *, login: str, password: str, client: str | None = None, request_id: str | None = None) -> str:
    """Check a password and open a session; return the session token for the cookie.

    Raises
    ------
    LoginThrottled
        Too many recent failures; the attempt is audited as ``login.throttled``.
    LoginFailed
        Wrong login or password, or a disabled account; audited as ``login.failed`` (committed, though the
        call raises, so that the throttle sees it).
    """
    anonymous = Actor(login=login[:100], role=Role.VIEWER, client=client, request_id=request_id)
    with rt.transaction() as session:
        throttled = _recent_failures(session, login, client) >= MAX_FAILURES
        user = None if throttled else session.scalar(select(User).where(User.login == login))
        ok = not throttled and _verify(user, password)
        if not ok:
            action = "login.throttled" if throttled else "login.failed"
            audit.record(session, anonymous, action, "session", object_id=login[:200])
    if throttled:
        raise LoginThrottled("too many failed logins; try again later")
    if not ok or user is None:
        raise LoginFailed("wrong login or password")
    return _open_session(rt, user, anonymous)


def _open_session(rt: Runtime, user: User, actor: Actor) -> str:
    token = secrets.token_urlsafe(32)
    with rt.transaction() as session:
        now = _now()
        session.add(
            WebSession(
                token_hash=_token_hash(token),
                user_id=user.id,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
                client=actor.client,
            )
        )
        audit.record(session, actor, "login", "session", object_id=user.login)
    return token


def resolve_session(session: Session, token: str | None) -> SessionUser | None:
    """The active user of a live session token, or None (expired, logged out, disabled, unknown)."""
    if not token:
        return None
    query = (
        select(User, WebSession.expires_at)
        .join(WebSession, WebSession.user_id == User.id)
        .where(
            WebSession.token_hash == _token_hash(token),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > _now(),
            User.active.is_(True),
        )
    )
    found = session.execute(query).first()
    if found is None:
        return None
    user, expires_at = found
    if expires_at.tzinfo is None:  # SQLite hands back naive UTC
        expires_at = expires_at.replace(tzinfo=UTC)
    actor = Actor(login=user.login, role=Role(user.role), department=user.department, region=user.region)
    return SessionUser(actor=actor, name=user.name, expires_at=expires_at)


def sessions_epoch(session: Session) -> tuple[object, ...]:
    """A value that changes whenever a session ends or an account is enabled or disabled.

    Caches of :func:`resolve_session` compare it to drop what they hold when it changes (one cheap query).
    """
    stmt = select(
        select(func.max(WebSession.ended_at)).scalar_subquery(),
        select(func.count()).select_from(User).where(User.active.is_(True)).scalar_subquery(),
    )
    return tuple(session.execute(stmt).one())


def end_session(session: Session, actor: Actor, token: str) -> None:
    """Log out: end the session of ``token`` (idempotent); audited as ``logout``."""
    web_session = session.get(WebSession, _token_hash(token))
    if web_session is not None and web_session.ended_at is None:
        web_session.ended_at = _now()
        audit.record(session, actor, "logout", "session", object_id=actor.login)


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit trail page and API; empty fields do not filter."""

    actor: str | None = None
    action: str | None = None  #: exact action, or a prefix ending in "." (``user.`` matches user.create …)
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 200


def audit_trail(session: Session, actor: Actor, query: AuditQuery) -> list[AuditEvent]:
    """Audit events, newest first. The administrator and the provincial office read every event; other
    roles read the events they caused themselves."""
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, min(query.limit, 1000)))
    who = query.actor if actor.role in (Role.ADMINISTRATOR, Role.PROVINCE) else actor.login
    if who:
        stmt = stmt.where(AuditEvent.actor == who)
    if query.action:
        matches = AuditEvent.action.startswith(query.action, autoescape=True)
        stmt = stmt.where(matches if query.action.endswith(".") else AuditEvent.action == query.action)
    if query.object_type:
        stmt = stmt.where(AuditEvent.object_type == query.object_type)
    if query.object_id:
        stmt = stmt.where(AuditEvent.object_id == query.object_id)
    if query.since:
        stmt = stmt.where(AuditEvent.at >= query.since)
    if query.until:
        stmt = stmt.where(AuditEvent.at <= query.until)
    return list(session.scalars(stmt))


def create_demo_accounts(rt: Runtime, actor: Actor = SYSTEM) -> list[tuple[str, str, str]]:
    """Create the accounts of :data:`DEMO_ACCOUNTS` that do not exist yet.

    Returns
    -------
    list of (login, password, role description)
        Every demo account, for ``make demo`` to print.
    """
    with rt.transaction() as session:
        existing = set(session.scalars(select(User.login)))
        for login_, password, role, department, region in DEMO_ACCOUNTS:
            if login_ not in existing:
                create_user(
                    session,
                    actor,
                    login=login_,
                    name=login_,
                    password=password,
                    role=role,
                    department=department,
                    region=region,
                )
    return [(lg, pw, role.value + (f":{dep or reg}" if dep or reg else "")) for lg, pw, role, dep, reg in DEMO_ACCOUNTS]
