"""Plan commands: ``plan`` (the clause tree), ``targets`` (the register with evaluations), ``tier set`` and
``tier list``. Thin: each calls one service (carbonpeak.services.plan, .tiers)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer
from rich.table import Table
from rich.tree import Tree

from carbonpeak.cli._app import app, console, err_console, runtime
from carbonpeak.core.plan import Target, TargetKind
from carbonpeak.errors import CarbonPeakError
from carbonpeak.services import plan as plan_service
from carbonpeak.services import tiers as tier_service
from carbonpeak.services.actor import SYSTEM
from carbonpeak.targets import Evaluation, Status

tier_app = typer.Typer(help="Tiers of clause 2.(12).1: which city peaks first. 梯次达峰类型。", no_args_is_help=True)
app.add_typer(tier_app, name="tier")

Lang = Annotated[str, typer.Option(help="zh or en")]
_STYLE = {
    Status.MET: "green",
    Status.ON_TRACK: "green",
    Status.BEHIND: "yellow",
    Status.NOT_MET: "red",
    Status.NO_DATA: "dim",
}
_CHANGE_KINDS = (TargetKind.REDUCE_BY_VS_BASE, TargetKind.INCREASE_BY_VS_BASE, TargetKind.INCREASE_PER_YEAR)


def _fail(exc: CarbonPeakError) -> typer.Exit:
    err_console.print(f"{type(exc).__name__}: {exc}", markup=False, highlight=False, style="red")
    return typer.Exit(code=1)


@app.command("plan")
def plan_command(
    lang: Lang = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Print the plan's clause tree with its targets. 显示实施方案条款结构。"""
    nodes = plan_service.plan_tree()
    if as_json:
        console.print_json(json.dumps([n.as_dict() for n in nodes], ensure_ascii=False))
        return
    root = Tree("安徽省碳达峰实施方案 (皖政〔2022〕83号)" if lang.startswith("zh") else "Anhui Carbon Peak Plan")

    def add(branch: Tree, node: plan_service.TreeNode) -> None:
        count = f" [cyan]({len(node.targets)} targets)[/cyan]" if node.targets else ""
        child = branch.add(f"[bold]{node.node.clause}[/bold] {node.node.title.get(lang)}{count}")
        for sub in node.children:
            add(child, sub)

    for part in nodes:
        add(root, part)
    console.print(root)


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value * 100:+.2f}%" if percent else f"{value:,.4g}"


def _numbers(target: Target, ev: Evaluation) -> str:
    """The numbers an evaluation used, in one cell."""
    if ev.observed is None and ev.base_value is None:
        return ev.note
    kind = target.allocated_kind or target.kind
    parts = []
    if ev.observed is not None:
        parts.append(f"{ev.observed_year}: {_fmt(ev.observed)}")
    if ev.base_value is not None:
        parts.append(f"base {ev.base_year}: {_fmt(ev.base_value)}")
    if kind in _CHANGE_KINDS:
        parts.append(f"change {_fmt(ev.change, True)}, required {_fmt(ev.required, True)}")
    elif ev.required is not None:
        parts.append(f"required {_fmt(ev.required)}")
    if ev.convention is not None:
        parts.append(str(ev.convention))
    return "; ".join(parts) + (f" ({ev.note})" if ev.note else "")


def _scope(target: Target) -> str:
    scope = target.scope
    where = {"province": "province", "city": ", ".join(scope.regions), "all_cities": "all cities"}[scope.kind]
    if scope.except_regions:
        where += " except " + ", ".join(scope.except_regions)
    return where + (f" / {scope.sector}" if scope.sector else "")


def _value(target: Target) -> str:
    if target.value is None:
        return "(allocated)" if target.kind is TargetKind.MEET_ALLOCATED else "—"
    about = "≈" if target.approximate else ""
    return f"{about}{target.value:g} {target.unit}"


def _register_table(rows: list[plan_service.RegisterRow], lang: str, at: int | None) -> Table:
    table = Table(title=f"target register 目标清单 — evaluated at {at or date.today().year}", show_lines=False)
    for column in ("clause", "target", "kind", "value", "year", "scope", "lead", "status", "numbers"):
        table.add_column(column, overflow="fold", no_wrap=column in ("clause", "status"))
    names = plan_service.department_names()
    for row in rows:
        t = row.target
        years = f"{t.base_year}→{t.target_year}" if t.base_year else str(t.target_year or "standing")
        first = row.evaluations[0] if len(row.evaluations) == 1 else None
        numbers = _numbers(t, first) if first else _counts(row)
        status = f"[{_STYLE[row.status]}]{row.status}[/]"
        lead = ", ".join(names[k].get(lang) if k in names else k for k in t.lead)
        table.add_row(t.clause, t.title.get(lang), str(t.kind), _value(t), years, _scope(t), lead, status, numbers)
    return table


def _counts(row: plan_service.RegisterRow) -> str:
    counts: dict[str, int] = {}
    for ev in row.evaluations:
        counts[str(ev.status)] = counts.get(str(ev.status), 0) + 1
    return f"{len(row.evaluations)} regions: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


@app.command()
def targets(
    at: Annotated[int | None, typer.Option(help="evaluate at this year (default: the current year)")] = None,
    as_of: Annotated[datetime | None, typer.Option("--as-of", help="data as known at this UTC time")] = None,
    lang: Lang = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The target register with each target's evaluation. 目标清单及评估。"""
    rt = runtime()
    try:
        rows = plan_service.target_register(rt, at=at, as_of=as_of)
    except CarbonPeakError as exc:
        raise _fail(exc) from exc
    finally:
        rt.close()
    if as_json:
        console.print_json(json.dumps([r.as_dict() for r in rows], ensure_ascii=False))
        return
    console.print(_register_table(rows, lang, at))


@tier_app.command("set")
def tier_set(
    region: Annotated[str, typer.Argument(help="city code or name, e.g. 340100 or 合肥")],
    tier: Annotated[str, typer.Argument(help="first_to_peak, peak_with_province or ecological_priority")],
    decided_on: Annotated[datetime, typer.Option("--date", formats=["%Y-%m-%d"], help="date of the decision")],
    basis: Annotated[str, typer.Option(help="the document or meeting the decision rests on")],
    suggested: Annotated[str | None, typer.Option(help="the computed suggestion, if any")] = None,
) -> None:
    """Record the province's tier decision for a city (never erases an earlier one). 记录梯次类型决定。"""
    rt = runtime()
    try:
        decision = tier_service.set_tier(
            rt, SYSTEM, region, tier, decided_on=decided_on.date(), basis=basis, suggested_tier=suggested
        )
    except CarbonPeakError as exc:
        raise _fail(exc) from exc
    finally:
        rt.close()
    console.print(f"[green]recorded[/green] {decision.region} → {decision.tier} from {decision.decided_on}")


@tier_app.command("list")
def tier_list(
    as_of: Annotated[datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="in force on")] = None,
    lang: Lang = "zh",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Each city's current tier, or "not decided". 各市梯次类型。"""
    rt = runtime()
    try:
        rows = tier_service.list_tiers(rt, as_of.date() if as_of else None)
    finally:
        rt.close()
    if as_json:
        out = [{"region": r.region.code, "decision": r.decision.as_dict() if r.decision else None} for r in rows]
        console.print_json(json.dumps(out, ensure_ascii=False))
        return
    names = {t.key: t.name.get(lang) for t in tier_service.tier_definitions()}
    table = Table("region", "name", "tier", "decided on", "basis", title="tiers 梯次 (clause 2.(12).1)")
    for r in rows:
        name = r.region.name_zh if lang.startswith("zh") else r.region.name_en
        d = r.decision
        if d is None:
            table.add_row(r.region.code, name, "[dim]not decided 未确定[/dim]", "", "")
        else:
            table.add_row(r.region.code, name, names.get(d.tier, d.tier), d.decided_on.isoformat(), d.basis)
    console.print(table)
