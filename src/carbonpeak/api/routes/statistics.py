"""Statistics: browse, revision history, export, templates and uploads. Pages under ``/statistics``,
JSON twins under ``/api/v1/statistics``; both call :mod:`carbonpeak.services.statistics`,
:mod:`~carbonpeak.services.uploads` and :mod:`~carbonpeak.services.templates`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, field_validator

from carbonpeak.api.deps import ActorDep, CsrfDep, JobsDep, PageDep, RuntimeDep
from carbonpeak.api.schemas import CommitIn, CommitOut, HistoryKey, ObservationOut, PreviewOut
from carbonpeak.core.variables import DATASETS
from carbonpeak.services import publication, statistics, templates, uploads
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.reviews import ReadScope
from carbonpeak.web.cache import ViewCache
from carbonpeak.web.frames import EXPORT_TYPES, PAGE_ROWS, export_bytes, page_count, page_records, records
from carbonpeak.web.templating import render_fragment

router = APIRouter()
#: columns the statistics page sorts by (``-`` before one: descending)
SORTABLE_FIELDS = Literal[
    "region",
    "period",
    "variable",
    "basis",
    "vintage",
    "value",
    "unit",
    "revision",
    "source",
    "-region",
    "-period",
    "-variable",
    "-basis",
    "-vintage",
    "-value",
    "-unit",
    "-revision",
    "-source",
]


class ObservationFilter(BaseModel):
    """What to browse or export; empty fields do not filter. ``as_of``: as known at the end of that day."""

    model_config = ConfigDict(extra="forbid")
    region: str | None = Field(default=None, max_length=12)
    variable: str | None = Field(default=None, max_length=200)
    variable_prefix: str | None = Field(default=None, max_length=200)
    period: str | None = Field(default=None, max_length=20)
    basis: str | None = Field(default=None, max_length=40)
    vintage: str | None = Field(default=None, max_length=20)
    as_of: date | None = None
    best_available: bool = True

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def empty(self) -> bool:
        return not (self.region or self.variable or self.variable_prefix or self.period)

    def frame(self, rt: Runtime, scope: ReadScope) -> pd.DataFrame:
        """The matching observations ``scope`` may read (published data plus the drafts it covers)."""

        def one(value: str | None) -> list[str] | None:
            return [value] if value else None

        as_of = datetime.combine(self.as_of + timedelta(days=1), time.min, UTC) if self.as_of else None
        frame = statistics.observations(
            rt,
            regions=one(self.region),
            variables=one(self.variable),
            periods=one(self.period),
            vintages=one(self.vintage),
            variable_prefix=self.variable_prefix,
            as_of=as_of,
            best_available=self.best_available,
            scope=scope,
        )
        return frame[frame["basis"] == self.basis] if self.basis else frame


class ExportFilter(ObservationFilter):
    """The filter of an export, with the file format."""

    fmt: Literal["csv", "xlsx"] = "csv"


FilterDep = Annotated[ObservationFilter, Query()]


class CommitForm(CommitIn):
    """The preview page's commit form: the token and the CSRF token besides the import's fields."""

    token: str = Field(max_length=64)
    csrf_token: str = Field(default="", exclude=True)


@router.get("/api/v1/statistics/observations", tags=["statistics"])
def api_observations(rt: RuntimeDep, actor: ActorDep, search: FilterDep) -> list[ObservationOut]:
    """Observations as known at ``as_of`` (best available vintage unless ``best_available=false``)."""
    return [ObservationOut.model_validate(r) for r in records(search.frame(rt, publication.read_scope(actor)))]


@router.get("/api/v1/statistics/history", tags=["statistics"])
def api_history(rt: RuntimeDep, actor: ActorDep, key: Annotated[HistoryKey, Query()]) -> list[ObservationOut]:
    """Every revision of one statistic (region, period, variable, basis, vintage), oldest first."""
    scope = publication.read_scope(actor)
    return [ObservationOut.model_validate(r) for r in records(statistics.history(rt, **key.model_dump(), scope=scope))]


@router.get("/api/v1/statistics/export", tags=["statistics"])
def api_export(rt: RuntimeDep, actor: ActorDep, search: Annotated[ExportFilter, Query()]) -> Response:
    """The filtered observations as a CSV or xlsx file (gaps stay empty, never zero)."""
    headers = {"Content-Disposition": f'attachment; filename="carbonpeak-statistics.{search.fmt}"'}
    frame = search.frame(rt, publication.read_scope(actor))
    return Response(export_bytes(frame, search.fmt), media_type=EXPORT_TYPES[search.fmt], headers=headers)


@router.get("/api/v1/statistics/templates/{dataset}", tags=["statistics"])
def api_template(actor: ActorDep, dataset: Literal["energy", "gdp", "population", "emissions"]) -> Response:
    """A blank xlsx upload template of a data set, with lists of regions and variables."""
    headers = {"Content-Disposition": f'attachment; filename="carbonpeak-template-{dataset}.xlsx"'}
    return Response(templates.build_template(dataset), media_type=EXPORT_TYPES["xlsx"], headers=headers)


@router.post("/api/v1/statistics/uploads", tags=["statistics"], dependencies=[CsrfDep])
async def api_preview(
    actor: ActorDep, file: Annotated[UploadFile, File()], vintage: Annotated[str, Form()], dataset: str | None = None
) -> PreviewOut:
    """Check a CSV/xlsx file without writing it: rows, every problem, the first rows as they would be stored."""
    found = uploads.preview(actor, await file.read(), file.filename or "upload.csv", vintage=vintage, dataset=dataset)
    return PreviewOut.from_preview(found)


@router.post("/api/v1/statistics/uploads/{token}/commit", tags=["statistics"], dependencies=[CsrfDep])
def api_commit(rt: RuntimeDep, runner: JobsDep, actor: ActorDep, token: str, body: CommitIn) -> CommitOut:
    """Import a previewed file all or nothing; a large file becomes a job (see ``job_id``)."""
    outcome = uploads.commit(rt, actor, runner, token=token, **body.model_dump())
    return CommitOut.from_outcome(outcome)


class BrowseFilter(ObservationFilter):
    """The statistics page's query: the filter, the sort column (``-column``: descending) and the page."""

    sort: SORTABLE_FIELDS | None = None
    page: int | None = Field(default=None, ge=1, le=1_000_000)

    def only_filter(self) -> ObservationFilter:
        return ObservationFilter.model_validate(self.model_dump(exclude={"sort", "page"}))


@router.get("/statistics", response_class=HTMLResponse, include_in_schema=False)
def statistics_page(
    request: Request, rt: RuntimeDep, actor: ActorDep, page: PageDep, search: Annotated[BrowseFilter, Query()]
) -> HTMLResponse:
    cache: ViewCache = request.app.state.views
    scope = publication.read_scope(actor)
    chosen = search.only_filter()
    key = (scope.cache_key, chosen.model_dump_json())
    # the scope is part of the key: a view holding a city's drafts is never served to another reader
    data = cache.get(("statistics", *key), lambda: _browse(rt, chosen, scope))
    pages = page_count(data["total"])
    number = min(search.page or 1, pages)
    shell: dict[str, Any] = {"search": search, "datasets": DATASETS, "filter_query": _query_of(chosen)}
    shell["page_no"] = number
    if search.empty:
        return page.render("statistics.html", **shell, groups=data["groups"], total=0, pages=1, table="")
    locale = page.context["locale"]

    def table() -> Markup:
        rows = page_records(data["frame"], sort=search.sort, page=number)
        view = {"rows": rows, "sort": search.sort, "filter_query": shell["filter_query"]}
        return render_fragment(request.app.state.templates, "_statistics_rows.html", locale, view)

    fragment = cache.get(("statistics-html", *key, locale, search.sort, number), table)
    shown = min(PAGE_ROWS, data["total"] - (number - 1) * PAGE_ROWS)
    return page.render(
        "statistics.html", **shell, groups=[], total=data["total"], pages=pages, shown=shown, table=fragment
    )


def _query_of(search: ObservationFilter) -> str:
    """The filter as a query string (for the pager, the sort links and the export links)."""
    fields = search.model_dump(exclude_defaults=True, mode="json")
    return urlencode({name: value for name, value in fields.items() if value is not None})


def _browse(rt: Runtime, search: ObservationFilter, scope: ReadScope) -> dict[str, Any]:
    """The page's data: the store's summary when nothing is chosen, else the matching frame and its length."""
    if search.empty:
        return {"groups": statistics.summary(rt, scope), "frame": None, "total": 0}
    frame = search.frame(rt, scope)
    return {"groups": [], "frame": frame, "total": len(frame)}


@router.get("/statistics/history", response_class=HTMLResponse, include_in_schema=False)
def history_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, key: Annotated[HistoryKey, Query()]) -> HTMLResponse:
    revisions = records(statistics.history(rt, **key.model_dump(), scope=publication.read_scope(actor)))
    return page.render("history.html", key=key, revisions=revisions)


@router.post("/statistics/upload", response_class=HTMLResponse, include_in_schema=False, dependencies=[CsrfDep])
async def upload_page(
    actor: ActorDep,
    page: PageDep,
    file: Annotated[UploadFile, File()],
    vintage: Annotated[str, Form()],
    dataset: Annotated[str, Form()] = "",
) -> HTMLResponse:
    data = await file.read()
    found = uploads.preview(actor, data, file.filename or "upload.csv", vintage=vintage, dataset=dataset or None)
    return page.render("upload_preview.html", status_code=200 if found.ok else 422, preview=found)


@router.post("/statistics/commit", include_in_schema=False, dependencies=[CsrfDep])
def commit_page(
    rt: RuntimeDep, runner: JobsDep, actor: ActorDep, page: PageDep, form: Annotated[CommitForm, Form()]
) -> Any:
    outcome = uploads.commit(rt, actor, runner, **form.model_dump())
    if outcome.job is not None:
        return RedirectResponse(f"/jobs/{outcome.job.id}", status_code=303)
    return page.render("upload_done.html", result=outcome.result)
