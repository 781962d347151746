"""Warning evaluations with their inputs and rule version, recorded historical warnings, notifications.

An evaluation row keeps everything needed to reproduce and explain a past warning: the numbers
(A, T, the measures), the rule set id and version, the formula, the data "as known at" time and
the vintages used (methods.md §2, docs/methods/warning-barometer.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class WarningRun(Base):
    """One barometer run: the rule set, the period and who ran it."""

    __tablename__ = "warning_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(20))
    rule_set: Mapped[str] = mapped_column(String(60))
    rule_version: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  #: data as known at; None = latest
    run_by: Mapped[str] = mapped_column(String(100))
    run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WarningEvaluation(Base):
    """One region × indicator cell of a run, with its inputs and the rule that applied."""

    __tablename__ = "warning_evaluation"
    __table_args__ = (Index("ix_warning_evaluation_cell", "region", "indicator", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("warning_run.id"))
    region: Mapped[str] = mapped_column(String(12))
    period: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(20))  #: a level key of the rule set, or "no_data"
    severity: Mapped[int | None] = mapped_column(Integer)
    actual: Mapped[float | None] = mapped_column(Float)  #: A, reduction achieved (fraction)
    required: Mapped[float | None] = mapped_column(Float)  #: T, reduction required (fraction)
    inputs: Mapped[dict[str, object]] = mapped_column(JSON)  #: the numbers, vintages, target and base year
    measures: Mapped[dict[str, object] | None] = mapped_column(JSON)
    formula: Mapped[str] = mapped_column(Text)
    rule_applied: Mapped[str] = mapped_column(Text)


class RecordedWarning(Base):
    """A warning the province itself issued (news reports of provincial notices), kept as history."""

    __tablename__ = "recorded_warning"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    period: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(String(60))
    official_level: Mapped[int] = mapped_column(Integer)  #: 1 = red (most severe), 2 yellow, 3 green
    colour: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str] = mapped_column(Text)
    grade: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WarningNotification(Base):
    """A notice to a user of a region whose level worsened between two evaluations."""

    __tablename__ = "warning_notification"
    __table_args__ = (Index("ix_warning_notification_recipient", "recipient"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("warning_evaluation.id"))
    recipient: Mapped[str] = mapped_column(String(100))  #: user login
    region: Mapped[str] = mapped_column(String(12))
    indicator: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20))
    previous_level: Mapped[str] = mapped_column(String(20))
    new_level: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
