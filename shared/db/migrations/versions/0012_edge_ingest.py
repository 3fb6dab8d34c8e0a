"""edge ingest: the edge events the centre has applied, for idempotent store and forward
(issue 14)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    t = "edge_events_ingested"
    op.create_table(
        t,
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("branch", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_branch"), t, ["branch"])


def downgrade() -> None:
    op.drop_index(op.f("ix_edge_events_ingested_branch"), table_name="edge_events_ingested")
    op.drop_table("edge_events_ingested")
