"""Commands ``progress``, ``warn``, ``lmdi`` and the officials' calculator ``calc progress``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pandas as pd
import typer

from carbonpeak.cli._app import app, console, runtime
from carbonpeak.core.periods import parse_period
from carbonpeak.indicators.progress import progress_from_official_yoy
from carbonpeak.services import lmdi as lmdi_service
from carbonpeak.services import progress as progress_service
from carbonpeak.services import warnings as warning_service
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.warning_forecast import FORECAST_RULES

calc = typer.Typer(help="Calculators for checking an official figure by hand. 手工核算。", no_args_is_help=True)
app.add_typer(calc, name="calc")

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON (numbers, not text)")]


def _print_frame(frame: pd.DataFrame, columns: list[str], as_json: bool) -> None:
    shown = frame[[c for c in columns if c in frame.columns]]
    if as_json:
        console.print_json(shown.to_json(orient="records", force_ascii=False))
    else:
        console.print(shown.to_string(index=False, float_format=lambda v: f"{v:.4f}"))


@calc.command("progress", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def calc_progress(
    ctx: typer.Context,
    yoy: Annotated[list[float], typer.Option("--yoy", help="year-on-year intensity changes in % (falls negative)")],
    target: Annotated[float, typer.Option("--target", help="five-year reduction target in % (17 = −17 %)")],
    as_json: JsonOption = False,
) -> None:
    """Cumulative change, log-method progress, years' worth, change and annual rate still needed (§1.1–1.2).

    Example: ``carbonpeak calc progress --yoy 1.51 -2.20 -4.18 --target 17`` (Qinghai). Values
    after the first ``--yoy`` are taken in order (a negative number is not mistaken for an option).
    """
    try:
        changes = [*yoy, *(float(v) for v in ctx.args)]
    except ValueError as exc:
        raise typer.BadParameter(f"not a number among the year-on-year changes: {ctx.args}") from exc
    s = progress_from_official_yoy(changes, target)
    if as_json:
        console.print_json(json.dumps(s.as_dict()))
        return
    console.print(f"cumulative change 累计变化: {s.cumulative_change_pct:.2f}%  (avg {s.average_change_pct:.2f}%/yr)")
    console.print(f"progress 完成进度 (log method): {100 * s.progress:.1f}%  = {s.years_equivalent:.2f} years' worth")
    console.print(
        f"still needed 尚需: {s.change_still_needed_pct:.2f}% over {5 - s.years} yr = {s.rate_still_needed_pct:.2f}%/yr"
    )
    console.print(f"plan average 规划年均: {s.plan_average_pct:.2f}%/yr")


@app.command()
def progress(
    region: Annotated[
        str | None, typer.Argument(help="region code or name; all regions with a target if omitted")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Progress against each known intensity target (完成进度, 序时进度), and the official-figure check."""
    rt = runtime()
    try:
        table = progress_service.progress(rt, region)
        cols = ["region", "indicator", "year", "target", "cum_reduction", "progress", "schedule_required",
                "on_schedule", "rate_still_needed", "status"]  # fmt: skip
        _print_frame(table, cols, as_json)
        if not as_json:
            console.print("\nofficial energy-intensity changes vs recomputed 官方强度变化核对:")
            _print_frame(progress_service.official_intensity_check(rt), _CHECK_COLUMNS, as_json=False)
    finally:
        rt.close()


_CHECK_COLUMNS = ["year", "official_pct", "official_vintage", "energy_vintage", "energy", "recomputed_pct", "status"]


@app.command()
def warn(
    period: Annotated[str, typer.Option("--period", help="2024, 2024Q3 or 2024-01/2024-09")],
    rules: Annotated[str, typer.Option("--rules", help="rule set id")] = "national_2020",
    save: Annotated[bool, typer.Option("--save", help="store the run and notify worsened regions")] = False,
    convention: Annotated[
        str | None, typer.Option("--convention", help="schedule convention linear|geometric (default: the setting)")
    ] = None,
    forecast_method: Annotated[
        str, typer.Option("--forecast-method", help="forecast of a year-to-date period: normal|bootstrap")
    ] = "normal",
    as_json: JsonOption = False,
) -> None:
    """The barometer (晴雨表): regions × indicators with level and the rule that applied.

    For a year-to-date period (2024Q3 = 2024-01/2024-09) also the forecast warning (预测预警): per region
    P(missing the annual target), its method, seed and history years, or why there is none; ``--save``
    stores it too (rule set forecast_default). With ``--json`` each energy-intensity row carries it
    under ``forecast``.
    """
    rt = runtime()
    try:
        span = _quarter_as_span(period)
        kinds = _forecast_rules(span, rules)
        if save:
            for rule_id in (rules, *kinds):
                summary = warning_service.run_barometer(
                    rt, SYSTEM, period=span, rule_id=rule_id, convention=convention, forecast_method=forecast_method
                )
                console.print(summary)
        table = _forecast_columns(
            warning_service.barometer(
                rt, period=span, rule_id=rules, convention=convention, forecast_method=forecast_method
            )
        )
        forecast = None
        if kinds:
            forecast = _forecast_columns(
                warning_service.barometer(rt, period=span, rule_id=kinds[0], forecast_method=forecast_method)
            )
        _print_warn(table, forecast, as_json)
    finally:
        rt.close()


_WARN_COLUMNS = ["region", "region_name_zh", "indicator", "actual", "required", "level", "rule_applied", "status",
                 "schedule_convention"]  # fmt: skip
_FORECAST_COLUMNS = ["region", "region_name_zh", "actual", "required", "miss_probability", "level", "method", "seed",
                     "history_years", "expected_annual", "status"]  # fmt: skip


def _forecast_rules(span: str, rules: str) -> tuple[str, ...]:
    """The forecast rule set to run beside ``rules`` (a year-to-date period only)."""
    if parse_period(span).kind != "ytd" or rules == FORECAST_RULES:
        return ()
    return (FORECAST_RULES,)


def _forecast_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """P(miss), method, seed, history years and expected annual reduction as columns (forecast cells only)."""
    if "miss_probability" not in frame.columns:
        return frame
    inputs = frame["inputs"]
    return frame.assign(
        miss_probability=frame["measures"].map(lambda m: m.get("miss_probability")),
        **{
            key: inputs.map(lambda i, k=key: i.get(k)) for key in ("method", "seed", "history_years", "expected_annual")
        },
    )


def _print_warn(table: pd.DataFrame, forecast: pd.DataFrame | None, as_json: bool) -> None:
    columns = _WARN_COLUMNS + (_FORECAST_COLUMNS[4:-1] if "miss_probability" in table.columns else [])
    if not as_json:
        _print_frame(table, columns, as_json=False)
        if forecast is not None:
            console.print("\nforecast warning 预测预警 (P of missing the annual target, rule set forecast_default):")
            _print_frame(forecast, _FORECAST_COLUMNS, as_json=False)
        return
    rows = json.loads(table[[c for c in columns if c in table.columns]].to_json(orient="records", force_ascii=False))
    if forecast is not None:
        by_region = json.loads(forecast[[*_FORECAST_COLUMNS, "inputs", "reason"]].to_json(orient="records"))
        found = {r["region"]: r for r in by_region}
        for row in rows:
            row["forecast"] = found.get(row["region"]) if row["indicator"] == "energy_intensity" else None
    console.print_json(json.dumps(rows, ensure_ascii=False))


def _quarter_as_span(period: str) -> str:
    """``2024Q3`` → the year-to-date span ``2024-01/2024-09`` the statistics are published for."""
    if len(period) == 6 and period[4] == "Q" and period[5] in "1234":
        return f"{period[:4]}-01/{period[:4]}-{3 * int(period[5]):02d}"
    return period


@app.command()
def lmdi(
    region: Annotated[str, typer.Argument(help="region code or name (province only: 340000)")],
    start: Annotated[int, typer.Argument(help="first year")],
    end: Annotated[int, typer.Argument(help="last year")],
    intensity: Annotated[bool, typer.Option("--intensity", help="decompose CO2 intensity instead of CO2")] = False,
    as_json: JsonOption = False,
) -> None:
    """LMDI-I decomposition of the CO2 change into activity, structure, intensity, mix and factor effects."""
    result: dict[str, Any] = lmdi_service.decompose_region(region, start, end, intensity=intensity)
    if as_json:
        console.print_json(json.dumps(result, ensure_ascii=False))
        return
    console.print(f"{result['aggregate']} {start} → {end}: {result['v0']:.4f} → {result['vt']:.4f} {result['unit']}")
    for name, value in result["additive"].items():
        factor = result["multiplicative"].get(name)
        console.print(f"  {name:18s} {value:+12.4f}" + (f"   ×{factor:.4f}" if factor is not None else ""))
    console.print(f"  {'total':18s} {result['change']:+12.4f}   ({result['method']})")
