"""Blank xlsx import templates, one per data set (``carbonpeak template DATASET -o FILE``).

Each workbook has the sheet ``data`` (the header row the importer reads, a unit note on each
header cell, drop-down lists for region, variable, basis and vintage), a ``regions`` sheet
(code, Chinese and English name, years of validity), a ``variables`` sheet (the data set's
variables with unit and description) and a ``说明 Notes`` sheet with instructions in zh and en.
Nothing is loaded from the network; the file works offline.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from carbonpeak.core.schema import Basis, Vintage
from carbonpeak.core.variables import DATASETS, find_variable
from carbonpeak.errors import DataError, Problem
from carbonpeak.reference.regions import load_regions
from carbonpeak.services.imports import DATA_SHEET

__all__ = ["TEMPLATE_COLUMNS", "build_template", "write_template"]

#: the header row of the data sheet, in order
TEMPLATE_COLUMNS: Final = ("region", "period", "variable", "unit", "value", "basis", "vintage", "note")
_ROWS: Final = 2000  # rows covered by the drop-down lists
_HEADER_NOTES: Final = {
    "region": "地区：行政区划代码或中文/英文名称（见 regions 表）\n"
    "Region: code, or Chinese/English name (sheet regions)",
    "period": "时期：2024、2024Q3、2024-09 或 2024-01/2024-09\nPeriod: 2024, 2024Q3, 2024-09 or 2024-01/2024-09",
    "variable": "指标（见 variables 表）\nVariable (sheet variables)",
    "unit": "单位：可换算的单位会换算为标准单位（见 variables 表）\n"
    "Unit: convertible units are converted to the canonical one",
    "value": "数值：只填数字；无数据请删去该行\nValue: a number; leave out rows without a figure",
    "basis": "口径（可空，默认 raw）\nBasis (optional, default raw)",
    "vintage": "数据版本（可空；须与导入时所选一致）：quick 快报 / preliminary 初步核实 / final 最终核实\n"
    "Vintage (optional; must match the import's)",
    "note": "备注（可空）\nNote (optional)",
}
_INSTRUCTIONS: Final = (
    ("数据集 Data set", "{dataset}"),
    ("填写 How to fill", "每行一个数值：地区、时期、指标、单位、数值。One value per row."),
    ("导入 Import", "carbonpeak import FILE.xlsx --vintage quick|preliminary|final --dataset {dataset}"),
    (
        "全部或不导入 All or nothing",
        "任何一行有错，整个文件都不会导入，错误信息列出每一行每一列。Any bad row: nothing is stored.",
    ),
    ("修订 Revisions", "同一地区、时期、指标再次导入会形成新的修订版本，旧值保留。A new value is a new revision."),
)
_BOLD: Final = Font(bold=True)
_FILL: Final = PatternFill("solid", fgColor="DDEBF7")


def _header(sheet: Worksheet, columns: tuple[str, ...] | list[str]) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _FILL
    sheet.freeze_panes = "A2"


def _list_validation(sheet: Worksheet, formula: str, column: str, *, strict: bool) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.errorStyle = "stop" if strict else "warning"  # names typed instead of codes are accepted too
    dv.error = "请从列表中选择 / choose from the list"
    sheet.add_data_validation(dv)
    dv.add(f"{column}2:{column}{_ROWS + 1}")


def _data_sheet(sheet: Worksheet, n_regions: int, n_variables: int) -> None:
    sheet.title = DATA_SHEET
    _header(sheet, TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.comment = Comment(_HEADER_NOTES[str(cell.value)], "carbonpeak", width=320, height=110)
    letters = {name: chr(ord("A") + i) for i, name in enumerate(TEMPLATE_COLUMNS)}
    _list_validation(sheet, f"regions!$A$2:$A${n_regions + 1}", letters["region"], strict=False)
    _list_validation(sheet, f"variables!$A$2:$A${n_variables + 1}", letters["variable"], strict=True)
    _list_validation(sheet, '"' + ",".join(str(b) for b in Basis) + '"', letters["basis"], strict=True)
    _list_validation(sheet, '"' + ",".join(str(v) for v in Vintage) + '"', letters["vintage"], strict=True)
    for row in range(2, _ROWS + 2):
        sheet[f"{letters['period']}{row}"].number_format = "@"  # keep 2024-09 as text, not a date
    for name, width in (("region", 14), ("period", 18), ("variable", 34), ("unit", 18), ("note", 30)):
        sheet.column_dimensions[letters[name]].width = width


def _regions_sheet(sheet: Worksheet) -> int:
    _header(sheet, ["code", "name_zh", "name_en", "level", "valid_from", "valid_to"])
    regions = sorted(load_regions(), key=lambda r: r.code)
    for r in regions:
        sheet.append([r.code, r.name_zh, r.name_en, r.level, r.valid_from, r.valid_to])
    return len(regions)


def _variables_sheet(sheet: Worksheet, dataset: str) -> int:
    _header(sheet, ["variable", "unit", "description_zh", "description_en", "negative_allowed", "bases"])
    for name in DATASETS[dataset]:
        entry = find_variable(name)
        if entry is None:  # the DATASETS table names only known variables; a test holds it to that
            raise DataError("template names an unknown variable", [Problem(None, "variable", "unknown", name)])
        bases = ", ".join(str(b) for b in entry.bases)
        sheet.append([name, entry.unit_for(name), entry.zh, entry.en, "yes" if not entry.non_negative else "no", bases])
    sheet.column_dimensions["A"].width = 34
    return len(DATASETS[dataset])


def _notes_sheet(sheet: Worksheet, dataset: str) -> None:
    for key, text in _INSTRUCTIONS:
        sheet.append([key, text.format(dataset=dataset)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def build_template(dataset: str) -> bytes:
    """The blank xlsx template of a data set (one of :data:`carbonpeak.core.variables.DATASETS`).

    Raises
    ------
    DataError
        If the data set is unknown.
    """
    if dataset not in DATASETS:
        known = ", ".join(DATASETS)
        raise DataError("unknown data set", [Problem(None, "dataset", f"use one of {known}", dataset)])
    book = Workbook()
    data: Any = book.active
    n_regions = _regions_sheet(book.create_sheet("regions"))
    n_variables = _variables_sheet(book.create_sheet("variables"), dataset)
    _notes_sheet(book.create_sheet("说明 Notes"), dataset)
    _data_sheet(data, n_regions, n_variables)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(dataset: str, path: Path) -> Path:
    """Write the template of ``dataset`` to ``path`` (see :func:`build_template`)."""
    path.write_bytes(build_template(dataset))
    return path
