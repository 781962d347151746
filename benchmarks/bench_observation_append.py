"""Writing observations: bulk :func:`carbonpeak.store.observations.append` beside the obvious
implementation (one revision query and one ORM insert per row), on a fresh SQLite file.

Run: ``.venv/bin/python -m benchmarks.bench_observation_append [ROWS]``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carbonpeak.config import Settings
from carbonpeak.services.runtime import open_runtime
from carbonpeak.store import observations as obs
from carbonpeak.store.models import Observation


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": "340000",
            "period": [str(1997 + i % 26) for i in range(rows)],
            "variable": [f"Emissions|CO2|Sector|S{i // 26 // 22}|F{i // 26 % 22}" for i in range(rows)],
            "unit": "Mt CO2",
            "basis": "direct",
            "vintage": "final",
            "value": [float(i) for i in range(rows)],
        }
    )


def _obvious(session: Session, frame: pd.DataFrame) -> None:
    for row in frame.itertuples(index=False):
        last = session.scalar(
            select(func.max(Observation.revision)).where(
                Observation.region == row.region,
                Observation.period == row.period,
                Observation.variable == row.variable,
                Observation.basis == row.basis,
                Observation.vintage == row.vintage,
            )
        )
        session.add(Observation(**row._asdict(), revision=(last or 0) + 1, recorded_by="bench"))
        session.flush()


def _timed(label: str, write: object, frame: pd.DataFrame) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        rt = open_runtime(Settings(database_url=f"sqlite:///{Path(tmp) / 'b.sqlite'}"))
        start = time.perf_counter()
        with rt.transaction() as session:
            write(session, frame)  # type: ignore[operator]
        elapsed = time.perf_counter() - start
        rt.close()
    print(f"{label:<40} {elapsed:8.2f} s")
    return elapsed


def main(rows: int = 20_000) -> None:
    """Print both timings and their ratio."""
    frame = _frame(rows)
    ours = _timed(f"append, {rows} rows", lambda s, f: obs.append(s, f, recorded_by="bench"), frame)
    obvious = _timed(f"per-row query + insert, {rows} rows", _obvious, frame)
    print(f"ratio (obvious / ours): {obvious / ours:.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
