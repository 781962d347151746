"""Statistics commands: ``load-reference``, ``import``, ``template``, ``stats``. Thin: each calls
one service (carbonpeak.services.statistics, .imports, .templates)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from carbonpeak.cli._app import app, console, err_console, runtime
from carbonpeak.core.variables import DATASETS
from carbonpeak.errors import CarbonPeakError
from carbonpeak.services import imports, statistics, templates
from carbonpeak.services.actor import SYSTEM, Actor
from carbonpeak.services.runtime import Runtime

_SHOWN = ("region", "period", "variable", "value", "unit", "basis", "vintage", "revision", "source", "recorded_at")
_NARROW = ("region", "period", "basis", "vintage", "revision")


def _fail(exc: CarbonPeakError) -> typer.Exit:
    # markup off: unit dimensions such as [mass] in the message are not Rich tags
    err_console.print(f"{type(exc).__name__}: {exc}", markup=False, highlight=False, style="red")
    return typer.Exit(code=1)


def _actor(rt: Runtime, login: str | None) -> Actor:
    return SYSTEM if login is None else statistics.actor_for_login(rt, login)


@app.command("load-reference")
def load_reference() -> None:
    """Load the shipped Anhui reference data (CEADs, GDP, population, energy, electricity, cities). 载入参考数据。"""
    rt = runtime()
    columns = (TextColumn("{task.description:<45}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("reference data", total=None)
            report = statistics.load_reference(
                rt,
                SYSTEM,
                progress=lambda done, total, what: bar.update(task, completed=done, total=total, description=what),
            )
    except CarbonPeakError as exc:
        raise _fail(exc) from exc
    finally:
        rt.close()
    for key, rows in report.written.items():
        console.print(f"  {key:<45} {rows:>7} rows")
    console.print(f"[green]{report.total} rows written[/green] (unchanged values are skipped)")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a .csv or .xlsx file in long layout")],
    vintage: Annotated[str, typer.Option(help="quick (快报), preliminary (初步核实) or final (最终核实)")],
    dataset: Annotated[str | None, typer.Option(help=f"limit to one data set: {', '.join(DATASETS)}")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="login of the user importing (default: system)")] = None,
) -> None:
    """Import statistics from a file: all rows or none. 导入统计数据（全部或不导入）。"""
    rt = runtime()
    try:
        result = imports.import_file(rt, _actor(rt, as_), file, vintage=vintage, dataset=dataset)
    except CarbonPeakError as exc:
        raise _fail(exc) from exc
    finally:
        rt.close()
    console.print(
        f"[green]imported[/green] {result.rows} rows from {result.filename} as {result.vintage} "
        f"(batch {result.batch_id}, sha256 {result.sha256[:12]}…)"
    )


@app.command()
def template(
    dataset: Annotated[str, typer.Argument(help=f"one of: {', '.join(DATASETS)}")],
    output: Annotated[Path, typer.Option("-o", "--output", help="the .xlsx file to write")],
) -> None:
    """Write a blank xlsx import template for a data set. 生成空白导入模板。"""
    try:
        templates.write_template(dataset, output)
    except CarbonPeakError as exc:
        raise _fail(exc) from exc
    console.print(f"[green]template[/green] {dataset} written to {output}")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = frame.astype(object).where(frame.notna(), None)
    out["recorded_at"] = [t.isoformat() if t is not None else None for t in out["recorded_at"]]
    return [{str(k): v for k, v in r.items()} for r in out.to_dict(orient="records")]


def _table(frame: pd.DataFrame, limit: int) -> Table:
    table = Table(title=f"{len(frame)} observations (first {min(limit, len(frame))} shown)")
    for column in _SHOWN:
        table.add_column(column, no_wrap=column in _NARROW, overflow="fold")
    for row in frame.head(limit).itertuples(index=False):
        cells = {c: getattr(row, c) for c in _SHOWN}
        cells["value"] = "—" if pd.isna(cells["value"]) else f"{cells['value']:,.4f}".rstrip("0").rstrip(".")
        cells["recorded_at"] = f"{cells['recorded_at']:%Y-%m-%d %H:%M}"
        table.add_row(*("" if cells[c] is None else str(cells[c]) for c in _SHOWN))
    return table


def _summary(rt: Runtime, as_json: bool) -> None:
    groups = statistics.summary(rt)
    if as_json:
        console.print_json(json.dumps([g.__dict__ for g in groups]))
        return
    table = Table("group", "rows", "variables", "regions", "years", title="statistics in the store")
    for g in groups:
        table.add_row(g.group, str(g.rows), str(g.variables), str(g.regions), f"{g.first_year}–{g.last_year}")
    console.print(table)


@app.command()
def stats(
    region: Annotated[list[str] | None, typer.Option(help="region code (repeatable)")] = None,
    variable: Annotated[list[str] | None, typer.Option(help="variable name (repeatable)")] = None,
    prefix: Annotated[str | None, typer.Option(help="variable prefix, e.g. 'Emissions|CO2|Sector|'")] = None,
    period: Annotated[list[str] | None, typer.Option(help="period code (repeatable)")] = None,
    as_of: Annotated[datetime | None, typer.Option("--as-of", help="as known at this UTC time")] = None,
    all_vintages: Annotated[bool, typer.Option(help="every vintage, not only the best available")] = False,
    summary: Annotated[bool, typer.Option(help="counts per variable group instead of values")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    limit: Annotated[int, typer.Option(help="rows shown in the table")] = 50,
) -> None:
    """Show stored statistics, as known at a date. 查询统计数据（可按时点回溯）。"""
    rt = runtime()
    try:
        if summary:
            _summary(rt, as_json)
            return
        frame = statistics.observations(
            rt, regions=region, variables=variable, periods=period, variable_prefix=prefix, as_of=as_of,
            best_available=not all_vintages,
        )  # fmt: skip
    finally:
        rt.close()
    if as_json:
        console.print_json(json.dumps(_records(frame), ensure_ascii=False))
    else:
        console.print(_table(frame, limit))
