"""CO2 inventory: the page ``/inventory`` and its JSON twins under ``/api/v1/inventory``.

Both read one view model (:func:`carbonpeak.web.inventory_views.inventory_view`, cached until the data
change); the one write, "compute and store", calls :func:`carbonpeak.services.inventory.store_inventory`
(provincial office and administrators only, CSRF-checked, audited).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from carbonpeak.api.deps import ActorDep, CsrfDep, PageDep, RuntimeDep
from carbonpeak.errors import NotFound
from carbonpeak.reference.regions import PROVINCE_CODE
from carbonpeak.services import inventory
from carbonpeak.services.actor import Actor
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import inventory_charts
from carbonpeak.web import inventory_models as models
from carbonpeak.web import inventory_views as views
from carbonpeak.web.cache import ViewCache

router = APIRouter()
FactorSet = Literal["ceads", "ipcc2006", "china_national_defaults"]
Basis = Literal["direct", "including_imports"]


class InventoryParams(BaseModel):
    """Which inventory: region (code or name, e.g. 340000, Anhui, 合肥市), years, factor set, basis, Sankey year."""

    model_config = ConfigDict(extra="forbid")
    region: str = Field(default=PROVINCE_CODE, min_length=1, max_length=40)
    first: int = Field(default=2005, ge=1000, le=9999)
    last: int = Field(default=2022, ge=1000, le=9999)
    factor_set: FactorSet = "ceads"
    basis: Basis = "direct"
    year: int | None = Field(default=None, ge=1000, le=9999, description="year of the Sankey diagram (default: last)")

    def query(self) -> views.InventoryQuery:
        return views.InventoryQuery(**self.model_dump())


class StoreForm(InventoryParams):
    """The page's "compute and store" form: the shown inventory and the CSRF token."""

    csrf_token: str = Field(default="", exclude=True)


class StoreOut(BaseModel):
    """What was stored: the inventory's key and the number of new revisions (unchanged values are skipped)."""

    region: str
    first: int
    last: int
    factor_set: str
    basis: str
    rows_written: int


ParamsDep = Annotated[InventoryParams, Query()]


def _view(request: Request, rt: Runtime, params: InventoryParams) -> models.InventoryView:
    cache: ViewCache = request.app.state.views
    query = params.query()
    return cache.get(("inventory", query), lambda: views.inventory_view(rt, query))


def _part(view: models.InventoryView, name: str) -> Any:
    part = view[name]  # type: ignore[literal-required]
    if part is None:
        raise NotFound(
            f"{name}: the CEADs city inventories have totals only (no sector or fuel split); "
            "see /api/v1/inventory/cities, or ask for the province (340000)"
        )
    return part


def _store(rt: Runtime, actor: Actor, params: InventoryParams) -> StoreOut:
    query = params.query()
    query.check()
    code, _, _ = inventory.resolve_region(query.region)
    written = inventory.store_inventory(rt, actor, code, query.years, factor_set=query.factor_set, grid=query.grid)
    return StoreOut(**{**params.model_dump(exclude={"year"}), "region": code, "rows_written": written})


@router.get("/api/v1/inventory", tags=["inventory"])
def api_inventory(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.InventoryView:
    """Everything the inventory page shows (a city: its CEADs totals and EDGAR proxy only, the rest null)."""
    return _view(request, rt, params)


@router.get("/api/v1/inventory/regions", tags=["inventory"])
def api_regions(actor: ActorDep) -> list[models.RegionOption]:
    """The regions the inventory can be shown for: the province and its 16 cities."""
    return views.region_options()


@router.get("/api/v1/inventory/totals", tags=["inventory"])
def api_totals(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Stacked:
    """Province CO2 by year on the basis: energy, cement process, total (Mt CO2)."""
    return _part(_view(request, rt, params), "totals")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/sectors", tags=["inventory"])
def api_sectors(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Stacked:
    """Province CO2 by sector group and year (Mt CO2; cement process under industry)."""
    return _part(_view(request, rt, params), "sectors")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/fuels", tags=["inventory"])
def api_fuels(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Stacked:
    """Province CO2 by fuel and year (Mt CO2; cement process as ``Cement``)."""
    return _part(_view(request, rt, params), "fuels")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/sankey", tags=["inventory"])
def api_sankey(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Sankey:
    """Fuel → sector-group links of combustion CO2 in ``year`` (default: the last year)."""
    return _part(_view(request, rt, params), "sankey")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/intensity", tags=["inventory"])
def api_intensity(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Intensity:
    """CO2 per 10^4 yuan of constant-2005 GDP and per head, from the stored statistics (gaps null)."""
    return _part(_view(request, rt, params), "intensity")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/factor-sets", tags=["inventory"])
def api_factor_sets(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.FactorSets:
    """Province combustion CO2 under each factor set and its shift against CEADs, by year."""
    return _part(_view(request, rt, params), "factor_sets")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/reconciliation", tags=["inventory"])
def api_reconciliation(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Reconciliation:
    """CEADs city sum against the CEADs province total by year: gaps named, difference explained."""
    return _part(_view(request, rt, params), "reconciliation")  # type: ignore[no-any-return]


@router.get("/api/v1/inventory/cities", tags=["inventory"])
def api_cities(request: Request, rt: RuntimeDep, actor: ActorDep, params: ParamsDep) -> models.Cities:
    """The 16 cities' CO2 (or the chosen city's): CEADs city inventory and EDGAR proxy, gaps null."""
    return _view(request, rt, params)["cities"]


@router.post("/api/v1/inventory/store", tags=["inventory"], dependencies=[CsrfDep])
def api_store(rt: RuntimeDep, actor: ActorDep, body: InventoryParams) -> StoreOut:
    """Compute the province inventory and store it as new revisions (provincial office, administrator)."""
    return _store(rt, actor, body)


@router.get("/inventory", response_class=HTMLResponse, include_in_schema=False)
def inventory_page(request: Request, rt: RuntimeDep, actor: ActorDep, page: PageDep, params: ParamsDep) -> HTMLResponse:
    view = _view(request, rt, params)
    stored = request.session.pop("inventory_stored", None)
    return page.render(
        "inventory.html", view=view, params=params, regions=views.region_options(), charts=inventory_charts,
        names=views, stored=stored,
    )  # fmt: skip


@router.post("/inventory/store", include_in_schema=False, dependencies=[CsrfDep])
def store_page(
    request: Request, rt: RuntimeDep, actor: ActorDep, form: Annotated[StoreForm, Form()]
) -> RedirectResponse:
    result = _store(rt, actor, form)
    request.session["inventory_stored"] = result.rows_written
    query = urlencode(form.model_dump(exclude={"csrf_token"}, exclude_none=True))
    return RedirectResponse(f"/inventory?{query}", status_code=303)
