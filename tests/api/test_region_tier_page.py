"""A city's type (clause 2.(12).1) reads by its name in the page's language; an undecided city says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from carbonpeak.services import tiers
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime


def test_tier_names_in_each_language_and_not_decided(
    app_client: TestClient, as_user: Callable[[str], str], rt: Runtime
) -> None:
    token = as_user("viewer")
    assert "未确定" in app_client.get("/regions/340100").text
    tiers.set_tier(rt, SYSTEM, "340100", "first_to_peak", decided_on=date(2024, 5, 1), basis="test decision")
    # tiers.yaml: first_to_peak is 率先达峰地区 / "Peak first"
    zh_city, zh_list = app_client.get("/regions/340100").text, app_client.get("/regions").text
    assert "率先达峰地区" in zh_city
    assert "first_to_peak" not in zh_city
    assert "率先达峰地区" in zh_list
    assert "未确定" in zh_list
    app_client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})
    assert "Peak first" in app_client.get("/regions/340100").text
    assert "not decided" in app_client.get("/regions/340200").text
