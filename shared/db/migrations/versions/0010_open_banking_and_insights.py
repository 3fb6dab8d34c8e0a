"""open banking and insights: consented data sharing, fetched accounts and transactions,
category corrections, precomputed insights and the notification outbox (issue 12)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    t = "data_sharing_consent"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("text_version", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("witness_id", sa.Integer(), nullable=True),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("remote_consent_id", sa.String(length=128), nullable=False),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=400), nullable=False),
        _fk(t, "customer_id", "customer"), _fk(t, "witness_id", "staff"),
        _fk(t, "branch_id", "branch"), _fk(t, "revoked_by_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_customer_id"), t, ["customer_id"])

    t = "external_account"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("masked_identification", sa.String(length=16), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=True),
        sa.Column("balance_at", sa.DateTime(timezone=True), nullable=True),
        _fk(t, "consent_id", "data_sharing_consent", "CASCADE"), _fk(t, "customer_id", "customer"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("consent_id", "remote_id", name=op.f(f"uq_{t}_consent_id")),
    )
    op.create_index(op.f(f"ix_{t}_consent_id"), t, ["consent_id"])
    op.create_index(op.f(f"ix_{t}_customer_id"), t, ["customer_id"])

    t = "external_transaction"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("remote_id", sa.String(length=128), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=240), nullable=False),
        sa.Column("counterparty", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        _fk(t, "account_id", "external_account", "CASCADE"), _fk(t, "customer_id", "customer"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("account_id", "remote_id", name=op.f(f"uq_{t}_account_id")),
    )
    for column in ("account_id", "customer_id", "booked_at"):
        op.create_index(op.f(f"ix_{t}_{column}"), t, [column])

    t = "category_correction"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=240), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk(t, "customer_id", "customer"), _fk(t, "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("ref", name=op.f(f"uq_{t}_ref")),
    )
    op.create_index(op.f(f"ix_{t}_customer_id"), t, ["customer_id"])

    t = "customer_insight"
    op.create_table(
        t,
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stale_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        _fk(t, "customer_id", "customer"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_stale_since"), t, ["stale_since"])

    t = "notification"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        _fk(t, "customer_id", "customer"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("dedupe_key", name=op.f(f"uq_{t}_dedupe_key")),
    )
    op.create_index(op.f(f"ix_{t}_customer_id"), t, ["customer_id"])
    op.create_index(op.f(f"ix_{t}_sent_at"), t, ["sent_at"])


def downgrade() -> None:
    for table in ("notification", "customer_insight", "category_correction",
                  "external_transaction", "external_account", "data_sharing_consent"):
        op.drop_table(table)
