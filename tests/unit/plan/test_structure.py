"""The plan's structure, organisation and the strictness of the plan files."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from carbonpeak.core.plan import NodeKind, parent_clause
from carbonpeak.errors import RuleError
from carbonpeak.reference.files import data_file
from carbonpeak.reference.plan import cross_check, load_plan, parse_plan, plan_text, split_clauses

SAMPLE = """Some site headline 2024
Anhui Province Carbon Peak Implementation Plan
Preamble.
1. Overall requirements
(I) Guiding ideology. Text.
(II) Main objectives.
By 2025, the share will reach 15%.
By 2030, more.
2. Key tasks
Intro of the key tasks.
(1) First action.
Intro of the first action.
1. Do one thing. Details.
2. Do another. Details.
(IV) Fourth action.
1. Only task.
IV. Organize and implement
(III) Strict supervision and assessment. Text.
"""


def test_split_clauses_worked_example() -> None:
    clauses = split_clauses(SAMPLE)
    assert list(clauses) == [
        "1", "1.(1)", "1.(2)", "1.(2).p1", "1.(2).p2", "2", "2.(1)", "2.(1).p1", "2.(1).1", "2.(1).2",
        "2.(4)", "2.(4).1", "4", "4.(3)",
    ]  # fmt: skip
    assert clauses["1.(2).p1"] == "By 2025, the share will reach 15%."
    assert clauses["2"] == "2. Key tasks\nIntro of the key tasks."
    assert clauses["2.(4).1"] == "1. Only task."


def test_structure_matches_the_plan_text_clause_for_clause() -> None:
    plan = load_plan()
    in_text = split_clauses(plan_text())
    numbered = {c for c in in_text if ".p" not in c}
    nodes = {n.clause for n in plan.nodes}
    assert numbered - nodes == set(), "clauses of the text missing from structure.yaml"
    assert nodes - set(in_text) == set(), "clauses of structure.yaml not in the text"


def test_twelve_actions_with_their_sub_tasks() -> None:
    plan = load_plan()
    actions = [n for n in plan.nodes if n.kind is NodeKind.ACTION]
    assert [a.clause for a in actions] == [f"2.({i})" for i in range(1, 13)]
    sub_tasks = {
        a.clause: sum(1 for n in plan.nodes if n.parent == a.clause and n.kind is NodeKind.SUB_TASK) for a in actions
    }
    # counted by reading the text: actions (1)..(12)
    assert list(sub_tasks.values()) == [5, 3, 7, 4, 3, 3, 3, 3, 3, 4, 3, 3]
    assert [n.clause for n in plan.nodes if n.kind is NodeKind.GUARANTEE] == [f"3.({i})" for i in range(1, 6)]
    assert [n.clause for n in plan.nodes if n.kind is NodeKind.ORGANISATION] == ["4.(1)", "4.(2)", "4.(3)"]


def test_every_node_has_both_languages_and_a_translation_flag() -> None:
    for node in load_plan().nodes:
        for text in (node.title, node.summary):
            assert text.en.strip()
            assert text.zh.strip()
            assert text.zh_translated, f"{node.clause}: no Chinese was checked against the official text"


def test_five_working_groups_with_the_offices_named_in_clause_4_1() -> None:
    plan = load_plan()
    offices = {g.key: plan.department(g.office) for g in plan.working_groups}
    names = {k: d.name.en for k, d in offices.items() if d is not None}
    assert names == {
        "energy": "Provincial Energy Bureau",
        "industry": "Provincial Department of Economy and Information Technology",
        "transport": "Provincial Department of Transportation",
        "urban_rural": "Provincial Department of Housing and Urban-Rural Development",
        "agriculture_rural": "Provincial Department of Agriculture and Rural Affairs",
    }
    assert plan.leading_group.name.zh == "省碳达峰碳中和工作领导小组"
    assert plan.document.number == "皖政〔2022〕83号"
    assert plan.document.implements is not None
    assert plan.document.implements.number == "国发〔2021〕23号"


def test_parent_clause() -> None:
    assert parent_clause("2.(4).1") == "2.(4)"
    assert parent_clause("1.(2).p1") == "1.(2)"
    assert parent_clause("2.(4)") == "2"
    assert parent_clause("2") is None


def _raw_plan() -> dict[str, Any]:
    def read(name: str) -> Any:
        return yaml.safe_load(data_file("plans", "anhui", name).read_text(encoding="utf-8"))

    targets = read("targets.yaml")
    return {
        **read("document.yaml"),
        "nodes": read("structure.yaml")["nodes"],
        "targets": targets["targets"],
        "tiers": read("tiers.yaml"),
        "approximate_tolerance": targets["settings"]["approximate_tolerance"],
    }


def test_unknown_field_is_refused_and_named() -> None:
    raw = copy.deepcopy(_raw_plan())
    raw["targets"][3]["colour"] = "red"
    with pytest.raises(RuleError, match=r"targets\[3\] \('nonfossil-share-2030'\) field 'colour'"):
        parse_plan(raw)


def test_vs_base_target_without_base_year_is_refused() -> None:
    raw = copy.deepcopy(_raw_plan())
    raw["targets"][1]["base_year"] = None
    with pytest.raises(RuleError, match=r"energy-intensity-2025.*needs base_year"):
        parse_plan(raw)


def test_value_on_a_valueless_kind_is_refused() -> None:
    raw = copy.deepcopy(_raw_plan())
    raw["targets"][2]["value"] = 18  # co2-intensity-2025: "the national target", no number in the plan
    with pytest.raises(RuleError, match="co2-intensity-2025"):
        parse_plan(raw)


def test_cross_check_names_broken_references() -> None:
    raw = copy.deepcopy(_raw_plan())
    raw["targets"][0]["lead"] = ["ministry_of_magic"]
    raw["targets"][0]["clause"] = "2.(13).1"
    raw["nodes"][7]["working_group"] = "space"
    problems = list(cross_check(parse_plan(raw)))
    assert "target nonfossil-share-2025: clause 2.(13).1 is not in the structure" in problems
    assert "target nonfossil-share-2025: unknown department 'ministry_of_magic'" in problems
    assert "node 2.(1).1: unknown working group 'space'" in problems
    assert list(cross_check(parse_plan(_raw_plan()))) == []
