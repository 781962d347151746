"""The Jinja2 environment of the pages: the i18n extension bound to :mod:`carbonpeak.web.i18n`, filters for
numbers, gaps and dates, and a ``render`` that renders in the request's locale."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from carbonpeak.web import frames, i18n, labels, problems, warning_texts

__all__ = ["DISPLAY_ZONE", "PageContext", "make_templates", "render", "render_fragment", "static_directory"]

#: times are stored in UTC and shown in China Standard Time, where the users work
DISPLAY_ZONE = ZoneInfo("Asia/Shanghai")


def static_directory() -> str:
    """Folder of the static assets shipped in the package (CSS, JS, vendored ECharts, htmx, map)."""
    return str(resources.files("carbonpeak.web").joinpath("static"))


def _format_datetime(value: datetime | None) -> Markup | str:
    if value is None:
        return i18n.missing_marker()
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return format_datetime(value, format="yyyy-MM-dd HH:mm:ss", tzinfo=DISPLAY_ZONE, locale=i18n.current_locale())


def make_environment() -> Environment:
    """A fresh environment over the package's templates (strict: an undefined name is an error)."""
    folder = str(resources.files("carbonpeak.web").joinpath("templates"))
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = i18n.format_number
    env.filters["dt"] = _format_datetime
    env.filters["unit"] = i18n.unit_label
    env.filters["problem"] = problems.translate_problem
    env.globals["missing"] = i18n.missing_marker
    env.globals["LOCALES"] = i18n.LOCALES
    env.globals["labels"] = labels
    env.globals["warning_texts"] = warning_texts
    env.globals["region_name"] = frames.region_name
    env.globals["tier_name"] = frames.tier_name
    return env


def make_templates() -> Jinja2Templates:
    """Templates for the app factory; built per app, never at import time."""
    return Jinja2Templates(env=make_environment())


class PageContext(dict[str, Any]):
    """What every page needs besides its own data: user, locale, CSRF token, current path."""


def render(
    templates: Jinja2Templates,
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    page: PageContext,
    status_code: int = 200,
) -> HTMLResponse:
    """Render template ``name`` in the page's locale."""
    with i18n.use_locale(page["locale"]):
        response = templates.TemplateResponse(request, name, {**page, **context}, status_code=status_code)
    return response


def render_fragment(templates: Jinja2Templates, name: str, locale: str, data: dict[str, Any]) -> Markup:
    """Render the partial template ``name`` (no user, no CSRF token: safe to cache and share) in ``locale``.

    Pages cache the heavy part of their body this way (long tables, chart data) and render only the light
    shell (top bar, forms) per request.
    """
    with i18n.use_locale(locale):
        return Markup(templates.env.get_template(name).render(locale=locale, **data))  # autoescaped by the environment
