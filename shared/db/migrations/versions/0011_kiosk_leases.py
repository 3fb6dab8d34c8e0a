"""kiosk leases: one agent process drives each kiosk, under a fencing token (issue 14)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    t = "kiosk_leases"
    op.create_table(
        t,
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"],
                                name=op.f(f"fk_{t}_device_id_device")),
        sa.PrimaryKeyConstraint("device_id", name=op.f(f"pk_{t}")),
    )


def downgrade() -> None:
    op.drop_table("kiosk_leases")
