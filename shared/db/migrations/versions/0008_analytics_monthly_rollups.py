"""analytics rollups per local month, filled from the daily ones (issue 11)

A year's dashboard over many branches read millions of daily cells, most of them histogram
bins; whole months now come from one row per cell and month.

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
# Written beside 0007 (areas) on another branch: whichever merges second revises the other.
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_rollup_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("dim", sa.String(length=64), nullable=False),
        sa.Column("bin", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_analytics_rollup_month_branch_id_branch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_rollup_month")),
        sa.UniqueConstraint(
            "branch_id", "month", "metric", "dim", "bin", name="uq_analytics_rollup_month_cell"
        ),
    )
    # The months of the facts already rolled up, so no figure changes with the upgrade.
    first_of_month = (
        "date_trunc('month', day)::date"
        if op.get_bind().dialect.name == "postgresql"
        else "date(day, 'start of month')"
    )
    op.execute(
        "INSERT INTO analytics_rollup_month (branch_id, month, metric, dim, bin, count, total_ms) "
        f"SELECT branch_id, {first_of_month}, metric, dim, bin, sum(count), sum(total_ms) "
        f"FROM analytics_rollup_day GROUP BY branch_id, {first_of_month}, metric, dim, bin"
    )


def downgrade() -> None:
    op.drop_table("analytics_rollup_month")
