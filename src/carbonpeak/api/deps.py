"""Request dependencies, declared once as ``Annotated`` aliases (architecture.md principle 8).

- :data:`DbSession`: one transaction per request, committed in one place after the handler returns;
- :data:`UserDep` / :data:`ActorDep`: the logged-in user (401 for the API, a redirect to the login page
  for pages), carrying the client address and request id into the audit trail;
- :data:`CsrfDep`: every write checks the session's CSRF token, sent as the form field ``csrf_token`` or
  the header ``X-CSRF-Token`` (htmx and JSON clients);
- :data:`PageDep`: renders a template in the request's locale with user, CSRF token and path.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.templating import Jinja2Templates

from carbonpeak.errors import PermissionDenied
from carbonpeak.services import accounts, warning_notices
from carbonpeak.services.actor import Actor
from carbonpeak.services.jobs import JobRunner
from carbonpeak.services.runtime import Runtime
from carbonpeak.web.i18n import normalise_locale
from carbonpeak.web.templating import PageContext, render

__all__ = [
    "ActorDep",
    "CsrfDep",
    "DbSession",
    "JobsDep",
    "NotAuthenticated",
    "Page",
    "PageDep",
    "RuntimeDep",
    "UserDep",
    "csrf_token",
]

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


class NotAuthenticated(Exception):
    """No live session: the API answers 401, pages redirect to the login page."""


class CsrfFailed(PermissionDenied):
    """A write without the session's CSRF token."""


def get_runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def get_jobs(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
JobsDep = Annotated[JobRunner, Depends(get_jobs)]


def get_session(rt: RuntimeDep) -> Iterator[Session]:
    """One transaction around the handler: committed when it returns, rolled back if it raises."""
    with rt.transaction() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session, scope="function")]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (also for anonymous visitors: the login form)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def optional_user(request: Request, rt: RuntimeDep) -> accounts.SessionUser | None:
    """The logged-in user, or None; resolved once per request."""
    if not hasattr(request.state, "user"):
        found = request.app.state.sessions.resolve(request.session.get("sid"))
        if found is not None:
            client = request.client.host if request.client else None
            actor = dataclasses.replace(found.actor, client=client, request_id=request.state.request_id)
            found = dataclasses.replace(found, actor=actor)
        request.state.user = found
    user: accounts.SessionUser | None = request.state.user
    return user


OptionalUserDep = Annotated[accounts.SessionUser | None, Depends(optional_user)]


def require_user(user: OptionalUserDep) -> accounts.SessionUser:
    if user is None:
        raise NotAuthenticated
    return user


UserDep = Annotated[accounts.SessionUser, Depends(require_user)]


def require_actor(user: UserDep) -> Actor:
    return user.actor


ActorDep = Annotated[Actor, Depends(require_actor)]


async def check_csrf(request: Request) -> None:
    """Refuse a write whose CSRF token (header or form field) differs from the session's."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfFailed("missing or wrong CSRF token; reload the page and try again")


CsrfDep = Depends(check_csrf)


@dataclasses.dataclass
class Page:
    """Renders pages for one request."""

    request: Request
    templates: Jinja2Templates
    context: PageContext

    def render(self, name: str, status_code: int = 200, **data: Any) -> HTMLResponse:
        return render(self.templates, self.request, name, data, page=self.context, status_code=status_code)


def _unread_notices(request: Request, user: accounts.SessionUser | None) -> int:
    """The number of unread warning notices of the logged-in user, shown in the top bar."""
    if user is None:
        return 0
    # cached for cache_check_interval (and dropped after this process's writes): a query per page costs more
    # than the rest of a cached page
    rt = request.app.state.runtime
    count: int = request.app.state.counts.get(
        ("unread", user.actor.login), lambda: warning_notices.unread_count(rt, user.actor)
    )
    return count


def get_page(request: Request, user: OptionalUserDep) -> Page:
    locale = normalise_locale(request.session.get("locale"), request.app.state.settings.default_locale)
    context = PageContext(
        user=user,
        unread_notices=_unread_notices(request, user),
        locale=locale,
        csrf_token=csrf_token(request),
        path=request.url.path,
        query=str(request.url.query),
    )
    return Page(request=request, templates=request.app.state.templates, context=context)


PageDep = Annotated[Page, Depends(get_page)]
