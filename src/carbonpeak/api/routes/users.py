"""Accounts (administrators): ``/users`` and ``/api/v1/users``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import Field

from carbonpeak.api.deps import ActorDep, CsrfDep, DbSession, PageDep
from carbonpeak.api.schemas import UserIn, UserOut
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import accounts

router = APIRouter()


class UserForm(UserIn):
    """The page's form: the account's fields plus the CSRF token (checked by the dependency)."""

    csrf_token: str = Field(default="", exclude=True)


@router.get("/api/v1/users", tags=["users"])
def api_users(session: DbSession, actor: ActorDep) -> list[UserOut]:
    """Every account (administrators only)."""
    return [UserOut.model_validate(u) for u in accounts.list_users(session, actor)]


@router.post("/api/v1/users", tags=["users"], dependencies=[CsrfDep], status_code=201)
def api_create_user(session: DbSession, actor: ActorDep, body: UserIn) -> UserOut:
    """Create an account (administrators only); 422 lists every problem of the input."""
    return UserOut.model_validate(accounts.create_user(session, actor, **body.model_dump()))


@router.post("/api/v1/users/{login}/disable", tags=["users"], dependencies=[CsrfDep])
def api_disable_user(session: DbSession, actor: ActorDep, login: str) -> UserOut:
    """Disable an account and end its sessions (administrators only)."""
    return UserOut.model_validate(accounts.set_active(session, actor, login, active=False))


@router.post("/api/v1/users/{login}/enable", tags=["users"], dependencies=[CsrfDep])
def api_enable_user(session: DbSession, actor: ActorDep, login: str) -> UserOut:
    """Enable an account again (administrators only)."""
    return UserOut.model_validate(accounts.set_active(session, actor, login, active=True))


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(session: DbSession, actor: ActorDep, page: PageDep) -> HTMLResponse:
    cities = [r for r in load_regions().cities() if r.valid_to is None]
    return page.render("users.html", users=accounts.list_users(session, actor), cities=cities)


@router.post("/users", dependencies=[CsrfDep], include_in_schema=False)
def users_create_form(session: DbSession, actor: ActorDep, body: Annotated[UserForm, Form()]) -> RedirectResponse:
    accounts.create_user(session, actor, **body.model_dump())
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{login}/active", dependencies=[CsrfDep], include_in_schema=False)
def users_active_form(
    session: DbSession, actor: ActorDep, login: str, active: Annotated[bool, Form()]
) -> RedirectResponse:
    accounts.set_active(session, actor, login, active=active)
    return RedirectResponse("/users", status_code=303)
