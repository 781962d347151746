"""warnings: barometer runs and evaluations, recorded historical warnings, notifications

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-25 23:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warning_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("rule_set", sa.String(length=60), nullable=False),
        sa.Column("rule_version", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_by", sa.String(length=100), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_run")),
    )
    op.create_table(
        "warning_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("basis", sa.String(length=80), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("required", sa.Float(), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=True),
        sa.Column("formula", sa.Text(), nullable=False),
        sa.Column("rule_applied", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["warning_run.id"], name=op.f("fk_warning_evaluation_run_id_warning_run")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_evaluation")),
    )
    op.create_index("ix_warning_evaluation_cell", "warning_evaluation", ["region", "indicator", "period"])
    op.create_table(
        "recorded_warning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("indicator", sa.String(length=60), nullable=False),
        sa.Column("official_level", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=20), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recorded_warning")),
    )
    op.create_table(
        "warning_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=12), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("previous_level", sa.String(length=20), nullable=False),
        sa.Column("new_level", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["warning_evaluation.id"],
            name=op.f("fk_warning_notification_evaluation_id_warning_evaluation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_notification")),
    )
    op.create_index("ix_warning_notification_recipient", "warning_notification", ["recipient"])


def downgrade() -> None:
    op.drop_index("ix_warning_notification_recipient", table_name="warning_notification")
    op.drop_table("warning_notification")
    op.drop_table("recorded_warning")
    op.drop_index("ix_warning_evaluation_cell", table_name="warning_evaluation")
    op.drop_table("warning_evaluation")
    op.drop_table("warning_run")
