"""Drafts of city offices and their publication: the review page ``/statistics/drafts`` and the JSON twins
under ``/api/v1/statistics/drafts``; both call :mod:`carbonpeak.services.publication`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from carbonpeak.api.deps import ActorDep, CsrfDep, PageDep, RuntimeDep
from carbonpeak.services import publication

router = APIRouter()
StateFilter = Literal["draft", "published", "rejected"]


class DraftOut(BaseModel):
    """A city's import batch under review."""

    import_id: int
    region: str
    state: str
    filename: str | None
    dataset: str
    rows: int
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    note: str | None


class DecisionIn(BaseModel):
    """An optional note with a publication or rejection (shown to the city)."""

    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=publication.MAX_NOTE)


class DecisionForm(DecisionIn):
    """The review page's form: publish or reject, the note, the CSRF token."""

    decision: Literal["publish", "reject"]
    csrf_token: str = Field(default="", exclude=True)


@router.get("/api/v1/statistics/drafts", tags=["statistics"])
def api_drafts(rt: RuntimeDep, actor: ActorDep, state: StateFilter | None = None) -> list[DraftOut]:
    """City imports under review the user may see: every city's for the office, its own for a city."""
    return [DraftOut(**asdict(d)) for d in publication.drafts(rt, actor, state=state)]


@router.post("/api/v1/statistics/drafts/{import_id}/publish", tags=["statistics"], dependencies=[CsrfDep])
def api_publish(rt: RuntimeDep, actor: ActorDep, import_id: int, body: DecisionIn) -> DraftOut:
    """Publish a city's draft (provincial office, administrator): everyone reads it from now on."""
    return DraftOut(**asdict(publication.publish(rt, actor, import_id, note=body.note)))


@router.post("/api/v1/statistics/drafts/{import_id}/reject", tags=["statistics"], dependencies=[CsrfDep])
def api_reject(rt: RuntimeDep, actor: ActorDep, import_id: int, body: DecisionIn) -> DraftOut:
    """Reject a city's draft (provincial office, administrator): its rows stay stored but are never read."""
    return DraftOut(**asdict(publication.reject(rt, actor, import_id, note=body.note)))


@router.get("/statistics/drafts", response_class=HTMLResponse, include_in_schema=False)
def drafts_page(rt: RuntimeDep, actor: ActorDep, page: PageDep, state: StateFilter | None = None) -> HTMLResponse:
    found = publication.drafts(rt, actor, state=state)
    return page.render("drafts.html", drafts=found, state=state or "")


@router.post("/statistics/drafts/{import_id}", include_in_schema=False, dependencies=[CsrfDep])
def decision_page(
    rt: RuntimeDep, actor: ActorDep, import_id: int, form: Annotated[DecisionForm, Form()]
) -> RedirectResponse:
    decide = publication.publish if form.decision == "publish" else publication.reject
    decide(rt, actor, import_id, note=form.note)
    return RedirectResponse("/statistics/drafts", status_code=303)
