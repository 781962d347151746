"""The notification list of a user: warnings whose level worsened, unread count, "mark read".

Notices are created by :func:`carbonpeak.services.warnings.run_barometer` for the users of the region
whose level worsened and for the province-wide roles (administrator, provincial office), one row per
recipient, so each user has a read state of their own. A city office therefore sees its region's
notices and the province sees every region's. A user marks only their own notices as read; each
marking is an audit event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement

from carbonpeak.errors import NotFound, PermissionDenied
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.audit import record
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import WarningEvaluation, WarningNotification, WarningRun
from carbonpeak.store.models.base import utcnow

__all__ = ["NOTICE_FIELDS", "mark_all_read", "mark_read", "notices", "unread_count"]

#: the fields of a notice shown on the page and in the JSON twin
NOTICE_FIELDS: Final = (
    "id", "region", "indicator", "period", "previous_level", "new_level", "created_at", "read_at",
)  # fmt: skip


def _mine(actor: Actor) -> list[ColumnElement[bool]]:
    """Notices addressed to ``actor``; a city office's list is further bound to its own region."""
    conditions: list[ColumnElement[bool]] = [WarningNotification.recipient == actor.login]
    if actor.role == Role.CITY:
        conditions.append(WarningNotification.region == (actor.region or ""))
    return conditions


def notices(rt: Runtime, actor: Actor, *, unread_only: bool = False, limit: int = 200) -> list[dict[str, Any]]:
    """The notices of ``actor``, newest first, each with the run's rule set and version."""
    stmt = (
        select(WarningNotification, WarningRun.rule_set, WarningRun.rule_version, WarningRun.id)
        .join(WarningEvaluation, WarningEvaluation.id == WarningNotification.evaluation_id)
        .join(WarningRun, WarningRun.id == WarningEvaluation.run_id)
        .where(*_mine(actor))
        .order_by(WarningNotification.id.desc())
        .limit(limit)
    )
    if unread_only:
        stmt = stmt.where(WarningNotification.read_at.is_(None))
    with rt.transaction() as session:
        rows = session.execute(stmt).all()
    return [
        {
            **{f: getattr(n, f) for f in NOTICE_FIELDS},
            "rule_set": rule_set,
            "rule_version": version,
            "run_id": run_id,
        }
        for n, rule_set, version, run_id in rows
    ]


def unread_count(rt: Runtime, actor: Actor) -> int:
    """How many of ``actor``'s notices are unread (the number in the top bar)."""
    stmt = (
        select(func.count())
        .select_from(WarningNotification)
        .where(*_mine(actor), WarningNotification.read_at.is_(None))
    )
    with rt.transaction() as session:
        return int(session.scalar(stmt) or 0)


def mark_read(rt: Runtime, actor: Actor, notice_id: int) -> dict[str, Any]:
    """Mark one of ``actor``'s own notices as read; audited. Marking a read notice again changes nothing.

    Raises
    ------
    NotFound
        If there is no notice ``notice_id``.
    PermissionDenied
        If the notice is addressed to another user.
    """
    with rt.transaction() as session:
        notice = session.get(WarningNotification, notice_id)
        if notice is None:
            raise NotFound(f"no notification {notice_id}")
        if notice.recipient != actor.login:
            raise PermissionDenied(f"{actor.login} may mark only their own notifications as read")
        if notice.read_at is None:
            notice.read_at = utcnow()
            record(session, actor, "read", "warning_notification", object_id=str(notice_id),
                   before={"read_at": None}, after={"read_at": _iso(notice.read_at)})  # fmt: skip
        return {"id": notice.id, "read_at": notice.read_at}


def mark_all_read(rt: Runtime, actor: Actor) -> int:
    """Mark every unread notice of ``actor`` as read; one audit event with the count."""
    with rt.transaction() as session:
        unread = session.scalars(
            select(WarningNotification).where(*_mine(actor), WarningNotification.read_at.is_(None))
        ).all()
        now = utcnow()
        for notice in unread:
            notice.read_at = now
        if unread:
            ids = [n.id for n in unread]
            record(session, actor, "read", "warning_notification", after={"ids": ids, "read_at": _iso(now)})
        return len(unread)


def _iso(moment: datetime) -> str:
    return moment.isoformat()
