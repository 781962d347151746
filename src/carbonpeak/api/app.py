"""The app factory: pages (Jinja2 + htmx) and the JSON API under ``/api/v1``, built from settings.

Nothing is created at import time. ``create_app(settings)`` opens the database (or takes a runtime the
caller already opened), prepares the templates and the job runner, and registers every router. Each router
module holds a resource's JSON routes and its pages side by side, both calling the same service function.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carbonpeak import __version__
from carbonpeak.api.errors import install_error_handlers
from carbonpeak.config import Settings
from carbonpeak.services.accounts import SESSION_LIFETIME
from carbonpeak.services.jobs import JobRunner, mark_interrupted
from carbonpeak.services.runtime import Runtime, open_runtime
from carbonpeak.web.cache import ViewCache
from carbonpeak.web.sessions import SessionCache, ShortLived
from carbonpeak.web.templating import make_templates, static_directory

__all__ = ["ROUTERS", "create_app"]

#: router modules under ``carbonpeak.api.routes``; each exposes ``router`` (pages and JSON twins)
ROUTERS = (
    "auth",
    "overview",
    "plan",
    "tasks",
    "drafts",
    "statistics",
    "regions",
    "inventory",
    "warnings",
    "notifications",
    "lmdi",
    "audit",
    "users",
    "jobs",
)

#: the browser may load nothing from another host (the platform runs on networks without internet)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class RequestIdMiddleware:
    """Give each request an id (``request.state.request_id``, header ``X-Request-ID``) and security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-request-id", request_id.encode()),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class FreshAfterWrites:
    """After a request that may have written (any method but GET, HEAD, OPTIONS), make the page and session
    caches re-check the database at their next look-up, so that this process shows its own writes at once."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state

        def expire() -> None:
            state.views.expire()
            state.sessions.expire()
            state.counts.expire()

        async def send_after_expiring(message: Message) -> None:
            if message["type"] == "http.response.start":
                expire()  # the handler has committed; the client sees the answer only after this
            await send(message)

        try:
            await self.app(scope, receive, send_after_expiring)
        finally:
            expire()


#: the body of every error answer of the JSON API (400–429): what went wrong and, for bad input, each problem
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "row": {"type": ["integer", "null"]},
                    "column": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                    "value": {"type": ["string", "null"]},
                },
            },
        },
    },
}


def _install_openapi(app: FastAPI) -> None:
    """Document the error body the API really sends (see :mod:`carbonpeak.api.errors`) instead of FastAPI's."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schemas = schema.setdefault("components", {}).setdefault("schemas", {})
            schemas["HTTPValidationError"] = ERROR_SCHEMA
            schemas.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None, migrate: bool = True) -> FastAPI:
    """Build the web application.

    Parameters
    ----------
    settings
        Settings to use; read from the environment when omitted. Ignored when ``runtime`` is given.
    runtime
        An already opened runtime (tests, ``carbonpeak demo --serve``); the app then leaves closing it to
        the caller. Without it the app opens (and migrates) the database named by the settings.
    migrate
        False when the schema is known to be current (worker processes of ``carbonpeak serve --workers N``,
        whose parent migrated it once).
    """
    owned = runtime is None
    rt = runtime or open_runtime(settings or Settings(), migrate=migrate)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        mark_interrupted(rt)  # only jobs whose owner process is gone: safe with several workers
        app.state.jobs.start_heartbeat(rt)
        yield
        app.state.jobs.close()
        if owned:
            rt.close()

    app = FastAPI(
        title="carbonpeak",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN; the schema itself is served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = rt.settings
    app.state.runtime = rt
    app.state.jobs = JobRunner(rt.settings)
    app.state.templates = make_templates()
    app.state.views = ViewCache(rt, check_interval=rt.settings.cache_check_interval)
    app.state.counts = ShortLived(rt.settings.cache_check_interval)
    app.state.sessions = SessionCache(
        rt, ttl=rt.settings.session_cache_seconds, check_interval=rt.settings.cache_check_interval
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=rt.settings.secret_key,
        session_cookie="carbonpeak_session",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        same_site="lax",
    )
    app.add_middleware(FreshAfterWrites)
    app.add_middleware(RequestIdMiddleware)
    install_error_handlers(app)
    _install_openapi(app)
    app.mount("/static", StaticFiles(directory=static_directory()), name="static")
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"carbonpeak.api.routes.{name}").router)
    return app
