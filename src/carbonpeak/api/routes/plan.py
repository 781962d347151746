"""The plan: clause tree with targets (``/plan``) and a target's page (``/plan/targets/{id}``), with JSON twins."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carbonpeak.api.deps import ActorDep, PageDep, RuntimeDep
from carbonpeak.errors import NotFound
from carbonpeak.services import tasks
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import views
from carbonpeak.web.cache import ViewCache

router = APIRouter()


def _register(request: Request, rt: Runtime, locale: str) -> dict[str, Any]:
    cache: ViewCache = request.app.state.views
    return cache.get(("plan", locale), lambda: views.plan_register(rt, locale))


def _target(rt: Runtime, target_id: str, locale: str) -> dict[str, Any]:
    detail = views.target_detail(rt, target_id, locale)
    if detail is None:
        raise NotFound(f"no target {target_id!r}")
    return detail


@router.get("/api/v1/plan", tags=["plan"])
def api_plan(request: Request, rt: RuntimeDep, actor: ActorDep, locale: str = "zh_CN") -> dict[str, Any]:
    """The plan's clause tree: parts → sections → sub-tasks, with lead departments and targets' status."""
    return _register(request, rt, locale)


@router.get("/api/v1/plan/targets/{target_id}", tags=["plan"])
def api_target(rt: RuntimeDep, actor: ActorDep, target_id: str, locale: str = "zh_CN") -> dict[str, Any]:
    """One target: definition, the plan's words, evaluation per region, measured history."""
    return _target(rt, target_id, locale)


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, rt: RuntimeDep, actor: ActorDep, page: PageDep) -> HTMLResponse:
    return page.render("plan.html", **_register(request, rt, page.context["locale"]))


@router.get("/plan/targets/{target_id}", response_class=HTMLResponse, include_in_schema=False)
def target_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, target_id: str) -> HTMLResponse:
    target = _target(rt, target_id, page.context["locale"])
    node = tasks.find_node(target_id)
    return page.render(
        "target.html",
        target=target,
        node=node,
        allowed=tasks.can_report(actor, node),
        reports=tasks.node_reports(rt, target_id)[:5],
        statuses=tasks.PROGRESS_STATUSES,
        year=date.today().year,
    )
