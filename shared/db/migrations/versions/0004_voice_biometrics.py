"""voice biometrics (issue 6)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_challenge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("digits", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_voice_challenge_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_voice_challenge_device_id_device")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_challenge")),
    )
    with op.batch_alter_table("voice_challenge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voice_challenge_customer_id"), ["customer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("voice_challenge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voice_challenge_customer_id"))
    op.drop_table("voice_challenge")
