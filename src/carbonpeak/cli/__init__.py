"""The command line: ``carbonpeak --help``. Thin: every command calls a service."""

from __future__ import annotations

import importlib

from carbonpeak.cli._app import app

# Each module registers its commands on ``app`` when imported.
_COMMAND_MODULES = ("setup", "web", "stats", "plan", "indicators", "inventory", "demo")

for _name in _COMMAND_MODULES:
    importlib.import_module(f"carbonpeak.cli.{_name}")


def main() -> None:
    """Entry point of the ``carbonpeak`` script."""
    app()


__all__ = ["app", "main"]
