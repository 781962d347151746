"""Who holds a job: owner ids of processes, heartbeats, and the test that an owner is gone.

Several processes may run jobs against one database (``carbonpeak serve --workers N``, a CLI ``job run``, Dask
workers on other machines). Each process has an owner id ``host:pid:random``; a process stores it on the jobs it
queues or runs and refreshes their ``heartbeat_at`` while it lives. Restart recovery
(:func:`carbonpeak.services.jobs.mark_interrupted`) fails only jobs whose owner is gone (:func:`owner_gone`):

- no owner recorded (rows from before owners existed);
- no heartbeat within the timeout (a crashed process, or a machine that went away);
- same host, and the pid is dead, or is this very process under another random part (a restarted server that
  got the same pid, as pid 1 in a container does).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["Heartbeat", "OwnerId", "owner_gone", "owner_id", "pid_alive"]

_OWNER: dict[int, str] = {}


@dataclass(frozen=True)
class OwnerId:
    """The parts of an owner id ``host:pid:random``."""

    host: str
    pid: int
    nonce: str

    @classmethod
    def parse(cls, text: str) -> OwnerId | None:
        host, _, rest = text.rpartition(":")
        host, _, pid = host.rpartition(":")
        if not host or not pid.isdigit():
            return None
        return cls(host=host, pid=int(pid), nonce=rest)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}:{self.nonce}"


def owner_id() -> str:
    """This process's owner id (a new one after a fork: the pid is part of it)."""
    pid = os.getpid()
    if pid not in _OWNER:
        _OWNER[pid] = str(OwnerId(socket.gethostname()[:120], pid, secrets.token_hex(4)))
    return _OWNER[pid]


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this machine (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def owner_gone(owner: str | None, heartbeat_at: datetime | None, *, now: datetime, timeout: timedelta) -> bool:
    """Whether the process holding a job is gone, so that the job can never finish (see the module notes)."""
    if owner is None:
        return True
    me = owner_id()
    if owner == me:
        return False
    if heartbeat_at is None or now - _aware(heartbeat_at) > timeout:
        return True
    parsed, mine = OwnerId.parse(owner), OwnerId.parse(me)
    if parsed is None or mine is None or parsed.host != mine.host:
        return False  # another machine with a fresh heartbeat: alive
    return parsed.pid == mine.pid or not pid_alive(parsed.pid)


class Heartbeat:
    """A daemon thread calling ``beat()`` every ``interval`` seconds until :meth:`stop` (errors are ignored:
    a missed beat only brings the timeout closer)."""

    def __init__(self, beat: Callable[[], None], interval: float, name: str = "carbonpeak-heartbeat") -> None:
        self._beat = beat
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                self._beat()
            except Exception:  # the database may be briefly unreachable: try again at the next beat
                continue

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
