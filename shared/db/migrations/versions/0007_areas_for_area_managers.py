"""areas: branches grouped for the area manager's dashboard (issue 11)

A branch in no area keeps `area_id` NULL. The column is added in place (ALTER TABLE ...
ADD COLUMN ... REFERENCES), not by batch mode: on SQLite a batch would copy and drop
`branch`, which every other table references, and foreign keys are enforced.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
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
