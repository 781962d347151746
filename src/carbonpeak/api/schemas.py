"""Request and response bodies of the JSON API (the OpenAPI schema is generated from them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "AuditEventOut",
    "CommitIn",
    "CommitOut",
    "HistoryKey",
    "JobIn",
    "LoginIn",
    "ObservationOut",
    "PreviewOut",
    "SessionOut",
    "UserIn",
    "UserOut",
]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @field_validator("*", mode="after")
    @classmethod
    def _utc(cls, value: Any) -> Any:
        """SQLite hands back naive datetimes; they are UTC."""
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500)


class UserOut(Out):
    login: str
    name: str
    role: str
    department: str | None
    region: str | None
    active: bool
    created_at: datetime


class SessionOut(BaseModel):
    """Who is logged in (None when nobody), the CSRF token to send with writes, the interface language."""

    login: str | None
    role: str | None
    department: str | None
    region: str | None
    csrf_token: str
    locale: str


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    login: str = Field(max_length=100)
    name: str = Field(default="", max_length=200)
    password: str = Field(max_length=500)
    role: str = Field(max_length=20)
    department: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=12)


class AuditEventOut(Out):
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    before: Any
    after: Any
    detail: str | None
    client: str | None
    request_id: str | None


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(max_length=60)
    params: dict[str, Any] = Field(default_factory=dict)


class ObservationOut(Out):
    """One stored value (``value`` null is a gap, never zero) with its revision and provenance."""

    region: str
    period: str
    variable: str
    unit: str
    basis: str
    vintage: str
    value: float | None
    revision: int
    recorded_at: datetime
    recorded_by: str
    source: str | None
    method: str | None
    note: str | None
    draft: bool = False  #: a row of a city's unpublished import (seen only by that city and the provincial office)


class HistoryKey(BaseModel):
    """The key of one statistic."""

    model_config = ConfigDict(extra="forbid")
    region: str = Field(max_length=12)
    period: str = Field(max_length=20)
    variable: str = Field(max_length=200)
    basis: str = Field(default="raw", max_length=40)
    vintage: str = Field(max_length=20)


class ProblemOut(BaseModel):
    row: int | None
    column: str | None
    message: str
    value: str | None


class PreviewOut(BaseModel):
    """The check of an uploaded file: commit it with ``token`` when ``ok``."""

    token: str
    filename: str
    vintage: str
    dataset: str | None
    rows: int
    ok: bool
    problems: list[ProblemOut]
    sample: list[dict[str, Any]]

    @classmethod
    def from_preview(cls, found: Any) -> PreviewOut:
        problems = [
            ProblemOut(row=p.row, column=p.column, message=p.message, value=None if p.value is None else str(p.value))
            for p in found.problems
        ]
        return cls(
            token=found.token,
            filename=found.filename,
            vintage=found.vintage,
            dataset=found.dataset,
            rows=found.rows,
            ok=found.ok,
            problems=problems,
            sample=[{k: _json_safe(v) for k, v in row.items()} for row in found.sample],
        )


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN: a gap
        return None
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


class CommitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filename: str = Field(max_length=300)
    vintage: str = Field(max_length=20)
    dataset: str | None = Field(default=None, max_length=40)

    @field_validator("dataset", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


class CommitOut(BaseModel):
    """The stored import batch, or the job importing a large file."""

    batch_id: int | None
    rows: int | None
    job_id: int | None
    state: str | None = None  #: "draft" (a city office's import, until published) or "published"

    @classmethod
    def from_outcome(cls, outcome: Any) -> CommitOut:
        if outcome.job is not None:
            return cls(batch_id=None, rows=None, job_id=outcome.job.id)
        result = outcome.result
        return cls(batch_id=result.batch_id, rows=result.rows, job_id=None, state=result.state)
