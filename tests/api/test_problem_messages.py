"""Row-level problems of an upload are shown in the reader's language; the JSON API keeps English."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from carbonpeak.core.checks import validate_long
from carbonpeak.errors import DataError
from carbonpeak.reference.regions import load_regions
from carbonpeak.web.i18n import use_locale
from carbonpeak.web.problems import translate_problem

# one bad row per kind of row-level problem the checks know (row 2 is the first data row)
BAD_ROWS = [
    ("Atlantis", "2020", "Energy|Total", "10^4 tce", "1", "raw", "final"),  # unknown region
    ("340100", "2020", "Energy|Nope", "10^4 tce", "1", "raw", "final"),  # unknown variable
    ("340100", "2020", "Energy|Total", "10^4 tce", "x", "raw", "final"),  # not a number
    ("340100", "2020", "Energy|Total", "10^4 tce", "", "raw", "final"),  # empty value
    ("340100", "2020", "Energy|Total", "t", "1", "raw", "final"),  # unit of another quantity
    ("340100", "2020", "Energy|Total", "furlongs", "1", "raw", "final"),  # unknown unit
    ("340100", "2020", "Energy|Total", "10^4 tce", "-1", "raw", "final"),  # negative
    ("340100", "1900", "Energy|Total", "10^4 tce", "1", "raw", "final"),  # before 1949
    ("340100", "2999", "Energy|Total", "10^4 tce", "1", "raw", "final"),  # not ended
    ("340100", "soon", "Energy|Total", "10^4 tce", "1", "raw", "final"),  # not a period
    ("340100", "2021", "Energy|Total", "10^4 tce", "1", "weird", "final"),  # basis
    ("340100", "2022", "Energy|Total", "10^4 tce", "1", "raw", "quick"),  # vintage disagrees
    ("340100", "2023", "Energy|Total", "10^4 tce", "1", "raw", "final"),
    ("340100", "2023", "Energy|Total", "10^4 tce", "2", "raw", "final"),  # duplicate
]
COLUMNS = ["region", "period", "variable", "unit", "value", "basis", "vintage"]


def _problems() -> list[str]:
    frame = pd.DataFrame(BAD_ROWS, columns=COLUMNS, dtype=object)
    frame.insert(0, "row", range(2, len(BAD_ROWS) + 2))
    with pytest.raises(DataError) as caught:
        validate_long(frame, regions=load_regions(), vintage="final", today=date(2026, 1, 1))
    return [p.message for p in caught.value.problems]


def test_every_kind_of_row_problem_has_a_chinese_template() -> None:
    messages = _problems()
    assert len(messages) >= len(BAD_ROWS) - 1  # every bad row was found
    with use_locale("zh_CN"):
        untranslated = [m for m in messages if translate_problem(m) == m]
        # a translated message keeps the values it names, e.g. the row of a duplicate
        duplicate = next(m for m in messages if m.startswith("duplicate"))
        first = duplicate.split()[3]  # "duplicate of row N (...)"
        assert f"与第{first}行重复" in translate_problem(duplicate)
    assert untranslated == []
    with use_locale("en"):
        assert [translate_problem(m) for m in messages if "furlongs" not in m and "cannot convert" not in m] == [
            m for m in messages if "furlongs" not in m and "cannot convert" not in m
        ]


def test_an_unknown_message_is_shown_as_it_is() -> None:
    with use_locale("zh_CN"):
        assert translate_problem("something new went wrong") == "something new went wrong"


HEADER = b"region,period,variable,unit,value\n"
BAD = HEADER + b"340100,2023,Energy|Total,10^4 tce,5000\n340100,2023,Energy|Nope,10^4 tce,x\n"


def _upload(client: TestClient, token: str) -> str:
    files = {"file": ("bad.csv", BAD, "text/csv")}
    response = client.post("/statistics/upload", files=files, data={"vintage": "final", "csrf_token": token})
    assert response.status_code == 422
    return response.text


def test_a_bad_upload_shows_chinese_problems_on_the_zh_page(
    app_client: TestClient, as_user: Callable[[str], str]
) -> None:
    token = as_user("hefei")
    page = _upload(app_client, token)
    assert "未知指标（见模板中的指标列表）" in page
    assert "不是数字" in page
    assert "unknown variable" not in page
    assert "not a number" not in page
    app_client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})
    english = _upload(app_client, token)
    assert "unknown variable (see the template&#39;s variable list)" in english
    assert "不是数字" not in english


def test_the_json_api_keeps_english(app_client: TestClient, as_user: Callable[[str], str]) -> None:
    token = as_user("hefei")
    files = {"file": ("bad.csv", BAD, "text/csv")}
    body = app_client.post(
        "/api/v1/statistics/uploads", files=files, data={"vintage": "final"}, headers={"X-CSRF-Token": token}
    ).json()
    assert "not a number" in [p["message"] for p in body["problems"]]
