"""Commands of the web platform: ``serve``, ``user add/list/disable/enable``, ``job run/list/watch``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from carbonpeak.api.server import default_workers
from carbonpeak.api.server import serve as serve_app
from carbonpeak.cli._app import app, console, err_console, runtime
from carbonpeak.config import Settings
from carbonpeak.errors import CarbonPeakError
from carbonpeak.services import accounts, jobs
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime

user_app = typer.Typer(help="Accounts of the web platform. 用户管理。", no_args_is_help=True)
job_app = typer.Typer(help="Jobs: long work run on Dask. 后台任务。", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(job_app, name="job")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="worker processes; default 1 on SQLite, one per CPU (at most 8) on PostgreSQL"),
    ] = None,
) -> None:
    """Start the web platform (pages and the JSON API under /api/v1). 启动网页平台。"""
    settings = Settings()
    count = workers or default_workers(settings)
    if count > 1 and settings.database_url.startswith("sqlite"):
        err_console.print("[yellow]several workers on SQLite wait on its single writer; use PostgreSQL[/yellow]")
    console.print(f"carbonpeak on [bold]http://{host}:{port}/[/bold], {count} worker(s)  (Ctrl+C to stop)")
    serve_app(settings, host=host, port=port, workers=count)


@user_app.command("add")
def user_add(
    login: str,
    role: Annotated[str, typer.Option(help="administrator, province, department, city or viewer")],
    name: Annotated[str, typer.Option(help="full name")] = "",
    department: Annotated[str | None, typer.Option(help="department key, for department accounts")] = None,
    region: Annotated[str | None, typer.Option(help="city code, for city accounts (e.g. 340100)")] = None,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = "",
) -> None:
    """Create an account (run by the machine's operator; audited as the system)."""
    rt = runtime()
    try:
        with rt.transaction() as session:
            info = accounts.create_user(
                session,
                SYSTEM,
                login=login,
                name=name,
                password=password,
                role=role,
                department=department,
                region=region,
            )
    except CarbonPeakError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        rt.close()
    console.print(f"[green]created[/green] {info.login} ({info.role})")


@user_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """List the accounts."""
    rt = runtime()
    with rt.transaction() as session:
        users = accounts.list_users(session, SYSTEM)
    rt.close()
    if as_json:
        rows = [{**u.__dict__, "created_at": u.created_at.isoformat()} for u in users]
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("login", "name", "role", "department", "region", "active")
    for u in users:
        table.add_row(u.login, u.name, u.role, u.department or "", u.region or "", "yes" if u.active else "no")
    console.print(table)


def _set_active(login: str, *, active: bool) -> None:
    rt = runtime()
    try:
        with rt.transaction() as session:
            accounts.set_active(session, SYSTEM, login, active=active)
    except CarbonPeakError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        rt.close()
    console.print(f"{login}: {'enabled' if active else 'disabled'}")


@user_app.command("disable")
def user_disable(login: str) -> None:
    """Disable an account; its open sessions end at once."""
    _set_active(login, active=False)


@user_app.command("enable")
def user_enable(login: str) -> None:
    """Enable a disabled account again."""
    _set_active(login, active=True)


def _watch(rt: Runtime, job_id: int, timeout: float) -> jobs.JobInfo:
    columns = (
        TextColumn("job {task.fields[job]}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("", total=1.0, job=job_id)

        def show(fraction: float, message: str | None = None) -> None:
            bar.update(task, completed=fraction, description=message or "")

        return jobs.wait_for(rt, job_id, timeout=timeout, on_progress=show)


def _parse_params(pairs: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"{pair!r}: expected key=JSON value, e.g. steps=5") from exc
        if not sep or not key:
            raise typer.BadParameter(f"{pair!r}: expected key=JSON value, e.g. steps=5")
    return params


@job_app.command("run")
def job_run(
    kind: str,
    param: Annotated[list[str] | None, typer.Option(help="key=JSON value, repeatable")] = None,
    timeout: Annotated[float, typer.Option(help="seconds to wait")] = 3600.0,
) -> None:
    """Run a job on Dask and follow its progress (e.g. ``carbonpeak job run selftest.count --param steps=5``)."""
    params = _parse_params(param or [])
    rt = runtime()
    runner = jobs.JobRunner(rt.settings)
    try:
        info = _watch(rt, runner.submit(rt, SYSTEM, kind, params).id, timeout)
    except CarbonPeakError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        runner.close()
        rt.close()
    console.print(f"job {info.id}: {info.state}" + (f" — {info.error}" if info.error else ""))
    if info.state != "succeeded":
        raise typer.Exit(1)


@job_app.command("list")
def job_list() -> None:
    """Recent jobs, newest first."""
    rt = runtime()
    with rt.transaction() as session:
        rows = jobs.list_jobs(session, SYSTEM)
    rt.close()
    table = Table("id", "kind", "state", "progress", "started by", "error")
    for j in rows:
        table.add_row(str(j.id), j.kind, j.state, f"{j.progress:.0%}", j.started_by, j.error or "")
    console.print(table)
