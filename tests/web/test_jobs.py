"""Jobs: the row is the truth; the work runs on an in-process Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carbonpeak.errors import DataError, NotFound
from carbonpeak.services import jobs
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, Job


@pytest.fixture
def runner(rt: Runtime) -> Iterator[jobs.JobRunner]:
    job_runner = jobs.JobRunner(rt.settings)
    yield job_runner
    job_runner.close()


def test_job_runs_reports_progress_and_succeeds(rt: Runtime, runner: jobs.JobRunner) -> None:
    seen: list[float] = []
    info = runner.submit(rt, SYSTEM, "selftest.count", {"steps": 4, "delay": 0.05})
    assert info.state == "queued"
    done = jobs.wait_for(rt, info.id, timeout=30, on_progress=lambda f, m=None: seen.append(f))
    assert done.state == "succeeded"
    assert done.progress == 1.0
    assert done.result == {"steps": 4}
    assert done.started_at is not None
    assert done.finished_at is not None
    assert seen == sorted(seen)


def test_failing_job_records_its_error(rt: Runtime, runner: jobs.JobRunner) -> None:
    info = runner.submit(rt, SYSTEM, "selftest.count", {"steps": 3, "delay": 0.01, "fail_at": 2})
    done = jobs.wait_for(rt, info.id, timeout=30)
    assert done.state == "failed"
    assert done.error == "RuntimeError: failed on purpose at step 2"
    assert done.progress == pytest.approx(1 / 3)


def test_unknown_kind_and_bad_parameters_are_refused_before_anything_is_written(
    rt: Runtime, runner: jobs.JobRunner
) -> None:
    with pytest.raises(DataError, match="unknown job kind"):
        runner.submit(rt, SYSTEM, "no.such.kind", {})
    with pytest.raises(DataError) as caught:
        runner.submit(rt, SYSTEM, "selftest.count", {"steps": "many", "delay": -1})
    assert {p.column for p in caught.value.problems} == {"steps", "delay"}
    with rt.transaction() as session:
        assert session.query(Job).count() == 0
        assert session.query(AuditEvent).count() == 0


def test_restart_marks_left_over_jobs_failed(rt: Runtime) -> None:
    with rt.transaction() as session:
        session.add_all(
            [
                Job(kind="selftest.count", state="running", progress=0.5, started_by="admin"),
                Job(kind="selftest.count", state="queued", progress=0.0, started_by="admin"),
                Job(kind="selftest.count", state="succeeded", progress=1.0, started_by="admin"),
            ]
        )
    assert jobs.mark_interrupted(rt) == [1, 2]
    with rt.transaction() as session:
        states = [(j.state, j.error) for j in session.query(Job).order_by(Job.id)]
        assert session.query(AuditEvent).filter_by(action="job.interrupted").count() == 2
    assert states == [("failed", jobs.INTERRUPTED), ("failed", jobs.INTERRUPTED), ("succeeded", None)]


def test_users_see_only_their_own_jobs(rt: Runtime) -> None:
    with rt.transaction() as session:
        session.add(Job(kind="selftest.count", state="succeeded", progress=1.0, started_by="hefei"))
    other = Actor(login="wuhu", role=Role.CITY, region="340200")
    with rt.transaction() as session:
        assert jobs.list_jobs(session, other) == []
        with pytest.raises(NotFound):
            jobs.get_job(session, other, 1)
        assert [j.id for j in jobs.list_jobs(session, SYSTEM)] == [1]
