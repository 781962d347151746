"""Blank xlsx templates: sheets, headers, unit notes, region list, drop-down validation; a filled
template imports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from carbonpeak.core.variables import DATASETS, canonical_unit
from carbonpeak.errors import DataError
from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.imports import import_bytes
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.templates import TEMPLATE_COLUMNS, build_template


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_template_has_headers_notes_regions_and_validations(dataset: str) -> None:
    book = load_workbook(io.BytesIO(build_template(dataset)))
    assert book.sheetnames == ["data", "regions", "variables", "说明 Notes"]
    data = book["data"]
    assert [c.value for c in data[1]] == list(TEMPLATE_COLUMNS)
    assert all(cell.comment is not None for cell in data[1])
    assert "单位" in data["D1"].comment.text
    regions = list(book["regions"].iter_rows(min_row=2, values_only=True))
    codes = {r[0] for r in regions}
    assert len(regions) == 18  # Anhui, 16 cities, Chaohu (until 2011)
    assert {"340000", "340100", "341400"} <= codes
    assert regions[1][:3] == ("340100", "合肥市", "Hefei")
    variables = {r[0]: r[1] for r in book["variables"].iter_rows(min_row=2, values_only=True)}
    assert list(variables) == list(DATASETS[dataset])  # the variables sheet gives each unit
    assert all(variables[v] == canonical_unit(v) for v in variables)
    rules = {str(dv.sqref): dv.formula1 for dv in data.data_validations.dataValidation}
    assert rules["A2:A2001"] == "regions!$A$2:$A$19"
    assert rules["C2:C2001"] == f"variables!$A$2:$A${len(variables) + 1}"
    assert rules["G2:G2001"] == '"quick,preliminary,final"'
    assert data["B2"].number_format == "@"


def test_unknown_dataset_is_refused() -> None:
    with pytest.raises(DataError, match="use one of energy"):
        build_template("weather")


def test_filled_template_imports(rt: Runtime) -> None:
    book = load_workbook(io.BytesIO(build_template("population")))
    sheet = book["data"]
    sheet.append(["340100", "2023", "Population", "万人", 985.3, None, "final", "city bulletin"])
    sheet.append(["芜湖市", "2023", "Population", "10^4 persons", 373.1, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_bytes(
        rt, SYSTEM, buffer.getvalue(), "population.xlsx", vintage="final", dataset="population", today=date(2024, 6, 1)
    )
    assert result.rows == 2
    got = statistics.observations(rt)
    assert dict(zip(got["region"], got["value"], strict=True)) == {"340100": 985.3, "340200": 373.1}
