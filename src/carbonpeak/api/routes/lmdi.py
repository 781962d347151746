"""LMDI explanation of a region's CO2 change: ``/lmdi`` (waterfall and tables) and ``/api/v1/lmdi``.

A region without sector data (every city) or years outside the data answer 404 / 422 with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from carbonpeak.api.deps import ActorDep, PageDep
from carbonpeak.services import lmdi
from carbonpeak.web import lmdi_views, warning_views

router = APIRouter()
RegionQ = Annotated[str, Query(max_length=40, description="region code or name (province only: 340000)")]
YearQ = Annotated[int, Query(ge=-(2**31), le=2**31 - 1)]


@router.get("/api/v1/lmdi", tags=["lmdi"])
def api_lmdi(
    actor: ActorDep, region: RegionQ = "340000", start: YearQ = 2015, end: YearQ = 2020, intensity: bool = False
) -> dict[str, Any]:
    """Additive and multiplicative LMDI effects, the waterfall bars and the checks that they add up."""
    return lmdi_views.lmdi_view(region, start, end, intensity=intensity)


@router.get("/lmdi", response_class=HTMLResponse, include_in_schema=False)
def lmdi_page(
    actor: ActorDep, page: PageDep, region: RegionQ = "340000", start: YearQ = 2015, end: YearQ = 2020,
    intensity: bool = False,
) -> HTMLResponse:  # fmt: skip
    view = lmdi_views.lmdi_view(region, start, end, intensity=intensity)
    years = list(range(lmdi.FIRST_YEAR, lmdi.LAST_YEAR + 1))
    return page.render("lmdi.html", view=view, years=years, intensity=intensity, regions=warning_views.region_codes())
