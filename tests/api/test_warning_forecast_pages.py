"""The forecast warning on the pages and in the JSON twin, and the warning texts in the reader's language."""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import pytest
from fastapi.testclient import TestClient
from scipy.stats import norm

from carbonpeak.services import warnings as sw
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.imports import import_bytes
from carbonpeak.services.runtime import Runtime
from carbonpeak.services.statistics import load_reference
from carbonpeak.services.warning_reasons import REASON_TEXTS
from carbonpeak.web import warning_texts
from carbonpeak.web.i18n import use_locale

YTD = "2020-01/2020-09"


@pytest.fixture
def loaded(rt: Runtime) -> Runtime:
    load_reference(rt, SYSTEM)
    return rt


def _english(client: TestClient, token: str) -> None:
    client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})


def _panel(client: TestClient, query: str) -> str:
    return html.unescape(client.get(f"/warnings/cell?{query}", headers={"HX-Request": "true"}).text)


def test_cell_texts_are_chinese_on_zh_pages_and_english_on_en_pages(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime
) -> None:
    token = as_user("viewer")
    graded = "period=2018&region=340000&indicator=co2_intensity&convention=geometric"
    ytd = f"period={YTD}&region=340000&indicator=energy_intensity"
    zh_graded, zh_ytd = _panel(app_client, graded), _panel(app_client, ytd)
    for text in ("与进度目标的差距占目标值的比例", "达到进度目标", "三级预警（绿灯）", "差距占目标值比例"):
        assert text in zh_graded, text
    assert "schedule target met" not in zh_graded
    assert "gap to the schedule target" not in zh_graded
    for text in (
        "无数据：参考数据中没有该年度的年度目标",
        "需要至少 3 个往年同时具有1—9月累计值和全年值；数据库中有 0 个",
    ):
        assert text in zh_ytd, text
    assert "no data:" not in zh_ytd
    assert "past years" not in zh_ytd
    _english(app_client, token)
    en_graded, en_ytd = _panel(app_client, graded), _panel(app_client, ytd)
    for text in ("gap to the schedule target as a share of the target", "schedule target met", "Level 3 (green)"):
        assert text in en_graded, text
    assert "达到进度目标" not in en_graded
    for text in (
        "no data: no annual target of the year in the reference data",
        "no data: needs 3 past years with Jan–Sep and annual values; the store has 0",
    ):
        assert text in en_ytd, text


def test_every_reason_code_has_a_msgid_with_the_same_parameters() -> None:
    assert set(warning_texts.REASONS) == set(REASON_TEXTS)
    for code, english in REASON_TEXTS.items():
        assert warning_texts.REASONS[code] == english, code
    with use_locale("zh_CN"):
        text = warning_texts.reason_text(
            {"code": "insufficient_history", "params": {"needed": 3, "found": 1, "first_month": 1, "last_month": 6}}
        )
    assert text == "无数据：需要至少 3 个往年同时具有1—6月累计值和全年值；数据库中有 1 个"


def test_year_to_date_twin_carries_the_forecast_and_anhui_says_why_there_is_none(
    app_client: TestClient, as_user: Callable[[str], str], loaded: Runtime
) -> None:
    as_user("viewer")
    twin = app_client.get(f"/api/v1/warnings?period={YTD}").json()
    assert twin["forecast_rule_set"]["id"] == "forecast_default"
    province = next(r for r in twin["rows"] if r["region"] == "340000")["forecast"]
    assert province["level"] == "no_data"
    assert province["measures"]["miss_probability"] is None
    assert province["reason"]["code"] == "insufficient_history"
    assert province["inputs"]["history"] == []
    assert all(r["forecast"]["level"] == "no_data" for r in twin["rows"])
    page = app_client.get(f"/warnings?period={YTD}").text
    assert page.count("data-forecast-level=") == 17
    assert 'data-forecast-level="green"' not in page
    annual = app_client.get("/api/v1/warnings?period=2018").json()
    assert annual["forecast_rule_set"] is None
    assert all(r["forecast"] is None for r in annual["rows"])


def test_a_forecast_with_history_is_shown_and_stored_from_the_page(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    """Hefei 2017–2020 (same-months and annual changes) and Jan–Sep 2021; T = plan average of −13 % (2020→2025)."""
    history = {2017: (-4.1, -5.0), 2018: (-4.6, -5.3), 2019: (-3.9, -5.1), 2020: (-4.4, -4.8)}
    lines = ["region,period,variable,unit,value", "340100,2021-01/2021-09,Energy|Intensity Change,%,-2.0"]
    for year, (jan_sep, annual) in history.items():
        lines += [f"340100,{year}-01/{year}-09,Energy|Intensity Change,%,{jan_sep}",
                  f"340100,{year},Energy|Intensity Change,%,{annual}"]  # fmt: skip
    import_bytes(rt, SYSTEM, "\n".join(lines).encode(), "hefei.csv", vintage="final")
    d = np.array([(y - a) / 100 for y, a in history.values()])
    target = 1 - 0.87 ** (1 / 5)
    expected = float(norm.cdf((target - 0.02 - d.mean()) / d.std(ddof=1)))
    token = as_user("province")
    twin = app_client.get("/api/v1/warnings?period=2021-01/2021-09").json()
    hefei = next(r for r in twin["rows"] if r["region"] == "340100")["forecast"]
    assert hefei["measures"]["miss_probability"] == pytest.approx(expected, rel=1e-12)
    level = "green" if expected <= 0.5 else "yellow" if expected <= 0.8 else "red"
    assert hefei["level"] == level
    page = app_client.get("/warnings?period=2021-01/2021-09").text
    assert f'data-forecast-level="{level}"' in page
    panel = _panel(app_client, "period=2021-01/2021-09&region=340100&indicator=energy_intensity")
    for text in (
        "预测预警：全年目标未完成概率",
        "规划目标的年均要求",
        "1 − (1 − R)^(1/n)",
        "Φ((T − y − mean(d)) / sd(d))",
    ):
        assert text in panel, text
    form = {
        "period": "2021-01/2021-09",
        "rules": "forecast_default",
        "forecast_method": "bootstrap",
        "csrf_token": token,
    }
    assert app_client.post("/warnings/run", data=form).status_code == 303
    stored = app_client.get("/api/v1/warnings/evaluations?region=340100").json()[0]
    assert (stored["rule_set"], stored["rule_version"]) == ("forecast_default", "1.0")
    assert (stored["inputs"]["method"], stored["inputs"]["seed"]) == ("bootstrap", 20240930)
    again = sw.barometer(rt, period="2021-01/2021-09", rule_id="forecast_default", forecast_method="bootstrap")
    assert (
        stored["measures"]["miss_probability"] == again.set_index("region").loc["340100", "inputs"]["miss_probability"]
    )


def test_band_text_reads_as_an_interval_of_the_measure() -> None:
    names = {"green": {"zh": "三级预警（绿灯）", "en": "Level 3 (green)"}, "red": {"zh": "一级", "en": "Level 1"}}
    upper = {"measure": "shortfall_share", "level": "green", "lower": None, "upper": 0.0, "lower_inclusive": False,
             "upper_inclusive": True, "description_zh": "达到进度目标",
             "description_en": "schedule target met"}  # fmt: skip
    both = {**upper, "level": "red", "lower": 0.1, "upper": 0.2, "upper_inclusive": False, "description_en": ""}
    with use_locale("en"):
        assert warning_texts.band_text(upper, names) == (
            "shortfall share of the target ≤ 0 → Level 3 (green) (schedule target met)"
        )
        assert (
            html.unescape(warning_texts.band_text(both, names)) == "0.1 < shortfall share of the target < 0.2 → Level 1"
        )
    with use_locale("zh_CN"):
        assert warning_texts.band_text(upper, names) == "差距占目标值比例 ≤ 0 → 三级预警（绿灯）（达到进度目标）"
