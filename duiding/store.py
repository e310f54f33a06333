"""Where cases live: a :class:`CaseStore` over SQLAlchemy 2 (SQLite file by default, PostgreSQL by URL).

Tables (schema owned by the Alembic migrations in ``duiding/migrations``):

* ``cases``: one row per case; the whole case as compact JSON text in ``body`` (``Case.to_dict()``
  without ``version``) plus a few columns for listing (name, municipality, step, retention date) and
  the optimistic-locking ``version``.
* ``case_snapshots``: frozen versions ("vastleggen") with label, time and user; read-only copies.
* ``audit_log``: append-only record of who did what, when, on which case. There is no update or
  delete API, and database triggers refuse UPDATE and DELETE on it.

Every write is one transaction that also writes its audit row. A save names the version it was based
on; when the stored version has moved on, the save is refused with :class:`VersionConflict` and
nothing is written, so two people editing one case never silently overwrite each other.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed save survives a killed process and a
power cut), foreign keys on, ``secure_delete`` on (freed pages are zeroed, so erased personal data
does not linger in the file) and a busy timeout; write transactions start with ``BEGIN IMMEDIATE``
so concurrent writers queue instead of failing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import threading
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError

from duiding import model
from duiding.model import Case

__all__ = [
    "AuditEntry",
    "CaseExists",
    "CaseNotFound",
    "CaseStore",
    "CaseSummary",
    "Snapshot",
    "SnapshotNotFound",
    "StoreError",
    "VersionConflict",
    "case_from_dict",
    "case_to_dict",
    "default_url",
    "dispose_engines",
    "get_engine",
    "normalise_url",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_URL = "DUIDING_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 15_000
ERASED = "[verwijderd]"


# --- errors (messages are shown to users: Dutch) ------------------------------------------------


class StoreError(Exception):
    """Base class of store errors; ``str(error)`` is a Dutch message fit for the user."""


class CaseNotFound(StoreError):
    def __init__(self, case_id: str):
        self.case_id = case_id
        super().__init__(
            f"Casus '{case_id}' bestaat niet (meer). Misschien is hij intussen verwijderd; kies een andere casus."
        )


class SnapshotNotFound(StoreError):
    def __init__(self, snapshot_id: int):
        self.snapshot_id = snapshot_id
        super().__init__(f"Vastgelegde versie {snapshot_id} bestaat niet (meer).")


class CaseExists(StoreError):
    def __init__(self, case_id: str):
        self.case_id = case_id
        super().__init__(f"Er bestaat al een casus met id '{case_id}'. De casus is niet opnieuw aangemaakt.")


class VersionConflict(StoreError):
    """The case was changed by someone else since it was loaded; nothing was written."""

    def __init__(self, case_id: str, expected: int, current: int, updated_by: str = "", updated_at=None):
        self.case_id = case_id
        self.expected = expected
        self.current = current
        self.updated_by = updated_by
        self.updated_at = updated_at
        who = f"door {updated_by}" if updated_by else "door iemand anders"
        when = f" om {_local_time(updated_at)}" if updated_at else ""
        super().__init__(
            f"Deze casus is intussen {who}{when} gewijzigd (nu versie {current}, u werkte met versie "
            f"{expected}). Uw wijziging is niet opgeslagen. Laad de casus opnieuw en voer uw wijziging "
            f"daarna nog eens in."
        )


def _local_time(value: datetime) -> str:
    """Dutch wall-clock time for messages (Europe/Amsterdam when the time zone database is there)."""
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Europe/Amsterdam")
    except Exception:  # no tz database on this machine: use the server's local time
        zone = None
    return value.astimezone(zone).strftime("%d-%m-%Y %H:%M")


# --- small read-only records ----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSummary:
    id: str
    name: str
    municipality: str
    step: str
    version: int
    updated_at: datetime
    updated_by: str = ""
    retention_date: date | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Snapshot:
    """A frozen version of a case ("vastleggen"); open it with :meth:`CaseStore.load_snapshot`."""

    id: int
    case_id: str
    version: int
    label: str
    frozen_at: datetime
    frozen_by: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    case_id: str | None
    action: str
    detail: str


# --- schema (mirrors migrations/versions; the migrations are the source of truth) ---------------


class UTCDateTime(sa.TypeDecorator):
    """Aware UTC datetimes in and out; stored as UTC (naive on SQLite, timestamptz on PostgreSQL)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
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
)


# --- engines --------------------------------------------------------------------------------------


def default_url() -> str:
    """``DUIDING_DATABASE_URL`` when set, else the SQLite file ``var/groepsduiding.db`` in the repo."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{REPO_ROOT / 'var' / 'groepsduiding.db'}"


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` / ``postgres://`` URLs use psycopg 3 (the driver we install)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


_ENGINES: dict[str, Engine] = {}
_MIGRATED: set[str] = set()
_LOCK = threading.RLock()


def get_engine(url: str) -> Engine:
    """One engine per URL for the whole process (connection pools are shared)."""
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _create_engine(url)
            _ENGINES[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (tests, child processes after fork)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
        _MIGRATED.clear()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
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
        def _sqlite_connect(dbapi_connection, _record):
            # Take over transaction control from pysqlite so BEGIN is ours (see _sqlite_begin).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # Writers take the write lock up front: they wait for each other (busy_timeout) instead of
            # failing with "database is locked" when a read turns into a write.
            conn.exec_driver_sql(
                "BEGIN IMMEDIATE" if conn.get_execution_options().get("duiding_write") else "BEGIN"
            )

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


# --- JSON body ------------------------------------------------------------------------------------

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def _body(case: Case) -> tuple[dict[str, Any], str]:
    data = case_to_dict(case)
    data.pop("version", None)
    return data, _encode(data)


def _encode(data: dict[str, Any]) -> str:
    """Compact JSON; text that is not valid UTF-8 (lone surrogates) falls back to ASCII escapes,
    so any Python string round-trips exactly on both engines."""
    body = _dumps(data)
    if not body.isascii():
        try:
            body.encode("utf-8")
        except UnicodeEncodeError:
            body = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return body


def _case_from_body(body: str, version: int) -> Case:
    case = case_from_dict(json.loads(body))
    case.version = version
    return case


# --- fast (de)serialisation ------------------------------------------------------------------------
# Same results as Case.to_dict() / Case.from_dict() (tests/test_store.py checks this on the sample
# and a 500-member case), 3-5x faster: the type inspection that duiding.model does per value is done
# once per dataclass here. Anything unexpected falls back to the model's own functions.

_SCALARS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _dump_value(value: Any) -> Any:
    cls = value.__class__
    if cls in _SCALARS:
        return value
    if cls is list or cls is tuple:
        return [_dump_value(v) for v in value]
    if cls is dict:
        return {str(k): _dump_value(v) for k, v in value.items()}
    if cls is date or cls is datetime:
        return value.isoformat()
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return model._dump(value)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return {name: _dump_value(getattr(value, name)) for name in names}


def case_to_dict(case: Case) -> dict[str, Any]:
    """``case.to_dict()``, faster."""
    return _dump_value(case)


_LOADERS: dict[type, Any] = {}


def _loader(tp: Any):
    """A function turning JSON data into ``tp`` exactly like ``duiding.model._load(tp, data)``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _loader([a for a in typing.get_args(tp) if a is not type(None)][0])
    if origin is list:
        item = _loader(typing.get_args(tp)[0])
        return lambda d: None if d is None else [item(v) for v in d]
    if origin is dict:
        val = _loader(typing.get_args(tp)[1])
        return lambda d: None if d is None else {str(k): val(v) for k, v in d.items()}
    if dataclasses.is_dataclass(tp):
        if tp not in _LOADERS:
            hints = typing.get_type_hints(tp)
            fields = [(f.name, _loader(hints[f.name])) for f in dataclasses.fields(tp)]

            def load(d, tp=tp, fields=fields):
                if d is None:
                    return None
                return tp(**{name: conv(d[name]) for name, conv in fields if name in d})

            _LOADERS[tp] = load
        return _LOADERS[tp]
    if tp is date:
        return lambda d: (
            None if d is None else (d if isinstance(d, date) else date.fromisoformat(str(d)[:10]))
        )
    if tp is str:
        return lambda d: d if d.__class__ is str else (None if d is None else str(d))
    if tp in (int, float, bool):
        return lambda d: None if d is None else tp(d)
    return lambda d: d


def case_from_dict(data: dict[str, Any]) -> Case:
    """``Case.from_dict(data)``, faster."""
    try:
        return _loader(Case)(data)
    except Exception:  # unusual data: let the model decide (and raise its own error)
        return Case.from_dict(data)


def _text(value: Any, limit: int) -> str:
    """A value for a plain text column: at most ``limit`` characters, no NUL (PostgreSQL refuses
    it), not-encodable characters replaced. The case body keeps the exact text."""
    text = str(value if value is not None else "")[:limit].replace("\x00", "")
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


# --- the store ------------------------------------------------------------------------------------


class CaseStore:
    """Cases, frozen versions and the audit log in one database (see module docstring)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = normalise_url(url) if url else default_url()
        self.engine = get_engine(self.url)
        if migrate:
            with _LOCK:
                if self.url not in _MIGRATED:
                    self.migrate()

    def __repr__(self) -> str:
        return f"CaseStore({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- schema ------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest version (``alembic upgrade head``); safe to repeat."""
        from alembic import command

        with _LOCK, self.engine.connect() as conn:
            conn.execution_options(duiding_write=True)
            command.upgrade(alembic_config(connection=conn), "head")
            conn.commit()
            _MIGRATED.add(self.url)

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None for an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # --- plumbing ----------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(duiding_write=True)
            with conn.begin():
                yield conn

    @staticmethod
    def _audit(
        conn: Connection, user: str, action: str, case_id: str | None, detail: str, at: datetime
    ) -> int:
        if not action:
            raise ValueError("audit action is empty")
        result = conn.execute(
            audit_log.insert().values(
                at=at,
                user=_text(user, 200),
                case_id=case_id,
                action=_text(action, 40),
                detail=_text(detail, 100_000),
            )
        )
        return int(result.inserted_primary_key[0])

    @staticmethod
    def _row_columns(case: Case) -> dict[str, Any]:
        return {
            "name": _text(case.name, 300),
            "municipality": _text(case.municipality, 200),
            "step": _text(case.step, 8),
            "retention_date": case.retention_date,
        }

    # --- reading -----------------------------------------------------------------------------
    def list_cases(self) -> list[CaseSummary]:
        """All cases, by name (case-insensitive)."""
        query = sa.select(
            cases.c.id,
            cases.c.name,
            cases.c.municipality,
            cases.c.step,
            cases.c.version,
            cases.c.updated_at,
            cases.c.updated_by,
            cases.c.retention_date,
            cases.c.created_at,
        ).order_by(sa.func.lower(cases.c.name), cases.c.id)
        with self.engine.connect() as conn:
            return [CaseSummary(*row) for row in conn.execute(query)]

    def cases_past_retention(self, today: date | None = None) -> list[CaseSummary]:
        """Cases whose retention date lies before ``today``."""
        today = today or date.today()
        return [c for c in self.list_cases() if c.retention_date is not None and c.retention_date < today]

    def exists(self, case_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(cases.c.id).where(cases.c.id == case_id)).first() is not None

    def version(self, case_id: str) -> int:
        """The stored version of a case (cheap; for "has someone else saved?" checks)."""
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(cases.c.version).where(cases.c.id == case_id)).scalar()
        if value is None:
            raise CaseNotFound(case_id)
        return int(value)

    def load(self, case_id: str) -> Case:
        """The current version of a case (a fresh object; changing it changes nothing stored)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(cases.c.body, cases.c.version).where(cases.c.id == case_id)).first()
        if row is None:
            raise CaseNotFound(case_id)
        return _case_from_body(row[0], int(row[1]))

    # --- writing -----------------------------------------------------------------------------
    def create(self, case: Case, user: str, what: str = "") -> Case:
        """Store a new case at version 1; returns it (a copy with ``version=1``)."""
        _, body = _body(case)
        now = datetime.now(UTC)
        try:
            with self._write() as conn:
                conn.execute(
                    cases.insert().values(
                        id=case.id,
                        version=1,
                        created_at=now,
                        updated_at=now,
                        updated_by=_text(user, 200),
                        body=body,
                        **self._row_columns(case),
                    )
                )
                self._audit(conn, user, "create", case.id, what or f"Casus '{case.name}' aangemaakt", now)
        except IntegrityError as exc:
            raise CaseExists(case.id) from exc
        return dataclasses.replace(case, version=1)

    def save(self, case: Case, user: str, what: str = "") -> Case:
        """Store ``case`` as the next version, in one transaction with its audit entry.

        ``case.version`` must be the stored version (the one it was loaded at); otherwise
        :class:`VersionConflict` is raised and nothing is written. Returns a copy of ``case`` with the
        new version number (the argument itself is not changed).
        """
        _, body = _body(case)
        now = datetime.now(UTC)
        new_version = case.version + 1
        with self._write() as conn:
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case.id, cases.c.version == case.version)
                .values(
                    version=new_version,
                    updated_at=now,
                    updated_by=_text(user, 200),
                    body=body,
                    **self._row_columns(case),
                )
            )
            if result.rowcount != 1:
                self._refuse(conn, case.id, case.version)
            detail = f"{what or 'Casus opgeslagen'} (versie {new_version})"
            self._audit(conn, user, "change", case.id, detail, now)
        return dataclasses.replace(case, version=new_version)

    @staticmethod
    def _locked_row(conn: Connection, case_id: str):
        """(body, version) of a case, row-locked until the transaction ends (PostgreSQL; SQLite's
        BEGIN IMMEDIATE already holds the database's write lock)."""
        row = conn.execute(
            sa.select(cases.c.body, cases.c.version).where(cases.c.id == case_id).with_for_update()
        ).first()
        if row is None:
            raise CaseNotFound(case_id)
        return row

    @staticmethod
    def _refuse(conn: Connection, case_id: str, expected: int):
        row = conn.execute(
            sa.select(cases.c.version, cases.c.updated_by, cases.c.updated_at).where(cases.c.id == case_id)
        ).first()
        if row is None:
            raise CaseNotFound(case_id)
        raise VersionConflict(case_id, expected, int(row[0]), row[1] or "", row[2])

    def _rewrite(self, case_id: str, user: str, action: str, change, detail: str) -> Case:
        """Load the stored version, apply ``change(case)`` and store it as the next version, atomically."""
        now = datetime.now(UTC)
        with self._write() as conn:
            row = self._locked_row(conn, case_id)
            case = _case_from_body(row[0], int(row[1]))
            change(case)
            _, body = _body(case)
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case_id, cases.c.version == case.version)
                .values(
                    version=case.version + 1,
                    updated_at=now,
                    updated_by=_text(user, 200),
                    body=body,
                    **self._row_columns(case),
                )
            )
            if result.rowcount != 1:
                self._refuse(conn, case_id, case.version)
            case.version += 1
            self._audit(conn, user, action, case_id, f"{detail} (versie {case.version})", now)
        return case

    def rename(self, case_id: str, name: str, user: str) -> Case:
        """Give a case a new name (a new version); returns the renamed case."""
        name = (name or "").strip()
        if not name:
            raise StoreError("Geef de casus een naam; een lege naam is niet toegestaan.")

        def change(case: Case) -> None:
            case.name = name

        return self._rewrite(case_id, user, "change", change, f"Casus hernoemd naar '{name}'")

    def delete(self, case_id: str, user: str) -> None:
        """Delete a case with all its frozen versions; the audit log keeps the deletion."""
        now = datetime.now(UTC)
        with self._write() as conn:
            name = conn.execute(
                sa.select(cases.c.name).where(cases.c.id == case_id).with_for_update()
            ).scalar()
            if name is None:
                raise CaseNotFound(case_id)
            n_snapshots = conn.execute(
                case_snapshots.delete().where(case_snapshots.c.case_id == case_id)
            ).rowcount
            conn.execute(cases.delete().where(cases.c.id == case_id))
            self._audit(
                conn,
                user,
                "delete",
                case_id,
                f"Casus '{name}' verwijderd, met {n_snapshots} vastgelegde versie(s)",
                now,
            )
        self._checkpoint()

    delete_case = delete

    # --- frozen versions ---------------------------------------------------------------------
    def freeze(self, case_id: str, label: str, user: str) -> Snapshot:
        """Freeze the current stored version under ``label`` (e.g. "Overleg 12 maart")."""
        now = datetime.now(UTC)
        with self._write() as conn:
            row = self._locked_row(conn, case_id)
            body, version = row[0], int(row[1])
            label = _text(
                (label or "").strip() or f"Versie {version} ({now.astimezone():%d-%m-%Y %H:%M})", 300
            )
            result = conn.execute(
                case_snapshots.insert().values(
                    case_id=case_id,
                    version=version,
                    label=label,
                    frozen_at=now,
                    frozen_by=_text(user, 200),
                    body=body,
                )
            )
            snapshot_id = int(result.inserted_primary_key[0])
            self._audit(conn, user, "freeze", case_id, f"Versie {version} vastgelegd als '{label}'", now)
        return Snapshot(snapshot_id, case_id, version, label, now, _text(user, 200))

    def snapshots(self, case_id: str) -> list[Snapshot]:
        """Frozen versions of a case, oldest first."""
        c = case_snapshots.c
        query = (
            sa.select(c.id, c.case_id, c.version, c.label, c.frozen_at, c.frozen_by)
            .where(c.case_id == case_id)
            .order_by(c.frozen_at, c.id)
        )
        with self.engine.connect() as conn:
            return [Snapshot(*row) for row in conn.execute(query)]

    def snapshot(self, snapshot_id: int) -> Snapshot:
        c = case_snapshots.c
        query = sa.select(c.id, c.case_id, c.version, c.label, c.frozen_at, c.frozen_by).where(
            c.id == snapshot_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise SnapshotNotFound(snapshot_id)
        return Snapshot(*row)

    def load_snapshot(self, snapshot_id: int) -> Case:
        """The case exactly as it was frozen (``version`` = the frozen version). Show it read-only:
        saving it is refused with :class:`VersionConflict` once the case has moved on."""
        c = case_snapshots.c
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(c.body, c.version).where(c.id == snapshot_id)).first()
        if row is None:
            raise SnapshotNotFound(snapshot_id)
        return _case_from_body(row[0], int(row[1]))

    # --- audit -------------------------------------------------------------------------------
    def log(self, user: str, action: str, case_id: str | None = None, detail: str = "") -> int:
        """Append one audit entry (e.g. action "view", "export", "reveal", "login"); returns its id."""
        with self._write() as conn:
            return self._audit(conn, user, action, case_id, detail, datetime.now(UTC))

    def audit_entries(
        self,
        case_id: str | None = None,
        limit: int | None = None,
        action: str | None = None,
        user: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries in the order they were written (oldest first); with ``limit`` the newest
        ``limit`` entries, still oldest first."""
        c = audit_log.c
        query = sa.select(c.id, c.at, c.user, c.case_id, c.action, c.detail)
        if case_id is not None:
            query = query.where(c.case_id == case_id)
        if action is not None:
            query = query.where(c.action == action)
        if user is not None:
            query = query.where(c.user == user)
        query = query.order_by(c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        rows.reverse()
        return [AuditEntry(*row) for row in rows]

    # --- privacy -----------------------------------------------------------------------------
    def erase_member(self, case_id: str, member_id: str, user: str) -> Case:
        """AVG art. 17: remove one member everywhere, in one transaction.

        Removes the member, their ties, their place in incidents and plan measures, and replaces their
        name and pseudonym in free text by "[verwijderd]" - in the current case (as a new version) and
        in every frozen version of it. The audit entry names only the member id. Returns the case.
        """
        now = datetime.now(UTC)
        with self._write() as conn:
            row = self._locked_row(conn, case_id)
            data, version = json.loads(row[0]), int(row[1])
            member = next((m for m in data.get("members", []) if m.get("id") == member_id), None)
            if member is None:
                raise StoreError(f"Lid '{member_id}' komt niet voor in deze casus; er is niets gewist.")
            words = [w for w in (member.get("name"), member.get("pseudonym")) if w and str(w).strip()]
            data = _erase(data, member_id, words)
            case = case_from_dict(data)
            case.version = version + 1
            _, body = _body(case)
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case_id, cases.c.version == version)
                .values(
                    version=version + 1,
                    updated_at=now,
                    updated_by=_text(user, 200),
                    body=body,
                    **self._row_columns(case),
                )
            )
            if result.rowcount != 1:
                self._refuse(conn, case_id, version)
            snaps = conn.execute(
                sa.select(case_snapshots.c.id, case_snapshots.c.body).where(
                    case_snapshots.c.case_id == case_id
                )
            ).all()
            for snap_id, snap_body in snaps:
                erased = _erase(json.loads(snap_body), member_id, words)
                conn.execute(
                    case_snapshots.update().where(case_snapshots.c.id == snap_id).values(body=_encode(erased))
                )
            self._audit(
                conn,
                user,
                "erase",
                case_id,
                f"Lid {member_id} gewist (AVG art. 17), ook uit {len(snaps)} vastgelegde versie(s) "
                f"(versie {version + 1})",
                now,
            )
        self._checkpoint()
        return case

    def _checkpoint(self) -> None:
        """After deleting personal data: move the WAL into the file (freed pages zeroed by
        secure_delete) and truncate it, so old page images do not linger. Best effort."""
        if self.dialect != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# Keys whose values are identifiers, never free text that could mention a person.
_ID_KEYS = {"id", "source", "target", "members", "member_ids", "goal_ids", "intervention"}
# Other members' own identity fields are theirs, even when they happen to equal the erased words.
_MEMBER_OWN_KEYS = _ID_KEYS | {"name", "pseudonym"}


def _erase(data: dict[str, Any], member_id: str, words: list[str]) -> dict[str, Any]:
    """A case body (dict) without ``member_id`` and with ``words`` blanked out in free text."""
    data = dict(data)
    data["members"] = [m for m in data.get("members", []) if m.get("id") != member_id]
    data["ties"] = [t for t in data.get("ties", []) if member_id not in (t.get("source"), t.get("target"))]
    data["incidents"] = [
        {**inc, "members": [m for m in inc.get("members", []) if m != member_id]}
        for inc in data.get("incidents", [])
    ]
    plan = data.get("plan")
    if isinstance(plan, dict):
        plan = dict(plan)
        plan["measures"] = [
            {**ms, "member_ids": [m for m in ms.get("member_ids", []) if m != member_id]}
            for ms in plan.get("measures", [])
        ]
        data["plan"] = plan
    if not words:
        return data
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )

    def scrub(value: Any, key: str | None = None, keep: set[str] = _ID_KEYS) -> Any:
        if isinstance(value, str):
            return value if key in keep else pattern.sub(ERASED, value)
        if isinstance(value, dict):
            return {k: scrub(v, k, keep) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v, key, keep) for v in value]
        return value

    members = [scrub(m, None, _MEMBER_OWN_KEYS) for m in data["members"]]
    return {k: (members if k == "members" else scrub(v, k)) for k, v in data.items()}


def alembic_config(connection: Connection | None = None, url: str | None = None):
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
