"""Errors become answers: JSON under ``/api/``, a page elsewhere. Nothing is written (the request's
transaction was rolled back when the error left the handler)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from carbonpeak.api.deps import NotAuthenticated, get_page
from carbonpeak.errors import DataError, NotFound, PermissionDenied
from carbonpeak.services.accounts import LoginFailed, LoginThrottled

__all__ = ["install_error_handlers"]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(request: Request, status: int, detail: str, problems: list[dict[str, Any]] | None = None) -> Response:
    if _is_api(request):
        body: dict[str, Any] = {"detail": detail}
        if problems is not None:
            body["problems"] = problems
        return JSONResponse(body, status_code=status)
    user = getattr(request.state, "user", None)
    page = get_page(request, user)
    return page.render("error.html", status_code=status, status=status, detail=detail, problems=problems or [])


def _problems(exc: DataError) -> list[dict[str, Any]]:
    return [
        {"row": p.row, "column": p.column, "message": p.message, "value": None if p.value is None else str(p.value)}
        for p in exc.problems
    ]


async def _data_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DataError)
    return _answer(request, 422, str(exc).splitlines()[0], _problems(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "row": None,
            "column": ".".join(str(p) for p in e.get("loc", ())[1:]),
            "message": e.get("msg", ""),
            "value": None,
        }
        for e in exc.errors()
    ]
    return _answer(request, 422, "invalid request", problems)


async def _permission_denied(request: Request, exc: Exception) -> Response:
    status = 429 if isinstance(exc, LoginThrottled) else 401 if isinstance(exc, LoginFailed) else 403
    return _answer(request, status, str(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return _answer(request, 404, str(exc))


async def _not_authenticated(request: Request, exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "not logged in"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def install_error_handlers(app: FastAPI) -> None:
    """Map carbonpeak's errors to HTTP statuses: 422 bad input, 401/403/429 refusals, 404 unknown objects."""
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(PermissionDenied, _permission_denied)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
