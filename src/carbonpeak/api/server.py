"""Run the platform with uvicorn: ``carbonpeak serve`` and ``carbonpeak demo --serve`` call :func:`serve`."""

from __future__ import annotations

import uvicorn

from carbonpeak.api.app import create_app
from carbonpeak.config import Settings
from carbonpeak.services.runtime import Runtime

__all__ = ["serve"]


def serve(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> None:
    """Serve the platform until interrupted (one process: the job runner and its restart recovery assume it).

    Give ``runtime`` when the caller already opened the database (``demo --serve`` loads data first);
    otherwise the app opens the database named by ``settings`` (the environment when omitted).
    """
    app = create_app(settings, runtime=runtime)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, access_log=False)
