"""analytics facts and their rollups per branch and local hour and day (issue 11)

Facts carry no biometrics: at most the id of a customer who consented or carded in.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_rollup_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("dim", sa.String(length=64), nullable=False),
        sa.Column("bin", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_analytics_rollup_day_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_rollup_day")),
        sa.UniqueConstraint(
            "branch_id", "day", "metric", "dim", "bin", name="uq_analytics_rollup_day_cell"
        ),
    )
    with op.batch_alter_table("analytics_rollup_day", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_rollup_day_metric_day", ["metric", "day"], unique=False)

    op.create_table(
        "analytics_rollup_hour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.SmallInteger(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("dim", sa.String(length=64), nullable=False),
        sa.Column("bin", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_analytics_rollup_hour_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_rollup_hour")),
        sa.UniqueConstraint(
            "branch_id", "day", "hour", "metric", "dim", "bin", name="uq_analytics_rollup_hour_cell"
        ),
    )
    with op.batch_alter_table("analytics_rollup_hour", schema=None) as batch_op:
        batch_op.create_index(
            "ix_analytics_rollup_hour_metric_day", ["metric", "day"], unique=False
        )

    op.create_table(
        "analytics_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dim", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=64), nullable=False),
        sa.Column("duration_ms", sa.BigInteger(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_analytics_fact_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_analytics_fact_customer_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_fact")),
        sa.UniqueConstraint("key", name=op.f("uq_analytics_fact_key")),
    )
    with op.batch_alter_table("analytics_fact", schema=None) as batch_op:
        batch_op.create_index("ix_analytics_fact_branch_at", ["branch_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("analytics_fact", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_fact_branch_at")

    op.drop_table("analytics_fact")
    with op.batch_alter_table("analytics_rollup_hour", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_hour_metric_day")

    op.drop_table("analytics_rollup_hour")
    with op.batch_alter_table("analytics_rollup_day", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_day_metric_day")

    op.drop_table("analytics_rollup_day")
