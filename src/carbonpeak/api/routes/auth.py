"""Login, logout and the language switch: pages and ``/api/v1/session``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carbonpeak.api.deps import ActorDep, CsrfDep, DbSession, OptionalUserDep, PageDep, RuntimeDep, csrf_token
from carbonpeak.api.schemas import LoginIn, SessionOut
from carbonpeak.services import accounts
from carbonpeak.web.i18n import normalise_locale

router = APIRouter()


def _local(target: str | None) -> str:
    """Only redirect within the platform (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _session_out(request: Request, user: accounts.SessionUser | None) -> SessionOut:
    actor = user.actor if user else None
    return SessionOut(
        login=actor.login if actor else None,
        role=actor.role.value if actor else None,
        department=actor.department if actor else None,
        region=actor.region if actor else None,
        csrf_token=csrf_token(request),
        locale=normalise_locale(request.session.get("locale"), request.app.state.settings.default_locale),
    )


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(page: PageDep, next: str = "/") -> HTMLResponse:
    return page.render("login.html", next=_local(next), error=None)


@router.post("/login", dependencies=[CsrfDep], include_in_schema=False)
def login_form(
    request: Request,
    rt: RuntimeDep,
    page: PageDep,
    login: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        request.session["sid"] = accounts.login(
            rt, login=login, password=password, client=_client(request), request_id=request.state.request_id
        )
    except accounts.LoginFailed as exc:
        status = 429 if isinstance(exc, accounts.LoginThrottled) else 401
        return page.render("login.html", status_code=status, next=_local(next), error=status)
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep], include_in_schema=False)
def logout_form(request: Request, session: DbSession, actor: ActorDep) -> RedirectResponse:
    accounts.end_session(session, actor, request.session.get("sid", ""))
    request.session.pop("sid", None)
    return RedirectResponse("/login", status_code=303)


@router.post("/lang", dependencies=[CsrfDep], include_in_schema=False)
def switch_language(
    request: Request, locale: Annotated[str, Form(max_length=10)], next: Annotated[str, Form()] = "/"
) -> RedirectResponse:
    request.session["locale"] = normalise_locale(locale)
    return RedirectResponse(_local(next), status_code=303)


@router.get("/api/v1/session", tags=["session"])
def session_info(request: Request, user: OptionalUserDep) -> SessionOut:
    """Who is logged in, and the CSRF token every write must send as ``X-CSRF-Token``."""
    return _session_out(request, user)


@router.post("/api/v1/session", tags=["session"], dependencies=[CsrfDep])
def api_login(request: Request, rt: RuntimeDep, body: LoginIn) -> SessionOut:
    """Log in; 401 on a wrong login or password, 429 after too many failures."""
    request.session["sid"] = accounts.login(
        rt, login=body.login, password=body.password, client=_client(request), request_id=request.state.request_id
    )
    request.state.__dict__.pop("user", None)
    with rt.transaction() as session:
        user = accounts.resolve_session(session, request.session["sid"])
    return _session_out(request, user)


@router.delete("/api/v1/session", tags=["session"], dependencies=[CsrfDep], status_code=204)
def api_logout(request: Request, session: DbSession, actor: ActorDep) -> None:
    """Log out (end the server-side session)."""
    accounts.end_session(session, actor, request.session.get("sid", ""))
    request.session.pop("sid", None)
