"""The store's tables as SQLAlchemy Core objects (the Alembic migrations in ``duiding/migrations`` are the
source of truth; ``tests/test_store.py`` checks that the two agree)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

__all__ = ["UTCDateTime", "audit_log", "case_snapshots", "cases", "login_failures", "metadata"]


class UTCDateTime(sa.TypeDecorator):
    """Aware UTC datetimes in and out; stored as UTC (naive on SQLite, timestamptz on PostgreSQL)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("municipality", sa.String(200), nullable=False),
    sa.Column("step", sa.String(8), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Column("retention_date", sa.Date, nullable=True),
    sa.Column("body", sa.Text, nullable=False),
)

case_snapshots = sa.Table(
    "case_snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(100), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("label", sa.String(300), nullable=False),
    sa.Column("frozen_at", UTCDateTime, nullable=False),
    sa.Column("frozen_by", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
)

# Append-only; each row's ``hash`` chains it to the row before (see duiding/store/audit.py). Ids are
# given by the store (previous id + 1, under the audit write lock), not by the database.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    ),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("case_id", sa.String(100), nullable=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("hash", sa.String(64), nullable=True),
)

# Failed logins counted per time window, client and account; the audit log gets one row when a window
# opens and one with the total when it closes, so a flood of guesses cannot flood the audit log.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("window_start", UTCDateTime, primary_key=True),
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("user", sa.String(200), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("first_at", UTCDateTime, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False),
)
