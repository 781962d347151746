"""A short-lived cache of session look-ups, so that a page view does not query the accounts each time.

An entry lives at most ``ttl`` seconds and never past its session's end. Logging out or disabling an account
takes effect at once in the process that served it (the app calls :meth:`SessionCache.expire` after every
write request, and the next look-up re-reads :func:`~carbonpeak.services.accounts.sessions_epoch`, which
changes) and within ``check_interval`` seconds in the other worker processes (they re-read the epoch that
often). ``ttl`` 0 turns the cache off.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any, TypeVar

from carbonpeak.services import accounts
from carbonpeak.services.runtime import Runtime

__all__ = ["SessionCache", "ShortLived"]

T = TypeVar("T")


class SessionCache:
    """Per-app, thread-safe cache of :func:`carbonpeak.services.accounts.resolve_session`."""

    def __init__(self, rt: Runtime, *, ttl: float = 30.0, check_interval: float = 0.5, size: int = 10_000) -> None:
        self._rt = rt
        self._ttl = ttl
        self._interval = check_interval
        self._size = size
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[accounts.SessionUser, float]] = {}
        self._epoch: tuple[object, ...] | None = None
        self._checked = float("-inf")
        self._generation = 0  # counts clears: a look-up begun before one is not kept

    def expire(self) -> None:
        """Re-read the sessions epoch at the next look-up (a write may have ended sessions)."""
        self._checked = float("-inf")

    def _check_epoch(self, now: float) -> None:
        if now - self._checked < self._interval:
            return
        with self._rt.transaction() as session:
            epoch = accounts.sessions_epoch(session)
        with self._lock:
            if epoch != self._epoch:
                self._entries.clear()
                self._generation += 1
                self._epoch = epoch
            self._checked = now

    def resolve(self, token: str | None) -> accounts.SessionUser | None:
        """The user of a live session token, or None; from the cache while the epoch holds."""
        if not token:
            return None
        if self._ttl <= 0:
            with self._rt.transaction() as session:
                return accounts.resolve_session(session, token)
        now = time.monotonic()
        self._check_epoch(now)
        generation = self._generation
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and now < hit[1] and (hit[0].expires_at or datetime.max.replace(tzinfo=UTC)) > _utcnow():
            return hit[0]
        with self._rt.transaction() as session:
            found = accounts.resolve_session(session, token)
        with self._lock:
            self._entries.pop(key, None)
            if found is not None and generation == self._generation:
                if len(self._entries) >= self._size:
                    self._entries.pop(next(iter(self._entries)))
                self._entries[key] = (found, now + self._ttl)
        return found


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ShortLived:
    """Values kept ``ttl`` seconds, all dropped by :meth:`expire` (after this process's writes): for small
    per-user figures every page shows, such as the unread notices in the top bar. ``ttl`` 0: always compute."""

    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[Any, float]] = {}

    def expire(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and now < hit[1]:
            value: T = hit[0]
            return value
        value = compute()
        if self._ttl > 0:
            with self._lock:
                if len(self._entries) >= 10_000:
                    self._entries.clear()
                self._entries[key] = (value, now + self._ttl)
        return value
