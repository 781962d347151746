"""The database itself refuses to change or remove audit events, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from carbonpeak.services import audit
from carbonpeak.services.actor import SYSTEM
from carbonpeak.services.runtime import Runtime


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET actor = 'someone else'", "DELETE FROM audit_event"],
)
def test_audit_events_cannot_be_updated_or_deleted(rt: Runtime, statement: str) -> None:
    with rt.transaction() as session:
        audit.record(session, SYSTEM, "user.create", "user", object_id="x")
    with pytest.raises(DatabaseError, match="append-only"), rt.engine.begin() as conn:
        conn.execute(text(statement))
    with rt.engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_event")).scalars().all() == ["system"]
