"""Commands that set up a database: ``init``."""

from __future__ import annotations

from carbonpeak.cli._app import app, console, runtime


@app.command()
def init() -> None:
    """Create or upgrade the database schema (SQLite file by default, or CARBONPEAK_DATABASE_URL)."""
    rt = runtime()
    console.print(f"[green]database ready[/green]: {rt.settings.database_url}")
    rt.close()
