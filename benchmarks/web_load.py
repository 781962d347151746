"""Load test of the pages: 50 concurrent clients on loopback against the overview and statistics pages.

Runs the platform (uvicorn, one process, as ``carbonpeak serve`` does) on PostgreSQL with the Anhui reference
data loaded, logs 50 clients in, and lets each request the overview and a statistics table in turn for a
bounded time. Reports p50/p95/p99 per page, for two servers started the same way:

- ``cached``: the platform as shipped (view models cached until the data change, see carbonpeak.web.cache);
- ``uncached`` (the naive baseline): the same app with the cache replaced by a pass-through, so every request
  evaluates the target register and queries the store, as a page written without caching would.

Usage::

    .venv/bin/python benchmarks/web_load.py [--clients 50] [--duration 20] [--pg postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any

import httpx
from sqlalchemy import create_engine, text

PAGES = {"overview": "/", "statistics": "/statistics?variable=Emissions|CO2"}


class PassThrough:
    """The baseline's "cache": computes every time."""

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        return compute()


def serve(url: str, port: int, mode: str) -> None:
    """Child process: run the app on ``port`` (``mode`` uncached swaps the view cache for a pass-through)."""
    import uvicorn

    from carbonpeak.api import create_app
    from carbonpeak.config import Settings

    app = create_app(Settings(database_url=url))
    if mode == "uncached":
        app.state.views = PassThrough()
    # keep-alive longer than the log-in phase, so idle connections are not closed under the clients
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
    login = {"login": "viewer", "password": "demo-viewer-2030"}
    (await client.post("/api/v1/session", json=login, headers={"X-CSRF-Token": token})).raise_for_status()
    return client


async def _client(client: httpx.AsyncClient, until: float, timings: dict[str, list[float]], errors: list[int]) -> None:
    while time.monotonic() < until:
        for name, path in PAGES.items():
            start = time.perf_counter()
            response = await client.get(path)
            timings[name].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)


async def _load(base: str, clients: int, duration: float) -> tuple[dict[str, list[float]], list[int]]:
    timings: dict[str, list[float]] = {name: [] for name in PAGES}
    errors: list[int] = []
    # log in first (argon2 is deliberately slow) and open each page once, then measure for `duration` seconds
    sessions = await asyncio.gather(*(_log_in(base) for _ in range(clients)))
    for path in PAGES.values():
        await sessions[0].get(path)
    until = time.monotonic() + duration
    await asyncio.gather(*(_client(s, until, timings, errors) for s in sessions))
    for session in sessions:
        await session.aclose()
    return timings, errors


def _wait(base: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(base + "/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def run(url: str, mode: str, port: int, clients: int, duration: float) -> dict[str, tuple[float, float, float, int]]:
    child = subprocess.Popen([sys.executable, __file__, "--serve", url, str(port), mode])
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        timings, errors = asyncio.run(_load(base, clients, duration))
    finally:
        child.terminate()
        child.wait(10)
    if errors:
        print(f"  {mode}: {len(errors)} non-200 answers, e.g. {errors[:5]}")
    return {name: (*_quantiles(values), len(values)) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--serve", nargs=3, metavar=("URL", "PORT", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.serve[2])
        return
    url = prepare(args.pg)
    try:
        results = {mode: run(url, mode, args.port, args.clients, args.duration) for mode in ("cached", "uncached")}
    finally:
        drop(args.pg, url)
    print(f"\n{args.clients} clients, ~{args.duration:.0f} s each run, loopback, PostgreSQL, one uvicorn process")
    print(f"{'page':<12}{'server':<10}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name in PAGES:
        for mode in ("cached", "uncached"):
            p50, p95, p99, n = results[mode][name]
            print(f"{name:<12}{mode:<10}{n:>9}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}")
        ratio = results["uncached"][name][1] / results["cached"][name][1]
        print(f"{'':<12}p95 uncached / cached = {ratio:.1f}")


if __name__ == "__main__":
    main()
