"""The statistics page shows 100 rows a page, sorted on the server, filter and sort kept across pages;
the export still holds every row."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd
from fastapi.testclient import TestClient

from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations

YEARS = list(range(1801, 2031))  # 230 rows: pages of 100, 100 and 30
GAP_YEAR = 1900


def _store(rt: Runtime) -> None:
    frame = pd.DataFrame(
        {
            "region": "340100",
            "period": [str(y) for y in YEARS],
            "variable": "Energy|Total",
            "unit": "10^4 tce",
            "basis": "raw",
            "vintage": "final",
            "value": [float("nan") if y == GAP_YEAR else float(y - 1000) for y in YEARS],
        }
    )
    with rt.transaction() as session:
        observations.append(session, frame, recorded_by="system")


def _periods(html: str) -> list[str]:
    """The period column of the table, in the order shown."""
    return re.findall(r"<td>(\d{4})</td>", html)


def test_pages_of_100_sorted_on_the_server_with_the_filter_kept(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _store(rt)
    as_user("viewer")
    query = "/statistics?region=340100&variable=Energy%7CTotal&sort=-value"
    pages = [app_client.get(f"{query}&page={n}") for n in (1, 2, 3)]
    assert [r.status_code for r in pages] == [200, 200, 200]
    shown = [_periods(r.text) for r in pages]
    assert [len(p) for p in shown] == [100, 100, 30]
    # descending by value = descending by year here (value = year - 1000); the gap comes last, never as 0
    expected = [str(y) for y in sorted(YEARS, reverse=True) if y != GAP_YEAR] + [str(GAP_YEAR)]
    assert shown[0] + shown[1] + shown[2] == expected
    assert 'class="missing"' in pages[2].text
    # the pager keeps the filter and the sort
    assert 'href="/statistics?region=340100&amp;variable=Energy%7CTotal&amp;sort=-value&amp;page=2"' in pages[0].text
    assert "page=4" not in pages[2].text
    # a page past the end shows the last one
    assert _periods(app_client.get(f"{query}&page=99").text) == shown[2]


def test_ascending_sort_and_the_export_holds_every_row(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    _store(rt)
    as_user("viewer")
    first = app_client.get("/statistics?region=340100&variable=Energy%7CTotal&sort=period")
    assert _periods(first.text) == [str(y) for y in YEARS[:100]]
    assert "/api/v1/statistics/export?region=340100&amp;variable=Energy%7CTotal&amp;fmt=csv" in first.text
    export = app_client.get("/api/v1/statistics/export?region=340100&variable=Energy%7CTotal&fmt=csv")
    assert export.status_code == 200
    frame = pd.read_csv(io.BytesIO(export.content), encoding="utf-8-sig", dtype={"period": str})
    assert len(frame) == len(YEARS)
    assert frame.loc[frame["period"] == str(GAP_YEAR), "value"].isna().all()


def test_a_bad_sort_or_page_is_refused(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    as_user("viewer")
    assert app_client.get("/statistics?variable=Energy%7CTotal&sort=password").status_code == 422
    assert app_client.get("/statistics?variable=Energy%7CTotal&page=0").status_code == 422
