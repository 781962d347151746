"""The barometer (``/warnings``), a cell's calculation, the alert history, with JSON twins under ``/api/v1/warnings``.

Reading is open to every logged-in role; running the barometer and loading the recorded provincial
warnings are writes of the provincial office and administrators (CSRF, audited by the service).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from carbonpeak.api.deps import ActorDep, CsrfDep, PageDep, RuntimeDep
from carbonpeak.services import progress, warning_log
from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import warning_views
from carbonpeak.web.cache import ViewCache

router = APIRouter()
#: the roles that may run the barometer and load the recorded warnings (services.warnings)
_RUNNERS = (Role.ADMINISTRATOR, Role.PROVINCE)

Convention = Literal["linear", "geometric"]
PeriodQ = Annotated[
    str, Query(max_length=20, description="2018, 2020Q3 or 2020-01/2020-09; default the latest graded year")
]
RulesQ = Annotated[str, Query(max_length=60, description="rule set id")]
ConventionQ = Annotated[Convention | None, Query(description="schedule convention; default the setting")]
ForecastMethod = Literal["normal", "bootstrap"]
ForecastQ = Annotated[ForecastMethod, Query(description="forecast method of a year-to-date period (§2.4)")]
RegionQ = Annotated[str | None, Query(max_length=12, description="region code")]
RunIdQ = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


class RunIn(BaseModel):
    """Run the barometer for one period with one rule set (and schedule convention)."""

    model_config = ConfigDict(extra="forbid")
    period: str = Field(min_length=4, max_length=20)
    rules: str = Field(default="national_2020", max_length=60)
    convention: Convention | None = None
    forecast_method: ForecastMethod = "normal"


class RunForm(RunIn):
    csrf_token: str = Field(default="", exclude=True)


def _years(request: Request, rt: Runtime, rules: str, convention: str | None) -> list[dict[str, Any]]:
    cache: ViewCache = request.app.state.views
    chosen = progress.schedule_convention(rt, convention)
    return cache.get(
        ("warning-years", rules, chosen), lambda: warning_views.graded_years(rt, rule_id=rules, convention=chosen)
    )


def _cached_grid(
    request: Request, rt: Runtime, period: str, rules: str, convention: str | None, method: str
) -> dict[str, Any]:
    """The barometer grid of ``period``, computed once per data version (the page and each cell share it)."""
    cache: ViewCache = request.app.state.views
    chosen = progress.schedule_convention(rt, convention)
    return cache.get(
        ("warning-grid", period, rules, chosen, method),
        lambda: warning_views.barometer_grid(
            rt, period=period, rule_id=rules, convention=chosen, forecast_method=method
        ),
    )


def _grid(
    request: Request, rt: Runtime, period: str | None, rules: str, convention: str | None, method: str = "normal"
) -> dict[str, Any]:
    years = _years(request, rt, rules, convention)
    chosen = period or (years[0]["period"] if years else str(warning_views.periods()[0]))
    return {**_cached_grid(request, rt, chosen, rules, convention, method), "graded_years": years}


@router.get("/api/v1/warnings", tags=["warnings"])
def api_barometer(
    request: Request, rt: RuntimeDep, actor: ActorDep, period: PeriodQ | None = None,
    rules: RulesQ = "national_2020", convention: ConventionQ = None, forecast_method: ForecastQ = "normal",
) -> dict[str, Any]:  # fmt: skip
    """Regions × indicators of ``period``: level, A, T, formula, rule and inputs per cell; recorded warnings beside.

    For a year-to-date period each row also carries ``forecast``: P(missing the annual target) graded by
    ``forecast_default``, with method, seed, history and inputs, or the reason there is none.
    """
    return _grid(request, rt, period, rules, convention, forecast_method)


@router.get("/api/v1/warnings/cell", tags=["warnings"])
def api_cell(
    request: Request, rt: RuntimeDep, actor: ActorDep, period: PeriodQ, region: Annotated[str, Query(max_length=12)],
    indicator: Annotated[str, Query(max_length=40)], rules: RulesQ = "national_2020", convention: ConventionQ = None,
    forecast_method: ForecastQ = "normal",
) -> dict[str, Any]:  # fmt: skip
    """One cell's calculation: formula, numbers (base, current, cumulative change, progress, requirement), rule."""
    grid = _cached_grid(request, rt, period, rules, convention, forecast_method)
    return warning_views.cell_of(grid, region, indicator)


@router.get("/api/v1/warnings/recorded", tags=["warnings"])
def api_recorded(
    rt: RuntimeDep, actor: ActorDep, rules: RulesQ = "national_2020", convention: ConventionQ = None
) -> list[dict[str, Any]]:
    """The province's recorded warnings (Jan–Sep 2014, 2020) beside the level carbonpeak computes."""
    side = sw.recorded_vs_computed(rt, rule_id=rules, convention=convention)
    return [{str(k): (None if v != v else v) for k, v in r.items()} for r in side.to_dict("records")]


@router.post("/api/v1/warnings/recorded", tags=["warnings"], dependencies=[CsrfDep])
def api_load_recorded(rt: RuntimeDep, actor: ActorDep) -> dict[str, int]:
    """Load the recorded provincial warnings into the store (provincial office, administrators). Idempotent."""
    return {"loaded": sw.load_recorded_warnings(rt, actor)}


@router.get("/api/v1/warnings/runs", tags=["warnings"])
def api_runs(rt: RuntimeDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Stored barometer runs, newest first: who ran, when, rule set and version, cells per level."""
    return warning_log.runs(rt)


@router.post("/api/v1/warnings/runs", tags=["warnings"], dependencies=[CsrfDep], status_code=201)
def api_run(rt: RuntimeDep, actor: ActorDep, body: RunIn) -> dict[str, Any]:
    """Run and store the barometer, notifying worsened regions (provincial office, administrators)."""
    return sw.run_barometer(
        rt, actor, period=body.period, rule_id=body.rules, convention=body.convention,
        forecast_method=body.forecast_method,
    )  # fmt: skip


@router.get("/api/v1/warnings/evaluations", tags=["warnings"])
def api_evaluations(
    rt: RuntimeDep, actor: ActorDep, region: RegionQ = None, run: RunIdQ = None
) -> list[dict[str, Any]]:
    """Stored evaluations (newest first), filtered by region and/or run."""
    return warning_log.evaluations(rt, region=region or None, run_id=run)


@router.get("/warnings", response_class=HTMLResponse, include_in_schema=False)
def barometer_page(
    request: Request, rt: RuntimeDep, actor: ActorDep, page: PageDep, period: PeriodQ | None = None,
    rules: RulesQ = "national_2020", convention: ConventionQ = None, forecast_method: ForecastQ = "normal",
) -> HTMLResponse:  # fmt: skip
    grid = _grid(request, rt, period, rules, convention, forecast_method)
    return page.render(
        "warnings.html", grid=grid, periods=warning_views.periods(), rule_ids=sw.rule_set_ids(),
        conventions=list(progress.CONVENTIONS), can_run=actor.role in _RUNNERS,
    )  # fmt: skip


@router.get("/warnings/cell", response_class=HTMLResponse, include_in_schema=False)
def cell_page(
    request: Request, rt: RuntimeDep, actor: ActorDep, page: PageDep, period: PeriodQ,
    region: Annotated[str, Query(max_length=12)], indicator: Annotated[str, Query(max_length=40)],
    rules: RulesQ = "national_2020", convention: ConventionQ = None, forecast_method: ForecastQ = "normal",
) -> HTMLResponse:  # fmt: skip
    grid = _cached_grid(request, rt, period, rules, convention, forecast_method)
    detail = warning_views.cell_of(grid, region, indicator)
    name = "_warning_cell.html" if request.headers.get("HX-Request") else "warning_cell.html"
    return page.render(name, detail=detail)


@router.get("/warnings/history", response_class=HTMLResponse, include_in_schema=False)
def history_page(
    rt: RuntimeDep, actor: ActorDep, page: PageDep, region: RegionQ = None, run: RunIdQ = None
) -> HTMLResponse:
    return page.render(
        "warning_history.html", runs=warning_log.runs(rt), region=region or "", run=run,
        evaluations=warning_log.evaluations(rt, region=region or None, run_id=run, limit=200),
        recorded=warning_log.recorded(rt), can_run=actor.role in _RUNNERS,
        periods=warning_views.periods(), rule_ids=sw.rule_set_ids(), conventions=list(progress.CONVENTIONS),
        regions=warning_views.region_codes(),
    )  # fmt: skip


@router.post("/warnings/run", dependencies=[CsrfDep], include_in_schema=False)
def run_form(rt: RuntimeDep, actor: ActorDep, body: Annotated[RunForm, Form()]) -> RedirectResponse:
    summary = sw.run_barometer(
        rt, actor, period=body.period, rule_id=body.rules, convention=body.convention,
        forecast_method=body.forecast_method,
    )  # fmt: skip
    return RedirectResponse(f"/warnings/history?run={summary['run_id']}", status_code=303)


@router.post("/warnings/recorded", dependencies=[CsrfDep], include_in_schema=False)
def load_recorded_form(rt: RuntimeDep, actor: ActorDep) -> RedirectResponse:
    sw.load_recorded_warnings(rt, actor)
    return RedirectResponse("/warnings/history", status_code=303)
