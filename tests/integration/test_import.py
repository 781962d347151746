"""Import of statistics files: all or nothing, every bad row named, revisions kept, as-of reads."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from carbonpeak.errors import DataError, PermissionDenied
from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM, Actor, Role
from carbonpeak.services.imports import import_bytes, import_file
from carbonpeak.services.runtime import Runtime
from carbonpeak.store.models import AuditEvent, ImportBatch, Observation

DATA = Path(__file__).parents[1] / "data" / "import"
TODAY = date(2024, 6, 30)


def _counts(rt: Runtime) -> tuple[int, int, int]:
    with rt.transaction() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0) for m in (Observation, ImportBatch, AuditEvent)
        )  # type: ignore[return-value]


def _import(rt: Runtime, name: str, vintage: str = "quick", actor: Actor = SYSTEM) -> None:
    import_file(rt, actor, DATA / name, vintage=vintage, today=TODAY)


def test_valid_file_is_stored_in_canonical_units(rt: Runtime) -> None:
    result = import_file(rt, SYSTEM, DATA / "valid" / "energy_2023_quick.csv", vintage="quick", today=TODAY)
    assert result.rows == 5
    got = statistics.observations(rt)
    by = {(r, p, v): x for r, p, v, x in zip(got["region"], got["period"], got["variable"], got["value"], strict=True)}
    assert by["340000", "2023", "Energy|Total"] == 16021.5
    assert by["340100", "2023", "Energy|Total"] == 3000.0  # 万吨标准煤 is 10^4 tce
    assert by["340200", "2023", "Energy|Total"] == pytest.approx(2500.0)  # 25,000,000 tce
    assert by["340000", "2023-01/2023-09", "Energy|Intensity Change"] == -3.1
    assert set(got["unit"]) == {"10^4 tce", "%"}
    assert set(got["vintage"]) == {"quick"}
    assert got.loc[got["region"] == "340000", "note"].dropna().tolist() == ["quick report 快报"]
    with rt.transaction() as s:
        batch = s.get(ImportBatch, result.batch_id)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert batch is not None
    assert (batch.filename, batch.row_count, batch.recorded_by) == ("energy_2023_quick.csv", 5, "system")
    assert len(batch.sha256 or "") == 64
    assert event.object_id == str(result.batch_id)


def test_same_cell_twice_keeps_both_and_as_of_returns_each(rt: Runtime, tmp_path: Path) -> None:
    def write(value: str) -> bytes:
        return f"region,period,variable,unit,value\n340000,2023,Energy|Total,10^4 tce,{value}\n".encode()

    import_bytes(rt, SYSTEM, write("16000"), "first.csv", vintage="quick", today=TODAY)
    time.sleep(0.05)
    between = datetime.now(UTC)
    time.sleep(0.05)
    import_bytes(rt, SYSTEM, write("16021.5"), "second.csv", vintage="quick", today=TODAY)
    key = {"region": "340000", "period": "2023", "variable": "Energy|Total", "basis": "raw", "vintage": "quick"}
    hist = statistics.history(rt, **key)
    assert hist["value"].tolist() == [16000.0, 16021.5]
    assert hist["revision"].tolist() == [1, 2]
    assert statistics.observations(rt, as_of=between)["value"].tolist() == [16000.0]
    assert statistics.observations(rt)["value"].tolist() == [16021.5]
    assert statistics.observations(rt, as_of=datetime(2000, 1, 1, tzinfo=UTC)).empty


def _refused(rt: Runtime, name: str, vintage: str = "quick") -> str:
    before = _counts(rt)
    with pytest.raises(DataError) as err:
        _import(rt, f"invalid/{name}", vintage)
    assert _counts(rt) == before, "a refused file must store nothing"
    return str(err.value)


def test_unknown_region(rt: Runtime) -> None:
    message = _refused(rt, "unknown_region.csv")
    assert "row 3, column 'region': unknown region" in message
    assert "'Atlantis'" in message
    assert "row 2" not in message


def test_unit_not_convertible(rt: Runtime) -> None:
    message = _refused(rt, "unit_not_convertible.csv")
    assert "row 2, column 'unit': unit does not fit variable 'Energy|Total'" in message
    assert "row 3" not in message


def test_text_in_number(rt: Runtime) -> None:
    message = _refused(rt, "text_in_number.csv")
    assert "row 2, column 'value': not a number (value: 'about 16000')" in message


def test_negative_energy(rt: Runtime) -> None:
    message = _refused(rt, "negative_energy.csv")
    assert "row 3, column 'value': Energy|Total cannot be negative" in message
    assert "row 2" not in message  # a fall of intensity is negative by definition


def test_duplicate_key(rt: Runtime) -> None:
    message = _refused(rt, "duplicate_key.csv")
    assert "row 4: duplicate of row 2" in message  # 合肥 is 340100


def test_period_out_of_range(rt: Runtime) -> None:
    message = _refused(rt, "period_out_of_range.csv")
    assert "row 2, column 'period': period before 1949" in message
    assert "row 3, column 'period': period 2030 has not ended yet" in message
    assert "row 4, column 'period': Chaohu (341400) did not exist in 2015" in message
    assert "row 5, column 'period': not a period" in message


def test_wrong_vintage(rt: Runtime) -> None:
    assert "row 3, column 'vintage': row says 'final' but the file is imported as 'quick'" in _refused(
        rt, "wrong_vintage.csv"
    )
    assert "column 'vintage': unknown vintage" in _refused(rt, "unknown_region.csv", vintage="draft")


def test_every_problem_is_listed_at_once(rt: Runtime) -> None:
    message = _refused(rt, "many_problems.csv")
    for expected in (
        "row 2, column 'region'",
        "row 2, column 'value'",
        "row 3, column 'period'",
        "row 3, column 'variable'",
    ):
        assert expected in message


def test_dataset_limits_the_variables(rt: Runtime) -> None:
    before = _counts(rt)
    with pytest.raises(DataError, match="row 4, column 'variable': variable is not part of this data set"):
        import_file(rt, SYSTEM, DATA / "valid" / "energy_2023_quick.csv", vintage="quick", dataset="gdp", today=TODAY)
    assert _counts(rt) == before


def test_city_office_may_import_only_its_own_rows(rt: Runtime) -> None:
    hefei = Actor("hefei-office", Role.CITY, region="340100")
    before = _counts(rt)
    with pytest.raises(PermissionDenied, match=r"row 2 \(340000\).*row 4 \(340200\)"):
        _import(rt, "valid/energy_2023_quick.csv", actor=hefei)
    assert _counts(rt) == before
    own = "region,period,variable,unit,value\n合肥市,2023,Energy|Total,10^4 tce,3000\n".encode()
    assert import_bytes(rt, hefei, own, "hefei.csv", vintage="quick", today=TODAY).rows == 1


def test_xlsx_with_numeric_codes_and_date_period(rt: Runtime, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    sheet.append(["Region", "Period", "Variable", "Unit", "Value"])
    sheet.append([340100, 2023, "Population", "万人", 985.3])
    sheet.append([340100, datetime(2024, 3, 1), "Electricity|Consumption", "10^8 kWh", 90.5])
    path = tmp_path / "upload.xlsx"
    book.save(path)
    assert import_file(rt, SYSTEM, path, vintage="final", today=TODAY).rows == 2
    got = statistics.observations(rt)
    assert sorted(zip(got["period"], got["value"], strict=True)) == [("2023", 985.3), ("2024-03", 90.5)]


def test_unsupported_file_type(rt: Runtime) -> None:
    with pytest.raises(DataError, match=r"use a \.csv or \.xlsx file"):
        import_bytes(rt, SYSTEM, b"x", "data.txt", vintage="quick")
