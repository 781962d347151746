"""Import checks, one invariant each, on hand-sized frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from carbonpeak.core import checks
from carbonpeak.core.regions import Region, RegionSet
from carbonpeak.errors import DataError

REGIONS = RegionSet(
    [
        Region("340000", "Anhui", "安徽省", "province", None),
        Region("340100", "Hefei", "合肥市", "city", "340000"),
        Region("341400", "Chaohu", "巢湖市", "city", "340000", valid_to=2011),
    ]
)
TODAY = date(2024, 6, 30)


def _frame(*rows: tuple[object, ...]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["region", "period", "variable", "unit", "value"], dtype=object)


def test_regions_resolve_codes_and_names() -> None:
    codes, problems = checks.check_regions(
        _frame(("合肥", 0, 0, 0, 0), ("hefei", 0, 0, 0, 0), (340000.0, 0, 0, 0, 0)), REGIONS
    )
    assert codes == ["340100", "340100", "340000"]
    assert problems == []


def test_numbers_accept_grouping_and_refuse_text() -> None:
    values, problems = checks.check_values(
        _frame((0, 0, 0, 0, "1,234.5"), (0, 0, 0, 0, "1,23"), (0, 0, 0, 0, ""), (0, 0, 0, 0, "nan"))
    )
    assert values[0] == 1234.5
    assert [(p.row, p.message) for p in problems] == [
        (3, "not a number"),
        (4, "value is empty (leave out rows without a figure)"),
        (5, "not a number"),
    ]


def test_units_convert_to_canonical() -> None:
    frame = _frame((0, 0, "Energy|Total", "tce", 1), (0, 0, "Population", "万人", 1), (0, 0, "Energy|Total", "t", 1))
    units, factors, problems = checks.check_units(frame)
    assert units[:2] == ["10^4 tce", "10^4 persons"]
    assert factors[:2] == [pytest.approx(1e-4), pytest.approx(1.0)]
    assert [(p.row, p.column) for p in problems] == [(4, "unit")]


def test_periods_refuse_future_before_1949_and_dead_city() -> None:
    frame = _frame(
        ("340000", "2024-05", 0, 0, 0), ("340000", "2024-06", 0, 0, 0), ("340000", "2024Q2", 0, 0, 0),
        ("341400", "2011", 0, 0, 0), ("341400", "2012", 0, 0, 0), ("340000", "1948", 0, 0, 0),
    )  # fmt: skip
    codes = list(frame["region"])
    periods, problems = checks.check_periods(frame, codes, REGIONS, today=TODAY)
    assert periods[:4] == ["2024-05", "2024-06", "2024Q2", "2011"]
    assert [p.row for p in problems] == [6, 7]


def test_period_not_ended_yet() -> None:
    _, problems = checks.check_periods(_frame(("340000", "2024", 0, 0, 0)), ["340000"], REGIONS, today=TODAY)
    assert "has not ended yet" in problems[0].message


def test_bases_default_and_refuse_wrong_basis() -> None:
    frame = _frame((0, 0, "Energy|Total", 0, 0), (0, 0, "Population", 0, 0), (0, 0, "Emissions|CO2", 0, 0)).assign(
        basis=[None, "minus_feedstock", None]
    )
    bases, problems = checks.check_bases(frame)
    assert bases == ["raw", None, "direct"]
    assert [(p.row, p.column) for p in problems] == [(3, "basis")]


def test_validate_long_converts_and_raises_with_all_rows() -> None:
    good = _frame(("Hefei", 2023, "Energy|Total", "tce", "30,000,000"))
    out = checks.validate_long(good, regions=REGIONS, vintage="quick", today=TODAY)
    assert out[["region", "period", "unit", "basis", "vintage"]].values.tolist() == [
        ["340100", "2023", "10^4 tce", "raw", "quick"]
    ]
    assert out["value"].tolist() == [pytest.approx(3000.0)]
    bad = pd.concat([good, good, _frame(("X", 2023, "Energy|Total", "tce", -1))], ignore_index=True)
    with pytest.raises(DataError) as err:
        checks.validate_long(bad, regions=REGIONS, vintage="quick", today=TODAY)
    rows = [(p.row, p.column) for p in err.value.problems]
    assert rows == [(3, None), (4, "region"), (4, "value")]


def test_missing_columns_are_reported_at_once() -> None:
    with pytest.raises(DataError) as err:
        checks.validate_long(pd.DataFrame({"region": []}), regions=REGIONS, vintage="quick", today=TODAY)
    assert [p.column for p in err.value.problems] == ["period", "variable", "unit", "value"]
