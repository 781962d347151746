"""Drafts and publication of statistics (草稿、发布): a city office's import is a draft until the provincial
office publishes or rejects it (docs/design-notes/0002-drafts-and-publication.md).

Who sees what: the provincial office and the administrator see every city's drafts; a city office sees the
published data of every city plus its own city's drafts; departments and viewers see published data only.
:func:`read_scope` turns an actor into the :class:`~carbonpeak.store.reviews.ReadScope` every read of the
statistics takes. Publishing and rejecting are writes: one transaction each, audited with before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.errors import DataError, NotFound, Problem
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import reviews
from carbonpeak.store.models import BatchReview, ImportBatch
from carbonpeak.store.reviews import PUBLISHED_ONLY, BatchState, ReadScope

__all__ = ["DraftBatch", "drafts", "publish", "read_scope", "reject"]

_REVIEWERS = (Role.ADMINISTRATOR, Role.PROVINCE)
MAX_NOTE = 2000


def read_scope(actor: Actor) -> ReadScope:
    """Whose drafts ``actor`` may read besides the published data."""
    if actor.role in _REVIEWERS:
        return ReadScope(all_drafts=True)
    if actor.role == Role.CITY and actor.region:
        return ReadScope(draft_regions=frozenset({actor.region}))
    return PUBLISHED_ONLY


@dataclass(frozen=True)
class DraftBatch:
    """A city's import batch under review, with its current state and the steps so far."""

    import_id: int
    region: str
    state: str  #: draft, published or rejected
    filename: str | None
    dataset: str
    rows: int
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None  #: who published or rejected it (None while a draft)
    decided_at: datetime | None
    note: str | None  #: the decision's note


def _batch(session: Session, import_id: int, steps: list[BatchReview]) -> DraftBatch:
    batch = session.get(ImportBatch, import_id)
    if batch is None:  # the foreign key makes this impossible; guard against a broken database
        raise NotFound(f"no import batch {import_id}")
    first, last = steps[0], steps[-1]
    decided = last if last.state != BatchState.DRAFT else None
    return DraftBatch(
        import_id=import_id,
        region=first.region,
        state=last.state,
        filename=batch.filename,
        dataset=batch.dataset,
        rows=batch.row_count,
        submitted_by=first.decided_by,
        submitted_at=first.decided_at,
        decided_by=decided.decided_by if decided else None,
        decided_at=decided.decided_at if decided else None,
        note=decided.note if decided else None,
    )


def _grouped(session: Session, regions: list[str] | None) -> dict[int, list[BatchReview]]:
    steps: dict[int, list[BatchReview]] = {}
    for step in reviews.reviews(session, regions):
        steps.setdefault(step.import_id, []).append(step)
    return steps


def drafts(rt: Runtime, actor: Actor, *, state: str | None = None) -> list[DraftBatch]:
    """The reviewed batches ``actor`` may see (every city's for the office, its own for a city), newest first.

    Raises
    ------
    PermissionDenied
        For departments and viewers, who read published data only.
    """
    actor.require_role(*_REVIEWERS, Role.CITY)
    regions = None if actor.role in _REVIEWERS else [str(actor.region)]
    with rt.transaction() as session:
        found = [_batch(session, i, steps) for i, steps in _grouped(session, regions).items()]
    if state:
        found = [d for d in found if d.state == state]
    return sorted(found, key=lambda d: d.import_id, reverse=True)


def _decide(rt: Runtime, actor: Actor, import_id: int, state: BatchState, note: str | None) -> DraftBatch:
    actor.require_role(*_REVIEWERS)
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:
        raise DataError("the note is too long", [Problem(None, "note", f"at most {MAX_NOTE} characters", len(note))])
    with rt.transaction() as session:
        steps = list(
            session.scalars(select(BatchReview).where(BatchReview.import_id == import_id).order_by(BatchReview.id))
        )
        if not steps:
            raise NotFound(f"no draft import batch {import_id}")
        before = _batch(session, import_id, steps)
        if before.state != BatchState.DRAFT:
            problem = Problem(
                None, "import_id", f"the batch is already {before.state}; only a draft can be decided", import_id
            )
            raise DataError("the batch is not a draft", [problem])
        steps.append(
            reviews.add_review(
                session, import_id=import_id, region=before.region, state=state, by=actor.login, note=note
            )
        )
        after = _batch(session, import_id, steps)
        audit.record(
            session, actor, f"statistics.{state}", "import_batch", object_id=str(import_id),
            before={"state": before.state, "region": before.region}, after={"state": after.state, "note": note},
        )  # fmt: skip
    return after


def publish(rt: Runtime, actor: Actor, import_id: int, *, note: str | None = None) -> DraftBatch:
    """Publish a city's draft batch: from now on everyone reads its rows.

    Raises
    ------
    PermissionDenied
        Unless the actor is the provincial office or an administrator.
    NotFound
        If no draft batch has this id.
    DataError
        If the batch was already published or rejected, or the note is too long.
    """
    return _decide(rt, actor, import_id, BatchState.PUBLISHED, note)


def reject(rt: Runtime, actor: Actor, import_id: int, *, note: str | None = None) -> DraftBatch:
    """Reject a city's draft batch: its rows stay stored (append-only) but nobody reads them as statistics.

    Raises
    ------
    PermissionDenied, NotFound, DataError
        As :func:`publish`.
    """
    return _decide(rt, actor, import_id, BatchState.REJECTED, note)
