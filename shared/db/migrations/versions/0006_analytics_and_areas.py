"""analytics: facts, their rollups per local hour, day and month; areas of branches (issue 11)

Facts carry no biometrics: at most the id of a customer who consented or carded in. Whole
months come from one row per cell and month. The (metric, day) indexes are partial ones on
totals that cover their queries (the heatmap, counter-days), and on PostgreSQL the planner
learns how few (metric, dim, bin) groups there are, so it sums them in a hash table rather
than sorting hundreds of thousands of rows (issue 11's benchmark).

A branch in no area keeps `area_id` NULL. The column is added in place (ALTER TABLE ...
ADD COLUMN ... REFERENCES), not by batch mode: on SQLite a batch would copy and drop
`branch`, which every other table references, and foreign keys are enforced.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
# Tables whose (metric, dim, bin) groups get PostgreSQL's multi-column ndistinct statistics.
STATISTICS = ("analytics_rollup_day", "analytics_rollup_month")


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
    op.create_index(
        "ix_analytics_rollup_day_totals", "analytics_rollup_day", ["metric", "day"],
        unique=False, postgresql_include=["branch_id", "dim"],
        postgresql_where=sa.text("bin = -1"), sqlite_where=sa.text("bin = -1"),
    )

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
    op.create_index(
        "ix_analytics_rollup_hour_totals", "analytics_rollup_hour", ["metric", "day"],
        unique=False, postgresql_include=["branch_id", "weekday", "hour", "count"],
        postgresql_where=sa.text("bin = -1"), sqlite_where=sa.text("bin = -1"),
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
    op.create_index("ix_analytics_fact_branch_at", "analytics_fact", ["branch_id", "at"],
                    unique=False)

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
    if op.get_bind().dialect.name == "postgresql":
        for table in STATISTICS:
            op.execute(f"CREATE STATISTICS st_{table}_cells (ndistinct) "
                       f"ON metric, dim, bin FROM {table}")

    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("code", name=op.f("uq_area_code")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # Alembic adds a foreign key on SQLite only by copying the table; SQLite itself
        # accepts a nullable column with REFERENCES in place.
        op.execute("ALTER TABLE branch ADD COLUMN area_id INTEGER "
                   "CONSTRAINT fk_branch_area_id_area REFERENCES area (id)")
    else:
        op.add_column("branch", sa.Column("area_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_branch_area_id_area"), "branch", "area",
                              ["area_id"], ["id"])
    op.create_index(op.f("ix_branch_area_id"), "branch", ["area_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_branch_area_id"), table_name="branch")
    # Batch mode copies `branch` on SQLite: run it with foreign keys off on a loaded database.
    with op.batch_alter_table("branch", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite's copy leaves the reference out
            batch_op.drop_constraint(batch_op.f("fk_branch_area_id_area"), type_="foreignkey")
        batch_op.drop_column("area_id")
    op.drop_table("area")
    if op.get_bind().dialect.name == "postgresql":
        for table in STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS st_{table}_cells")
    # Dropping a table drops its indexes with it.
    for table in ("analytics_rollup_month", "analytics_fact", "analytics_rollup_hour",
                  "analytics_rollup_day"):
        op.drop_table(table)
