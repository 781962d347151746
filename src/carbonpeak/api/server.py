"""Run the platform with uvicorn: ``carbonpeak serve`` and ``carbonpeak demo --serve`` call :func:`serve`.

With ``workers`` > 1 uvicorn starts that many processes, each building its own app through
:func:`worker_app` from the environment (the settings are passed to them as ``CARBONPEAK_*`` variables). The
schema is migrated once, before the workers start. Every worker has its own job runner and caches; job
recovery only fails jobs whose owner process is gone, so one worker starting never fails another's jobs.
"""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from carbonpeak.api.app import create_app
from carbonpeak.config import Settings
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.db import upgrade_schema

__all__ = ["default_workers", "serve", "worker_app"]

#: most worker processes chosen by default (each holds a database pool and its own page caches)
MAX_DEFAULT_WORKERS = 8


def default_workers(settings: Settings) -> int:
    """1 on SQLite (one writer at a time; more processes only wait on its lock), else one per CPU (at most 8)."""
    if settings.database_url.startswith("sqlite"):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def worker_app() -> FastAPI:
    """The app of one worker process: settings from the environment, schema already migrated by the parent."""
    return create_app(runtime=None, settings=Settings(), migrate=False)


def _export(settings: Settings) -> None:
    """Hand the settings to the worker processes through their environment."""
    for name, value in settings.model_dump().items():
        os.environ[f"CARBONPEAK_{name.upper()}"] = str(value)


def serve(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log_level: str = "info",
) -> None:
    """Serve the platform until interrupted.

    Give ``runtime`` when the caller already opened the database (``demo --serve`` loads data first; one
    process then); otherwise the app opens the database named by ``settings`` (the environment when omitted).
    ``workers`` > 1 runs that many uvicorn worker processes (see the module notes).
    """
    options = {"host": host, "port": port, "log_level": log_level, "proxy_headers": False, "access_log": False}
    if workers <= 1 or runtime is not None:
        uvicorn.run(create_app(settings, runtime=runtime), **options)  # type: ignore[arg-type]
        return
    settings = settings or Settings()
    upgrade_schema(settings.database_url)
    _export(settings)
    # a worker imports pandas, Dask and the app: on a busy machine that takes longer than uvicorn's 5 s default
    options["timeout_worker_healthcheck"] = 120
    uvicorn.run("carbonpeak.api.server:worker_app", factory=True, workers=workers, **options)  # type: ignore[arg-type]
