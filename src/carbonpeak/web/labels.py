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
