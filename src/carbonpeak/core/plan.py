"""The plan as data (方案): document, clauses, organisation, typed targets and tiers (data-model.md §2).

Strict pydantic models (``extra="forbid"``, frozen) that the files under ``data/plans/<plan>/`` are parsed
into. No I/O here: :mod:`carbonpeak.reference.plan` reads the files.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CLAUSE_PATTERN",
    "Department",
    "LeadingGroup",
    "Measure",
    "NodeKind",
    "Plan",
    "PlanDocument",
    "PlanNode",
    "Scope",
    "Target",
    "TargetKind",
    "Text",
    "Tier",
    "TierSeed",
    "TierSeedAssignment",
    "WorkingGroup",
    "parent_clause",
]

#: clause reference: part ``2``, section ``2.(4)``, sub-task ``2.(4).1``, paragraph ``1.(2).p1``
CLAUSE_PATTERN = re.compile(r"^[1-9]\d*(\.\([1-9]\d*\)(\.([1-9]\d*|p[1-9]\d*))?)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A label in English and Chinese; ``zh_translated`` marks Chinese not checked against the official text."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    zh_translated: bool

    def get(self, lang: str) -> str:
        """The label in ``lang`` ("zh…" gives Chinese, anything else English)."""
        return self.zh if lang.lower().startswith("zh") else self.en


class ParentDocument(_Strict):
    """The higher-level plan this one implements."""

    number: str
    title: Text


class PlanDocument(_Strict):
    """A plan document (实施方案): title, issuer, document number (文号), date, level."""

    key: str
    title: Text
    issuer: Text
    number: str
    issued_on: date
    level: Literal["national", "province", "city"]
    region: str
    implements: ParentDocument | None = None
    source_text: str
    source_note: str


class Department(_Strict):
    """A department or office named as a lead (牵头单位)."""

    key: str
    name: Text
    host: str | None = None  #: the department hosting an office, where the text says so
    clause: str


class WorkingGroup(_Strict):
    """A sector working group (工作专班) and the department hosting its office."""

    key: Literal["energy", "industry", "transport", "urban_rural", "agriculture_rural"]
    name: Text
    office: str


class LeadingGroup(_Strict):
    """The provincial carbon peak and carbon neutrality work leading group (领导小组)."""

    key: str
    name: Text
    office: str
    clause: str
    duties: Text


class NodeKind(StrEnum):
    """What a clause of the plan is."""

    PART = "part"
    SECTION = "section"
    PARAGRAPH = "paragraph"
    ACTION = "action"
    SUB_TASK = "sub_task"
    GUARANTEE = "guarantee"
    ORGANISATION = "organisation"


class PlanNode(_Strict):
    """One clause of the plan with its lead (牵头单位), co-departments and working group."""

    clause: str = Field(pattern=CLAUSE_PATTERN.pattern)
    kind: NodeKind
    title: Text
    summary: Text
    lead: tuple[str, ...] = Field(min_length=1)
    co: tuple[str, ...] = ()
    working_group: str | None = None
    #: "stated" when the plan text names the lead, "inferred" when it is our assignment by subject
    assignment: Literal["stated", "inferred"]

    @property
    def parent(self) -> str | None:
        """Clause of the parent node, None for a part."""
        return parent_clause(self.clause)


class TargetKind(StrEnum):
    """The kinds of quantitative target (data-model.md §2)."""

    SHARE_AT_LEAST = "share_at_least"
    REDUCE_BY_VS_BASE = "reduce_by_vs_base"
    INCREASE_BY_VS_BASE = "increase_by_vs_base"
    INCREASE_PER_YEAR = "increase_per_year"
    AMOUNT_AT_LEAST = "amount_at_least"
    COUNT_AT_LEAST = "count_at_least"
    AT_MOST = "at_most"
    PEAK_BEFORE = "peak_before"
    MILESTONE_BY = "milestone_by"
    MEET_ALLOCATED = "meet_allocated"


#: kinds that carry no number of their own
VALUELESS_KINDS = frozenset({TargetKind.PEAK_BEFORE, TargetKind.MILESTONE_BY, TargetKind.MEET_ALLOCATED})
#: kinds measured as a change against a base year
VS_BASE_KINDS = frozenset({TargetKind.REDUCE_BY_VS_BASE, TargetKind.INCREASE_BY_VS_BASE})


class Scope(_Strict):
    """Where a target applies: the province, named cities or all cities (optionally minus some), a sector."""

    kind: Literal["province", "city", "all_cities"]
    regions: tuple[str, ...] = ()
    except_regions: tuple[str, ...] = ()
    sector: str | None = None

    @model_validator(mode="after")
    def _regions_match_kind(self) -> Scope:
        if self.kind == "city" and not self.regions:
            raise ValueError("a city scope names its regions")
        if self.kind != "city" and self.regions:
            raise ValueError(f"a {self.kind} scope does not list regions")
        if self.kind != "all_cities" and self.except_regions:
            raise ValueError("except_regions only applies to an all_cities scope")
        return self


class Measure(_Strict):
    """The statistic that measures a target: a variable, or the ratio variable / denominator."""

    variable: str
    basis: str | None = None
    denominator: str | None = None
    denominator_basis: str | None = None

    @property
    def name(self) -> str:
        """The series name an evaluation uses (``A / B`` for a ratio)."""
        return self.variable if self.denominator is None else f"{self.variable} / {self.denominator}"


class Target(_Strict):
    """One typed quantitative target of the plan."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    clause: str = Field(pattern=CLAUSE_PATTERN.pattern)
    kind: TargetKind
    title: Text
    quote: str = Field(min_length=1)  #: the words of the source text the target is read from
    value: float | None
    unit: str = Field(min_length=1)
    base_year: int | None = None
    target_year: int | None
    schedule_from: int | None = None
    approximate: bool = False  #: the plan says "about" (左右)
    strive: bool = False  #: the plan says "strive to" (力争)
    scope: Scope
    measure: Measure | None = None
    lead: tuple[str, ...] = Field(min_length=1)
    working_group: str | None = None
    qualifier: Text | None = None
    allocated_kind: TargetKind | None = None  #: for meet_allocated: how the allocated value is judged

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if (self.value is None) != (self.kind in VALUELESS_KINDS):
            raise ValueError(f"kind {self.kind} {'takes no' if self.value is not None else 'needs a'} value")
        needs_base = self.kind in VS_BASE_KINDS or self.allocated_kind in VS_BASE_KINDS
        if needs_base and self.base_year is None:
            raise ValueError(f"kind {self.kind} needs base_year")
        if self.base_year is not None and self.target_year is not None and self.base_year >= self.target_year:
            raise ValueError("base_year must be before target_year")
        if (self.kind == TargetKind.MEET_ALLOCATED) != (self.allocated_kind is not None):
            raise ValueError("allocated_kind is given exactly for meet_allocated targets")
        if self.allocated_kind in VALUELESS_KINDS:
            raise ValueError("allocated_kind must be a kind with a value")
        if self.kind in (TargetKind.PEAK_BEFORE, TargetKind.MILESTONE_BY) and self.target_year is None:
            raise ValueError(f"kind {self.kind} needs target_year")
        return self

    @property
    def effective_kind(self) -> TargetKind:
        """The kind used for evaluation (``allocated_kind`` for meet_allocated)."""
        return self.allocated_kind or self.kind

    @property
    def schedule_start(self) -> int | None:
        """First year of the schedule to the target year: ``schedule_from``, else ``base_year``."""
        return self.schedule_from if self.schedule_from is not None else self.base_year


class Tier(_Strict):
    """One of the three types of region of clause 2.(12).1."""

    key: str
    name: Text
    criteria: Text
    expectation: Text


class TierSeedAssignment(_Strict):
    """A provincial decision known when the data were compiled."""

    region: str
    tier: str
    decided_on: date
    basis: str = Field(min_length=1)


class TierSeed(_Strict):
    """The tier definitions and the decisions known to the shipped data set."""

    version: int
    clause: str
    tiers: tuple[Tier, ...]
    assignments: tuple[TierSeedAssignment, ...] = ()


class Plan(_Strict):
    """A whole plan: document, organisation, structure, targets and tiers."""

    document: PlanDocument
    leading_group: LeadingGroup
    working_groups: tuple[WorkingGroup, ...]
    departments: tuple[Department, ...]
    nodes: tuple[PlanNode, ...]
    targets: tuple[Target, ...]
    tiers: TierSeed
    approximate_tolerance: float = Field(ge=0, lt=1)

    def node(self, clause: str) -> PlanNode | None:
        """The node of ``clause``, or None."""
        return next((n for n in self.nodes if n.clause == clause), None)

    def department(self, key: str) -> Department | None:
        """The department of ``key``, or None."""
        return next((d for d in self.departments if d.key == key), None)


def parent_clause(clause: str) -> str | None:
    """The clause one level up: ``2.(4).1`` → ``2.(4)`` → ``2`` → None."""
    head, sep, _ = clause.rpartition(".")
    return head if sep else None
