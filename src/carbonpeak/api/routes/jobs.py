"""Jobs: ``/jobs`` (list, start the self-test, live progress by htmx polling) and ``/api/v1/jobs``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from carbonpeak.api.deps import ActorDep, CsrfDep, DbSession, JobsDep, PageDep, RuntimeDep
from carbonpeak.api.schemas import JobIn
from carbonpeak.services import jobs
from carbonpeak.services.actor import Role

router = APIRouter()
#: job ids are 32-bit integers in the database
JobId = Annotated[int, Path(ge=1, le=2**31 - 1)]

#: htmx stops polling when a response has this status
HTMX_STOP_POLLING = 286


@router.get("/api/v1/jobs", tags=["jobs"])
def api_jobs(session: DbSession, actor: ActorDep) -> list[jobs.JobInfo]:
    """Recent jobs, newest first (others than the administrator and provincial office: their own)."""
    return jobs.list_jobs(session, actor)


@router.get("/api/v1/jobs/{job_id}", tags=["jobs"])
def api_job(session: DbSession, actor: ActorDep, job_id: JobId) -> jobs.JobInfo:
    """One job with its state, progress, result or error."""
    return jobs.get_job(session, actor, job_id)


@router.post("/api/v1/jobs", tags=["jobs"], dependencies=[CsrfDep], status_code=202)
def api_start_job(rt: RuntimeDep, runner: JobsDep, actor: ActorDep, body: JobIn) -> jobs.JobInfo:
    """Start a self-test job (administrators); other kinds are started by their own endpoints."""
    actor.require_role(Role.ADMINISTRATOR)
    jobs.check_startable(body.kind)
    return runner.submit(rt, actor, body.kind, body.params)


@router.get("/jobs", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(session: DbSession, actor: ActorDep, page: PageDep) -> HTMLResponse:
    return page.render("jobs.html", jobs=jobs.list_jobs(session, actor))


@router.post("/jobs/selftest", dependencies=[CsrfDep], include_in_schema=False)
def jobs_selftest(rt: RuntimeDep, runner: JobsDep, actor: ActorDep) -> RedirectResponse:
    actor.require_role(Role.ADMINISTRATOR)
    info = runner.submit(rt, actor, "selftest.count", {"steps": 10, "delay": 0.3})
    return RedirectResponse(f"/jobs/{info.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(session: DbSession, actor: ActorDep, page: PageDep, job_id: JobId) -> HTMLResponse:
    return page.render("job.html", job=jobs.get_job(session, actor, job_id))


@router.get("/jobs/{job_id}/progress", response_class=HTMLResponse, include_in_schema=False)
def job_progress(request: Request, session: DbSession, actor: ActorDep, page: PageDep, job_id: JobId) -> Response:
    info = jobs.get_job(session, actor, job_id)
    status = HTMX_STOP_POLLING if info.finished and request.headers.get("HX-Request") else 200
    return page.render("_job_progress.html", status_code=status, job=info)
