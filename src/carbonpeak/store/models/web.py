"""Server-side login sessions of the web platform (data-model.md §4).

The browser holds a signed cookie carrying a random token; only the token's SHA-256 is stored here,
so a copy of the database does not let anyone take over a session. Logging out or disabling the user
ends the session at once, which a purely cookie-based session could not do.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from carbonpeak.store.models.base import Base, utcnow


class WebSession(Base):
    """One login of one user, from login until logout or expiry."""

    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_user", "user_id"),)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  #: SHA-256 hex of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  #: set by logout
    client: Mapped[str | None] = mapped_column(String(100))
