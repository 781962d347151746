"""Why a barometer or forecast cell has no level: a code with parameters, and its English text.

The services give each cell without a level a :class:`Reason`; the CLI and the JSON keep the English
text (``status``, "no data: …"), the pages translate the code (``carbonpeak.web.warning_texts``), so
the catalogue holds one entry per kind of reason, not per value. Every code here has a msgid there
(tests/web/test_warning_texts.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["REASON_TEXTS", "Reason", "month_span_en", "progress_reason"]

#: code → English template (``%(name)s`` parameters); the pages show the translated msgid instead
REASON_TEXTS: Final = {
    "no_target": "no target of this indicator for the region and year",
    "no_base_year_value": "no %(base_year)s base-year value of %(variable)s or GDP",
    "no_numerator_or_gdp": "numerator or GDP missing for the year",
    "no_ytd_statistics": "no year-to-date statistics of this indicator",
    "no_ytd_value": "no year-to-date intensity change stored",
    "no_annual_target": "no annual target of the year in the reference data",
    "forecast_needs_ytd": "the forecast needs a year-to-date period (e.g. 2020-01/2020-09)",
    "insufficient_history": "needs %(needed)s past years with %(months)s and annual values; the store has %(found)s",
    "input_missing": "an input is missing",
}


def month_span_en(first: int, last: int) -> str:
    """``Jan–Sep`` for months 1 and 9 (a single month alone)."""
    names = calendar.month_abbr
    return names[first] if first == last else f"{names[first]}–{names[last]}"


@dataclass(frozen=True)
class Reason:
    """A reason code with its parameters; ``text`` is the English status."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """``no data: …`` in English, parameters filled in."""
        values = dict(self.params)
        if "first_month" in values:
            values["months"] = month_span_en(int(values["first_month"]), int(values["last_month"]))
        return "no data: " + REASON_TEXTS[self.code] % values

    def as_dict(self) -> dict[str, Any]:
        """``{"code": …, "params": {…}}`` for the JSON and the stored inputs."""
        return {"code": self.code, "params": dict(self.params)}


def progress_reason(status: str, *, base_year: int, variable: str) -> Reason | None:
    """The reason behind a status of :func:`carbonpeak.services.progress.progress` ("ok" → None)."""
    if status == "ok":
        return None
    if status.startswith(f"no data: no {base_year} base-year"):
        return Reason("no_base_year_value", {"base_year": base_year, "variable": variable})
    return Reason("no_numerator_or_gdp")
