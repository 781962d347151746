"""Load test of the pages: 50 concurrent clients on loopback against the overview and statistics pages.

Runs the platform on PostgreSQL with the Anhui reference data loaded and lets 50 clients (closed loop: each
waits for its answer, then asks again) request the overview and a statistics table for a bounded time.
Reports p50/p95/p99 per page for two servers, one after the other, in the same run:

- ``ours``: the platform as shipped: ``carbonpeak serve --workers N`` (one per CPU on PostgreSQL), the
  rendered overview body and statistics table page cached per data version, session look-ups and the data
  version cached (checked every ``cache_check_interval``), the statistics table paged at 100 rows;
- ``naive`` (the obvious implementation): one uvicorn process, no caches at all: every request looks its
  session up, evaluates the target register or queries the store, and renders the whole page.

The load generator: ``wrk`` (C, one thread per page, half the connections each, all logged in as the
viewer with one session) when installed (``apt-get install wrk``), else a Python one (httpx, asyncio, one
session per client), which costs far more CPU on the same cores. The run says which one ran.

Usage::

    .venv/bin/python benchmarks/web_load.py [--clients 50] [--duration 20] [--pg postgresql+psycopg://...]
        [--database URL_OF_A_LOADED_DATABASE] [--workers N] [--generator wrk|python]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any

import httpx
from sqlalchemy import create_engine, text

PAGES = {"overview": "/", "statistics": "/statistics?variable=Emissions|CO2"}
LOGIN = {"login": "viewer", "password": "demo-viewer-2030"}
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.3f %.3f %.3f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""
Result = tuple[float, float, float, int, int]  # p50, p95, p99 (ms), requests, errors


class PassThrough:
    """The naive server's "cache": computes every time."""

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        return compute()

    def expire(self) -> None:
        pass


def serve(url: str, port: int, mode: str, workers: int) -> None:
    """Child process: run the server on ``port``, ``ours`` as ``carbonpeak serve --workers`` or ``naive``."""
    import uvicorn

    from carbonpeak.api import create_app
    from carbonpeak.api.server import serve as serve_platform
    from carbonpeak.config import Settings
    from carbonpeak.web.sessions import SessionCache

    if mode == "ours":
        serve_platform(Settings(database_url=url), port=port, workers=workers, log_level="warning")
        return
    app = create_app(Settings(database_url=url, cache_check_interval=0, session_cache_seconds=0))
    app.state.views = PassThrough()
    app.state.sessions = SessionCache(app.state.runtime, ttl=0)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, timeout_keep_alive=60)


def prepare(admin_url: str) -> str:
    """A fresh PostgreSQL database with the reference data and the demo accounts."""
    from carbonpeak.config import Settings
    from carbonpeak.services import accounts
    from carbonpeak.services import statistics as stats
    from carbonpeak.services.actor import SYSTEM
    from carbonpeak.services.runtime import open_runtime

    name = f"carbonpeak_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    rt = open_runtime(Settings(database_url=url))
    accounts.create_demo_accounts(rt)
    rows = stats.load_reference(rt, SYSTEM).total
    rt.close()
    print(f"database {name}: {rows} reference rows loaded")
    return url


def drop(admin_url: str, url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


async def _log_in(base: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    token = (await client.get("/api/v1/session")).json()["csrf_token"]
    (await client.post("/api/v1/session", json=LOGIN, headers={"X-CSRF-Token": token})).raise_for_status()
    return client


async def _client(client: httpx.AsyncClient, until: float, timings: dict[str, list[float]], errors: list[int]) -> None:
    while time.monotonic() < until:
        for name, path in PAGES.items():
            start = time.perf_counter()
            response = await client.get(path)
            timings[name].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


async def _python_load(base: str, clients: int, duration: float) -> dict[str, Result]:
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    errors: list[int] = []
    sessions = await asyncio.gather(*(_log_in(base) for _ in range(clients)))  # argon2: log in before measuring
    warm_until = time.monotonic() + 3
    await asyncio.gather(*(_client(s, warm_until, {n: [] for n in PAGES}, []) for s in sessions))
    until = time.monotonic() + duration
    await asyncio.gather(*(_client(s, until, timings, errors) for s in sessions))
    for session in sessions:
        await session.aclose()
    return {name: (*_quantiles(values), len(values), len(errors)) for name, values in timings.items()}


def _cookie(base: str) -> str:
    with httpx.Client(base_url=base, timeout=60) as client:
        token = client.get("/api/v1/session").json()["csrf_token"]
        client.post("/api/v1/session", json=LOGIN, headers={"X-CSRF-Token": token}).raise_for_status()
        return f"carbonpeak_session={client.cookies['carbonpeak_session']}"


def _wrk(base: str, clients: int, duration: float, script: str, cookie: str) -> dict[str, Result]:
    """Both pages at once, ``clients / 2`` connections each; wrk prints the quantiles of each."""
    runs = {
        name: subprocess.Popen(
            ["wrk", "-t1", f"-c{clients // 2}", f"-d{duration:.0f}s", "--timeout", "30s", "-s", script,
             "-H", f"Cookie: {cookie}", base + path],
            stdout=subprocess.PIPE, text=True,
        )
        for name, path in PAGES.items()
    }  # fmt: skip
    results: dict[str, Result] = {}
    for name, run in runs.items():
        out, _ = run.communicate()
        fields = next(line for line in out.splitlines() if line.startswith("RESULT")).split()
        requests, errors, p50, p95, p99 = int(fields[1]), int(fields[2]), *map(float, fields[3:])
        results[name] = (p50, p95, p99, requests, errors)
    return results


def _wait(base: str) -> None:
    for _ in range(1200):
        try:
            if httpx.get(base + "/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def run(url: str, mode: str, args: argparse.Namespace, generator: str) -> dict[str, Result]:
    child = subprocess.Popen([sys.executable, __file__, "--serve", url, str(args.port), mode, str(args.workers)])
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait(base)
        if generator == "python":
            return asyncio.run(_python_load(base, args.clients, args.duration))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        cookie = _cookie(base)
        _wrk(base, args.clients, 3, script.name, cookie)  # warm-up (every worker fills its caches), not counted
        results = _wrk(base, args.clients, args.duration, script.name, cookie)
        os.unlink(script.name)
        return results
    finally:
        child.terminate()
        child.wait(30)


def _report(results: dict[str, dict[str, Result]], args: argparse.Namespace, generator: str) -> None:
    print(f"\n{args.clients} clients, {args.duration:.0f} s per server, loopback, PostgreSQL, generator: {generator}")
    print(f"ours: carbonpeak serve --workers {args.workers} with caches; naive: one process, no caches")
    print(f"{'page':<12}{'server':<8}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name in PAGES:
        for mode in ("ours", "naive"):
            p50, p95, p99, n, errors = results[mode][name]
            print(f"{name:<12}{mode:<8}{n:>9}{errors:>8}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
        ratio = results["naive"][name][1] / results["ours"][name][1]
        goal = "met" if results["ours"][name][1] <= 150 else "NOT met"
        print(f"{'':<12}p95 naive / ours = {ratio:.1f}x; goal p95 <= 150 ms {goal}")


def main() -> None:
    from carbonpeak.api.server import default_workers
    from carbonpeak.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--database", help="an already loaded database to use (kept); default: a fresh one")
    parser.add_argument("--workers", type=int, default=default_workers(Settings(database_url="postgresql://")))
    parser.add_argument("--generator", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--serve", nargs=4, metavar=("URL", "PORT", "MODE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.serve[2], int(args.serve[3]))
        return
    url = args.database or prepare(args.pg)
    try:
        results = {mode: run(url, mode, args, args.generator) for mode in ("ours", "naive")}
    finally:
        if not args.database:
            drop(args.pg, url)
    _report(results, args, args.generator)


if __name__ == "__main__":
    main()
