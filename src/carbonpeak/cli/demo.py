"""``carbonpeak demo``: initialise, load the Anhui data, print the register and the demo accounts, serve."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from carbonpeak.cli._app import app, console, runtime
from carbonpeak.cli.plan import _register_table
from carbonpeak.services import accounts, statistics, tiers, warning_log, warnings
from carbonpeak.services import plan as plan_service
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime


def _summary_table(rt_summary: list[statistics.GroupSummary]) -> Table:
    table = Table(title="statistics loaded 已载入统计数据")
    for column in ("group", "rows", "variables", "regions", "years"):
        table.add_column(column)
    for g in rt_summary:
        table.add_row(g.group, str(g.rows), str(g.variables), str(g.regions), f"{g.first_year}–{g.last_year}")
    return table


#: years the demo runs the barometer for, in order, so that the alert history and notices have content
DEMO_BAROMETER_YEARS = tuple(str(y) for y in range(2016, 2021))


def _seed_warnings(rt: Runtime) -> None:
    """Load the province's recorded warnings and, on a fresh database, run the barometer for 2016–2020."""
    loaded = warnings.load_recorded_warnings(rt, SYSTEM)
    console.print(f"recorded warnings loaded 已载入历史预警: {loaded}")
    if warning_log.runs(rt, limit=1):
        return
    with console.status("running the barometer 2016–2020 运行预警 …"):
        for period in DEMO_BAROMETER_YEARS:
            summary = warnings.run_barometer(rt, SYSTEM, period=period)
            console.print(f"barometer {period}: levels {summary['levels']}, notices {summary['notifications']}")


@app.command()
def demo(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="start the web platform afterwards")] = False,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Set up a demo: schema, Anhui reference data, target register, one account per role. 演示环境。"""
    rt = runtime()
    console.print(f"[green]database[/green]: {rt.settings.database_url}")
    with console.status("loading the Anhui reference data 载入安徽参考数据 …"):
        report = statistics.load_reference(rt, SYSTEM)
    console.print(f"reference rows written this run: {report.total}")
    console.print(_summary_table(statistics.summary(rt)))
    tiers.seed_tiers(rt, SYSTEM)
    _seed_warnings(rt)
    console.print(_register_table(plan_service.target_register(rt), "zh", None))
    logins = accounts.create_demo_accounts(rt)
    table = Table(title="demo accounts 演示账号")
    for column in ("login", "password", "role"):
        table.add_column(column)
    for row in logins:
        table.add_row(*row)
    console.print(table)
    if not serve:
        rt.close()
        return
    from carbonpeak.api.server import serve as run_server

    console.print(f"[bold]carbonpeak is at http://{host}:{port}/[/bold]")
    run_server(runtime=rt, host=host, port=port)
