"""``carbonpeak serve --workers``: the default number of worker processes and the settings handed to them."""

from __future__ import annotations

import os

import pytest

from carbonpeak.api import server
from carbonpeak.config import Settings


def test_default_workers_is_one_on_sqlite_and_one_per_cpu_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert server.default_workers(Settings(database_url="sqlite:///x.sqlite")) == 1
    assert server.default_workers(Settings(database_url="postgresql+psycopg://h/db")) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert server.default_workers(Settings(database_url="postgresql+psycopg://h/db")) == server.MAX_DEFAULT_WORKERS


def test_worker_processes_see_the_parents_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"CARBONPEAK_{name.upper()}", raising=False)
    chosen = Settings(database_url="postgresql+psycopg://h/db", job_heartbeat_timeout=12.5, default_locale="en")
    with monkeypatch.context() as patched:
        patched.setattr(os, "environ", dict(os.environ))
        server._export(chosen)
        assert Settings() == chosen
