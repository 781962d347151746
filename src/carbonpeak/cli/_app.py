"""The Typer application and helpers shared by the command modules."""

from __future__ import annotations

import typer
from rich.console import Console

from carbonpeak.config import Settings
from carbonpeak.services.runtime import Runtime, open_runtime

app = typer.Typer(
    name="carbonpeak",
    help="carbonpeak: run a province's carbon-peak implementation plan (Anhui). 碳达峰实施方案管理平台。",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console()
err_console = Console(stderr=True)


def runtime() -> Runtime:
    """Open the database named by ``CARBONPEAK_DATABASE_URL`` (SQLite in the working directory by default)."""
    return open_runtime(Settings())


@app.callback()
def _root() -> None:
    """carbonpeak: run a province's carbon-peak implementation plan (Anhui). 碳达峰实施方案管理平台。"""
