"""Which import batches a reader may see: drafts of city offices and their publication
(docs/design-notes/0002-drafts-and-publication.md). The caller owns the transaction.

A batch with no ``batch_review`` row was published when it was imported. A batch whose latest review
row is ``draft`` is seen only by readers whose :class:`ReadScope` covers its region; ``rejected`` is
seen by no reader of the statistics; ``published`` is seen by everyone from the moment of publication
(so "as known at" a date before it, the batch was not yet public).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.store.models import BatchReview

__all__ = [
    "PUBLISHED_ONLY",
    "BatchState",
    "ReadScope",
    "ReviewedBatch",
    "add_review",
    "batch_states",
    "reviews",
    "visibility",
]


class BatchState(StrEnum):
    """The review state of an import batch."""

    DRAFT = "draft"  #: submitted by a city office, not yet decided
    PUBLISHED = "published"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ReadScope:
    """Whose drafts a reader sees besides the published data: nobody's, some regions' or every region's."""

    all_drafts: bool = False
    draft_regions: frozenset[str] = frozenset()

    def sees_draft_of(self, region: str) -> bool:
        """Whether a draft of ``region`` is visible in this scope."""
        return self.all_drafts or region in self.draft_regions

    @property
    def cache_key(self) -> str:
        """A short text that differs whenever the visible drafts may differ (for view caches)."""
        if self.all_drafts:
            return "drafts:all"
        return "drafts:" + ",".join(sorted(self.draft_regions)) if self.draft_regions else "published"


#: the scope of readers who see published data only (viewers, departments, computed views)
PUBLISHED_ONLY: Final = ReadScope()


@dataclass(frozen=True)
class ReviewedBatch:
    """A reviewed batch: its city, current state and when it was published (None unless published)."""

    region: str
    state: BatchState
    published_at: datetime | None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def batch_states(session: Session, import_ids: Iterable[int] | None = None) -> dict[int, ReviewedBatch]:
    """The current state of every reviewed batch (or of ``import_ids``): one query."""
    stmt = select(BatchReview.import_id, BatchReview.region, BatchReview.state, BatchReview.decided_at)
    if import_ids is not None:
        stmt = stmt.where(BatchReview.import_id.in_(list(import_ids)))
    states: dict[int, ReviewedBatch] = {}
    for import_id, region, state, at in session.execute(stmt.order_by(BatchReview.id)).all():
        published = _utc(at) if state == BatchState.PUBLISHED else None
        states[int(import_id)] = ReviewedBatch(str(region), BatchState(state), published)
    return states


def visibility(session: Session, scope: ReadScope, as_of: datetime | None = None) -> tuple[set[int], set[int]]:
    """(hidden, draft) import batch ids for a reader: rows of hidden batches must not be shown; rows of
    draft batches are shown but marked as drafts."""
    hidden: set[int] = set()
    drafts: set[int] = set()
    for import_id, batch in batch_states(session).items():
        if batch.state is BatchState.REJECTED:
            hidden.add(import_id)
        elif batch.state is BatchState.DRAFT or (
            as_of is not None and batch.published_at is not None and batch.published_at > _utc(as_of)
        ):
            (drafts if scope.sees_draft_of(batch.region) else hidden).add(import_id)
    return hidden, drafts


def add_review(
    session: Session, *, import_id: int, region: str, state: BatchState, by: str, note: str | None = None
) -> BatchReview:
    """Append one review step of a batch (its id is available at once)."""
    row = BatchReview(import_id=import_id, region=region, state=str(state), decided_by=by, note=note)
    session.add(row)
    session.flush()
    return row


def reviews(session: Session, regions: Iterable[str] | None = None) -> list[BatchReview]:
    """Every review step (of batches of ``regions``, if given), oldest first."""
    stmt = select(BatchReview).order_by(BatchReview.id)
    if regions is not None:
        stmt = stmt.where(BatchReview.region.in_(list(regions)))
    return list(session.scalars(stmt))
