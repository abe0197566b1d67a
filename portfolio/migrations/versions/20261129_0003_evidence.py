"""Evidence store, testimonies, mail outbox.

Revision ID: 0003_evidence
Revises: 0002_simulator
Create Date: 2026-11-29 01:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_evidence"
down_revision = "0002_simulator"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_addr', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_outbox_to_addr'), ['to_addr'], unique=False)

    op.create_table('evidence_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('context', sa.String(length=20), nullable=False),
    sa.Column('order_type', sa.String(length=20), nullable=True),
    sa.Column('current_number', sa.Integer(), nullable=False),
    sa.Column('sim_run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['user_account.id'], name=op.f('fk_evidence_item_learner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_evidence_item_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_item'))
    )
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_item_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_item_sim_run_id'), ['sim_run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_item_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_item_unit_id'), ['unit_id'], unique=False)

    op.create_table('evidence_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('evidence_date', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('pii_findings', sa.Text(), nullable=True),
    sa.Column('redaction_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['evidence_item.id'], name=op.f('fk_evidence_version_item_id_evidence_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_version')),
    sa.UniqueConstraint('item_id', 'number', name=op.f('uq_evidence_version_item_id'))
    )
    with op.batch_alter_table('evidence_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_version_file_sha256'), ['file_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_version_item_id'), ['item_id'], unique=False)

    op.create_table('testimony',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('witness_name', sa.String(length=120), nullable=False),
    sa.Column('witness_email', sa.String(length=254), nullable=False),
    sa.Column('witness_job_title', sa.String(length=120), nullable=False),
    sa.Column('relationship_to_learner', sa.String(length=120), nullable=False),
    sa.Column('witnessed', sa.Text(), nullable=False),
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('criteria_codes', sa.Text(), nullable=False),
    sa.Column('draft_statement', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('statement', sa.Text(), nullable=True),
    sa.Column('signer_name', sa.String(length=120), nullable=True),
    sa.Column('signer_job_title', sa.String(length=120), nullable=True),
    sa.Column('declaration', sa.Text(), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_ip', sa.String(length=64), nullable=True),
    sa.Column('signed_user_agent', sa.String(length=255), nullable=True),
    sa.Column('signed_via', sa.String(length=10), nullable=True),
    sa.Column('signer_user_id', sa.Integer(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['evidence_item.id'], name=op.f('fk_testimony_item_id_evidence_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learner_id'], ['user_account.id'], name=op.f('fk_testimony_learner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signer_user_id'], ['user_account.id'], name=op.f('fk_testimony_signer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testimony')),
    sa.UniqueConstraint('item_id', name=op.f('uq_testimony_item_id'))
    )
    with op.batch_alter_table('testimony', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testimony_learner_id'), ['learner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_testimony_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_testimony_witness_email'), ['witness_email'], unique=False)

    op.create_table('evidence_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('justification', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_evidence_claim_criterion_id_criterion'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['evidence_version.id'], name=op.f('fk_evidence_claim_version_id_evidence_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_claim')),
    sa.UniqueConstraint('version_id', 'criterion_id', name=op.f('uq_evidence_claim_version_id'))
    )
    with op.batch_alter_table('evidence_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_claim_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_claim_version_id'), ['version_id'], unique=False)

    op.create_table('testimony_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rid', sa.String(length=64), nullable=False),
    sa.Column('testimony_id', sa.Integer(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('signer_email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['testimony_id'], ['testimony.id'], name=op.f('fk_testimony_link_testimony_id_testimony'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testimony_link')),
    sa.UniqueConstraint('rid', name=op.f('uq_testimony_link_rid'))
    )
    with op.batch_alter_table('testimony_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testimony_link_testimony_id'), ['testimony_id'], unique=False)



def downgrade():
    with op.batch_alter_table('testimony_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testimony_link_testimony_id'))

    op.drop_table('testimony_link')
    with op.batch_alter_table('evidence_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_claim_version_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_claim_criterion_id'))

    op.drop_table('evidence_claim')
    with op.batch_alter_table('testimony', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testimony_witness_email'))
        batch_op.drop_index(batch_op.f('ix_testimony_state'))
        batch_op.drop_index(batch_op.f('ix_testimony_learner_id'))

    op.drop_table('testimony')
    with op.batch_alter_table('evidence_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_version_item_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_version_file_sha256'))

    op.drop_table('evidence_version')
    with op.batch_alter_table('evidence_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_item_unit_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_item_status'))
        batch_op.drop_index(batch_op.f('ix_evidence_item_sim_run_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_item_learner_id'))

    op.drop_table('evidence_item')
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_outbox_to_addr'))
        batch_op.drop_index(batch_op.f('ix_mail_outbox_status'))

    op.drop_table('mail_outbox')
