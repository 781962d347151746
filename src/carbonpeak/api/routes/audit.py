"""The audit trail: ``/audit`` and ``/api/v1/audit``. Read-only: there is no route that edits or deletes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from carbonpeak.api.deps import ActorDep, DbSession, PageDep
from carbonpeak.api.schemas import AuditEventOut
from carbonpeak.services.accounts import AuditQuery, audit_trail
from carbonpeak.web.templating import DISPLAY_ZONE

router = APIRouter()


class AuditFilter(BaseModel):
    """Search fields; dates are calendar days in China Standard Time, both ends included."""

    model_config = ConfigDict(extra="forbid")
    actor: str | None = Field(default=None, max_length=100)
    action: str | None = Field(default=None, max_length=60)
    object_type: str | None = Field(default=None, max_length=60)
    object_id: str | None = Field(default=None, max_length=200)
    since: date | None = None
    until: date | None = None
    limit: int = Field(default=200, ge=1, le=1000)

    @field_validator("actor", "action", "object_type", "object_id", "since", "until", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def query(self) -> AuditQuery:
        def start(day: date) -> datetime:
            return datetime.combine(day, time.min, DISPLAY_ZONE).astimezone(UTC)

        return AuditQuery(
            actor=self.actor,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            since=start(self.since) if self.since else None,
            until=start(self.until + timedelta(days=1)) - timedelta(microseconds=1) if self.until else None,
            limit=self.limit,
        )


FilterDep = Annotated[AuditFilter, Query()]


@router.get("/api/v1/audit", tags=["audit"])
def api_audit(session: DbSession, actor: ActorDep, search: FilterDep) -> list[AuditEventOut]:
    """Search the audit trail, newest first (others than the administrator and provincial office: own events)."""
    return [AuditEventOut.model_validate(e) for e in audit_trail(session, actor, search.query())]


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(session: DbSession, actor: ActorDep, page: PageDep, search: FilterDep) -> HTMLResponse:
    events = audit_trail(session, actor, search.query())
    return page.render("audit.html", events=events, search=search)
