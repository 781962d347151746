"""Long work run on Dask; the row is the truth the pages read (data-model.md §5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class Job(Base):
    """state: queued, running, succeeded, failed, cancelled.

    ``owner`` names the process that holds a queued or running job (``host:pid:random``, see
    ``services.jobs.owner_id``) and ``heartbeat_at`` when it last said it is alive; restart recovery fails only
    jobs whose owner is gone.
    """

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_state", "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict[str, object] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    owner: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
