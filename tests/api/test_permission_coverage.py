"""The permission matrix covers every write endpoint the app has: a new POST/DELETE route without a row in
``test_permissions.WRITES`` (or a reasoned exemption here) fails this test."""

from __future__ import annotations

import importlib
import re
from typing import Any

from starlette.routing import Route

from carbonpeak.api.app import ROUTERS

from .test_permissions import WRITES  # noqa: TID252 - a sibling test module, not a package

#: writes every visitor or every logged-in user may make on their own behalf, so no role is refused
OPEN_TO_ALL: dict[tuple[str, str], str] = {
    ("POST", "/login"): "logging in",
    ("POST", "/logout"): "logging out",
    ("POST", "/lang"): "choosing the page language (stored in the visitor's own session)",
    ("POST", "/api/v1/session"): "logging in through the API",
    ("DELETE", "/api/v1/session"): "logging out through the API",
    ("POST", "/api/v1/notifications/read-all"): "marking one's own notices read (only the caller's rows change)",
    ("POST", "/notifications/read-all"): "marking one's own notices read (only the caller's rows change)",
}


class _Recorder:
    """Stands in for the test client: records which method and path each matrix row calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def post(self, path: str, **_: Any) -> None:
        self.calls.append(("POST", path.split("?")[0]))

    def delete(self, path: str, **_: Any) -> None:
        self.calls.append(("DELETE", path.split("?")[0]))


def _write_routes() -> list[tuple[str, str, re.Pattern[str]]]:
    routes = []
    for name in ROUTERS:
        for route in importlib.import_module(f"carbonpeak.api.routes.{name}").router.routes:
            if isinstance(route, Route):
                writes = sorted((route.methods or set()) - {"GET", "HEAD"})
                routes += [(method, route.path, route.path_regex) for method in writes]
    return routes


def test_every_write_route_is_in_the_permission_matrix_or_open_to_all() -> None:
    recorder = _Recorder()
    for _name, call, _allowed in WRITES:
        call(recorder, "token")  # type: ignore[arg-type]
    routes = _write_routes()
    assert len(routes) > 20  # the enumeration itself works
    uncovered = [
        (method, path)
        for method, path, regex in routes
        if (method, path) not in OPEN_TO_ALL and not any(m == method and regex.match(p) for m, p in recorder.calls)
    ]
    assert uncovered == []
    stale = [key for key in OPEN_TO_ALL if key not in {(m, p) for m, p, _ in routes}]
    assert stale == []
