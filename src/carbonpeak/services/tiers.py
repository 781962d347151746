"""Tiers (梯次): which city is of which of the three types of clause 2.(12).1 (data-model.md §1).

The tier of a city is a decision of the province, recorded with its date and basis in table
``tier_assignment``. A new decision never erases an earlier one: the current tier at a date is the
decision with the latest ``decided_on`` on or before that date (ties: the one recorded last).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carbonpeak.core.periods import Period
from carbonpeak.core.plan import Tier
from carbonpeak.core.regions import Region
from carbonpeak.errors import DataError, Problem
from carbonpeak.reference.plan import DEFAULT_PLAN, load_plan
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import TierAssignment

__all__ = [
    "TierDecision",
    "TierRow",
    "current_tiers",
    "history",
    "list_tiers",
    "seed_tiers",
    "set_tier",
    "tier_definitions",
    "tiers_in_force",
]


@dataclass(frozen=True)
class TierDecision:
    """One recorded decision."""

    id: int
    region: str
    tier: str
    decided_on: date
    basis: str
    suggested_tier: str | None
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: TierAssignment) -> TierDecision:
        """From a stored row."""
        return cls(
            row.id, row.region, row.tier, row.decided_on, row.basis, row.suggested_tier, row.recorded_by,
            row.recorded_at,
        )  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "id": self.id, "region": self.region, "tier": self.tier, "decided_on": self.decided_on.isoformat(),
            "basis": self.basis, "suggested_tier": self.suggested_tier, "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }  # fmt: skip


@dataclass(frozen=True)
class TierRow:
    """A city and its current decision (None: not decided)."""

    region: Region
    decision: TierDecision | None


def tier_definitions(key: str = DEFAULT_PLAN) -> tuple[Tier, ...]:
    """The three types of clause 2.(12).1, from the plan's ``tiers.yaml``."""
    return load_plan(key).tiers.tiers


def _check(region: str, tier: str, *, decided_on: date, basis: str, suggested: str | None) -> Region:
    """The city of ``region``; raise DataError naming every bad field."""
    keys = {t.key for t in tier_definitions()}
    problems = []
    found = load_regions().find(region)
    if found is None or found.level != "city":
        problems.append(Problem(None, "region", "not a prefecture-level city of the province", region))
    elif not found.exists_in(decided_on.year):
        problems.append(Problem(None, "region", f"did not exist in {decided_on.year}", region))
    if tier not in keys:
        problems.append(Problem(None, "tier", f"not one of {', '.join(sorted(keys))}", tier))
    if suggested is not None and suggested not in keys:
        problems.append(Problem(None, "suggested_tier", f"not one of {', '.join(sorted(keys))}", suggested))
    if not basis.strip():
        problems.append(Problem(None, "basis", "the basis of the decision (document, meeting) is required"))
    if decided_on > date.today():
        problems.append(Problem(None, "decided_on", "a decision cannot be dated in the future", decided_on))
    if problems:
        raise DataError("tier decision refused", problems)
    assert found is not None  # no problems, so the region was found
    return found


def _record(session: Session, actor: Actor, row: TierAssignment) -> TierDecision:
    before = current_tiers(session, row.decided_on).get(row.region)
    session.add(row)
    session.flush()
    decision = TierDecision.of(row)
    audit.record(
        session, actor, "tier.set", "tier_assignment", object_id=row.region,
        before=None if before is None else before.as_dict(), after=decision.as_dict(), detail=row.basis,
    )  # fmt: skip
    return decision


def set_tier(
    rt: Runtime,
    actor: Actor,
    region: str,
    tier: str,
    *,
    decided_on: date,
    basis: str,
    suggested_tier: str | None = None,
) -> TierDecision:
    """Record the province's decision that ``region`` is of type ``tier`` from ``decided_on``.

    Raises
    ------
    PermissionDenied
        Unless the actor is an administrator or the provincial office.
    DataError
        If the region is not a city (existing at that date), the tier is unknown, the basis is empty or the
        date lies in the future; nothing is written.
    """
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    city = _check(region, tier, decided_on=decided_on, basis=basis, suggested=suggested_tier)
    row = TierAssignment(
        region=city.code, tier=tier, decided_on=decided_on, basis=basis.strip(), suggested_tier=suggested_tier,
        recorded_by=actor.login,
    )  # fmt: skip
    with rt.transaction() as session:
        return _record(session, actor, row)


def current_tiers(session: Session, as_of: date | None = None) -> dict[str, TierDecision]:
    """The decision in force on ``as_of`` (default today) for each region that has one."""
    day = as_of or date.today()
    query = (
        select(TierAssignment)
        .where(TierAssignment.decided_on <= day)
        .order_by(TierAssignment.decided_on, TierAssignment.recorded_at, TierAssignment.id)
    )
    return {row.region: TierDecision.of(row) for row in session.scalars(query)}


def tiers_in_force(session: Session, period: Period) -> dict[str, str]:
    """Region → type key (clause 2.(12).1) in force at the end of ``period``; undecided regions are absent.

    The warning rule sets choose tier-specific rules by this key (``rules[].tiers``), else their "all" rule.
    """
    end = date(period.year, period.last_month, calendar.monthrange(period.year, period.last_month)[1])
    return {region: decision.tier for region, decision in current_tiers(session, as_of=end).items()}


def list_tiers(rt: Runtime, as_of: date | None = None) -> list[TierRow]:
    """Every city existing in the year of ``as_of`` with its current decision, or None (not decided)."""
    day = as_of or date.today()
    with rt.transaction() as session:
        current = current_tiers(session, day)
    return [TierRow(city, current.get(city.code)) for city in load_regions().cities(day.year)]


def history(rt: Runtime, region: str) -> list[TierDecision]:
    """Every decision recorded for ``region``, in the order they take effect."""
    with rt.transaction() as session:
        rows = session.scalars(
            select(TierAssignment)
            .where(TierAssignment.region == region)
            .order_by(TierAssignment.decided_on, TierAssignment.recorded_at, TierAssignment.id)
        )
        return [TierDecision.of(row) for row in rows]


def seed_tiers(rt: Runtime, actor: Actor) -> int:
    """Record the decisions listed in the plan's ``tiers.yaml`` that are not recorded yet; return how many."""
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    seeds = load_plan().tiers.assignments
    written = 0
    with rt.transaction() as session:
        stored = {(r.region, r.tier, r.decided_on) for r in session.scalars(select(TierAssignment))}
        for seed in seeds:
            if (seed.region, seed.tier, seed.decided_on) in stored:
                continue
            _check(seed.region, seed.tier, decided_on=seed.decided_on, basis=seed.basis, suggested=None)
            row = TierAssignment(
                region=seed.region, tier=seed.tier, decided_on=seed.decided_on, basis=seed.basis,
                recorded_by=actor.login,
            )  # fmt: skip
            _record(session, actor, row)
            written += 1
    return written
