"""Append-only observations: write long frames as new revisions, read them "as known at" a date
(data-model.md §3).

A key is (region, period, variable, basis, vintage). Writing a value for a key adds revision
``max + 1``; nothing is ever updated (the database refuses UPDATE and DELETE on ``observation``).
Reading returns, per key, the latest revision recorded at or before ``as_of``; with
``best_available`` it keeps, per (region, period, variable, basis), the best vintage
(final > preliminary > quick). The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import pandas as pd
from sqlalchemy import Select, insert, or_, select
from sqlalchemy.orm import Session

from carbonpeak.core.schema import BASIS, LONG_COLUMNS, PERIOD, REGION, UNIT, VALUE, VARIABLE, VINTAGE, VINTAGE_RANK
from carbonpeak.errors import DataError, Problem
from carbonpeak.store.models import Observation, Source
from carbonpeak.store.reviews import PUBLISHED_ONLY, ReadScope, visibility

__all__ = ["KEY_COLUMNS", "QUERY_COLUMNS", "append", "changed_rows", "history", "latest", "query"]

#: the columns that identify one statistic; a new value for a key is a new revision
KEY_COLUMNS: Final = (REGION, PERIOD, VARIABLE, BASIS, VINTAGE)
#: the columns returned by :func:`query` and :func:`history`; ``draft`` is True for a row of an unpublished
#: batch, which only a reader whose scope covers its region sees (:mod:`carbonpeak.store.reviews`)
QUERY_COLUMNS: Final = (*LONG_COLUMNS, "revision", "recorded_at", "recorded_by", "source", "method", "note", "draft")

# Above this many distinct variables the revision look-up filters by region only (one query either way).
_MAX_IN_LIST: Final = 500


def _utc(moment: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive input is taken as UTC (how SQLite stores it)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _check_frame(frame: pd.DataFrame) -> None:
    missing = [c for c in LONG_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("observation frame lacks columns", [Problem(None, c, "column missing") for c in missing])
    problems = [
        Problem(int(i) + 1, col, "must not be empty")
        for col in (REGION, PERIOD, VARIABLE, UNIT, BASIS, VINTAGE)
        for i in np.flatnonzero(frame[col].isna().to_numpy())
    ]
    bad_vintage = ~frame[VINTAGE].isin([str(v) for v in VINTAGE_RANK])
    problems += [
        Problem(int(i) + 1, VINTAGE, "not a vintage", frame[VINTAGE].iloc[i]) for i in np.flatnonzero(bad_vintage)
    ]
    if problems:
        raise DataError("observation frame has invalid rows", problems)


def _stored_revisions(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """Every stored (key, revision, value, unit) that could share a key with ``frame``: one query."""
    stmt = select(
        *(getattr(Observation, c) for c in KEY_COLUMNS), Observation.revision, Observation.value, Observation.unit
    ).where(Observation.region.in_(frame[REGION].unique().tolist()))
    variables = frame[VARIABLE].unique().tolist()
    if len(variables) <= _MAX_IN_LIST:
        stmt = stmt.where(Observation.variable.in_(variables))
    rows = session.execute(stmt).all()
    return pd.DataFrame(rows, columns=[*KEY_COLUMNS, "revision", "stored_value", "stored_unit"])


def latest(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """For each key of ``frame``: the latest stored revision, its value and unit (NaN when none)."""
    stored = _stored_revisions(session, frame)
    stored = stored.sort_values("revision").drop_duplicates(list(KEY_COLUMNS), keep="last")
    keys = frame[list(KEY_COLUMNS)].astype(object)
    merged = keys.merge(stored.astype(dict.fromkeys(KEY_COLUMNS, object)), on=list(KEY_COLUMNS), how="left")
    merged.index = frame.index
    return merged


def _unchanged(frame: pd.DataFrame, last: pd.DataFrame) -> pd.Series:
    """Rows whose latest stored revision has the same unit and the same value (a gap equals a gap)."""
    new = pd.to_numeric(frame[VALUE], errors="coerce").astype(float)
    old = pd.to_numeric(last["stored_value"], errors="coerce").astype(float)
    same_value = (new == old) | (new.isna() & old.isna())
    return last["revision"].notna() & same_value & (frame[UNIT].astype(object) == last["stored_unit"])


def changed_rows(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` whose key has no stored revision yet, or whose latest one differs in value or unit."""
    if frame.empty:
        return frame
    return frame[~_unchanged(frame, latest(session, frame))]


def _none_if_na(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else value


def append(
    session: Session,
    frame: pd.DataFrame,
    *,
    recorded_by: str,
    source_id: int | None = None,
    import_id: int | None = None,
    method: str | None = None,
    skip_unchanged: bool = False,
    recorded_at: datetime | None = None,
) -> int:
    """Write each row of a long frame as a new revision of its key; return the number of rows written.

    Parameters
    ----------
    session
        The caller's session (the caller commits).
    frame
        Columns :data:`carbonpeak.core.schema.LONG_COLUMNS` and optionally ``note``. A missing value
        (NaN) is stored as an explicit gap, never as zero.
    recorded_by
        Login of the person or process writing.
    source_id, import_id, method
        Provenance stored on every row.
    skip_unchanged
        Skip rows whose latest stored revision already has the same value and unit (idempotent loads).
    recorded_at
        Time stamp of the revisions (now, UTC, by default).

    Raises
    ------
    DataError
        If a column is missing, a key field is empty or a vintage is unknown.
    """
    _check_frame(frame)
    if frame.empty:
        return 0
    last = latest(session, frame)
    if skip_unchanged:
        keep = ~_unchanged(frame, last)
        frame, last = frame[keep], last[keep]
        if frame.empty:
            return 0
    base = last["revision"].fillna(0).astype(int)
    # several rows of one key in one frame become consecutive revisions, in frame order
    offset = frame.groupby(list(KEY_COLUMNS), sort=False).cumcount() + 1
    revisions = (base + offset).tolist()
    stamp = _utc(recorded_at or datetime.now(UTC))
    notes = frame["note"].tolist() if "note" in frame.columns else [None] * len(frame)
    values = pd.to_numeric(frame[VALUE], errors="coerce").astype(float).tolist()
    columns = {c: frame[c].astype(str).tolist() for c in (*KEY_COLUMNS, UNIT)}
    rows = [
        {
            **{c: columns[c][i] for c in columns},
            VALUE: _none_if_na(values[i]),
            "revision": revisions[i],
            "source_id": source_id,
            "import_id": import_id,
            "method": method,
            "note": _none_if_na(notes[i]),
            "recorded_by": recorded_by,
            "recorded_at": stamp,
        }
        for i in range(len(frame))
    ]
    session.execute(insert(Observation), rows)
    return len(rows)


def _filtered(
    stmt: Select[Any],
    filters: dict[str, Iterable[str] | None],
    variable_prefix: str | None,
) -> Select[Any]:
    for column, wanted in filters.items():
        if wanted is not None:
            stmt = stmt.where(getattr(Observation, column).in_([str(w) for w in wanted]))
    if variable_prefix:
        stmt = stmt.where(Observation.variable.startswith(variable_prefix, autoescape=True))
    return stmt


def _to_frame(rows: Sequence[Any], drafts: set[int]) -> pd.DataFrame:
    df = pd.DataFrame([tuple(r) for r in rows], columns=[*QUERY_COLUMNS[:-1], "import_id"])
    df["draft"] = df.pop("import_id").isin(drafts) if drafts else False
    df[VALUE] = pd.to_numeric(df[VALUE], errors="coerce").astype(float)
    df["revision"] = df["revision"].astype(int)
    df["recorded_at"] = pd.to_datetime([_utc(t) for t in df["recorded_at"]], utc=True)
    return df


def _select_columns() -> Select[Any]:
    cols = [getattr(Observation, c) for c in (*LONG_COLUMNS, "revision", "recorded_at", "recorded_by")]
    return select(*cols, Source.key, Observation.method, Observation.note, Observation.import_id).outerjoin(
        Source, Source.id == Observation.source_id
    )


def _visible(
    stmt: Select[Any], session: Session, scope: ReadScope, as_of: datetime | None
) -> tuple[Select[Any], set[int]]:
    """Leave out rows of batches the reader may not see; return the ids of visible draft batches."""
    hidden, drafts = visibility(session, scope, as_of)
    if hidden:
        stmt = stmt.where(or_(Observation.import_id.is_(None), Observation.import_id.not_in(sorted(hidden))))
    return stmt, drafts


def _best_vintage(df: pd.DataFrame) -> pd.DataFrame:
    rank = df[VINTAGE].map({str(k): v for k, v in VINTAGE_RANK.items()})
    ordered = df.assign(_rank=rank).sort_values("_rank", kind="stable")
    best = ordered.drop_duplicates([REGION, PERIOD, VARIABLE, BASIS], keep="last")
    return best.drop(columns="_rank")


def query(
    session: Session,
    *,
    regions: Iterable[str] | None = None,
    variables: Iterable[str] | None = None,
    periods: Iterable[str] | None = None,
    bases: Iterable[str] | None = None,
    vintages: Iterable[str] | None = None,
    as_of: datetime | None = None,
    best_available: bool = True,
    variable_prefix: str | None = None,
    scope: ReadScope = PUBLISHED_ONLY,
) -> pd.DataFrame:
    """Observations as known at ``as_of``: per key, the latest revision recorded at or before it.

    Parameters
    ----------
    regions, variables, periods, bases, vintages
        Keep only these values (None keeps all).
    as_of
        Moment of knowledge ("as known at"); None means everything recorded so far. Naive
        datetimes are taken as UTC.
    best_available
        Per (region, period, variable, basis) keep only the best vintage: final, else
        preliminary, else quick (data-model.md §3).
    variable_prefix
        Keep only variables starting with this text, e.g. ``"Emissions|CO2|Sector|"``.
    scope
        Whose drafts the reader sees besides the published data (published data only by default, which
        is what every computed view uses); a revision the reader may not see does not count as latest.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`QUERY_COLUMNS`, sorted by region, variable, period, basis, vintage.
        ``recorded_at`` is timezone-aware UTC; ``source`` is the source key or None.
    """
    filters = {REGION: regions, VARIABLE: variables, PERIOD: periods, BASIS: bases, VINTAGE: vintages}
    stmt = _filtered(_select_columns(), filters, variable_prefix)
    if as_of is not None:
        stmt = stmt.where(Observation.recorded_at <= _utc(as_of))
    stmt, drafts = _visible(stmt, session, scope, as_of)
    df = _to_frame(session.execute(stmt).all(), drafts)
    df = df.sort_values("revision").drop_duplicates(list(KEY_COLUMNS), keep="last")
    if best_available:
        df = _best_vintage(df)
    return df.sort_values([REGION, VARIABLE, PERIOD, BASIS, VINTAGE]).reset_index(drop=True)


def history(
    session: Session,
    *,
    region: str,
    period: str,
    variable: str,
    basis: str,
    vintage: str,
    scope: ReadScope = PUBLISHED_ONLY,
) -> pd.DataFrame:
    """Every revision of one key the reader may see, oldest first (columns :data:`QUERY_COLUMNS`)."""
    key = {REGION: region, PERIOD: period, VARIABLE: variable, BASIS: basis, VINTAGE: vintage}
    stmt = _select_columns().where(*(getattr(Observation, c) == str(v) for c, v in key.items()))
    stmt, drafts = _visible(stmt, session, scope, None)
    return _to_frame(session.execute(stmt.order_by(Observation.revision)).all(), drafts).reset_index(drop=True)
