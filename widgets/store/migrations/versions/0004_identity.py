"""Who is who: enterprise records, devices, sign-in attempts, structured history.

- ``enterprises``: an enterprise of a class is a record, not a spelling. Today's typed
  names become records (same name ignoring case and spaces → one record, named as the
  first participant wrote it), marked ``proposed`` for the trainer to confirm or merge.
- ``participants.enterprise_id`` and ``register_assessments.enterprise_id`` point at them;
  one assessment per enterprise and year (a unique constraint). Where an enterprise has
  two assessments of one year today, the newest saved keeps the link and the others are
  kept unlinked (the trainer still sees them): nothing is deleted.
- ``devices``: a browser a participant signed in on (only the hash of its credential).
- ``sign_in_attempts``: joins and resume attempts, for throttling and the trainer's log.
- ``register_history.params``: a history entry's parameters as data (``what`` stays for
  entries written before, which were stored as translated text).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    # Frozen copy of the rule of the time (widgets.store.enterprises.enterprise_key):
    # a migration must give the same result whatever the code becomes.
    return " ".join(str(name).split()).casefold()


def upgrade() -> None:
    """Create the new tables and turn typed enterprise names into records."""
    op.create_table(
        "enterprises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "class_id",
            sa.Integer,
            sa.ForeignKey("classes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("sector", sa.String(64)),
        sa.Column("size", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("class_id", "key", name="uq_enterprises_class_key"),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "participant_id",
            sa.Integer,
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("kernel", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Index("ix_sign_in_attempts_client_at", "client", "at"),
    )
    # Plain ADD COLUMN and a unique index, never a batch "copy and move": on SQLite that
    # rebuilds the table, and dropping the old participants table with foreign keys on
    # would cascade into every answer. SQLite's own ADD COLUMN takes a REFERENCES clause,
    # which Alembic does not emit for it.
    columns = {
        table: {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
        for table in ("participants", "register_assessments", "register_history")
    }
    for table in ("participants", "register_assessments"):
        if "enterprise_id" in columns[table]:  # left by a downgrade on SQLite
            continue
        if op.get_bind().dialect.name == "sqlite":
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN enterprise_id INTEGER REFERENCES enterprises(id)"
            )
        else:
            op.add_column(
                table, sa.Column("enterprise_id", sa.Integer, sa.ForeignKey("enterprises.id"))
            )
    op.create_index("ix_participants_enterprise_id", "participants", ["enterprise_id"])
    op.create_index(
        "uq_assessments_enterprise_year",
        "register_assessments",
        ["enterprise_id", "year"],
        unique=True,
    )
    if "params" not in columns["register_history"]:
        op.add_column("register_history", sa.Column("params", sa.JSON))
    _records_from_names()


def _records_from_names() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    classes = sa.Table("classes", meta, autoload_with=bind)
    people = sa.Table("participants", meta, autoload_with=bind)
    enterprises = sa.Table("enterprises", meta, autoload_with=bind)
    assessments = sa.Table("register_assessments", meta, autoload_with=bind)
    class_ids = dict(bind.execute(sa.select(classes.c.code, classes.c.id)).all())
    records: dict[tuple[int, str], int] = {}

    def record(class_id: int, name: str, at) -> int:
        key = _key(name)[:120]
        if (class_id, key) not in records:
            records[(class_id, key)] = bind.execute(
                enterprises.insert().values(
                    class_id=class_id,
                    name=" ".join(name.split())[:120],
                    key=key,
                    status="proposed",
                    created_at=at,
                )
            ).inserted_primary_key[0]
        return records[(class_id, key)]

    rows = bind.execute(
        sa.select(
            people.c.id, people.c.class_id, people.c.enterprise, people.c.created_at
        ).order_by(people.c.id)
    ).all()
    for pid, class_id, name, at in rows:
        bind.execute(
            people.update()
            .where(people.c.id == pid)
            .values(enterprise_id=record(class_id, name, at))
        )
    # Newest saved first: of two assessments of one enterprise and year, it keeps the link.
    rows = bind.execute(
        sa.select(
            assessments.c.id,
            assessments.c.class_code,
            assessments.c.enterprise,
            assessments.c.year,
            assessments.c.created_at,
        ).order_by(assessments.c.updated_at.desc(), assessments.c.id)
    ).all()
    linked: set[tuple[int, int]] = set()
    for aid, code, name, year, at in rows:
        if code not in class_ids:
            continue
        eid = record(class_ids[code], name, at)
        if (eid, year) in linked:
            continue
        linked.add((eid, year))
        bind.execute(assessments.update().where(assessments.c.id == aid).values(enterprise_id=eid))


def downgrade() -> None:
    """Drop the new tables and columns (typed names were never removed)."""
    op.drop_index("uq_assessments_enterprise_year", table_name="register_assessments")
    op.drop_index("ix_participants_enterprise_id", table_name="participants")
    # On SQLite the columns stay (unused): dropping one rebuilds its table, and dropping
    # the old participants table would cascade into the answers.
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("register_history", "params")
        for table in ("register_assessments", "participants"):
            op.drop_column(table, "enterprise_id")
    op.drop_table("sign_in_attempts")
    op.drop_table("devices")
    op.drop_table("enterprises")
