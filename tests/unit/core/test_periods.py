"""Period codes: the four forms parse; a year outside 1900–2999 (e.g. 0000, found by schemathesis) is refused."""

from __future__ import annotations

import pytest

from carbonpeak.core.periods import parse_period
from carbonpeak.errors import DataError


@pytest.mark.parametrize(
    ("text", "year", "months", "kind"),
    [
        ("2024", 2024, (1, 12), "year"),
        ("2024Q3", 2024, (7, 9), "quarter"),
        ("2024-09", 2024, (9, 9), "month"),
        ("2020-01/2020-09", 2020, (1, 9), "ytd"),
        ("1997", 1997, (1, 12), "year"),
    ],
)
def test_period_forms(text: str, year: int, months: tuple[int, int], kind: str) -> None:
    p = parse_period(text)
    assert (p.year, (p.first_month, p.last_month), p.kind, p.code) == (year, months, kind, text)


@pytest.mark.parametrize("text", ["0000", "0000Q1", "0001-01", "1899", "3000", "2020-01/2021-09", "2020-09/2020-01"])
def test_bad_periods_are_refused_with_the_forms_named(text: str) -> None:
    with pytest.raises(DataError, match="2024Q3"):
        parse_period(text)
