"""Settings of carbonpeak, read from the environment (prefix ``CARBONPEAK_``). Built by the app
factory and the CLI, never at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_db_url() -> str:
    return f"sqlite:///{Path.cwd() / 'carbonpeak.sqlite'}"


class Settings(BaseSettings):
    """Every setting of the platform. See docs/user-guide/settings.md."""

    model_config = SettingsConfigDict(env_prefix="CARBONPEAK_", extra="ignore")

    #: SQLAlchemy URL; SQLite file in the working directory by default, PostgreSQL through this one setting
    database_url: str = Field(default_factory=_default_db_url)
    #: address of a Dask scheduler; empty means an in-process LocalCluster
    dask_scheduler: str = ""
    #: secret for signing session cookies; the default is for local demo use only
    secret_key: str = "carbonpeak-demo-secret-change-me"
    #: default interface language
    default_locale: str = "zh_CN"
    #: seconds without a heartbeat after which a queued or running job's owner counts as gone (restart recovery)
    job_heartbeat_timeout: float = 60.0
    #: seconds between checks of whether the data changed (page caches) or sessions ended (session cache) when
    #: another process wrote; this process's own writes show at once. 0 checks on every request
    cache_check_interval: float = 0.5
    #: seconds a session look-up is cached (never past a logout, a disabled account or the session's end); 0: off
    session_cache_seconds: float = 30.0
    #: schedule convention for five-year targets: "linear" or "geometric" (methods.md §1.3)
    schedule_convention: str = "linear"
