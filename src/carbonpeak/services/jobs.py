"""Long work as jobs: a database row (the truth the pages read) and the work on Dask (data-model.md §5).

A job kind names a function ``fn(rt, actor, params, report) -> dict | None`` by its dotted path
(``"package.module:function"``), so that a worker in another process imports it by name; ``report(fraction,
message)`` writes progress back to the row. By default the work runs on an in-process Dask ``LocalCluster``
(threads, no worker processes); the setting ``CARBONPEAK_DASK_SCHEDULER`` connects to a scheduler instead,
whose workers must have carbonpeak installed and reach the same database.

Several processes may run jobs against one database (``carbonpeak serve --workers N``, the CLI, Dask workers).
Each queued or running job names its owner process and carries a heartbeat (:mod:`carbonpeak.services.job_owner`);
a server that starts calls :func:`mark_interrupted`, which fails with the error "interrupted: server restarted"
only the jobs whose owner is gone, never another live process's job. Nothing stays running forever.
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from carbonpeak.config import Settings
from carbonpeak.errors import DataError, NotFound, Problem
from carbonpeak.services import audit
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.job_owner import Heartbeat, owner_gone, owner_id
from carbonpeak.services.runtime import Runtime, open_runtime
from carbonpeak.store.models import Job, User

__all__ = [
    "FINISHED",
    "INTERRUPTED",
    "KINDS",
    "STARTABLE",
    "JobInfo",
    "JobRunner",
    "Report",
    "check_startable",
    "get_job",
    "list_jobs",
    "mark_interrupted",
    "register_kind",
    "run_job",
    "wait_for",
]

FINISHED = frozenset({"succeeded", "failed", "cancelled"})
INTERRUPTED = "interrupted: server restarted"

#: job kind → dotted path of its function; features add theirs with :func:`register_kind`
KINDS: dict[str, str] = {
    "selftest.count": "carbonpeak.services.jobs:count_steps",
    "statistics.import": "carbonpeak.services.uploads:run_import_job",
}
#: kinds anyone allowed may start by name through ``POST /api/v1/jobs``; the others have their own endpoints
STARTABLE = frozenset({"selftest.count"})


class Report(Protocol):
    """Progress callback handed to a job function."""

    def __call__(self, fraction: float, message: str | None = None) -> None: ...


JobFunction = Callable[[Runtime, Actor, dict[str, Any], Report], dict[str, Any] | None]


@dataclass(frozen=True)
class JobInfo:
    """A job as pages, the API and the CLI show it."""

    id: int
    kind: str
    state: str
    progress: float
    message: str | None
    result: dict[str, Any] | None
    error: str | None
    started_by: str
    params: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


def _info(job: Job) -> JobInfo:
    return JobInfo(
        id=job.id,
        kind=job.kind,
        state=job.state,
        progress=job.progress,
        message=job.message,
        result=job.result,
        error=job.error,
        started_by=job.started_by,
        params=job.params,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def register_kind(kind: str, target: str) -> None:
    """Declare a job kind run by the function at ``target`` (``"package.module:function"``)."""
    module, _, name = target.partition(":")
    if not module or not name:
        raise ValueError(f"job target must look like 'package.module:function', got {target!r}")
    KINDS[kind] = target


def _resolve(kind: str) -> JobFunction:
    module, _, name = KINDS[kind].partition(":")
    fn: JobFunction = getattr(importlib.import_module(module), name)
    return fn


def _visible(actor: Actor, job: Job) -> bool:
    return actor.role in (Role.ADMINISTRATOR, Role.PROVINCE) or job.started_by == actor.login


def get_job(session: Session, actor: Actor, job_id: int) -> JobInfo:
    """One job; users other than the administrator and the provincial office see only their own."""
    job = session.get(Job, job_id)
    if job is None or not _visible(actor, job):
        raise NotFound(f"no job {job_id}")
    return _info(job)


def list_jobs(session: Session, actor: Actor, *, limit: int = 100) -> list[JobInfo]:
    """Recent jobs, newest first, restricted as in :func:`get_job`."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if actor.role not in (Role.ADMINISTRATOR, Role.PROVINCE):
        query = query.where(Job.started_by == actor.login)
    return [_info(j) for j in session.scalars(query)]


def mark_interrupted(rt: Runtime, *, timeout: float | None = None) -> list[int]:
    """Fail the queued or running jobs whose owner process is gone; return their ids (idempotent).

    A job's owner is gone when :func:`~carbonpeak.services.job_owner.owner_gone` says so: no owner, no heartbeat
    for ``timeout`` seconds (``job_heartbeat_timeout`` of the settings when omitted), or a dead process on this
    host. Jobs of live processes, here or elsewhere, are left alone. Each failed job is audited as
    ``job.interrupted``.
    """
    limit = timedelta(seconds=rt.settings.job_heartbeat_timeout if timeout is None else timeout)
    now = _now()
    with rt.transaction() as session:
        query = select(Job).where(Job.state.in_(("queued", "running"))).order_by(Job.id).with_for_update()
        open_jobs = session.scalars(query)
        stale = [j for j in open_jobs if owner_gone(j.owner, j.heartbeat_at, now=now, timeout=limit)]
        for job in stale:
            before = {"state": job.state, "progress": job.progress, "owner": job.owner}
            job.state, job.error, job.finished_at = "failed", INTERRUPTED, _now()
            audit.record(session, SYSTEM, "job.interrupted", "job", object_id=str(job.id), before=before)
        return [j.id for j in stale]


@functools.cache
def _worker_runtime(database_url: str) -> Runtime:
    """One engine per worker process and database (a worker runs many jobs)."""
    return open_runtime(Settings(database_url=database_url), migrate=False)


def _actor_of(session: Session, login: str) -> Actor:
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        return SYSTEM
    return Actor(login=user.login, role=Role(user.role), department=user.department, region=user.region)


def _update(rt: Runtime, job_id: int, **fields: Any) -> None:
    with rt.transaction() as session:
        job = session.get(Job, job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        for name, value in fields.items():
            setattr(job, name, value)


def _finish(rt: Runtime, job_id: int, **fields: Any) -> bool:
    """Write a job's outcome unless recovery already failed it (its owner looked gone); True if written."""
    with rt.transaction() as session:
        job = session.get(Job, job_id, with_for_update=True)
        if job is None or job.state != "running":
            return False
        for name, value in fields.items():
            setattr(job, name, value)
        return True


def _claim(rt: Runtime, job_id: int) -> tuple[str, dict[str, Any], Actor] | None:
    """Mark a queued job running, owned by this process; None if it is not queued any more."""
    with rt.transaction() as session:
        job = session.get(Job, job_id, with_for_update=True)
        if job is None or job.state != "queued":
            return None
        kind, params, actor = job.kind, dict(job.params or {}), _actor_of(session, job.started_by)
        job.state, job.started_at, job.owner, job.heartbeat_at = "running", _now(), owner_id(), _now()
    return kind, params, actor


def run_job(database_url: str, job_id: int, heartbeat: float = 15.0) -> str:
    """Execute job ``job_id`` (on a Dask worker); every outcome is written to its row. Returns the state.

    While the job runs, this process refreshes its heartbeat every ``heartbeat`` seconds and at each progress
    report, so that recovery in another process leaves it alone.
    """
    rt = _worker_runtime(database_url)
    claimed = _claim(rt, job_id)
    if claimed is None:
        return "skipped"
    kind, params, actor = claimed

    def report(fraction: float, message: str | None = None) -> None:
        _update(rt, job_id, progress=min(max(float(fraction), 0.0), 1.0), message=message, heartbeat_at=_now())

    beat = Heartbeat(lambda: _update(rt, job_id, heartbeat_at=_now()), heartbeat, name=f"job-{job_id}").start()
    try:
        result = _resolve(kind)(rt, actor, params, report)
    except Exception as exc:  # a job's failure is data for its row, whatever its type
        error, message = f"{type(exc).__name__}: {exc}", _last_line(traceback.format_exc())
        _finish(rt, job_id, state="failed", error=error, message=message, finished_at=_now())
        return "failed"
    finally:
        beat.stop()
    done = _finish(rt, job_id, state="succeeded", progress=1.0, result=result or {}, finished_at=_now())
    return "succeeded" if done else "skipped"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


def count_steps(rt: Runtime, actor: Actor, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Self-test job: count ``steps`` steps of ``delay`` seconds, failing at step ``fail_at`` if given.

    Lets an administrator check that the job system (database row, Dask, progress, errors) works.
    """
    steps, delay, fail_at = int(params.get("steps", 5)), float(params.get("delay", 0.1)), params.get("fail_at")
    for step in range(1, steps + 1):
        if fail_at is not None and step == int(fail_at):
            raise RuntimeError(f"failed on purpose at step {step}")
        time.sleep(delay)
        report(step / steps, f"{step}/{steps}")
    return {"steps": steps}


def check_startable(kind: str) -> None:
    """Raise :class:`DataError` unless ``kind`` may be started by name (see :data:`STARTABLE`)."""
    if kind not in STARTABLE:
        raise DataError(
            "this job kind cannot be started here", [Problem(None, "kind", f"one of {sorted(STARTABLE)}", kind)]
        )


def _check_params(kind: str, params: dict[str, Any]) -> None:
    if kind not in KINDS:
        raise DataError("unknown job kind", [Problem(None, "kind", f"one of {', '.join(sorted(KINDS))}", kind)])
    if kind == "selftest.count":
        steps, delay = params.get("steps", 5), params.get("delay", 0.1)
        bad = [
            Problem(None, name, "a number between 0 and 1000", value)
            for name, value in (("steps", steps), ("delay", delay))
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1000
        ]
        if bad:
            raise DataError("bad job parameters", bad)


class JobRunner:
    """Submits jobs to Dask. Built by the app factory or the CLI; the cluster starts on first use."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client: Any = None
        self._cluster: Any = None
        self._lock = threading.Lock()
        self._futures: dict[int, Any] = {}
        self._heartbeat: Heartbeat | None = None

    @property
    def heartbeat_interval(self) -> float:
        """Seconds between heartbeats: a quarter of the timeout, so three missed beats are still fine."""
        return max(self._settings.job_heartbeat_timeout / 4, 0.05)

    def start_heartbeat(self, rt: Runtime) -> None:
        """Refresh, every :attr:`heartbeat_interval`, the heartbeat of the jobs this process owns, and fail
        those of owners that are gone (so that a crashed worker's jobs do not wait for the next restart)."""
        with self._lock:
            if self._heartbeat is None:
                self._heartbeat = Heartbeat(lambda: _beat_and_sweep(rt), self.heartbeat_interval).start()

    def _dask(self) -> Any:
        with self._lock:
            if self._client is None:
                from distributed import Client, LocalCluster

                if self._settings.dask_scheduler:
                    self._client = Client(self._settings.dask_scheduler)  # type: ignore[no-untyped-call]
                else:
                    self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
                    )
                    self._client = Client(self._cluster)  # type: ignore[no-untyped-call]
            return self._client

    def submit(self, rt: Runtime, actor: Actor, kind: str, params: dict[str, Any] | None = None) -> JobInfo:
        """Record a queued job (audited as ``job.start``) and hand it to Dask."""
        params = dict(params or {})
        _check_params(kind, params)
        with rt.transaction() as session:
            job = Job(kind=kind, params=params, state="queued", progress=0.0, started_by=actor.login)
            job.owner, job.heartbeat_at = owner_id(), _now()
            session.add(job)
            session.flush()
            audit.record(session, actor, "job.start", "job", object_id=str(job.id), after={"kind": kind, **params})
            info = _info(job)
        self.start_heartbeat(rt)
        args = (rt.settings.database_url, info.id, self.heartbeat_interval)
        future = self._dask().submit(run_job, *args, pure=False, key=f"job-{info.id}")
        self._futures[info.id] = future
        future.add_done_callback(lambda _f, job_id=info.id: self._futures.pop(job_id, None))
        return info

    def close(self) -> None:
        """Stop the heartbeat and the local cluster (if this runner started one)."""
        with self._lock:
            if self._heartbeat is not None:
                self._heartbeat.stop()
                self._heartbeat = None
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None


def _beat_and_sweep(rt: Runtime) -> None:
    """One heartbeat of this process: refresh the jobs it owns, then fail those of gone owners."""
    with rt.transaction() as session:
        mine = (Job.owner == owner_id()) & Job.state.in_(("queued", "running"))
        session.execute(update(Job).where(mine).values(heartbeat_at=_now()))
    mark_interrupted(rt)


def wait_for(rt: Runtime, job_id: int, *, timeout: float = 60.0, on_progress: Report | None = None) -> JobInfo:
    """Poll the job's row until it finishes (for the CLI and tests); ``on_progress`` sees every poll."""
    deadline = time.monotonic() + timeout
    while True:
        with rt.transaction() as session:
            info = get_job(session, SYSTEM, job_id)
        if on_progress is not None:
            on_progress(info.progress, info.message)
        if info.finished:
            return info
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} still {info.state} after {timeout} s")
        time.sleep(0.1)
