"""Long work as jobs: a database row (the truth the pages read) and the work on Dask (data-model.md §5).

A job kind names a function ``fn(rt, actor, params, report) -> dict | None`` by its dotted path
(``"package.module:function"``), so that a worker in another process imports it by name; ``report(fraction,
message)`` writes progress back to the row. By default the work runs on an in-process Dask ``LocalCluster``
(threads, no worker processes); the setting ``CARBONPEAK_DASK_SCHEDULER`` connects to a scheduler instead,
whose workers must have carbonpeak installed and reach the same database.

A server that restarts calls :func:`mark_interrupted`: jobs it left queued or running become failed with the
error "interrupted by restart", never running forever.
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.config import Settings
from carbonpeak.errors import DataError, NotFound, Problem
from carbonpeak.services import audit
from carbonpeak.services.actor import SYSTEM, Actor, Role
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
INTERRUPTED = "interrupted by restart"

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


def mark_interrupted(rt: Runtime) -> list[int]:
    """Fail every job left queued or running by a previous server process; return their ids."""
    with rt.transaction() as session:
        stale = list(session.scalars(select(Job).where(Job.state.in_(("queued", "running")))))
        for job in stale:
            before = {"state": job.state, "progress": job.progress}
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


def run_job(database_url: str, job_id: int) -> str:
    """Execute job ``job_id`` (on a Dask worker); every outcome is written to its row. Returns the state."""
    rt = _worker_runtime(database_url)
    with rt.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or job.state != "queued":
            return "skipped"
        kind, params, actor = job.kind, dict(job.params or {}), _actor_of(session, job.started_by)
        job.state, job.started_at = "running", _now()

    def report(fraction: float, message: str | None = None) -> None:
        _update(rt, job_id, progress=min(max(float(fraction), 0.0), 1.0), message=message)

    try:
        result = _resolve(kind)(rt, actor, params, report)
    except Exception as exc:  # a job's failure is data for its row, whatever its type
        error = f"{type(exc).__name__}: {exc}"
        _update(rt, job_id, state="failed", error=error, message=_last_line(traceback.format_exc()), finished_at=_now())
        return "failed"
    _update(rt, job_id, state="succeeded", progress=1.0, result=result or {}, finished_at=_now())
    return "succeeded"


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
            session.add(job)
            session.flush()
            audit.record(session, actor, "job.start", "job", object_id=str(job.id), after={"kind": kind, **params})
            info = _info(job)
        future = self._dask().submit(run_job, rt.settings.database_url, info.id, pure=False, key=f"job-{info.id}")
        self._futures[info.id] = future
        future.add_done_callback(lambda _f, job_id=info.id: self._futures.pop(job_id, None))
        return info

    def close(self) -> None:
        """Stop the local cluster (if this runner started one)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None


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
