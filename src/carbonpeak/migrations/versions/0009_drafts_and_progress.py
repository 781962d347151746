"""drafts and publication of statistics (batch_review), progress reports on tasks and targets

Revision ID: 0009
Revises: 0001
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_SQLITE = """
CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t} BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END;
CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END;
"""

# carbonpeak_append_only() is created by revision 0001
APPEND_ONLY_PG = """
CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION carbonpeak_append_only();
"""


def _protect_append_only(table: str) -> None:
    """The database itself refuses UPDATE and DELETE: review steps and reports are history."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_PG.format(t=table))
        return
    for statement in APPEND_ONLY_SQLITE.format(t=table).strip().splitlines():
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "batch_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"], ["import_batch.id"], name=op.f("fk_batch_review_import_id_import_batch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_review")),
    )
    op.create_index("ix_batch_review_import", "batch_review", ["import_id"])
    op.create_table(
        "progress_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node", sa.String(length=80), nullable=False),
        sa.Column("node_kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=100), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_report")),
    )
    op.create_index("ix_progress_report_node", "progress_report", ["node", "year"])
    _protect_append_only("batch_review")
    _protect_append_only("progress_report")


def downgrade() -> None:
    op.drop_index("ix_progress_report_node", table_name="progress_report")
    op.drop_table("progress_report")
    op.drop_index("ix_batch_review_import", table_name="batch_review")
    op.drop_table("batch_review")
