"""Notifications of worsened warning levels: ``/notifications`` and ``/api/v1/notifications``.

Each user sees their own list (a city office: its region's notices; the province: every region's) and
marks only their own notices as read (CSRF, audited by :mod:`carbonpeak.services.warning_notices`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, RedirectResponse

from carbonpeak.api.deps import ActorDep, CsrfDep, PageDep, RuntimeDep
from carbonpeak.services import warning_notices

router = APIRouter()
NoticeId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/api/v1/notifications", tags=["notifications"])
def api_notices(rt: RuntimeDep, actor: ActorDep, unread: bool = False) -> dict[str, Any]:
    """The logged-in user's notices, newest first, and the number unread."""
    return {
        "unread": warning_notices.unread_count(rt, actor),
        "notifications": warning_notices.notices(rt, actor, unread_only=unread),
    }


@router.post("/api/v1/notifications/{notice_id}/read", tags=["notifications"], dependencies=[CsrfDep])
def api_mark_read(rt: RuntimeDep, actor: ActorDep, notice_id: NoticeId) -> dict[str, Any]:
    """Mark one of your own notices as read (403 for another user's notice)."""
    return warning_notices.mark_read(rt, actor, notice_id)


@router.post("/api/v1/notifications/read-all", tags=["notifications"], dependencies=[CsrfDep])
def api_mark_all_read(rt: RuntimeDep, actor: ActorDep) -> dict[str, int]:
    """Mark every unread notice of yours as read."""
    return {"marked": warning_notices.mark_all_read(rt, actor)}


@router.get("/notifications", response_class=HTMLResponse, include_in_schema=False)
def notices_page(rt: RuntimeDep, actor: ActorDep, page: PageDep) -> HTMLResponse:
    return page.render("notifications.html", notices=warning_notices.notices(rt, actor))


@router.post("/notifications/{notice_id}/read", dependencies=[CsrfDep], include_in_schema=False)
def mark_read_form(rt: RuntimeDep, actor: ActorDep, notice_id: NoticeId) -> RedirectResponse:
    warning_notices.mark_read(rt, actor, notice_id)
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/read-all", dependencies=[CsrfDep], include_in_schema=False)
def mark_all_read_form(rt: RuntimeDep, actor: ActorDep) -> RedirectResponse:
    warning_notices.mark_all_read(rt, actor)
    return RedirectResponse("/notifications", status_code=303)
