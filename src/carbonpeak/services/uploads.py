"""Uploading a statistics workbook from the pages: preview first, then commit all or nothing.

:func:`preview` reads and checks the whole file exactly as the import will
(:func:`carbonpeak.services.imports.read_table` and :func:`carbonpeak.core.checks.validate_long`), lists
every row-level problem and every row the user may not write, and keeps the file in a staging folder
under a token (its SHA-256) so that the commit stores precisely the file that was previewed. Nothing is
written to the database by a preview.

:func:`commit` imports a staged file through :func:`carbonpeak.services.imports.import_bytes` (one
transaction, one audit event). A file of more than :data:`LARGE_IMPORT_ROWS` rows is imported as a job
(kind ``statistics.import``) so that the page does not wait on it.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from carbonpeak.core.checks import validate_long
from carbonpeak.core.schema import REGION, Vintage
from carbonpeak.core.variables import DATASETS
from carbonpeak.errors import DataError, NotFound, Problem
from carbonpeak.reference.regions import load_regions
from carbonpeak.services import imports
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.jobs import JobInfo, JobRunner, Report
from carbonpeak.services.runtime import Runtime

__all__ = ["LARGE_IMPORT_ROWS", "CommitOutcome", "UploadPreview", "commit", "preview", "run_import_job"]

#: files with more rows than this are imported as a job
LARGE_IMPORT_ROWS: Final = 5000
MAX_UPLOAD_BYTES: Final = 50 * 1024 * 1024
PREVIEW_ROWS: Final = 20
_TOKEN_RE: Final = re.compile(r"^[0-9a-f]{64}$")
_WRITERS: Final = (Role.ADMINISTRATOR, Role.PROVINCE, Role.CITY)


@dataclass(frozen=True)
class UploadPreview:
    """What a file would store, or why it cannot be stored."""

    token: str  #: SHA-256 of the file; names the staged copy
    filename: str
    vintage: str
    dataset: str | None
    rows: int  #: data rows read from the file
    problems: list[Problem] = field(default_factory=list)  #: empty when the file can be committed
    sample: list[dict[str, Any]] = field(default_factory=list)  #: the first rows as they will be stored

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CommitOutcome:
    """Either the import's result (small files) or the job importing it (large files)."""

    result: imports.ImportResult | None
    job: JobInfo | None


def _staging(actor: Actor) -> Path:
    folder = Path(tempfile.gettempdir()) / "carbonpeak-uploads" / hashlib.sha256(actor.login.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _check_request(actor: Actor, vintage: str, dataset: str | None, size: int) -> None:
    actor.require_role(*_WRITERS)
    problems = []
    if vintage not in {v.value for v in Vintage}:
        problems.append(Problem(None, "vintage", f"one of {', '.join(v.value for v in Vintage)}", vintage))
    if dataset is not None and dataset not in DATASETS:
        problems.append(Problem(None, "dataset", f"one of {', '.join(DATASETS)}", dataset))
    if size > MAX_UPLOAD_BYTES:
        problems.append(Problem(None, "file", f"larger than {MAX_UPLOAD_BYTES // 2**20} MiB", size))
    if size == 0:
        problems.append(Problem(None, "file", "the file is empty"))
    if problems:
        raise DataError("the upload cannot be checked", problems)


def _refused_rows(actor: Actor, long: Any) -> list[Problem]:
    return [
        Problem(int(row), REGION, "you may not write data of this region", code)
        for row, code in zip(long["row"], long[REGION], strict=True)
        if not actor.can_write_region(str(code))
    ]


def preview(
    actor: Actor, data: bytes, filename: str, *, vintage: str, dataset: str | None = None, today: date | None = None
) -> UploadPreview:
    """Check a whole file without writing it; stage it for :func:`commit` under its SHA-256."""
    _check_request(actor, vintage, dataset, len(data))
    token = hashlib.sha256(data).hexdigest()
    suffix = Path(filename).suffix.lower()
    try:
        frame = imports.read_table(data, filename)
        long = validate_long(
            frame,
            regions=load_regions(),
            vintage=vintage,
            today=today or date.today(),
            allowed_variables=DATASETS[dataset] if dataset else None,
        )
    except DataError as exc:
        rows = len(frame) if "frame" in locals() else 0
        return UploadPreview(token, filename, vintage, dataset, rows, exc.problems or [Problem(None, None, str(exc))])
    problems = _refused_rows(actor, long)
    if not problems:
        (_staging(actor) / f"{token}{suffix}").write_bytes(data)
    sample = [
        {str(k): v for k, v in row.items()} for row in long.drop(columns="row").head(PREVIEW_ROWS).to_dict("records")
    ]
    return UploadPreview(token, filename, vintage, dataset, len(long), problems, sample)


def _staged(actor: Actor, token: str) -> Path:
    if not _TOKEN_RE.match(token):
        raise DataError("bad upload token", [Problem(None, "token", "64 hexadecimal digits", token)])
    found = sorted(_staging(actor).glob(f"{token}.*"))
    if not found:
        raise NotFound("no previewed file with this token; upload it again")
    return found[0]


def commit(
    rt: Runtime,
    actor: Actor,
    runner: JobRunner,
    *,
    token: str,
    filename: str,
    vintage: str,
    dataset: str | None = None,
) -> CommitOutcome:
    """Import the previewed file ``token`` all or nothing (as a job when it is large)."""
    _check_request(actor, vintage, dataset, 1)
    path = _staged(actor, token)
    data = path.read_bytes()
    if data.count(b"\n") > LARGE_IMPORT_ROWS or (path.suffix == ".xlsx" and len(data) > 2 * 2**20):
        params = {"path": str(path), "filename": filename, "vintage": vintage, "dataset": dataset}
        return CommitOutcome(None, runner.submit(rt, actor, "statistics.import", params))
    result = imports.import_bytes(rt, actor, data, filename, vintage=vintage, dataset=dataset)
    path.unlink(missing_ok=True)
    return CommitOutcome(result, None)


def run_import_job(rt: Runtime, actor: Actor, params: dict[str, Any], report: Report) -> dict[str, Any]:
    """Job ``statistics.import``: import a staged file (all or nothing) on behalf of ``actor``."""
    path = Path(str(params["path"]))
    report(0.05, "reading")
    data = path.read_bytes()
    report(0.2, "checking and storing")
    result = imports.import_bytes(
        rt, actor, data, str(params["filename"]), vintage=str(params["vintage"]), dataset=params.get("dataset")
    )
    path.unlink(missing_ok=True)
    return {"batch_id": result.batch_id, "rows": result.rows, "sha256": result.sha256}
