"""Classes say whether their data is synthetic (the demo programme of ``make demo-data``).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add classes.synthetic, false for every class there is."""
    with op.batch_alter_table("classes") as batch:
        batch.add_column(
            sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop classes.synthetic."""
    with op.batch_alter_table("classes") as batch:
        batch.drop_column("synthetic")
