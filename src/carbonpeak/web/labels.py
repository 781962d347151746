"""Labels of coded values (roles, job states, statuses) as English msgids, translated where shown.

``N_`` only marks a string for ``pybabel extract`` (keyword ``N_``); templates translate with ``_(label)``.
"""

from __future__ import annotations

__all__ = ["JOB_STATES", "N_", "ROLES", "STATUSES"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


ROLES = {
    "administrator": N_("administrator"),
    "province": N_("provincial office"),
    "department": N_("department"),
    "city": N_("city office"),
    "viewer": N_("viewer"),
}

JOB_STATES = {
    "queued": N_("queued"),
    "running": N_("running"),
    "succeeded": N_("succeeded"),
    "failed": N_("failed"),
    "cancelled": N_("cancelled"),
}

#: evaluation of a target (data-model.md §2) → label; the CSS class is the key
STATUSES = {
    "met": N_("met"),
    "not_met": N_("not met"),
    "on_track": N_("on track"),
    "behind": N_("behind"),
    "no_data": N_("no data"),
}

#: release stage of a statistic (data-model.md §3)
VINTAGES = {
    "quick": N_("quick release"),
    "preliminary": N_("preliminary"),
    "final": N_("final"),
}

#: indicators the pages name (map colouring, city pages)
INDICATORS = {
    "Emissions|CO2": N_("CO2 emissions"),
    "GDP|Current": N_("GDP (current prices)"),
    "Population": N_("Population"),
    "Energy|Total": N_("Total energy consumption"),
}

#: target kinds without a number of their own
KINDS = {
    "peak_before": N_("peak before the target year"),
    "milestone_by": N_("milestone by the target year"),
    "meet_allocated": N_("meet the allocated target"),
}

#: review state of a city's import batch (docs/design-notes/0002-drafts-and-publication.md)
BATCH_STATES = {
    "draft": N_("draft"),
    "published": N_("published"),
    "rejected": N_("rejected"),
}

#: status of a progress report on a task or target of the annual list
PROGRESS_STATUSES = {
    "not_started": N_("not started"),
    "on_schedule": N_("on schedule"),
    "behind": N_("behind schedule"),
    "done": N_("done"),
}

#: barometer indicators (services.warnings.INDICATORS)
WARNING_INDICATORS = {
    "energy_intensity": N_("Energy intensity"),
    "co2_intensity": N_("CO2 intensity"),
    "energy_total": N_("Total energy consumption"),
}

#: role of an indicator in a rule set
INDICATOR_ROLES = {"main": N_("main indicator"), "auxiliary": N_("auxiliary indicator")}

#: schedule conventions of methods.md §1.3
CONVENTIONS = {
    "linear": N_("linear: share k/5 of the target"),
    "geometric": N_("geometric: 1 − (1 − R)^(k/5)"),
}

#: LMDI effects (web.lmdi_views.EFFECTS) and the waterfall's end bars
LMDI_EFFECTS = {
    "start": N_("start value"),
    "activity": N_("activity (GDP)"),
    "structure": N_("economic structure"),
    "energy_intensity": N_("energy intensity"),
    "energy_mix": N_("energy mix"),
    "emission_factor": N_("emission factor"),
    "households": N_("households (not decomposed)"),
    "cement_process": N_("cement process (not decomposed)"),
    "end": N_("end value"),
}

#: warning level keys of the shipped rule sets (the rule set's own names are shown beside)
WARNING_LEVELS = {
    "green": N_("green"),
    "yellow": N_("yellow"),
    "orange": N_("orange"),
    "red": N_("red"),
    "no_data": N_("no data"),
}

#: forecast methods of the forecast warning (services.warning_forecast.METHODS)
FORECAST_METHODS = {
    "normal": N_("normal distribution of the rest-of-year change"),
    "bootstrap": N_("bootstrap of past rest-of-year changes"),
}
