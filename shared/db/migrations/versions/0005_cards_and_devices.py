"""cards, PIN verification and kiosk devices (issue 5)

Cards keep the PAN only as a keyed hash plus its last four digits, and the PIN only as a
keyed verification value; the keys live outside the database.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pan_hash", sa.String(length=64), nullable=False),
        sa.Column("pan_last4", sa.String(length=4), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("failed_pin_count", sa.Integer(), nullable=False),
        sa.Column("pin_verification_value", sa.String(length=64), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retained_by_device_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_card_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_card_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["retained_by_device_id"],
            ["device.id"],
            name=op.f("fk_card_retained_by_device_id_device"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card")),
        sa.UniqueConstraint("pan_hash", name=op.f("uq_card_pan_hash")),
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_card_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_customer_id"))
        batch_op.drop_index(batch_op.f("ix_card_account_id"))
    op.drop_table("card")
