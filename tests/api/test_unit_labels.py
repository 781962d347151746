"""Units read in the reader's language on the pages (亿元, 万人 …); store and API keep the canonical spelling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from carbonpeak.services import statistics
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime
from carbonpeak.web import i18n


@pytest.mark.parametrize(
    ("unit", "zh", "en"),
    [
        ("100 million CNY", "亿元", "100 million CNY"),
        ("10^4 persons", "万人", "10^4 persons"),
        ("10^4 tce", "万吨标准煤", "10^4 tce"),
        ("100 million CNY (constant 2005)", "亿元（2005年不变价）", "100 million CNY (constant 2005 prices)"),
        ("Mt CO2 / 100 million CNY", "百万吨二氧化碳 / 亿元", "Mt CO2 / 100 million CNY"),
        ("%", "%", "%"),
        ("PUE", "PUE", "PUE"),  # not a stored unit spelling: shown as it is
    ],
)
def test_unit_label_in_each_language(unit: str, zh: str, en: str) -> None:
    with i18n.use_locale("zh_CN"):
        assert i18n.unit_label(unit) == zh
    with i18n.use_locale("en"):
        assert i18n.unit_label(unit) == en


def test_every_stored_unit_spelling_has_a_chinese_label() -> None:
    with i18n.use_locale("zh_CN"):
        untranslated = [u for u in i18n.UNIT_MESSAGES if i18n.unit_label(u) == u]
    assert untranslated == []


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_city_page_shows_units_in_the_readers_language_and_the_api_keeps_them(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime, locale: str
) -> None:
    statistics.load_reference(rt, SYSTEM)
    token = as_user("viewer")
    app_client.post("/lang", data={"locale": locale, "next": "/", "csrf_token": token})
    page = app_client.get("/regions/340100").text
    shown = {"zh_CN": ("亿元", "万人"), "en": ("100 million CNY", "10^4 persons")}[locale]
    hidden = {"zh_CN": "10^4 persons", "en": "万人"}[locale]
    assert all(label in page for label in shown)
    assert hidden not in page
    api_units = {i["unit"] for i in app_client.get("/api/v1/regions/340100").json()["indicators"]}
    assert {"100 million CNY", "10^4 persons"} <= api_units
