"""The annual target-and-task list (``/tasks``), a node's progress page (``/tasks/{node}``) and the progress
reports' JSON twins (``/api/v1/tasks``, ``/api/v1/plan/nodes/{node}/reports``); all call
:mod:`carbonpeak.services.tasks`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from carbonpeak.api.deps import ActorDep, CsrfDep, PageDep, RuntimeDep
from carbonpeak.services import tasks
from carbonpeak.services.plan import department_names

router = APIRouter()
YearQuery = Annotated[int | None, Query(ge=1900, le=2100)]


class ReportIn(BaseModel):
    """A progress report: the year, the status, a target's value with its unit (optional), a note."""

    model_config = ConfigDict(extra="forbid")
    year: int
    status: str = Field(max_length=20, description="not_started, on_schedule, behind or done")
    value: float | None = None
    unit: str | None = Field(default=None, max_length=60)
    note: str | None = Field(default=None, max_length=tasks.MAX_NOTE)


class ReportForm(ReportIn):
    """The page's form: blank fields are absent; the CSRF token besides."""

    csrf_token: str = Field(default="", exclude=True)

    @field_validator("value", "unit", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def _this_year() -> int:
    return date.today().year


def _row(row: tasks.TaskRow, locale: str) -> dict[str, Any]:
    names = department_names()
    return {
        **asdict(row.node),
        "title": row.node.title.get(locale),
        "lead_names": [names[k].get(locale) if k in names else k for k in row.node.lead],
        "current": asdict(row.current) if row.current else None,
        "reports": len(row.history),
    }


@router.get("/api/v1/tasks", tags=["plan"])
def api_tasks(rt: RuntimeDep, actor: ActorDep, year: YearQuery = None, locale: str = "zh_CN") -> dict[str, Any]:
    """The annual list: every task and target with its lead departments and current report for the year."""
    chosen = year or _this_year()
    return {"year": chosen, "rows": [_row(r, locale) for r in tasks.task_list(rt, year=chosen)]}


@router.get("/api/v1/plan/nodes/{node_id}/reports", tags=["plan"])
def api_reports(rt: RuntimeDep, actor: ActorDep, node_id: str, year: YearQuery = None) -> list[tasks.ProgressInfo]:
    """Every progress report on a task or target (of one year, if given), newest first."""
    return tasks.node_reports(rt, node_id, year=year)


@router.post("/api/v1/plan/nodes/{node_id}/reports", tags=["plan"], dependencies=[CsrfDep])
def api_report(rt: RuntimeDep, actor: ActorDep, node_id: str, body: ReportIn) -> tasks.ProgressInfo:
    """Report progress on a task or target (its lead department, the provincial office, an administrator)."""
    return tasks.report_progress(rt, actor, node_id, **body.model_dump())


@router.get("/tasks", response_class=HTMLResponse, include_in_schema=False)
def tasks_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, year: YearQuery = None) -> HTMLResponse:
    chosen = year or _this_year()
    locale = page.context["locale"]
    rows = [{**_row(r, locale), "allowed": tasks.can_report(actor, r.node)} for r in tasks.task_list(rt, year=chosen)]
    years = list(range(tasks.FIRST_YEAR, _this_year() + 2))
    return page.render("tasks.html", year=chosen, years=years, rows=rows)


@router.get("/tasks/{node_id}", response_class=HTMLResponse, include_in_schema=False)
def node_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, node_id: str, year: YearQuery = None) -> HTMLResponse:
    node = tasks.find_node(node_id)
    locale = page.context["locale"]
    names = department_names()
    return page.render(
        "task.html",
        node=node,
        title=node.title.get(locale),
        lead_names=[names[k].get(locale) if k in names else k for k in node.lead],
        reports=tasks.node_reports(rt, node_id),
        allowed=tasks.can_report(actor, node),
        year=year or _this_year(),
        statuses=tasks.PROGRESS_STATUSES,
    )


@router.post("/tasks/{node_id}/reports", include_in_schema=False, dependencies=[CsrfDep])
def report_page(rt: RuntimeDep, actor: ActorDep, node_id: str, form: Annotated[ReportForm, Form()]) -> RedirectResponse:
    report = tasks.report_progress(rt, actor, node_id, **form.model_dump())
    return RedirectResponse(f"/tasks/{quote(node_id)}?year={report.year}", status_code=303)
