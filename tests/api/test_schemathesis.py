"""Property-based API tests from the OpenAPI schema: no server errors, responses match the schema.

Runs as the administrator (every operation reachable) with a small, bounded number of examples per
operation so that ``make test`` stays quick; raise ``max_examples`` locally to dig deeper.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from tests.api.conftest import log_in

from carbonpeak.api import create_app
from carbonpeak.services import accounts
from carbonpeak.services.runtime import Runtime


def _admin_schema(rt: Runtime, client: TestClient) -> tuple[Any, dict[str, str]]:
    token = log_in(client, "admin")
    cookie = client.cookies.get("carbonpeak_session")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app)
    # logging out would end the session the remaining examples use
    schema = schema.exclude(path="/api/v1/session", method="DELETE")
    return schema, {"X-CSRF-Token": token, "Cookie": f"carbonpeak_session={cookie}"}


def test_api_has_no_server_errors_and_keeps_its_schema(rt: Runtime) -> None:
    accounts.create_demo_accounts(rt)
    with TestClient(create_app(runtime=rt)) as client:
        schema, headers = _admin_schema(rt, client)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
            def check(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

            check()
