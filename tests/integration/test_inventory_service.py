"""The inventory service on SQLite and PostgreSQL: stored as revisions, attributed, audited, all or nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from carbonpeak.errors import DataError, NotFound, PermissionDenied
from carbonpeak.services import inventory
from carbonpeak.services.actor import Actor, Role
from carbonpeak.services.runtime import Runtime
from carbonpeak.store import observations
from carbonpeak.store.models import AuditEvent, Observation

OFFICE = Actor(login="office", role=Role.PROVINCE)


def _count(rt: Runtime) -> int:
    with rt.transaction() as session:
        return int(session.execute(select(func.count()).select_from(Observation)).scalar_one())


def test_store_inventory_writes_totals_and_detail_with_method_and_audit(rt: Runtime) -> None:
    written = inventory.store_inventory(rt, OFFICE, "340000", [2018, 2019], factor_set="ceads", version="2")
    assert written == _count(rt) > 0
    with rt.transaction() as session:
        stored = observations.query(session, variable_prefix=inventory.ACCOUNTED_PREFIX)
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "inventory.store")).scalars().all()
        total = stored[(stored["variable"] == "Emissions|CO2|Accounted|Total") & (stored["period"] == "2019")]
        assert total["basis"].tolist() == ["direct"]
        # CEADs published 408.0643 Mt for 2019; the computed inventory is within 0.01% with ceads@2
        assert total["value"].item() == pytest.approx(408.0643, rel=1e-4)
        assert "ceads@2" in total["method"].item()
        assert total["recorded_by"].item() == "office"
        assert stored["variable"].str.startswith("Emissions|CO2|Accounted|Sector|").any()
        assert len(events) == 1
        assert events[0].actor == "office"
    assert inventory.store_inventory(rt, OFFICE, "340000", [2018, 2019], factor_set="ceads", version="2") == 0


def test_including_imports_basis_is_stored_beside_direct(rt: Runtime) -> None:
    grid = inventory.GridChoice(year=2022)
    inventory.store_inventory(rt, OFFICE, "340000", [2022], grid=grid)
    with rt.transaction() as session:
        stored = observations.query(session, variables=["Emissions|CO2|Accounted|Total"])
    by_basis = stored.set_index("basis")["value"]
    assert set(by_basis.index) == {"direct", "including_imports"}
    assert by_basis["including_imports"] < by_basis["direct"]  # Anhui is a net exporter of electricity


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"factor_set": "no-such-set"}, NotFound),
        ({"grid": inventory.GridChoice()}, DataError),  # Anhui has a provincial grid factor for 2022 only
    ],
)
def test_bad_requests_store_nothing(rt: Runtime, kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        inventory.store_inventory(rt, OFFICE, "340000", [2019, 2020], **kwargs)  # type: ignore[arg-type]
    assert _count(rt) == 0


def test_a_city_office_may_not_store_the_province(rt: Runtime) -> None:
    hefei = Actor(login="hefei", role=Role.CITY, region="340100")
    with pytest.raises(PermissionDenied):
        inventory.store_inventory(rt, hefei, "340000", [2019])
    assert _count(rt) == 0


def test_intensity_uses_stored_constant_price_gdp_and_population(rt: Runtime) -> None:
    rows = pd.DataFrame(
        {
            "region": "340000",
            "period": "2019",
            "variable": ["GDP|Constant 2005", "Population"],
            "unit": ["100 million CNY (constant 2005)", "10^4 persons"],
            "basis": "raw",
            "vintage": "final",
            "value": [24000.0, 6000.0],
        }
    )
    with rt.transaction() as session:
        observations.append(session, rows, recorded_by="test")
    computed, _ = inventory.compute_inventory("340000", [2019])
    result = inventory.intensity_frame(rt, computed).set_index("indicator")["value"]
    co2 = computed.totals.query("variable == 'Emissions|CO2' and basis == 'direct'")["value"].item()
    assert result["co2_per_gdp_constant_2005"] == pytest.approx(co2 * 1e6 / (24000 * 1e4))  # t per 10^4 yuan
    assert result["co2_per_head"] == pytest.approx(co2 * 1e6 / (6000 * 1e4))  # t per person


def test_city_series_keep_gaps_and_label_the_edgar_proxy() -> None:
    frame = inventory.city_series(range(2017, 2020))
    assert set(frame["series"]) == {"ceads_city", "edgar_v8_proxy"}
    huainan = frame.query("city_en == 'Huainan' and series == 'ceads_city' and year >= 2018")
    assert huainan["value"].isna().all()
    reconciliation = inventory.city_reconciliation(range(2017, 2020)).set_index("year")
    assert "Huainan" in reconciliation.loc[2018, "missing_cities"]
