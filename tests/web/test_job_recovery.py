"""Restart recovery with several processes: only jobs whose owner process is gone are failed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from carbonpeak.api import create_app
from carbonpeak.config import Settings
from carbonpeak.services import job_owner, jobs
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, Job

HOST = socket.gethostname()
TIMEOUT = timedelta(seconds=60)


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The pid of another process of this machine that stays alive during the test."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield child.pid
    child.kill()
    child.wait()


@pytest.fixture
def dead_pid() -> int:
    """The pid of a process of this machine that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(rt: Runtime, owner: str | None, heartbeat: datetime | None) -> int:
    with rt.transaction() as session:
        job = Job(kind="selftest.count", state="running", progress=0.3, started_by="admin")
        job.owner, job.heartbeat_at = owner, heartbeat
        session.add(job)
        session.flush()
        return job.id


def _state(rt: Runtime, job_id: int) -> tuple[str, str | None]:
    with rt.transaction() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.state, job.error


def test_a_job_of_a_live_other_process_is_not_touched(rt: Runtime, live_pid: int) -> None:
    now = datetime.now(UTC)
    same_host = _running(rt, f"{HOST}:{live_pid}:0badc0de", now)
    other_host = _running(rt, "worker-7.example:4242:0badc0de", now - timedelta(seconds=30))
    assert jobs.mark_interrupted(rt) == []
    assert _state(rt, same_host) == ("running", None)
    assert _state(rt, other_host) == ("running", None)


def test_stale_and_dead_owners_are_failed_with_the_reason_once(rt: Runtime, dead_pid: int) -> None:
    now = datetime.now(UTC)
    stale = _running(rt, "worker-7.example:4242:0badc0de", now - 2 * TIMEOUT)
    dead = _running(rt, f"{HOST}:{dead_pid}:0badc0de", now)
    # this very pid under another random part: a previous server that had the same pid (pid 1 in a container)
    reused = _running(rt, f"{HOST}:{os.getpid()}:0badc0de", now)
    ownerless = _running(rt, None, None)
    mine = _running(rt, job_owner.owner_id(), now - 2 * TIMEOUT)  # this process is alive, whatever the clock
    assert jobs.mark_interrupted(rt) == [stale, dead, reused, ownerless]
    for job_id in (stale, dead, reused, ownerless):
        assert _state(rt, job_id) == ("failed", "interrupted: server restarted")
    assert _state(rt, mine) == ("running", None)
    # idempotent: a second pass (another worker starting) finds nothing and writes nothing
    assert jobs.mark_interrupted(rt) == []
    with rt.transaction() as session:
        events = session.query(AuditEvent).filter_by(action="job.interrupted").all()
    assert sorted(int(e.object_id or 0) for e in events) == [stale, dead, reused, ownerless]


def test_the_timeout_is_configurable(rt: Runtime) -> None:
    heartbeat = datetime.now(UTC) - timedelta(seconds=30)
    job_id = _running(rt, "worker-7.example:4242:0badc0de", heartbeat)
    assert jobs.mark_interrupted(rt, timeout=60) == []
    assert jobs.mark_interrupted(rt, timeout=10) == [job_id]


def test_a_server_starting_leaves_a_live_workers_job_running(rt: Runtime, live_pid: int) -> None:
    job_id = _running(rt, f"{HOST}:{live_pid}:0badc0de", datetime.now(UTC))
    gone = _running(rt, f"{HOST}:{live_pid}:0badc0de", datetime.now(UTC) - 2 * TIMEOUT)
    with TestClient(create_app(runtime=rt)):
        pass
    assert _state(rt, job_id) == ("running", None)
    assert _state(rt, gone) == ("failed", jobs.INTERRUPTED)


def test_a_running_job_keeps_its_heartbeat_fresh(rt: Runtime) -> None:
    settings = Settings(database_url=rt.settings.database_url, job_heartbeat_timeout=0.4)  # a beat every 0.1 s
    runner = jobs.JobRunner(settings)
    try:
        info = runner.submit(rt, SYSTEM, "selftest.count", {"steps": 2, "delay": 0.8})
        beats = []
        for _ in range(40):
            time.sleep(0.05)
            with rt.transaction() as session:
                job = session.get(Job, info.id)
                assert job is not None
                if job.state != "running":
                    continue
                assert job.owner == job_owner.owner_id()
                beats.append(job.heartbeat_at)
        assert len(set(beats)) >= 5, "the heartbeat must advance while the job runs (several beats per step)"
        assert jobs.wait_for(rt, info.id, timeout=30).state == "succeeded"
    finally:
        runner.close()


def test_owner_ids_parse_and_name_this_process() -> None:
    parsed = job_owner.OwnerId.parse(job_owner.owner_id())
    assert parsed is not None
    assert (parsed.host, parsed.pid) == (HOST, os.getpid())
    assert job_owner.OwnerId.parse("no-pid-here") is None
    assert job_owner.pid_alive(os.getpid())
