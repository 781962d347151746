"""Provenance of observations: sources (publisher, document, trust grade) and import batches
(data-model.md §3). The caller owns the transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.store.models import ImportBatch, Observation, Source

__all__ = ["SourceInfo", "get_or_create_source", "import_batches", "new_import_batch", "source_by_key"]


@dataclass(frozen=True)
class SourceInfo:
    """What we know of a source; ``key`` is its stable identifier, e.g. ``"ceads-co2-inventory"``."""

    key: str
    title: str
    publisher: str | None = None
    url: str | None = None
    grade: str | None = None  #: trust grade A–D (SOURCES.md)
    licence: str | None = None
    notes: str | None = None


def source_by_key(session: Session, key: str) -> Source | None:
    """The source with this key, or None."""
    return session.scalars(select(Source).where(Source.key == key)).one_or_none()


def get_or_create_source(session: Session, info: SourceInfo) -> tuple[Source, bool]:
    """The source with ``info.key``, created from ``info`` when missing; returns (source, created).

    An existing source keeps its stored description: sources are reference records, and a
    changed description is a decision for a person, not for a load.
    """
    found = source_by_key(session, info.key)
    if found is not None:
        return found, False
    source = Source(**asdict(info))
    session.add(source)
    session.flush()
    return source, True


def new_import_batch(
    session: Session,
    *,
    dataset: str,
    recorded_by: str,
    row_count: int,
    filename: str | None = None,
    sha256: str | None = None,
) -> ImportBatch:
    """Record an import batch (its id is available at once for the observations it writes)."""
    batch = ImportBatch(dataset=dataset, filename=filename, sha256=sha256, row_count=row_count, recorded_by=recorded_by)
    session.add(batch)
    session.flush()
    return batch


def import_batches(session: Session, *, limit: int = 100) -> list[tuple[ImportBatch, int]]:
    """Recent import batches, newest first, each with the number of observations it wrote."""
    counts = select(Observation.import_id, func.count().label("n")).group_by(Observation.import_id).subquery("counts")
    stmt = (
        select(ImportBatch, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.import_id == ImportBatch.id)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    return [(batch, int(n)) for batch, n in session.execute(stmt).all()]
