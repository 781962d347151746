"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL.

Each pytest process gets its own PostgreSQL database (created from the server at
``CARBONPEAK_TEST_PG_ADMIN_URL``), so parallel runs do not disturb each other. Set
``CARBONPEAK_TEST_SKIP_PG=1`` only to run a quick local loop; CI runs both.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from carbonpeak.config import Settings
from carbonpeak.services.runtime import Runtime, open_runtime
from carbonpeak.store.db import upgrade_schema
from carbonpeak.store.models import Base

PG_ADMIN_URL = os.environ.get("CARBONPEAK_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite"] if os.environ.get("CARBONPEAK_TEST_SKIP_PG") == "1" else ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    upgrade_schema(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A migrated PostgreSQL database private to this pytest process, dropped at the end."""
    name = f"carbonpeak_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_schema(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_pg(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """An empty, migrated database: a SQLite file, then the PostgreSQL one (emptied before each test)."""
    if request.param == "sqlite":
        path = tmp_path / "carbonpeak.sqlite"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    _truncate_pg(url)
    return url


@pytest.fixture
def rt(db_url: str) -> Iterator[Runtime]:
    """A runtime over the per-test database."""
    runtime = open_runtime(Settings(database_url=db_url), migrate=False)
    yield runtime
    runtime.close()
