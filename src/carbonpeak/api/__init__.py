"""The web face of carbonpeak: FastAPI app factory (pages and the JSON API under ``/api/v1``) and server."""

from carbonpeak.api.app import create_app
from carbonpeak.api.server import serve

__all__ = ["create_app", "serve"]
