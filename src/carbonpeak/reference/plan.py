"""Load a plan from ``data/plans/<key>/`` (document, structure, targets, tiers) and its source text.

The YAML files are parsed into the strict models of :mod:`carbonpeak.core.plan`, then cross-checked:
every clause, department, working group and region a file refers to must exist. Any problem raises
:class:`~carbonpeak.errors.RuleError` listing each offending entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import yaml
from pydantic import ValidationError

from carbonpeak.core.plan import Plan, Target
from carbonpeak.errors import RuleError
from carbonpeak.reference.files import data_file
from carbonpeak.reference.regions import PROVINCE_CODE, load_regions

__all__ = ["load_plan", "plan_text", "split_clauses"]

DEFAULT_PLAN = "anhui"

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_PART = re.compile(r"^(\d+|[IVX]+)\. ([^.]{1,60})$")
_SECTION = re.compile(r"^\((\d+|[IVX]+)\) (.*)$")
_ITEM = re.compile(r"^(\d+)\. (.*)$")
_PLAN_TITLE = "Anhui Province Carbon Peak Implementation Plan"


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token]


def _read_yaml(key: str, name: str) -> Any:
    return yaml.safe_load(data_file("plans", key, name).read_text(encoding="utf-8"))


@functools.cache
def plan_text(key: str = DEFAULT_PLAN) -> str:
    """The source text of plan ``key`` as shipped (see ``data/plans/<key>/README.md``)."""
    return str(data_file("plans", key, "plan.en.txt").read_text(encoding="utf-8"))


def split_clauses(text: str) -> dict[str, str]:
    """Split the plan text into clauses, keyed by clause reference (scheme in docs/user-guide/plan.md).

    Lines before the plan's title line are the publisher's headlines and the notice, and are skipped.
    A part header (``2. Key tasks``) is a short numbered line without a full stop; a section starts with
    ``(N)`` or ``(IV)``; a numbered line within a section is a sub-task; other lines are paragraphs of the
    current section (``S.pK``) or, before the first section, of the part. A section's own entry holds its
    header line; the paragraphs and sub-tasks have their own entries.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = lines.index(_PLAN_TITLE) + 1 if _PLAN_TITLE in lines else 0
    clauses: dict[str, str] = {}
    part = section = ""
    paragraphs = 0
    for line in lines[start:]:
        if m := _PART.match(line):
            part, section = str(_number(m.group(1))), ""
            clauses[part] = line
        elif m := _SECTION.match(line):
            section, paragraphs = f"{part}.({_number(m.group(1))})", 0
            clauses[section] = line
        elif section and (m := _ITEM.match(line)):
            clauses[f"{section}.{m.group(1)}"] = line
        elif section:
            paragraphs += 1
            clauses[f"{section}.p{paragraphs}"] = line
        elif part:
            clauses[part] = f"{clauses[part]}\n{line}"
    return clauses


@functools.cache
def load_plan(key: str = DEFAULT_PLAN) -> Plan:
    """Load and cross-check plan ``key``.

    Raises
    ------
    RuleError
        If a file breaks its schema or refers to a clause, department, working group or region that does
        not exist; the message lists every problem.
    """
    document = _read_yaml(key, "document.yaml")
    targets = _read_yaml(key, "targets.yaml")
    raw = {
        **document,
        "nodes": _read_yaml(key, "structure.yaml")["nodes"],
        "targets": targets["targets"],
        "tiers": _read_yaml(key, "tiers.yaml"),
        "approximate_tolerance": targets["settings"]["approximate_tolerance"],
    }
    plan = parse_plan(raw)
    problems = list(cross_check(plan))
    if problems:
        raise RuleError(f"plan {key!r} is inconsistent:\n" + "\n".join(f"  - {p}" for p in problems))
    return plan


def parse_plan(raw: dict[str, Any]) -> Plan:
    """Parse a plan mapping into :class:`Plan`, naming each offending entry on failure."""
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = _describe_location(raw, err["loc"])
            lines.append(f"  - {where}: {err['msg']}")
        raise RuleError("plan file does not match its schema:\n" + "\n".join(lines)) from exc


def _describe_location(raw: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """``targets[3] (id 'x') field 'value'`` rather than a bare pydantic path."""
    if len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in ("targets", "nodes"):
        entry = raw.get(str(loc[0]), [])[loc[1]]
        name = entry.get("id") or entry.get("clause") if isinstance(entry, dict) else None
        rest = ".".join(str(p) for p in loc[2:])
        return f"{loc[0]}[{loc[1]}] ({name!r})" + (f" field '{rest}'" if rest else "")
    return ".".join(str(p) for p in loc)


def cross_check(plan: Plan) -> Iterable[str]:
    """Every reference between the parts of a plan, one message per broken reference."""
    clauses = {n.clause for n in plan.nodes}
    departments = {d.key for d in plan.departments}
    groups: set[str] = {g.key for g in plan.working_groups}
    yield from _duplicates("clause", [n.clause for n in plan.nodes])
    yield from _duplicates("target id", [t.id for t in plan.targets])
    for node in plan.nodes:
        if node.parent is not None and node.parent not in clauses:
            yield f"node {node.clause}: parent clause {node.parent} is missing"
        yield from _unknown(f"node {node.clause}", "department", (*node.lead, *node.co), departments)
        yield from _unknown(f"node {node.clause}", "working group", _opt(node.working_group), groups)
    for target in plan.targets:
        if target.clause not in clauses:
            yield f"target {target.id}: clause {target.clause} is not in the structure"
        yield from _unknown(f"target {target.id}", "department", target.lead, departments)
        yield from _unknown(f"target {target.id}", "working group", _opt(target.working_group), groups)
        yield from _scope_problems(target)
    for group in plan.working_groups:
        yield from _unknown(f"working group {group.key}", "department", (group.office,), departments)
    yield from _unknown("leading group", "department", (plan.leading_group.office,), departments)
    yield from _tier_problems(plan)


def _opt(value: str | None) -> tuple[str, ...]:
    return () if value is None else (value,)


def _duplicates(what: str, keys: list[str]) -> Iterable[str]:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            yield f"duplicate {what} {key}"
        seen.add(key)


def _unknown(where: str, what: str, keys: Iterable[str], known: set[str]) -> Iterable[str]:
    for key in keys:
        if key not in known:
            yield f"{where}: unknown {what} {key!r}"


def _scope_problems(target: Target) -> Iterable[str]:
    regions = load_regions()
    for code in (*target.scope.regions, *target.scope.except_regions):
        region = regions.find(code)
        if region is None or region.code == PROVINCE_CODE:
            yield f"target {target.id}: scope region {code!r} is not a city"


def _tier_problems(plan: Plan) -> Iterable[str]:
    keys = {t.key for t in plan.tiers.tiers}
    regions = load_regions()
    for a in plan.tiers.assignments:
        if a.tier not in keys:
            yield f"tier assignment {a.region}: unknown tier {a.tier!r}"
        if regions.find(a.region) is None:
            yield f"tier assignment {a.region}: unknown region"
