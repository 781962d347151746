"""Import of statistics from CSV or xlsx files in long layout, all or nothing (data-model.md §3).

A file has a header row with the columns ``region``, ``period``, ``variable``, ``unit``, ``value``
and optionally ``basis``, ``vintage`` and ``note`` (the blank templates of
:mod:`carbonpeak.services.templates` have exactly these). Every row is checked
(:func:`carbonpeak.core.checks.validate_long`) before anything is written; a file with any bad
row stores nothing, and the :class:`~carbonpeak.errors.DataError` names each bad row and column.
A good file becomes one import batch (file name, sha256, row count, who) whose rows are new
revisions of their keys, and one audit event.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from carbonpeak.core.checks import validate_long
from carbonpeak.core.schema import PERIOD, REGION
from carbonpeak.core.variables import DATASETS
from carbonpeak.errors import DataError, PermissionDenied, Problem
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.store import reviews
from carbonpeak.store.sources import new_import_batch

__all__ = ["DATA_SHEET", "ImportResult", "import_bytes", "import_file", "read_table"]

#: the sheet of an xlsx file that holds the data (the first sheet when there is none of that name)
DATA_SHEET: Final = "data"
_ENCODINGS: Final = ("utf-8-sig", "gb18030")  # Excel on Chinese Windows saves CSV in GB18030


@dataclass(frozen=True)
class ImportResult:
    """What an import stored."""

    batch_id: int
    rows: int
    dataset: str
    filename: str
    sha256: str
    vintage: str
    state: str = "published"  #: "draft" for a city office's import, until the provincial office publishes it


def _decode(data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError("the file is neither UTF-8 nor GB18030 text", [Problem(None, None, "cannot decode the file")])


def _header(cells: Iterable[Any]) -> list[str]:
    return [str(c).strip().lower() if c is not None else "" for c in cells]


def _frame(header: list[str], rows: Iterable[tuple[int, list[Any]]]) -> pd.DataFrame:
    """Rows that are not entirely blank, as object cells, with their row number in the file."""
    records = []
    for number, cells in rows:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        padded = list(cells) + [None] * (len(header) - len(cells))
        records.append({"row": number, **{h: padded[i] for i, h in enumerate(header) if h}})
    columns = ["row", *(h for h in header if h)]
    return pd.DataFrame(records, columns=columns, dtype=object)


def _read_csv(data: bytes) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(_decode(data)))
    header = _header(next(reader, []))
    return _frame(header, ((n, list(cells)) for n, cells in enumerate(reader, start=2)))


def _period_cell(cell: Any) -> Any:
    # Excel turns "2024-09" typed into a general cell into a date; read it back as the month
    return f"{cell.year}-{cell.month:02d}" if isinstance(cell, datetime | date) else cell


def _read_xlsx(data: bytes) -> pd.DataFrame:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _header(next(rows, ()))
        frame = _frame(header, ((n, list(cells)) for n, cells in enumerate(rows, start=2)))
    finally:
        book.close()
    if PERIOD in frame.columns:
        frame[PERIOD] = frame[PERIOD].map(_period_cell)
    return frame


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The cells of a CSV or xlsx file as read (no conversion), plus the ``row`` number of each.

    Raises
    ------
    DataError
        If the file type is not .csv or .xlsx, or the file cannot be read.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix == ".xlsx":
        try:
            return _read_xlsx(data)
        except (OSError, KeyError, ValueError) as exc:
            raise DataError("cannot read the xlsx file", [Problem(None, None, str(exc))]) from exc
    raise DataError("unsupported file type", [Problem(None, None, "use a .csv or .xlsx file", filename)])


def _require_regions(actor: Actor, long: pd.DataFrame) -> None:
    """A city office may import only its own city's rows; name every other row."""
    refused = [
        (int(r), code) for r, code in zip(long["row"], long[REGION], strict=True) if not actor.can_write_region(code)
    ]
    if refused:
        listed = ", ".join(f"row {r} ({code})" for r, code in refused[:20])
        more = f" and {len(refused) - 20} more" if len(refused) > 20 else ""
        raise PermissionDenied(f"{actor.login} ({actor.role}) may not write data of these rows: {listed}{more}")


def _allowed(dataset: str | None) -> tuple[str, ...] | None:
    if dataset is None:
        return None
    if dataset not in DATASETS:
        known = ", ".join(DATASETS)
        raise DataError("unknown data set", [Problem(None, "dataset", f"use one of {known}", dataset)])
    return DATASETS[dataset]


def _submit_draft(session: Session, actor: Actor, import_id: int) -> str:
    """A city office's import is a draft of its city until the provincial office publishes it."""
    if actor.role != Role.CITY or not actor.region:
        return str(reviews.BatchState.PUBLISHED)
    reviews.add_review(
        session, import_id=import_id, region=actor.region, state=reviews.BatchState.DRAFT, by=actor.login
    )
    return str(reviews.BatchState.DRAFT)


def import_bytes(
    rt: Runtime,
    actor: Actor,
    data: bytes,
    filename: str,
    *,
    vintage: str,
    dataset: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Validate a whole file and store it as one import batch, or store nothing.

    Parameters
    ----------
    data, filename
        The file's bytes and its name (the suffix, .csv or .xlsx, decides how it is read).
    vintage
        ``quick`` (快报), ``preliminary`` (初步核实) or ``final`` (最终核实); a ``vintage`` column
        in the file must agree with it.
    dataset
        A template data set (``energy``, ``gdp`` …): its variables only. None allows any known variable.
    today
        The date the "period has not ended yet" check uses (today by default).

    Raises
    ------
    DataError
        Listing every bad row and column; nothing is written.
    PermissionDenied
        If the actor may not write a region of the file (a city office, another city's rows).

    Notes
    -----
    A city office's import is stored as a draft of its city (``ImportResult.state`` ``"draft"``), read
    only by that city and the provincial office until it is published (:mod:`carbonpeak.services.publication`).
    """
    frame = read_table(data, filename)
    long = validate_long(
        frame, regions=load_regions(), vintage=vintage, today=today or date.today(), allowed_variables=_allowed(dataset)
    )
    _require_regions(actor, long)
    sha = hashlib.sha256(data).hexdigest()
    name = dataset or "statistics"
    with rt.transaction() as session:
        batch = new_import_batch(
            session, dataset=name, recorded_by=actor.login, row_count=len(long), filename=filename, sha256=sha
        )
        written = obs.append(
            session, long.drop(columns="row"), recorded_by=actor.login, import_id=batch.id, method="import"
        )
        state = _submit_draft(session, actor, batch.id)
        after = {
            "filename": filename,
            "sha256": sha,
            "rows": written,
            "vintage": vintage,
            "dataset": name,
            "state": state,
        }
        audit.record(session, actor, "import", "import_batch", object_id=str(batch.id), after=after)
        batch_id = batch.id
    return ImportResult(batch_id, written, name, filename, sha, vintage, state)


def import_file(
    rt: Runtime, actor: Actor, path: Path, *, vintage: str, dataset: str | None = None, today: date | None = None
) -> ImportResult:
    """Import a CSV or xlsx file from disk (see :func:`import_bytes`)."""
    return import_bytes(rt, actor, path.read_bytes(), path.name, vintage=vintage, dataset=dataset, today=today)
