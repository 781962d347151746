"""Writing to and reading the append-only audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.services.actor import Actor
from carbonpeak.store.models import AuditEvent

__all__ = ["record", "search"]


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    *,
    object_id: str | None = None,
    before: Any = None,
    after: Any = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add one audit event to the caller's transaction."""
    event = AuditEvent(
        actor=actor.login,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        detail=detail,
        client=actor.client,
        request_id=actor.request_id,
    )
    session.add(event)
    return event


def search(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    """Audit events, newest first, filtered by the given fields."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if since:
        query = query.where(AuditEvent.at >= since)
    return list(session.scalars(query))
