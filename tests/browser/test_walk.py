"""Chromium (Debian's, driven by Playwright) walks the platform as each role on a live server.

Logs in as every demo account, opens every page, switches the language, uploads a good and a bad workbook,
and checks that the audit trail shows every write made. Screenshots go to ``docs/screenshots/``.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from openpyxl import Workbook

from carbonpeak.api import create_app
from carbonpeak.config import Settings
from carbonpeak.services import accounts, statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import open_runtime

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORDS = {login: password for login, password, *_ in accounts.DEMO_ACCOUNTS}
PAGES = ["/", "/plan", "/plan/targets/co2-peak", "/statistics", "/statistics?variable=Emissions|CO2", "/regions",
         "/regions/340100", "/inventory", "/inventory?region=340400", "/tasks", "/tasks/2.(4).1", "/jobs",
         "/audit"]  # fmt: skip
PAGES += ["/warnings", "/warnings?period=2020-01/2020-09", "/warnings/history", "/notifications",
          "/lmdi?region=340000&start=2015&end=2020"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server on a free loopback port over a SQLite database with the Anhui data loaded."""
    path = tmp_path_factory.mktemp("browser") / "carbonpeak.sqlite"
    rt = open_runtime(Settings(database_url=f"sqlite:///{path}"))
    accounts.create_demo_accounts(rt)
    statistics.load_reference(rt, SYSTEM)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(runtime=rt), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    rt.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]  # fmt: skip
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["region", "period", "variable", "unit", "value"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _login(page: object, base_url: str, login: str) -> None:
    page.goto(f"{base_url}/login")  # type: ignore[attr-defined]
    page.fill("input[name=login]", login)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORDS[login])  # type: ignore[attr-defined]
    page.click("form.form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base_url}/")  # type: ignore[attr-defined]


def _new_page(browser: object, base_url: str) -> tuple[object, list[str]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    return page, outside


@pytest.mark.parametrize("login", ["admin", "province", "transport", "hefei", "viewer"])
def test_each_role_walks_every_page_loading_nothing_from_outside(browser: object, base_url: str, login: str) -> None:
    page, outside = _new_page(browser, base_url)
    _login(page, base_url, login)
    for path in PAGES:
        response = page.goto(base_url + path)  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert page.locator("main h1").count() >= 1  # type: ignore[attr-defined]
    if login == "admin":
        assert page.goto(base_url + "/users").status == 200  # type: ignore[attr-defined]
    assert outside == []


def test_overview_map_and_language_switch(browser: object, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, outside = _new_page(browser, base_url)
    _login(page, base_url, "province")
    page.wait_for_selector("[data-chart=city-map] canvas")  # type: ignore[attr-defined]
    assert "总览" in page.inner_text("h1")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "overview-zh.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("button[name=locale][value=en]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Headline targets")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-chart=city-map] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "overview-en.png"), full_page=True)  # type: ignore[attr-defined]
    for name, path in [("plan", "/plan"), ("target", "/plan/targets/co2-peak"), ("region", "/regions/340100"),
                       ("statistics", "/statistics?variable=Emissions|CO2")]:  # fmt: skip
        page.goto(base_url + path)  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        page.screenshot(path=str(SHOTS / f"{name}-en.png"), full_page=False)  # type: ignore[attr-defined]
    assert outside == []


def test_barometer_cell_panel_history_and_lmdi_waterfall(browser: object, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, outside = _new_page(browser, base_url)
    _login(page, base_url, "province")
    page.goto(base_url + "/warnings?period=2018&convention=geometric")  # type: ignore[attr-defined]
    assert page.locator("td.cell.level-green").count() == 1  # type: ignore[attr-defined]
    assert page.locator("td.cell.level-no_data").count() == 50  # type: ignore[attr-defined]
    page.click("td.cell.level-green a")  # type: ignore[attr-defined]  # htmx loads the calculation into the panel
    page.wait_for_selector("#cell-panel table.numbers")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "warnings-zh.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("form[action='/warnings/run'] button")  # type: ignore[attr-defined]
    page.wait_for_url("**/warnings/history?run=*")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "warning-history-zh.png"), full_page=False)  # type: ignore[attr-defined]
    page.goto(base_url + "/lmdi?region=340000&start=2010&end=2020")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-chart=waterfall-data] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "lmdi-zh.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("button[name=locale][value=en]")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-chart=waterfall-data] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "lmdi-en.png"), full_page=False)  # type: ignore[attr-defined]
    assert outside == []


def test_uploads_and_the_audit_trail_shows_every_write(browser: object, base_url: str, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(_workbook([["340100", "2023", "Energy|Total", "10^4 tce", 5321.5]]))
    bad.write_bytes(
        _workbook([["340100", "2023", "Energy|Total", "10^4 tce", "many"], ["340100", "2023", "Energy|Nope", "t", 1]])
    )
    page, _ = _new_page(browser, base_url)
    _login(page, base_url, "hefei")
    page.goto(base_url + "/statistics")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(bad))  # type: ignore[attr-defined]
    page.click("text=校验文件")  # type: ignore[attr-defined]
    assert page.locator("table.problems tbody tr").count() >= 2  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "upload-errors-zh.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(base_url + "/statistics")  # type: ignore[attr-defined]
    page.set_input_files("input[name=file]", str(good))  # type: ignore[attr-defined]
    page.click("text=校验文件")  # type: ignore[attr-defined]
    page.click("text=存储全部行")  # type: ignore[attr-defined]
    assert "已存储 1 行" in page.inner_text("main")  # type: ignore[attr-defined]
    assert "草稿" in page.inner_text("main")  # type: ignore[attr-defined]  # a city's upload is a draft

    office, _ = _new_page(browser, base_url)
    _login(office, base_url, "province")
    office.goto(base_url + "/statistics/drafts?state=draft")  # type: ignore[attr-defined]
    office.fill("tr.batch-draft input[name=note]", "核对无误")  # type: ignore[attr-defined]
    office.click("tr.batch-draft button[value=publish]")  # type: ignore[attr-defined]
    assert office.locator("tr.batch-published").count() >= 1  # type: ignore[attr-defined]
    office.screenshot(path=str(SHOTS / "drafts-zh.png"), full_page=True)  # type: ignore[attr-defined]

    department, _ = _new_page(browser, base_url)
    _login(department, base_url, "transport")
    department.goto(base_url + "/tasks/2.(4).1")  # type: ignore[attr-defined]
    department.select_option("#report select[name=status]", "behind")  # type: ignore[attr-defined]
    department.fill("#report textarea[name=note]", "充电设施建设滞后")  # type: ignore[attr-defined]
    department.click("#report button[type=submit]")  # type: ignore[attr-defined]
    assert "充电设施建设滞后" in department.inner_text("table#table")  # type: ignore[attr-defined]
    department.goto(base_url + "/tasks")  # type: ignore[attr-defined]
    department.screenshot(path=str(SHOTS / "tasks-zh.png"), full_page=False)  # type: ignore[attr-defined]

    admin, _ = _new_page(browser, base_url)
    _login(admin, base_url, "admin")
    admin.goto(base_url + "/users")  # type: ignore[attr-defined]
    admin.fill("form.grid input[name=login]", "wuhu-office")  # type: ignore[attr-defined]
    admin.fill("form.grid input[name=password]", "wuhu-password-1")  # type: ignore[attr-defined]
    admin.select_option("form.grid select[name=role]", "city")  # type: ignore[attr-defined]
    admin.select_option("form.grid select[name=region]", "340200")  # type: ignore[attr-defined]
    admin.click("form.grid button[type=submit]")  # type: ignore[attr-defined]
    assert "wuhu-office" in admin.inner_text("table#table")  # type: ignore[attr-defined]
    admin.goto(base_url + "/jobs")  # type: ignore[attr-defined]
    admin.click("text=运行后台任务系统自检")  # type: ignore[attr-defined]
    admin.wait_for_selector(".state-succeeded", timeout=20000)  # type: ignore[attr-defined]
    admin.screenshot(path=str(SHOTS / "job-zh.png"))  # type: ignore[attr-defined]
    admin.goto(base_url + "/audit")  # type: ignore[attr-defined]
    trail = admin.inner_text("table#table")  # type: ignore[attr-defined]
    admin.screenshot(path=str(SHOTS / "audit-zh.png"))  # type: ignore[attr-defined]
    for action, who in [("import", "hefei"), ("user.create", "admin"), ("job.start", "admin"), ("login", "hefei"),
                        ("load_reference", "system"), ("statistics.published", "province"),
                        ("progress.report", "transport")]:  # fmt: skip
        assert any(action in line and who in line for line in trail.splitlines()), (action, who)


def test_inventory_charts_initialise_under_the_csp(browser: object, base_url: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, outside = _new_page(browser, base_url)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    _login(page, base_url, "province")
    page.goto(base_url + "/inventory?first=2005&last=2022")  # type: ignore[attr-defined]
    for chart in (
        "chart-sectors",
        "chart-fuels",
        "chart-sankey",
        "chart-intensity-1",
        "chart-intensity-2",
        "chart-cities",
    ):
        page.wait_for_selector(f"[data-chart={chart}] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "inventory-zh.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("button[name=locale][value=en]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=CO2 by sector")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-chart=chart-sankey] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "inventory-en.png"), full_page=True)  # type: ignore[attr-defined]
    page.goto(base_url + "/inventory?region=340400&first=2005&last=2022")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-chart=chart-city] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "inventory-city-en.png"), full_page=False)  # type: ignore[attr-defined]
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    assert outside == []
