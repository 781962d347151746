"""``carbonpeak inventory``: a region's CO2 inventory by year. Thin: it calls carbonpeak.services.inventory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table

from carbonpeak.cli._app import app, console, err_console, runtime
from carbonpeak.errors import CarbonPeakError, DataError
from carbonpeak.services import inventory, statistics
from carbonpeak.services.actor import SYSTEM


@dataclass(frozen=True)
class _Options:
    basis: str
    factor_set: str
    version: str | None
    grid_year: int | None

    @property
    def grid(self) -> inventory.GridChoice | None:
        return inventory.GridChoice(year=self.grid_year) if self.basis == "including_imports" else None


def _years(text: str) -> list[int]:
    first, _, last = text.partition(":")
    try:
        return list(range(int(first), int(last or first) + 1))
    except ValueError as exc:
        raise DataError(f"--years must look like 2005:2019, not {text!r}") from exc


def _province(region: str, years: list[int], opts: _Options) -> tuple[pd.DataFrame, str]:
    result, method = inventory.compute_inventory(
        region, years, factor_set=opts.factor_set, version=opts.version, grid=opts.grid
    )
    totals = result.totals[result.totals["basis"] == opts.basis]
    return totals.pivot_table(index="year", columns="variable", values="value").reset_index(), method


def _cities(region: str, years: list[int]) -> tuple[pd.DataFrame, str]:
    series = inventory.city_series(years)
    series = series[series["region"] == region]
    wide = series.pivot_table(index="year", columns="series", values="value", dropna=False).reindex(years)
    method = "CEADs city inventory (gaps kept, never filled) and EDGAR v8.0 proxy (not an official inventory)"
    return wide.rename_axis("year").reset_index(), method


def _cell(value: object) -> str:
    if isinstance(value, int | str):
        return str(value)
    return "—" if pd.isna(value) else f"{value:,.2f}"  # type: ignore[call-overload]


def _show(frame: pd.DataFrame, title: str, method: str) -> None:
    table = Table(title=title, caption=method)
    for column in frame.columns:
        table.add_column(str(column), justify="right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console.print(table)


def _store(code: str, span: list[int], opts: _Options, login: str | None) -> None:
    rt = runtime()
    try:
        actor = SYSTEM if login is None else statistics.actor_for_login(rt, login)
        written = inventory.store_inventory(
            rt, actor, code, span, factor_set=opts.factor_set, version=opts.version, grid=opts.grid
        )
    finally:
        rt.close()
    console.print(f"[green]stored[/green] {written} rows (unchanged values skipped)")


def _emit(frame: pd.DataFrame, *, code: str, title: str, method: str, as_json: bool, xlsx: Path | None) -> None:
    if xlsx is not None:
        frame.to_excel(xlsx, index=False)
        console.print(f"[green]written[/green] {xlsx}")
    if as_json:
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        console.print_json(json.dumps({"region": code, "method": method, "unit": "Mt CO2", "rows": records}))
    elif xlsx is None:
        _show(frame, title, method)


@app.command("inventory")
def inventory_command(
    region: Annotated[str, typer.Argument(help="region code or name, e.g. 340000, Anhui, 合肥市")],
    years: Annotated[str, typer.Option(help="first:last year, e.g. 2005:2019")] = "2005:2019",
    basis: Annotated[str, typer.Option(help="direct (scope 1) or including_imports (+ net imported power)")] = "direct",
    factor_set: Annotated[str, typer.Option(help="name[@version]: ceads, ipcc2006, china_national_defaults")] = "ceads",
    grid_year: Annotated[
        int | None, typer.Option(help="use this year's grid factor for every year (Anhui: 2022)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    xlsx: Annotated[Path | None, typer.Option(help="write the table to this .xlsx file")] = None,
    store: Annotated[bool, typer.Option(help="store the province inventory as new revisions")] = False,
    as_: Annotated[str | None, typer.Option("--as", help="login of the user storing (default: system)")] = None,
) -> None:
    """CO2 inventory of a region by year, Mt CO2 (methods.md §8). 二氧化碳排放清单（分年度）。"""
    try:
        if basis not in ("direct", "including_imports"):
            raise DataError(f"--basis must be direct or including_imports, not {basis!r}")
        code, level, name = inventory.resolve_region(region)
        span = _years(years)
        set_name, _, version = factor_set.partition("@")
        opts = _Options(basis, set_name, version or None, grid_year)
        frame, method = _province(code, span, opts) if level == "province" else _cities(code, span)
        if store:
            _store(code, span, opts, as_)
    except CarbonPeakError as exc:
        err_console.print(f"{type(exc).__name__}: {exc}", markup=False, highlight=False, style="red")
        raise typer.Exit(code=1) from exc
    title = f"{name} CO2 (Mt), basis {basis}" if level == "province" else f"{name} CO2 (Mt)"
    _emit(frame, code=code, title=title, method=method, as_json=as_json, xlsx=xlsx)
