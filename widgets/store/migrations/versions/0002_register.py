"""The enterprise register: assessments, their photos and their history.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the register_assessments, register_photos and register_history tables."""
    op.create_table(
        "register_assessments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("enterprise", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("class_code", sa.String(24), index=True),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "register_photos",
        sa.Column(
            "assessment_id",
            sa.String(32),
            sa.ForeignKey("register_assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("mime", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "register_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "assessment_id",
            sa.String(32),
            sa.ForeignKey("register_assessments.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.UniqueConstraint("assessment_id", "position"),
    )


def downgrade() -> None:
    """Drop the register's tables."""
    op.drop_table("register_history")
    op.drop_table("register_photos")
    op.drop_table("register_assessments")
