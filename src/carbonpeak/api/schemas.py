"""Request and response bodies of the JSON API (the OpenAPI schema is generated from them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "AuditEventOut",
    "JobIn",
    "JobOut",
    "LoginIn",
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


class JobOut(Out):
    id: int
    kind: str
    state: str
    progress: float
    message: str | None
    result: dict[str, Any] | None
    error: str | None
    started_by: str
    params: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
