"""templates that learn: a confirmed visit's best door frame becomes a template (issue 16)

`template_candidate` holds a consenting customer's best frame of one visit, sealed like a
template, until a relationship manager confirms the greeting (it becomes a template with
`learned_from_visit_id` set, undoable) or it expires. Both are erased with the consent.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "template_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("modality", sa.String(length=32), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=16), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("mac", sa.LargeBinary(length=32), nullable=False),
        sa.Column("quality", sa.Double(), nullable=False),
        sa.Column("distance", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"],
                                name=op.f("fk_template_candidate_customer_id_customer")),
        sa.ForeignKeyConstraint(["consent_id"], ["consent.id"],
                                name=op.f("fk_template_candidate_consent_id_consent")),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"],
                                name=op.f("fk_template_candidate_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_candidate")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_template_candidate_visit_id")),
    )
    op.create_index(op.f("ix_template_candidate_customer_id"), "template_candidate",
                    ["customer_id"])
    op.create_index(op.f("ix_template_candidate_expires_at"), "template_candidate",
                    ["expires_at"])
    # In place, not by batch mode (which would copy the table): SQLite accepts a nullable
    # column with REFERENCES; Alembic would add the key on SQLite only by copying.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE biometric_template ADD COLUMN learned_from_visit_id INTEGER "
                   "CONSTRAINT fk_biometric_template_learned_from_visit_id_visit "
                   "REFERENCES visit (id)")
    else:
        op.add_column("biometric_template",
                      sa.Column("learned_from_visit_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_biometric_template_learned_from_visit_id_visit"),
                              "biometric_template", "visit", ["learned_from_visit_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("biometric_template") as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite's copy leaves the reference out
            batch_op.drop_constraint(
                batch_op.f("fk_biometric_template_learned_from_visit_id_visit"),
                type_="foreignkey")
        batch_op.drop_column("learned_from_visit_id")
    op.drop_table("template_candidate")
