"""Regions: the cities with their tier (``/regions``) and a city's page (``/regions/{code}``), with JSON twins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from carbonpeak.api.deps import ActorDep, PageDep, RuntimeDep
from carbonpeak.services import tiers
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import views

router = APIRouter()


def _cities(rt: Runtime) -> list[dict[str, Any]]:
    return [
        {
            "code": row.region.code,
            "name_zh": row.region.name_zh,
            "name_en": row.region.name_en,
            "tier": row.decision.as_dict() if row.decision else None,
        }
        for row in tiers.list_tiers(rt)
    ]


@router.get("/api/v1/regions", tags=["regions"])
def api_regions(rt: RuntimeDep, actor: ActorDep) -> list[dict[str, Any]]:
    """The cities with their current tier decision (None: not decided)."""
    return _cities(rt)


@router.get("/api/v1/regions/{code}", tags=["regions"])
def api_region(rt: RuntimeDep, actor: ActorDep, code: str) -> dict[str, Any]:
    """A city: tier, latest indicators and yearly series."""
    return views.city_page(rt, code)


@router.get("/regions", response_class=HTMLResponse, include_in_schema=False)
def regions_page(rt: RuntimeDep, actor: ActorDep, page: PageDep) -> HTMLResponse:
    return page.render("regions.html", cities=_cities(rt))


@router.get("/regions/{code}", response_class=HTMLResponse, include_in_schema=False)
def region_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, code: str) -> HTMLResponse:
    return page.render("region.html", city=views.city_page(rt, code))
