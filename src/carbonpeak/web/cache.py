"""A small cache of view models, invalidated whenever the data change.

The overview evaluates the whole target register; recomputing it for every visitor would cost most of the
page's time. A cached view is keyed by its arguments and by the *data version* — the newest observation,
tier decision and import batch ids — so that a new import or decision shows at once, without a timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import ImportBatch, Observation, TierAssignment

__all__ = ["ViewCache"]

T = TypeVar("T")


class ViewCache:
    """Per-app cache; thread-safe; at most ``size`` entries (the oldest is dropped)."""

    def __init__(self, rt: Runtime, size: int = 256) -> None:
        self._rt = rt
        self._size = size
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Any] = {}
        self._computing: dict[Hashable, threading.Lock] = {}

    def data_version(self) -> tuple[int | None, ...]:
        """The newest ids of the tables the views read (one cheap query)."""
        stmt = select(
            select(func.max(Observation.id)).scalar_subquery(),
            select(func.max(TierAssignment.id)).scalar_subquery(),
            select(func.max(ImportBatch.id)).scalar_subquery(),
        )
        with self._rt.engine.connect() as conn:
            row = conn.execute(stmt).one()
        return tuple(row)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` for the current data, computing it when missing.

        One thread computes a missing entry while the others asking for the same key wait for it (a cold
        overview under load would otherwise evaluate the register once per waiting visitor).
        """
        full_key = (key, self.data_version())
        with self._lock:
            if full_key in self._entries:
                value: T = self._entries[full_key]
                return value
            key_lock = self._computing.setdefault(full_key, threading.Lock())
        with key_lock:
            with self._lock:
                if full_key in self._entries:
                    value = self._entries[full_key]
                    return value
            value = compute()
            with self._lock:
                if len(self._entries) >= self._size:
                    self._entries.pop(next(iter(self._entries)))
                self._entries[full_key] = value
                self._computing.pop(full_key, None)
        return value
