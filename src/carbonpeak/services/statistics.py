"""Statistics use cases: load the shipped reference data, read observations "as known at" a
date, summarise what the store holds (data-model.md §3). One transaction per call."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from carbonpeak.core.variables import variable_group
from carbonpeak.errors import NotFound, PermissionDenied
from carbonpeak.reference.datasets import ReferenceDataset, reference_datasets
from carbonpeak.reference.files import data_file
from carbonpeak.services import audit
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations as obs
from carbonpeak.store.models import Observation, User
from carbonpeak.store.reviews import PUBLISHED_ONLY, ReadScope, visibility
from carbonpeak.store.sources import SourceInfo, get_or_create_source, new_import_batch

__all__ = [
    "GroupSummary",
    "LoadReport",
    "Progress",
    "actor_for_login",
    "history",
    "load_reference",
    "observations",
    "summary",
]

#: progress callback: (steps done, steps in all, what is being done)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class LoadReport:
    """Rows written per reference dataset (0 where nothing changed since the last load)."""

    written: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows written in all."""
        return sum(self.written.values())


def actor_for_login(rt: Runtime, login: str) -> Actor:
    """The actor of an active user account (for ``--as LOGIN`` on the command line).

    Raises
    ------
    NotFound
        If no account has this login.
    PermissionDenied
        If the account is disabled.
    """
    with rt.transaction() as session:
        user = session.scalars(select(User).where(User.login == login)).one_or_none()
    if user is None:
        raise NotFound(f"no user {login!r}")
    if not user.active:
        raise PermissionDenied(f"user {login!r} is disabled")
    return Actor(login=user.login, role=Role(user.role), department=user.department, region=user.region)


def _sha256(files: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update(data_file("reference", name).read_bytes())
    return digest.hexdigest()


def _load_dataset(session: Session, actor: Actor, dataset: ReferenceDataset) -> int:
    frame = dataset.build()
    source, _created = get_or_create_source(session, SourceInfo(**asdict(dataset.source)))
    todo = obs.changed_rows(session, frame)
    if todo.empty:
        return 0
    batch = new_import_batch(
        session,
        dataset=f"reference:{dataset.key}",
        recorded_by=actor.login,
        row_count=len(todo),
        filename=", ".join(dataset.files),
        sha256=_sha256(dataset.files),
    )
    method = f"reference:{dataset.key}"
    return obs.append(session, todo, recorded_by=actor.login, source_id=source.id, import_id=batch.id, method=method)


def load_reference(rt: Runtime, actor: Actor, progress: Progress | None = None) -> LoadReport:
    """Load every shipped reference dataset into the store, each with its source and vintage.

    Idempotent: a row whose key already has a latest revision with the same value and unit is
    skipped, so a second load writes nothing. One transaction for the whole load; one audit event.

    Raises
    ------
    PermissionDenied
        Unless the actor is an administrator or the provincial office.
    """
    actor.require_role(Role.ADMINISTRATOR, Role.PROVINCE)
    datasets = reference_datasets()
    written: dict[str, int] = {}
    with rt.transaction() as session:
        for step, dataset in enumerate(datasets):
            if progress:
                progress(step, len(datasets), dataset.title)
            written[dataset.key] = _load_dataset(session, actor, dataset)
        report = LoadReport(written)
        audit.record(
            session, actor, "load_reference", "observation", after=written, detail=f"{report.total} rows written"
        )
    if progress:
        progress(len(datasets), len(datasets), "done")
    return report


def observations(
    rt: Runtime,
    *,
    regions: Iterable[str] | None = None,
    variables: Iterable[str] | None = None,
    periods: Iterable[str] | None = None,
    vintages: Iterable[str] | None = None,
    variable_prefix: str | None = None,
    as_of: datetime | None = None,
    best_available: bool = True,
    scope: ReadScope = PUBLISHED_ONLY,
) -> pd.DataFrame:
    """Observations as known at ``as_of`` (see :func:`carbonpeak.store.observations.query`).

    ``scope`` says whose drafts the reader sees (:func:`carbonpeak.services.publication.read_scope`);
    published data only by default.
    """
    with rt.transaction() as session:
        return obs.query(
            session,
            regions=regions,
            variables=variables,
            periods=periods,
            vintages=vintages,
            variable_prefix=variable_prefix,
            as_of=as_of,
            best_available=best_available,
            scope=scope,
        )


def history(
    rt: Runtime,
    *,
    region: str,
    period: str,
    variable: str,
    basis: str,
    vintage: str,
    scope: ReadScope = PUBLISHED_ONLY,
) -> pd.DataFrame:
    """Every revision of one statistic that ``scope`` may read, oldest first."""
    key = {"region": region, "period": period, "variable": variable, "basis": basis, "vintage": vintage}
    with rt.transaction() as session:
        return obs.history(session, **key, scope=scope)


@dataclass(frozen=True)
class GroupSummary:
    """What the store holds for one variable group (e.g. ``Emissions|CO2``)."""

    group: str
    rows: int  #: stored rows, every revision counted
    variables: int
    regions: int
    first_year: int
    last_year: int


def summary(rt: Runtime, scope: ReadScope = PUBLISHED_ONLY) -> list[GroupSummary]:
    """Counts per variable group and the years covered (rows ``scope`` may read), for ``carbonpeak demo``
    and the statistics page."""
    stmt = select(
        Observation.variable,
        Observation.region,
        func.count(),
        func.min(func.substr(Observation.period, 1, 4)),
        func.max(func.substr(Observation.period, 1, 4)),
    ).group_by(Observation.variable, Observation.region)
    with rt.transaction() as session:
        hidden, _drafts = visibility(session, scope)
        if hidden:
            stmt = stmt.where(or_(Observation.import_id.is_(None), Observation.import_id.not_in(sorted(hidden))))
        rows = session.execute(stmt).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["variable", "region", "rows", "first", "last"])
    if frame.empty:
        return []
    frame["group"] = frame["variable"].map(variable_group)
    grouped = frame.groupby("group").agg(
        rows=("rows", "sum"),
        variables=("variable", "nunique"),
        regions=("region", "nunique"),
        first=("first", "min"),
        last=("last", "max"),
    )
    return [
        GroupSummary(str(g), int(r.rows), int(r.variables), int(r.regions), int(r.first), int(r.last))
        for g, r in grouped.iterrows()
    ]
