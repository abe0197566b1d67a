"""Assessment, IQA sampling, sign-off, notifications.

Revision ID: 0004_assessment
Revises: 0003_evidence
Create Date: 2026-11-29 01:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_assessment"
down_revision = "0003_evidence"
branch_labels = None
depends_on = None

# Judgements are append-only (SECURITY #34); a copy of models.JUDGEMENT_TRIGGERS.
JUDGEMENT_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS judgement_no_update BEFORE UPDATE ON judgement "
        "BEGIN SELECT RAISE(ABORT, 'judgement is immutable'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION judgement_immutable() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'judgement is immutable'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER judgement_no_update BEFORE UPDATE ON judgement "
        "FOR EACH ROW EXECUTE FUNCTION judgement_immutable()",
    ],
}


def upgrade():
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_notification_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "professional_discussion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("criteria_codes", sa.Text(), nullable=False),
        sa.Column("audio_sha256", sa.String(length=64), nullable=True),
        sa.Column("audio_name", sa.String(length=255), nullable=True),
        sa.Column("audio_media_type", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_professional_discussion_assessor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_professional_discussion_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_professional_discussion")),
    )
    with op.batch_alter_table("professional_discussion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_professional_discussion_assessor_id"),
            ["assessor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_professional_discussion_learner_id"),
            ["learner_id"],
            unique=False,
        )

    op.create_table(
        "sampling_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("new_assessor", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_sampling_plan_assessor_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sampling_plan")),
        sa.UniqueConstraint("assessor_id", name=op.f("uq_sampling_plan_assessor_id")),
    )
    op.create_table(
        "unit_sign_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("assessor_declaration", sa.Text(), nullable=False),
        sa.Column("assessor_signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("learner_declaration", sa.Text(), nullable=True),
        sa.Column("learner_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unlocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unlocked_by_id", sa.Integer(), nullable=True),
        sa.Column("unlock_reason", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_unit_sign_off_assessor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_unit_sign_off_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_sign_off_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["unlocked_by_id"],
            ["user_account.id"],
            name=op.f("fk_unit_sign_off_unlocked_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_sign_off")),
    )
    with op.batch_alter_table("unit_sign_off", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_sign_off_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_sign_off_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "item_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reopened_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_item_decision_assessor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["evidence_item.id"],
            name=op.f("fk_item_decision_item_id_evidence_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_item_decision_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["evidence_version.id"],
            name=op.f("fk_item_decision_version_id_evidence_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_decision")),
    )
    with op.batch_alter_table("item_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_decision_assessor_id"), ["assessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_item_decision_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_item_decision_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_item_decision_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "iqa_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("iqa_id", sa.Integer(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_iqa_sample_assessor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["item_decision.id"],
            name=op.f("fk_iqa_sample_decision_id_item_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["iqa_id"],
            ["user_account.id"],
            name=op.f("fk_iqa_sample_iqa_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["user_account.id"],
            name=op.f("fk_iqa_sample_learner_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iqa_sample")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_iqa_sample_decision_id")),
    )
    with op.batch_alter_table("iqa_sample", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_iqa_sample_assessor_id"), ["assessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_iqa_sample_learner_id"), ["learner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_iqa_sample_state"), ["state"], unique=False
        )

    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("claimed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_judgement_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["item_decision.id"],
            name=op.f("fk_judgement_decision_id_item_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement")),
        sa.UniqueConstraint(
            "decision_id", "criterion_id", name=op.f("uq_judgement_decision_id")
        ),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_judgement_criterion_id"), ["criterion_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_judgement_decision_id"), ["decision_id"], unique=False
        )
    for statement in JUDGEMENT_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS judgement_immutable() CASCADE")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgement_decision_id"))
        batch_op.drop_index(batch_op.f("ix_judgement_criterion_id"))

    op.drop_table("judgement")
    with op.batch_alter_table("iqa_sample", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_iqa_sample_state"))
        batch_op.drop_index(batch_op.f("ix_iqa_sample_learner_id"))
        batch_op.drop_index(batch_op.f("ix_iqa_sample_assessor_id"))

    op.drop_table("iqa_sample")
    with op.batch_alter_table("item_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_decision_version_id"))
        batch_op.drop_index(batch_op.f("ix_item_decision_learner_id"))
        batch_op.drop_index(batch_op.f("ix_item_decision_item_id"))
        batch_op.drop_index(batch_op.f("ix_item_decision_assessor_id"))

    op.drop_table("item_decision")
    with op.batch_alter_table("unit_sign_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_sign_off_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_sign_off_learner_id"))

    op.drop_table("unit_sign_off")
    op.drop_table("sampling_plan")
    with op.batch_alter_table("professional_discussion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_professional_discussion_learner_id"))
        batch_op.drop_index(batch_op.f("ix_professional_discussion_assessor_id"))

    op.drop_table("professional_discussion")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_user_id"))

    op.drop_table("notification")
