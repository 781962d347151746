"""Append-only statistics: sources, import batches and observations with vintages and revisions
(data-model.md §3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class Source(Base):
    """Where numbers come from: publisher, document, trust grade A–D."""

    __tablename__ = "source"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  #: stable identifier, e.g. "ceads-energy-inventory"
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    grade: Mapped[str | None] = mapped_column(String(8))
    licence: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class ImportBatch(Base):
    """One import: a file (or a reference load) written as one transaction."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Observation(Base):
    """One value of one statistic. Never updated: a new value for a key is a new revision."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("region", "period", "variable", "basis", "vintage", "revision", name="uq_observation_key_rev"),
        Index("ix_observation_key", "region", "variable", "period", "basis", "vintage"),
        Index("ix_observation_variable", "variable"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12))  #: administrative code
    period: Mapped[str] = mapped_column(String(20))  #: canonical period code
    variable: Mapped[str] = mapped_column(String(200))  #: hierarchical name, e.g. "Energy|Total"
    unit: Mapped[str] = mapped_column(String(60))
    basis: Mapped[str] = mapped_column(String(40), default="raw")
    vintage: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)  #: None is an explicit gap, never zero
    revision: Mapped[int] = mapped_column(Integer, default=1)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    method: Mapped[str | None] = mapped_column(String(200))  #: for computed values: method and factor set
    note: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, object] | None] = mapped_column(JSON)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
