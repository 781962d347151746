"""The explanatory texts of the warning pages in the reader's language.

The engine and the services speak English (formulas, band texts, "no data" reasons) and give the
same things as data: a reason code with parameters (:mod:`carbonpeak.services.warning_reasons`),
the measures of a cell and the band that applied with the rule set's ``description_zh`` /
``description_en``. The pages render them from here, one msgid per kind of text, as
:mod:`carbonpeak.web.problems` does for upload problems.
"""

from __future__ import annotations

from typing import Any, Final

from markupsafe import Markup

from carbonpeak.web.i18n import current_locale, gettext
from carbonpeak.web.labels import N_

__all__ = ["FORMULAS", "MEASURES", "REASONS", "band_text", "formula_text", "month_span", "reason_text"]

#: reason code (services.warning_reasons.REASON_TEXTS) → msgid with the same parameters
REASONS: Final = {
    "no_target": N_("no target of this indicator for the region and year"),
    "no_base_year_value": N_("no %(base_year)s base-year value of %(variable)s or GDP"),
    "no_numerator_or_gdp": N_("numerator or GDP missing for the year"),
    "no_ytd_statistics": N_("no year-to-date statistics of this indicator"),
    "no_ytd_value": N_("no year-to-date intensity change stored"),
    "no_annual_target": N_("no annual target of the year in the reference data"),
    "forecast_needs_ytd": N_("the forecast needs a year-to-date period (e.g. 2020-01/2020-09)"),
    "insufficient_history": N_(
        "needs %(needed)s past years with %(months)s and annual values; the store has %(found)s"
    ),
    "input_missing": N_("an input is missing"),
}

#: measure (warning.rules.Measure) → its name
MEASURES: Final = {
    "shortfall_share": N_("shortfall share of the target"),
    "shortfall_pp": N_("shortfall in percentage points"),
    "actual_reduction_pct": N_("reduction achieved in %"),
    "completion_ratio": N_("completion ratio"),
    "miss_probability": N_("probability of missing the annual target"),
}

#: measure → its formula with a short explanation (warning.evaluate.FORMULAS)
FORMULAS: Final = {
    "shortfall_share": N_("(T − A) / |T|  (gap to the schedule target as a share of the target, §2.1)"),
    "shortfall_pp": N_("(T − A) × 100  (gap in percentage points, §2.3)"),
    "actual_reduction_pct": N_("A × 100  (negative = intensity rose, §2.2)"),
    "completion_ratio": N_("A / T  (share of the requirement achieved, §2.3)"),
    "miss_probability": N_("P(annual reduction < annual target)  (forecast, §2.4)"),
}

_MONTHS_EN: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_span(first: int, last: int) -> str:
    """Months ``first``–``last`` of a year in the current locale: ``1—9月`` or ``Jan–Sep``."""
    if current_locale() == "zh_CN":
        return f"{first}月" if first == last else f"{first}—{last}月"
    names = _MONTHS_EN[first - 1], _MONTHS_EN[last - 1]
    return names[0] if first == last else f"{names[0]}–{names[1]}"


def reason_text(reason: dict[str, Any] | None) -> str:
    """Why a cell has no level, in the current locale ("" when there is no reason)."""
    if not reason or reason.get("code") not in REASONS:
        return ""
    params = dict(reason.get("params") or {})
    if "first_month" in params:
        params["months"] = month_span(int(params["first_month"]), int(params["last_month"]))
    return gettext("no data: %(reason)s") % {"reason": gettext(REASONS[str(reason["code"])]) % params}


def formula_text(measure: str) -> str:
    """The formula of ``measure`` with its explanation, in the current locale."""
    return gettext(FORMULAS[measure]) if measure in FORMULAS else measure


def _sign(inclusive: bool) -> str:
    return "≤" if inclusive else "<"


def band_text(band: dict[str, Any], level_names: dict[str, dict[str, str]]) -> Markup:
    """The band that applied: interval of the measure, → level, and what it means in the rule set's words."""
    measure = str(band["measure"])
    name = gettext(MEASURES.get(measure, measure))
    if band.get("level") is None:
        return Markup("{0}: {1}").format(name, reason_text({"code": "input_missing"}))
    zh = current_locale() == "zh_CN"
    lower, upper = band.get("lower"), band.get("upper")
    left = "" if lower is None else f"{float(lower):g} {_sign(bool(band['lower_inclusive']))} "
    right = "" if upper is None else f" {_sign(bool(band['upper_inclusive']))} {float(upper):g}"
    level = level_names.get(str(band["level"]), {}).get("zh" if zh else "en", str(band["level"]))
    description = band.get("description_zh" if zh else "description_en") or ""
    text = Markup("{0}{1}{2} → {3}").format(left, name, right, level)
    return text + (Markup("（{0}）" if zh else " ({0})").format(description) if description else "")
