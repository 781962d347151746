"""The target register holds every quantitative statement of the plan text.

The plan text is scanned clause by clause for numbers and quantity words. Each occurrence must lie inside
the quoted words of a register entry of that clause, be the base or target year of such an entry, or be on
the reviewed exclusion list below with its reason. Each entry's number is checked against its quote with an
independent reading of the English number words.
"""

from __future__ import annotations

import re

import pytest

from carbonpeak.core.plan import VALUELESS_KINDS, Target
from carbonpeak.reference.plan import load_plan, plan_text, split_clauses

#: (clause, text found, reason) — numbers and quantity words that are not targets. Reviewed by hand.
EXCLUSIONS: dict[tuple[str, str], str] = {
    ("1.(1)", "11th"): "name of the 11th Provincial Party Congress",
    ("1.(2).p1", "14th"): "name of the 14th Five-Year Plan period",
    ("1.(2).p2", "15th"): "name of the 15th Five-Year Plan period",
    ("2.(1).3", "10%"): "defines low-concentration gas (methane below 10%); no number is set for its use rate",
    ("2.(2).3", "5G"): "technology name (5G base stations)",
    ("2.(3).1", "5G"): "technology name",
    ("2.(6).1", "hundreds of billions"): "size class of green food industries (千亿级); no count, value or year",
}

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:%|[A-Za-z]+)?")
_WORDS = re.compile(r"(?:hundreds|tens) of (?:millions|billions)|billion|million|kilowatt|kWh|PUE|per cent", re.I)

#: independent reading of the units the register uses, as multiples of a plain number
UNIT_SCALE = {"%": 1, "count": 1, "PUE": 1, "10^8 m3": 1e8, "10^8 kWh": 1e8, "10^8 m2": 1e8, "10^4 kW": 1e4}
#: English number words in quotes without digits, and what they mean in the register's terms
WORD_VALUE = {"all ": 100, "fully": 100, "one star or above": 100, "tens of millions": 1e7}


_LABEL = re.compile(r"^(?:\((?:\d+|[IVX]+)\)|(?:\d+|[IVX]+)\.) ")


@pytest.fixture(scope="module")
def clauses() -> dict[str, str]:
    """Clause texts with their own label ("2. ", "(IV) ") blanked out, positions kept."""
    return {c: _LABEL.sub(lambda m: " " * len(m.group()), t) for c, t in split_clauses(plan_text()).items()}


def _covered(text: str, start: int, end: int, found: str, targets: list[Target]) -> bool:
    for target in targets:
        for m in re.finditer(re.escape(target.quote), text):
            if m.start() <= start and end <= m.end():
                return True
        if found in {str(target.target_year), str(target.base_year)}:
            return True
    return False


def test_every_number_and_quantity_word_is_a_target_or_a_reviewed_exclusion(clauses: dict[str, str]) -> None:
    plan = load_plan()
    uncovered = []
    used_exclusions = set()
    for clause, text in clauses.items():
        targets = [t for t in plan.targets if t.clause == clause]
        for m in [*_NUMBER.finditer(text), *_WORDS.finditer(text)]:
            if (clause, m.group()) in EXCLUSIONS:
                used_exclusions.add((clause, m.group()))
            elif not _covered(text, m.start(), m.end(), m.group(), targets):
                uncovered.append(f"{clause}: {m.group()!r} in …{text[max(0, m.start() - 60) : m.end() + 20]}…")
    assert uncovered == []
    assert used_exclusions == set(EXCLUSIONS), "an exclusion no longer matches the text"


def test_every_clause_with_a_quantity_has_a_register_entry(clauses: dict[str, str]) -> None:
    with_targets = {t.clause for t in load_plan().targets}
    quantitative = {
        clause
        for clause, text in clauses.items()
        if any((clause, m.group()) not in EXCLUSIONS for m in [*_NUMBER.finditer(text), *_WORDS.finditer(text)])
    }
    assert quantitative - with_targets == set()
    # the clauses known (by reading) to carry targets; a broken splitter or a lost entry shows here
    assert {"1.(2).p1", "1.(2).p2", "2.(1).3", "2.(1).4", "2.(4).1", "2.(4).3", "2.(10).1"} <= quantitative


def _number_in_quote(quote: str, years: tuple[int | None, ...]) -> float | None:
    """The first number of ``quote`` other than the target's own years, with its scale word."""
    for year in years:
        if year is not None:
            quote = re.sub(rf"\b{year}\b", "", quote)
    m = re.search(r"(\d+(?:,\d{3})*(?:\.\d+)?)(%?)(?: (billion|million))?", quote)
    if m is None:
        return None
    scale = {"billion": 1e9, "million": 1e6, None: 1}[m.group(3)]
    return float(m.group(1).replace(",", "")) * scale


@pytest.mark.parametrize("target", load_plan().targets, ids=lambda t: t.id)
def test_target_number_is_the_number_of_its_quote(target: Target, clauses: dict[str, str]) -> None:
    assert target.quote in clauses[target.clause], "the quote is not in the cited clause"
    if target.kind in VALUELESS_KINDS:
        assert target.value is None
        return
    assert target.value is not None
    in_register = target.value * UNIT_SCALE[target.unit]
    in_text = _number_in_quote(target.quote, (target.base_year, target.target_year))
    if in_text is None:
        words = [w for w in WORD_VALUE if w in target.quote]
        assert len(words) == 1, f"no number in quote {target.quote!r}"
        in_text = WORD_VALUE[words[0]]
    assert in_register == pytest.approx(in_text)


@pytest.mark.parametrize("target", load_plan().targets, ids=lambda t: t.id)
def test_target_has_clause_unit_lead_and_known_department(target: Target) -> None:
    plan = load_plan()
    assert plan.node(target.clause) is not None
    assert target.unit
    assert target.lead
    assert all(plan.department(key) is not None for key in target.lead)


def test_register_size_and_the_2030_targets_from_the_seed_text() -> None:
    targets = {t.id: t for t in load_plan().targets}
    assert len(targets) > 40
    share = targets["nonfossil-share-2030"]
    assert (share.clause, share.value, share.target_year) == ("1.(2).p2", 22, 2030)
    co2 = targets["co2-intensity-2030"]
    assert (co2.kind, co2.value, co2.base_year, co2.target_year) == ("reduce_by_vs_base", 65, 2005, 2030)
    national = targets["co2-intensity-2025"]
    assert national.kind == "meet_allocated"
    assert national.value is None
