"""The :class:`CaseStore`: cases, frozen versions and the audit log in one database.

Every write is one transaction that also writes its audit row. A save names the version it was based
on; when the stored version has moved on, the save is refused with :class:`VersionConflict` and
nothing is written, so two people editing one case never silently overwrite each other.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from duiding.model import Case
from duiding.store import audit
from duiding.store.audit import AuditEntry, AuditFilter, ChainReport
from duiding.store.body import case_body, case_from_body, case_from_dict, encode, text_column
from duiding.store.engine import LOCK, MIGRATED, alembic_config, default_url, get_engine, normalise_url
from duiding.store.erasure import erase_member_from_body, erase_words
from duiding.store.errors import CaseExists, CaseNotFound, SnapshotNotFound, StoreError, VersionConflict
from duiding.store.schema import case_snapshots, cases

__all__ = ["CaseStore", "CaseSummary", "Snapshot"]


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


def _counts(data: dict[str, Any]) -> str:
    return (
        f"{len(data.get('members') or [])} leden, {len(data.get('ties') or [])} relaties, "
        f"{len(data.get('incidents') or [])} incidenten"
    )


class CaseStore:
    """Cases, frozen versions and the audit log in one database (see the module docstring)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.url = normalise_url(url) if url else default_url()
        self.engine = get_engine(self.url)
        self._names: tuple[tuple[str, int], list[dict[str, Any]]] | None = None
        if migrate:
            with LOCK:
                if self.url not in MIGRATED:
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

        with LOCK, self.engine.connect() as conn:
            conn.execution_options(duiding_write=True)
            command.upgrade(alembic_config(connection=conn), "head")
            conn.commit()
            MIGRATED.add(self.url)

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
        return audit.append(conn, user, action, case_id, detail, at)

    @staticmethod
    def _row_columns(case: Case) -> dict[str, Any]:
        return {
            "name": text_column(case.name, 300),
            "municipality": text_column(case.municipality, 200),
            "step": text_column(case.step, 8),
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
        return case_from_body(row[0], int(row[1]))

    # --- writing -----------------------------------------------------------------------------
    def create(self, case: Case, user: str, what: str = "") -> Case:
        """Store a new case at version 1; returns it (a copy with ``version=1``)."""
        data, body = case_body(case)
        now = datetime.now(UTC)
        head = audit.without_names(audit.detail_head(what), data.get("members") or []) or "Casus aangemaakt"
        try:
            with self._write() as conn:
                conn.execute(
                    cases.insert().values(
                        id=case.id,
                        version=1,
                        created_at=now,
                        updated_at=now,
                        updated_by=text_column(user, 200),
                        body=body,
                        **self._row_columns(case),
                    )
                )
                self._audit(conn, user, "create", case.id, f"{head} (versie 1; {_counts(data)})", now)
        except IntegrityError as exc:
            raise CaseExists(case.id) from exc
        return dataclasses.replace(case, version=1)

    def save(self, case: Case, user: str, what: str = "") -> Case:
        """Store ``case`` as the next version, in one transaction with its audit entry.

        ``case.version`` must be the stored version (the one it was loaded at); otherwise
        :class:`VersionConflict` is raised and nothing is written. Returns a copy of ``case`` with the
        new version number (the argument itself is not changed). The audit entry holds the fixed head
        of ``what`` (names replaced by member ids) and what changed, in ids and codes.
        """
        data, body = case_body(case)
        now = datetime.now(UTC)
        new_version = case.version + 1
        with self._write() as conn:
            old_body = conn.execute(
                sa.select(cases.c.body).where(cases.c.id == case.id, cases.c.version == case.version)
            ).scalar()
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case.id, cases.c.version == case.version)
                .values(
                    version=new_version,
                    updated_at=now,
                    updated_by=text_column(user, 200),
                    body=body,
                    **self._row_columns(case),
                )
            )
            if result.rowcount != 1:
                self._refuse(conn, case.id, case.version)
            before = json.loads(old_body) if old_body else {}
            self._audit(
                conn, user, "change", case.id, self._change_detail(what, before, data, new_version), now
            )
        return dataclasses.replace(case, version=new_version)

    @staticmethod
    def _change_detail(what: str, before: dict[str, Any], after: dict[str, Any], version: int) -> str:
        members = [*(before.get("members") or []), *(after.get("members") or [])]
        head = audit.without_names(audit.detail_head(what), members) or "Casus opgeslagen"
        summary = audit.change_summary(before, after)
        return f"{head} (versie {version})" + (f": {summary}" if summary else "")

    @staticmethod
    def _locked_row(conn: Connection, case_id: str) -> Any:
        """(body, version) of a case, row-locked until the transaction ends (PostgreSQL; SQLite's
        BEGIN IMMEDIATE already holds the database's write lock)."""
        row = conn.execute(
            sa.select(cases.c.body, cases.c.version).where(cases.c.id == case_id).with_for_update()
        ).first()
        if row is None:
            raise CaseNotFound(case_id)
        return row

    @staticmethod
    def _refuse(conn: Connection, case_id: str, expected: int) -> None:
        row = conn.execute(
            sa.select(cases.c.version, cases.c.updated_by, cases.c.updated_at).where(cases.c.id == case_id)
        ).first()
        if row is None:
            raise CaseNotFound(case_id)
        raise VersionConflict(case_id, expected, int(row[0]), row[1] or "", row[2])

    def _rewrite(
        self, case_id: str, user: str, action: str, change: Callable[[Case], None], detail: str
    ) -> Case:
        """Load the stored version, apply ``change(case)`` and store it as the next version, atomically."""
        now = datetime.now(UTC)
        with self._write() as conn:
            row = self._locked_row(conn, case_id)
            case = case_from_body(row[0], int(row[1]))
            change(case)
            _, body = case_body(case)
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case_id, cases.c.version == case.version)
                .values(
                    version=case.version + 1,
                    updated_at=now,
                    updated_by=text_column(user, 200),
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
        """Give a case a new name (a new version); returns the renamed case. The audit entry does not
        hold the name (it is free text)."""
        name = (name or "").strip()
        if not name:
            raise StoreError("Geef de casus een naam; een lege naam is niet toegestaan.")

        def change(case: Case) -> None:
            case.name = name

        return self._rewrite(case_id, user, "change", change, "Casus hernoemd")

    def delete(self, case_id: str, user: str) -> None:
        """Delete a case with all its frozen versions; the audit log keeps the deletion."""
        now = datetime.now(UTC)
        with self._write() as conn:
            found = conn.execute(
                sa.select(cases.c.id).where(cases.c.id == case_id).with_for_update()
            ).scalar()
            if found is None:
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
                f"Casus verwijderd, met {n_snapshots} vastgelegde versie(s)",
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
            label = text_column(
                (label or "").strip() or f"Versie {version} ({now.astimezone():%d-%m-%Y %H:%M})", 300
            )
            result = conn.execute(
                case_snapshots.insert().values(
                    case_id=case_id,
                    version=version,
                    label=label,
                    frozen_at=now,
                    frozen_by=text_column(user, 200),
                    body=body,
                )
            )
            snapshot_id = int(result.inserted_primary_key[0])
            self._audit(
                conn,
                user,
                "freeze",
                case_id,
                f"Versie {version} vastgelegd (vastgelegde versie {snapshot_id})",
                now,
            )
        return Snapshot(snapshot_id, case_id, version, label, now, text_column(user, 200))

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
        return case_from_body(row[0], int(row[1]))

    # --- audit -------------------------------------------------------------------------------
    def _members_of(self, conn: Connection, case_id: str) -> list[dict[str, Any]]:
        """The members (id, name) of a stored case, cached per version, for taking names out of details."""
        version = conn.execute(sa.select(cases.c.version).where(cases.c.id == case_id)).scalar()
        if version is None:
            return []
        key = (case_id, int(version))
        if self._names is None or self._names[0] != key:
            body = conn.execute(sa.select(cases.c.body).where(cases.c.id == case_id)).scalar() or "{}"
            members = [
                {"id": m.get("id"), "name": m.get("name")} for m in json.loads(body).get("members") or []
            ]
            self._names = (key, members)
        return self._names[1]

    def log(self, user: str, action: str, case_id: str | None = None, detail: str = "") -> int:
        """Append one audit entry (e.g. action "view", "export", "reveal", "login"); returns its id.
        A member's name in ``detail`` is replaced by the member's id."""
        with self._write() as conn:
            if case_id is not None and detail:
                detail = audit.without_names(detail, self._members_of(conn, case_id))
            return self._audit(conn, user, action, case_id, detail, datetime.now(UTC))

    def log_failed_login(self, client: str, user: str = "") -> int:
        """Count a failed login from ``client`` (an address) for account ``user`` ("" when the account
        does not exist: never store what a stranger typed). The audit log gets one row when a
        15-minute window opens for this pair and one with the total when it has ended, however many
        attempts come in between. Returns the number of attempts in the current window."""
        with self._write() as conn:
            return audit.record_failed_login(conn, client, user, datetime.now(UTC))

    def close_failed_login_windows(self) -> int:
        """Write the totals of ended failed-login windows into the audit log; returns how many."""
        with self._write() as conn:
            return audit.close_windows(conn, datetime.now(UTC))

    def audit_entries(
        self,
        case_id: str | None = None,
        limit: int | None = None,
        action: str | None = None,
        user: str | None = None,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Audit entries in the order they were written (oldest first); with ``limit`` the newest
        ``limit`` entries (after skipping the ``offset`` newest), still oldest first."""
        with self.engine.connect() as conn:
            return audit.entries(conn, AuditFilter(case_id, action, user), limit=limit, offset=offset)

    def audit_page(
        self, where: AuditFilter | None = None, *, page: int = 0, per_page: int = 100
    ) -> tuple[list[AuditEntry], int]:
        """One page of the audit log, newest first, and the number of matching rows."""
        where = where or AuditFilter()
        with self.engine.connect() as conn:
            total = audit.count(conn, where)
            rows = audit.entries(conn, where, limit=per_page, offset=page * per_page, newest_first=True)
        return rows, total

    def audit_values(self, column: str) -> list[str]:
        """The distinct values of ``user``, ``case_id`` or ``action`` in the audit log (for filters)."""
        if column not in ("user", "case_id", "action"):
            raise ValueError(column)
        with self.engine.connect() as conn:
            return audit.distinct(conn, column)

    def iter_audit(self, where: AuditFilter | None = None) -> Iterator[AuditEntry]:
        """Every matching audit row, oldest first, read page by page."""
        with self.engine.connect() as conn:
            yield from audit.iter_entries(conn, where or AuditFilter())

    def verify_audit(self) -> ChainReport:
        """Recompute the audit log's hash chain (see :func:`duiding.store.audit.verify_chain`)."""
        with self.engine.connect() as conn:
            return audit.verify_chain(conn)

    # --- privacy -----------------------------------------------------------------------------
    def erase_member(self, case_id: str, member_id: str, user: str) -> Case:
        """AVG art. 17: remove one member everywhere, in one transaction.

        Removes the member, their ties, their place in incidents and plan measures, and replaces their
        name (also each part of it), and pseudonym in free text by "[verwijderd]" - in the current
        case (as a new version), in every frozen version of it and in the frozen versions' labels.
        The audit entry names only the member id. Returns the case.
        """
        now = datetime.now(UTC)
        with self._write() as conn:
            row = self._locked_row(conn, case_id)
            data, version = json.loads(row[0]), int(row[1])
            member = next((m for m in data.get("members", []) if m.get("id") == member_id), None)
            if member is None:
                raise StoreError(f"Lid '{member_id}' komt niet voor in deze casus; er is niets gewist.")
            words = [w for w in (member.get("name"), member.get("pseudonym")) if w and str(w).strip()]
            words += [w for w in audit._name_words([member]) if w not in {x.casefold() for x in words}]
            data = erase_member_from_body(data, member_id, words)
            case = case_from_dict(data)
            case.version = version + 1
            _, body = case_body(case)
            result = conn.execute(
                cases.update()
                .where(cases.c.id == case_id, cases.c.version == version)
                .values(
                    version=version + 1,
                    updated_at=now,
                    updated_by=text_column(user, 200),
                    body=body,
                    **self._row_columns(case),
                )
            )
            if result.rowcount != 1:
                self._refuse(conn, case_id, version)
            snaps = conn.execute(
                sa.select(case_snapshots.c.id, case_snapshots.c.body, case_snapshots.c.label).where(
                    case_snapshots.c.case_id == case_id
                )
            ).all()
            for snap_id, snap_body, label in snaps:
                erased = erase_member_from_body(json.loads(snap_body), member_id, words)
                conn.execute(
                    case_snapshots.update()
                    .where(case_snapshots.c.id == snap_id)
                    .values(body=encode(erased), label=erase_words(label, words))
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
        self._names = None
        self._checkpoint()
        return case

    def _checkpoint(self) -> None:
        """After deleting personal data: move the WAL into the file (freed pages zeroed by
        secure_delete) and truncate it, so old page images do not linger. Best effort."""
        if self.dialect != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
