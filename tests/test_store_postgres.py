"""The store's behaviour on PostgreSQL: the same tests as on SQLite (``StoreBehaviour``), each in a
fresh schema of the test database, plus PostgreSQL specifics. Skipped with the reason when
PostgreSQL is unreachable (see ``postgres_url`` in conftest.py)."""

from __future__ import annotations

import uuid

import psycopg
import pytest
import sqlalchemy as sa
from test_store import StoreBehaviour, full_case

from duiding.store import CaseStore, dispose_engines

pytestmark = pytest.mark.postgres


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def pg_schema_url(postgres_url):
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    schema = f"test_store_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_dsn(postgres_url), autocommit=True, connect_timeout=2) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with psycopg.connect(_dsn(postgres_url), autocommit=True, connect_timeout=2) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


class TestStorePostgres(StoreBehaviour):
    @pytest.fixture
    def store(self, pg_schema_url):
        return CaseStore(pg_schema_url)


def test_postgres_schema_is_created_at_head_in_its_own_schema(pg_schema_url):
    store = CaseStore(pg_schema_url)
    assert store.dialect == "postgresql"
    assert store.schema_revision() == "0002"
    schema = pg_schema_url.rsplit("%3D", 1)[1]
    assert {"cases", "case_snapshots", "audit_log", "alembic_version"} <= set(
        sa.inspect(store.engine).get_table_names(schema=schema)
    )
    store.migrate()  # idempotent
    assert store.schema_revision() == "0002"


def test_postgres_data_survives_closing_and_reopening(pg_schema_url):
    store = CaseStore(pg_schema_url)
    case = store.save(store.create(full_case(), "ann"), "bob")
    store.freeze(case.id, "Overleg", "bob")
    dispose_engines()
    reopened = CaseStore(pg_schema_url)
    assert reopened.load(case.id) == case
    assert [s.version for s in reopened.snapshots(case.id)] == [2]
    assert [e.action for e in reopened.audit_entries(case.id)] == ["create", "change", "freeze"]


def test_postgres_audit_log_cannot_be_truncated(pg_schema_url):
    store = CaseStore(pg_schema_url)
    store.log("ann", "view", "c1")
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE audit_log")
    assert len(store.audit_entries()) == 1
