"""Drafts and publication of imported statistics, and progress reports on the plan's tasks and targets.

Both tables are append-only (the database refuses UPDATE and DELETE, migration 0009): a batch's state is
its latest review row, a node's current progress is its latest report; older rows stay as history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class BatchReview(Base):
    """One step of an import batch's review: ``draft`` (a city submitted it), ``published`` or ``rejected``.

    A batch without review rows was published when imported (provincial office, administrator, reference
    loads). A batch whose latest row is ``draft`` is seen only by its city and the provincial office.
    """

    __tablename__ = "batch_review"
    __table_args__ = (Index("ix_batch_review_import", "import_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    region: Mapped[str] = mapped_column(String(12))  #: the city whose draft this is
    state: Mapped[str] = mapped_column(String(20))  #: draft, published, rejected
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProgressReport(Base):
    """A progress report on a plan node (a sub-task's clause or a target id) for one year."""

    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_node", "node", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    node: Mapped[str] = mapped_column(String(80))  #: clause (e.g. ``2.(6).1``) or target id
    node_kind: Mapped[str] = mapped_column(String(20))  #: "clause" or "target"
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  #: not_started, on_schedule, behind, done
    value: Mapped[float | None] = mapped_column(Float)  #: a target's reported value, in ``unit``
    unit: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str] = mapped_column(String(100))
    department: Mapped[str | None] = mapped_column(String(100))  #: the reporter's department, if any
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
