"""analytics rollups per local month, filled from the daily ones; indexes for long reads

A year's dashboard over many branches read millions of daily cells, most of them histogram
bins; whole months now come from one row per cell and month. The (metric, day) indexes
become partial ones on totals that cover their queries (the heatmap, counter-days), and on
PostgreSQL the planner learns how few (metric, dim, bin) groups there are, so it sums them
in a hash table rather than sorting hundreds of thousands of rows (issue 11's benchmark).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
# Written beside 0007 (areas) on another branch: whichever merges second revises the other.
down_revision = "0007"
branch_labels = None
depends_on = None
# Tables whose (metric, dim, bin) groups get PostgreSQL's multi-column ndistinct statistics.
STATISTICS = ("analytics_rollup_day", "analytics_rollup_month")


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


    with op.batch_alter_table("analytics_rollup_hour", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_hour_metric_day")
        batch_op.create_index(
            "ix_analytics_rollup_hour_totals", ["metric", "day"], unique=False,
            postgresql_include=["branch_id", "weekday", "hour", "count"],
            postgresql_where=sa.text("bin = -1"), sqlite_where=sa.text("bin = -1"),
        )
    with op.batch_alter_table("analytics_rollup_day", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_day_metric_day")
        batch_op.create_index(
            "ix_analytics_rollup_day_totals", ["metric", "day"], unique=False,
            postgresql_include=["branch_id", "dim"],
            postgresql_where=sa.text("bin = -1"), sqlite_where=sa.text("bin = -1"),
        )
    if op.get_bind().dialect.name == "postgresql":
        for table in STATISTICS:
            op.execute(f"CREATE STATISTICS st_{table}_cells (ndistinct) "
                       f"ON metric, dim, bin FROM {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS st_{table}_cells")
    with op.batch_alter_table("analytics_rollup_day", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_day_totals")
        batch_op.create_index("ix_analytics_rollup_day_metric_day", ["metric", "day"],
                              unique=False)
    with op.batch_alter_table("analytics_rollup_hour", schema=None) as batch_op:
        batch_op.drop_index("ix_analytics_rollup_hour_totals")
        batch_op.create_index("ix_analytics_rollup_hour_metric_day", ["metric", "day"],
                              unique=False)
    op.drop_table("analytics_rollup_month")
