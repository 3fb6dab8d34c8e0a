"""staff console: claims, notes, access log (issue 4)

The arrival's claims, greetings, hand-overs and escalations get their own table; notes
use staff_note, and the profile access log is the tamper-evident audit log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrival_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("to_staff_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=240), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branch.id"], name=op.f("fk_arrival_event_branch_id_branch")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_arrival_event_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["to_staff_id"], ["staff.id"], name=op.f("fk_arrival_event_to_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_arrival_event_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrival_event")),
    )
    with op.batch_alter_table("arrival_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_arrival_event_branch_id"), ["branch_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_arrival_event_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("arrival_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arrival_event_visit_id"))
        batch_op.drop_index(batch_op.f("ix_arrival_event_branch_id"))
    op.drop_table("arrival_event")
