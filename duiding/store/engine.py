"""Database engines: one per URL per process, SQLite tuned for safe concurrent use, PostgreSQL by URL.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed save survives a killed process and a
power cut), foreign keys on, ``secure_delete`` on (freed pages are zeroed, so erased personal data
does not linger in the file), ``recursive_triggers`` on (so the implicit delete of an
``INSERT OR REPLACE`` fires the audit log's delete trigger) and a busy timeout; write transactions
start with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

__all__ = [
    "ENV_URL",
    "MIGRATIONS_DIR",
    "alembic_config",
    "default_url",
    "dispose_engines",
    "get_engine",
    "normalise_url",
]

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
MIGRATIONS_DIR = REPO_ROOT / "duiding" / "migrations"
ENV_URL = "DUIDING_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 15_000

_ENGINES: dict[str, Engine] = {}
MIGRATED: set[str] = set()  # URLs migrated in this process
LOCK = threading.RLock()


def default_url() -> str:
    """``DUIDING_DATABASE_URL`` when set, else the SQLite file ``var/groepsduiding.db`` in the repo."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{REPO_ROOT / 'var' / 'groepsduiding.db'}"


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` / ``postgres://`` URLs use psycopg 3 (the driver we install).

    >>> normalise_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(url: str) -> Engine:
    """One engine per URL for the whole process (connection pools are shared)."""
    with LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _create_engine(url)
            _ENGINES[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (tests, child processes after fork)."""
    with LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
        MIGRATED.clear()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    in_memory = database in ("", ":memory:") or "mode=memory" in database
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False},
        # An in-memory database lives in one connection: share it (tests, demos).
        **({"poolclass": sa.pool.StaticPool} if in_memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN is ours (see _sqlite_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA recursive_triggers=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        # Writers take the write lock up front: they wait for each other (busy_timeout) instead of
        # failing with "database is locked" when a read turns into a write.
        conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if conn.get_execution_options().get("duiding_write") else "BEGIN"
        )

    return engine


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Any:
    """An Alembic ``Config`` for ``duiding/migrations`` that works from any working directory."""
    from alembic.config import Config

    ini = REPO_ROOT / "alembic.ini"
    config = Config(str(ini)) if ini.exists() and connection is None else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
