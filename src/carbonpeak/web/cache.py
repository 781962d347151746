"""A small cache of view models, invalidated whenever the data change.

The overview evaluates the whole target register; recomputing it for every visitor would cost most of the
page's time. A cached view is keyed by its arguments and by the *data version* — the newest observation,
tier decision, import batch and batch review ids — so that a new import or decision shows at once, without a
timer. Views that read statistics are computed from published data only (the store's default read scope);
a view that shows a reader's drafts must put that reader's scope in its key (see the statistics page).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import BatchReview, ImportBatch, Observation, RecordedWarning, TierAssignment

__all__ = ["ViewCache"]

T = TypeVar("T")


class ViewCache:
    """Per-app cache; thread-safe; at most ``size`` entries (the oldest is dropped).

    The data version is asked of the database at most once every ``check_interval`` seconds (0: every time),
    and at once after :meth:`expire` (called after each write request this process served). So this process
    shows its own writes at once, and another process's writes within ``check_interval``.
    """

    def __init__(self, rt: Runtime, size: int = 256, check_interval: float = 0.0) -> None:
        self._rt = rt
        self._size = size
        self._interval = check_interval
        self._version: tuple[tuple[int | None, ...], float] | None = None
        self._expired = 0  # counts expire() calls: an answer asked for before one is not kept
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Any] = {}
        self._computing: dict[Hashable, threading.Lock] = {}

    def data_version(self) -> tuple[int | None, ...]:
        """The newest ids of the tables the views read (one cheap query)."""
        stmt = select(
            select(func.max(Observation.id)).scalar_subquery(),
            select(func.max(TierAssignment.id)).scalar_subquery(),
            select(func.max(ImportBatch.id)).scalar_subquery(),
            # publishing or rejecting a city's draft adds a review row and changes what readers see
            select(func.max(BatchReview.id)).scalar_subquery(),
            # the barometer shows the province's recorded warnings beside its cells
            select(func.max(RecordedWarning.id)).scalar_subquery(),
        )
        with self._rt.engine.connect() as conn:
            row = conn.execute(stmt).one()
        return tuple(row)

    def current_version(self) -> tuple[int | None, ...]:
        """The data version, asked of the database when the last answer is older than ``check_interval``."""
        known, now, expired = self._version, time.monotonic(), self._expired
        if known is not None and now - known[1] < self._interval:
            return known[0]
        version = self.data_version()
        if expired == self._expired:
            self._version = (version, now)
        return version

    def expire(self) -> None:
        """Ask the database for the data version at the next look-up (after a write)."""
        self._expired += 1
        self._version = None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key`` for the current data, computing it when missing.

        One thread computes a missing entry while the others asking for the same key wait for it (a cold
        overview under load would otherwise evaluate the register once per waiting visitor).
        """
        full_key = (key, self.current_version())
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
