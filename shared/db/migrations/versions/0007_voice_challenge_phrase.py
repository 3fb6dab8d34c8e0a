"""voice challenge: the phrase of random words and digits it asked for (issue 13)

A challenge now asks for list words as well as digits ("pencil 7 left 2 9 4"), which does
not fit `digits` (String(16)); `digits` keeps the phrase's digits alone. Rows from before
have no phrase and are judged on their digits. A nullable column without a reference is
added in place on every dialect, SQLite included (no batch copy of the table).

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
    op.add_column("voice_challenge", sa.Column("phrase", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Batch mode copies `voice_challenge` on SQLite (its index and references come along);
    # nothing references the table, so foreign keys need not be switched off.
    with op.batch_alter_table("voice_challenge", schema=None) as batch_op:
        batch_op.drop_column("phrase")
