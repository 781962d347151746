"""The runtime a face (CLI, API, web) builds once: settings, engine, session factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from carbonpeak.config import Settings
from carbonpeak.store.db import make_engine, make_session_factory, session_scope, upgrade_schema

__all__ = ["Runtime", "open_runtime"]


@dataclass
class Runtime:
    """Everything a service call needs to reach the database."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on error."""
        with session_scope(self.sessions) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_runtime(settings: Settings | None = None, *, migrate: bool = True) -> Runtime:
    """Open the database named by the settings, migrating it to the newest schema first."""
    settings = settings or Settings()
    if migrate:
        upgrade_schema(settings.database_url)
    engine = make_engine(settings.database_url)
    return Runtime(settings=settings, engine=engine, sessions=make_session_factory(engine))
