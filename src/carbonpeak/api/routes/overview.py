"""The overview: headline targets and the map of the 16 cities. ``/`` and ``/api/v1/overview``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from carbonpeak.api.deps import ActorDep, PageDep, RuntimeDep
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import views
from carbonpeak.web.cache import ViewCache
from carbonpeak.web.templating import render_fragment

router = APIRouter()
Indicator = Literal["Emissions|CO2", "GDP|Current", "Population", "Energy|Total"]


def overview(request: Request, rt: Runtime, indicator: str, locale: str) -> dict[str, Any]:
    """Headline tiles and the city map, cached until the data change."""
    cache: ViewCache = request.app.state.views
    today = date.today()
    tiles = cache.get(("headline", locale, today), lambda: views.headline(rt, locale, today))
    city_map = cache.get(("map", indicator, locale), lambda: views.city_map(rt, indicator, locale))
    return {"headline": tiles, "map": city_map, "indicators": list(views.MAP_INDICATORS)}


@router.get("/api/v1/overview", tags=["overview"])
def api_overview(
    request: Request, rt: RuntimeDep, actor: ActorDep, indicator: Indicator = "Emissions|CO2", locale: str = "zh_CN"
) -> dict[str, Any]:
    """Headline targets (latest value, target, status, sparkline) and the cities' values of ``indicator``."""
    return overview(request, rt, indicator, locale)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview_page(
    request: Request,
    rt: RuntimeDep,
    actor: ActorDep,
    page: PageDep,
    indicator: Annotated[Indicator, Query()] = "Emissions|CO2",
) -> HTMLResponse:
    locale, today = page.context["locale"], date.today()
    cache: ViewCache = request.app.state.views

    def body() -> Markup:
        data = overview(request, rt, indicator, locale)
        return render_fragment(request.app.state.templates, "_overview_body.html", locale, data)

    # the rendered body (hundreds of formatted numbers) is shared by every reader: overview data are published
    return page.render("overview.html", body=cache.get(("overview-html", locale, indicator, today), body))
