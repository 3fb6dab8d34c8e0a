"""ledger and kiosk transactions (issue 5)

Holds, kiosk cash sessions (withdrawal and deposit state machines), billers (seeded),
digital-wallet bindings, and database triggers that keep postings append-only.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

POSTING_IMMUTABLE = "postings are append-only"

# The demo's billers: code, name, category, reference pattern.
BILLERS = (
    ("BRITISH-GAS", "British Gas", "energy", r"[0-9]{10,12}"),
    ("OCTOPUS", "Octopus Energy", "energy", r"A-[0-9A-F]{8}"),
    ("THAMES-WATER", "Thames Water", "water", r"[0-9]{8,12}"),
    ("BT", "BT Broadband", "telecoms", r"[A-Z]{2}[0-9]{8}"),
    ("TV-LICENSING", "TV Licensing", "licence", r"[0-9]{10}"),
    ("WESTMINSTER-CT", "Westminster Council Tax", "council_tax", r"[0-9]{8}"),
)


def upgrade() -> None:
    op.create_table(
        "biller",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("reference_pattern", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biller")),
        sa.UniqueConstraint("code", name=op.f("uq_biller_code")),
    )
    op.create_table(
        "hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_hold_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_hold_transaction_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold")),
    )
    with op.batch_alter_table("hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hold_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hold_transaction_id"), ["transaction_id"], unique=False
        )
    op.create_table(
        "cash_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("hold_id", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("device_context", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=240), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_command_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("presented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suspect_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reconciled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reconciled_by_id", sa.Integer(), nullable=True),
        sa.Column("reconciliation", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_cash_session_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_cash_session_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["hold_id"], ["hold.id"], name=op.f("fk_cash_session_hold_id_hold")
        ),
        sa.ForeignKeyConstraint(
            ["reconciled_by_id"],
            ["staff.id"],
            name=op.f("fk_cash_session_reconciled_by_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transaction.id"],
            name=op.f("fk_cash_session_transaction_id_ledger_transaction"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_session")),
        sa.UniqueConstraint("transaction_id", name=op.f("uq_cash_session_transaction_id")),
    )
    with op.batch_alter_table("cash_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cash_session_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cash_session_device_id"), ["device_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cash_session_state"), ["state"], unique=False)
    op.create_table(
        "wallet_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("card_reference", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("consent_text_version", sa.String(length=32), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("code_hash", sa.String(length=128), nullable=False),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("token_reference", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=240), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_wallet_token_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_wallet_token_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_wallet_token_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["staff.id"], name=op.f("fk_wallet_token_revoked_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_token")),
        sa.UniqueConstraint("token_reference", name=op.f("uq_wallet_token_token_reference")),
    )
    with op.batch_alter_table("wallet_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wallet_token_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wallet_token_status"), ["status"], unique=False)

    biller = sa.table(
        "biller",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("category", sa.String),
        sa.column("reference_pattern", sa.String),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        biller,
        [
            {"code": c, "name": n, "category": k, "reference_pattern": p, "active": True}
            for c, n, k, p in BILLERS
        ],
    )
    _protect_postings()


def _protect_postings() -> None:
    """Make the database itself refuse UPDATE and DELETE on postings (entries never edited)."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER posting_no_{verb.lower()} BEFORE {verb} ON posting "
                f"BEGIN SELECT RAISE(ABORT, '{POSTING_IMMUTABLE}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION posting_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{POSTING_IMMUTABLE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER posting_no_change BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON posting FOR EACH STATEMENT EXECUTE FUNCTION posting_refuse()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS posting_no_update")
        op.execute("DROP TRIGGER IF EXISTS posting_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS posting_no_change ON posting")
        op.execute("DROP FUNCTION IF EXISTS posting_refuse()")
    with op.batch_alter_table("wallet_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wallet_token_status"))
        batch_op.drop_index(batch_op.f("ix_wallet_token_customer_id"))
    op.drop_table("wallet_token")
    with op.batch_alter_table("cash_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_session_state"))
        batch_op.drop_index(batch_op.f("ix_cash_session_device_id"))
        batch_op.drop_index(batch_op.f("ix_cash_session_account_id"))
    op.drop_table("cash_session")
    with op.batch_alter_table("hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hold_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_hold_account_id"))
    op.drop_table("hold")
    op.drop_table("biller")
