"""fraud monitoring: the acts the risk rules look back on, and the cases they open (issue 13)

`fraud_signal` remembers kiosk money, wallet bindings, PIN results, card issues and staff
look-ups (who, where, how much, to whom; never a biometric). `fraud_case` is a rule's hit
for tellers and managers to close as genuine or fraud.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "fraud_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("counterparty", sa.String(length=64), nullable=False),
        sa.Column("stepped_up", sa.Boolean(), nullable=False),
        _fk("fraud_signal", "branch_id", "branch"),
        _fk("fraud_signal", "device_id", "device"),
        _fk("fraud_signal", "customer_id", "customer"),
        _fk("fraud_signal", "card_id", "card"),
        _fk("fraud_signal", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_signal")),
    )
    op.create_index("ix_fraud_signal_customer_at", "fraud_signal", ["customer_id", "at"])
    op.create_index("ix_fraud_signal_device_at", "fraud_signal", ["device_id", "at"])
    op.create_index(op.f("ix_fraud_signal_at"), "fraud_signal", ["at"])
    op.create_table(
        "fraud_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=48), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("step_up", sa.Boolean(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("signal_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_hit_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=240), nullable=False),
        _fk("fraud_case", "branch_id", "branch"),
        _fk("fraud_case", "device_id", "device"),
        _fk("fraud_case", "customer_id", "customer"),
        _fk("fraud_case", "staff_id", "staff"),
        _fk("fraud_case", "signal_id", "fraud_signal"),
        _fk("fraud_case", "closed_by_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_case")),
    )
    op.create_index(op.f("ix_fraud_case_rule"), "fraud_case", ["rule"])
    op.create_index(op.f("ix_fraud_case_status"), "fraud_case", ["status"])
    op.create_index(op.f("ix_fraud_case_branch_id"), "fraud_case", ["branch_id"])
    op.create_index(op.f("ix_fraud_case_customer_id"), "fraud_case", ["customer_id"])


def downgrade() -> None:
    op.drop_table("fraud_case")
    op.drop_table("fraud_signal")
