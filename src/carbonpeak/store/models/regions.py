"""Versioned tier decisions: which city is in which of the plan's three types (clause 2.(12).1)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class TierAssignment(Base):
    """A decision of the province; a new decision never erases an old one."""

    __tablename__ = "tier_assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    tier: Mapped[str] = mapped_column(String(40))
    decided_on: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text)
    suggested_tier: Mapped[str | None] = mapped_column(String(40))
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
