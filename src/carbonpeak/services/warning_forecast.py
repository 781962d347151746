"""The forecast warning (预测预警) from the store: P(missing the annual target) per region for a year-to-date period.

For a year-to-date period (``2020-01/2020-09``) and a region, reads the official year-to-date
energy-intensity change of the period and, for every earlier year, the change over the same months
and the annual change (``Energy|Intensity Change``), finds the annual target of the year and hands
them to :func:`carbonpeak.warning.forecast.probability_of_missing` (docs/methods/warning-forecast.md).
Where a number is missing the cell carries the :class:`~carbonpeak.services.warning_reasons.Reason`,
never a probability. Grading and storage go through the barometer with the rule set
``forecast_default`` (services.warnings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from sqlalchemy.orm import Session

from carbonpeak.core.periods import Period
from carbonpeak.core.schema import PERIOD, VALUE
from carbonpeak.services import progress as prog
from carbonpeak.services.warning_reasons import Reason
from carbonpeak.store import observations as obs
from carbonpeak.warning.forecast import MIN_HISTORY, probability_of_missing

__all__ = ["FORECAST_RULES", "METHODS", "AnnualTarget", "ForecastOptions", "annual_target", "forecast_cell"]

#: the rule set that grades the probability (data/rules/warning/forecast_default.yaml)
FORECAST_RULES: Final = "forecast_default"
METHODS: Final = ("normal", "bootstrap")
_VARIABLE: Final = "Energy|Intensity Change"
Method = Literal["normal", "bootstrap"]


@dataclass(frozen=True)
class ForecastOptions:
    """How the forecast is run; stored among each cell's inputs."""

    method: Method = "normal"
    seed: int = 20240930  #: numpy Generator seed of the bootstrap
    draws: int = 20_000  #: bootstrap draws
    as_of: datetime | None = None


@dataclass(frozen=True)
class AnnualTarget:
    """The annual reduction T the year-to-date is forecast against, and where it comes from."""

    value: float  #: reduction as a fraction
    basis: str  #: "annual_target" (a target of that year) or "plan_average" (1 − (1 − R)^(1/n))
    source: str
    reduction: float  #: R of the target used
    base_year: int
    target_year: int


def annual_target(region: str, indicator: str, year: int) -> AnnualTarget | None:
    """The annual target of ``year``: an annual target if one is known, else the plan's annual average.

    The plan average of a target R over n years is ``1 − (1 − R)^(1/n)`` (methods.md §1.2, the rate
    that meets the target in equal yearly steps). None when no target covers the year.
    """
    targets = [t for t in prog.known_targets() if t.region == region and t.indicator == indicator and t.covers(year)]
    if not targets:
        return None
    target = next((t for t in targets if t.plan_years == 1), targets[0])
    basis = "annual_target" if target.plan_years == 1 else "plan_average"
    value = 1 - (1 - target.reduction) ** (1 / target.plan_years)
    return AnnualTarget(value, basis, target.source, target.reduction, target.base_year, target.target_year)


def _ytd_code(year: int, period: Period) -> str:
    return f"{year}-{period.first_month:02d}/{year}-{period.last_month:02d}"


def _stored(session: Session, region: str, as_of: datetime | None) -> dict[str, dict[str, Any]]:
    """Best-available intensity changes of the region by period (the first basis when there are several)."""
    rows = obs.query(session, regions=[region], variables=[_VARIABLE], as_of=as_of)
    records = rows[rows[VALUE].notna()].drop_duplicates(PERIOD).to_dict("records")
    return {str(r[PERIOD]): {str(k): v for k, v in r.items()} for r in records}


def _history(stored: dict[str, dict[str, Any]], period: Period) -> list[dict[str, Any]]:
    """Earlier years with both the same-months change and the annual change (reductions = −change/100)."""
    out = []
    for year in sorted(int(code) for code in stored if code.isdigit() and int(code) < period.year):
        ytd = stored.get(_ytd_code(year, period))
        if ytd is None:
            continue
        y, a = float(ytd[VALUE]), float(stored[str(year)][VALUE])
        out.append(
            {"year": year, "ytd_change_pct": y, "annual_change_pct": a, "ytd_reduction": -y / 100,
             "annual_reduction": -a / 100, "adjustment": (y - a) / 100}
        )  # fmt: skip
    return out


def _no_data(reason: Reason, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"status": reason.text, "reason": reason.as_dict(), "inputs": inputs, "miss_probability": float("nan")}


def _target_inputs(target: AnnualTarget | None) -> dict[str, Any]:
    if target is None:
        return {"annual_target": None}
    return {
        "annual_target": target.value, "annual_target_basis": target.basis, "target_source": target.source,
        "target_reduction": target.reduction, "base_year": target.base_year, "target_year": target.target_year,
    }  # fmt: skip


def forecast_cell(
    session: Session, region: str, indicator: str, period: Period, opts: ForecastOptions
) -> dict[str, Any]:
    """A (year-to-date reduction), T (annual target), P(miss) and every number used, or the reason there is none."""
    if period.kind != "ytd":
        return _no_data(Reason("forecast_needs_ytd"), {})
    if indicator != "energy_intensity":
        return _no_data(Reason("no_ytd_statistics"), {})
    stored = _stored(session, region, opts.as_of)
    current = stored.get(_ytd_code(period.year, period))
    if current is None:
        return _no_data(Reason("no_ytd_value"), {})
    history = _history(stored, period)
    target = annual_target(region, indicator, period.year)
    inputs: dict[str, Any] = {
        "official_ytd_change_pct": float(current[VALUE]), "vintage": str(current["vintage"]),
        "source": current["source"], "first_month": period.first_month, "last_month": period.last_month,
        "history": history, "history_years": [h["year"] for h in history], "min_history": MIN_HISTORY,
        **_target_inputs(target),
    }  # fmt: skip
    actual = -float(current[VALUE]) / 100
    if len(history) < MIN_HISTORY:
        params = {"needed": MIN_HISTORY, "found": len(history), "first_month": period.first_month,
                  "last_month": period.last_month}  # fmt: skip
        return {**_no_data(Reason("insufficient_history", params), inputs), "actual": actual}
    if target is None:
        return {**_no_data(Reason("no_annual_target"), inputs), "actual": actual}
    return {"actual": actual, "required": target.value, **_forecast(actual, target.value, history, inputs, opts)}


def _forecast(
    actual: float, required: float, history: list[dict[str, Any]], inputs: dict[str, Any], opts: ForecastOptions
) -> dict[str, Any]:
    result = probability_of_missing(
        actual, required, [h["ytd_reduction"] for h in history], [h["annual_reduction"] for h in history],
        method=opts.method, seed=opts.seed, draws=opts.draws,
    )  # fmt: skip
    numbers = {
        "method": result.method, "seed": result.seed, "draws": result.draws, "miss_probability": result.probability,
        "expected_annual": result.expected_annual, "mean_adjustment": result.mean_adjustment,
        "sd_adjustment": result.sd_adjustment,
    }  # fmt: skip
    return {"status": "ok", "reason": None, "miss_probability": result.probability, "inputs": {**inputs, **numbers}}
