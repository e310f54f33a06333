"""Audit log: hash chain, no replacing of rows, failed logins counted per window.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "audit_log is append-only"


def upgrade() -> None:
    from duiding.store.audit import backfill_chain

    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column("audit_log", sa.Column("hash", sa.String(64), nullable=True))
    # Rows written before the chain get their hashes now (the append-only triggers step aside for it).
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        backfill_chain(bind)
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
        # INSERT OR REPLACE with an existing id would delete the old row without the delete trigger
        # (unless recursive_triggers is on, which the store sets): refuse it before it starts.
        op.execute(
            "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
            "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    elif dialect == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        backfill_chain(bind)
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    else:
        backfill_chain(bind)
    op.create_table(
        "login_failures",
        sa.Column("window_start", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("user", sa.String(200), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        with op.batch_alter_table("audit_log") as batch:
            batch.drop_column("hash")
        op.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    else:
        op.drop_column("audit_log", "hash")
