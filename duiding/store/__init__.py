"""Where cases live: a :class:`CaseStore` over SQLAlchemy 2 (SQLite file by default, PostgreSQL by URL).

One concept per module: :mod:`~duiding.store.errors` (Dutch errors), :mod:`~duiding.store.schema`
(tables), :mod:`~duiding.store.engine` (engines, SQLite settings, migrations config),
:mod:`~duiding.store.body` (the case as stored JSON), :mod:`~duiding.store.audit` (the hash-chained
audit log), :mod:`~duiding.store.erasure` (art. 17 on a stored body) and :mod:`~duiding.store.cases`
(the store itself). Tables:

* ``cases``: one row per case; the whole case as compact JSON text in ``body`` plus a few columns for
  listing and the optimistic-locking ``version``.
* ``case_snapshots``: frozen versions ("vastleggen") with label, time and user; read-only copies.
* ``audit_log``: append-only record of who did what, when, on which case, chained by hashes;
  database triggers refuse UPDATE, DELETE and replacing a row.
* ``login_failures``: failed logins counted per window, so guesses cannot flood the audit log.
"""

from __future__ import annotations

from duiding.store.audit import AuditEntry, AuditFilter, ChainBreak, ChainReport

# Kept for callers that rewrite every version of a case in one transaction (anonymising).
from duiding.store.body import case_body as _body  # noqa: F401
from duiding.store.body import case_from_dict, case_to_dict
from duiding.store.cases import CaseStore, CaseSummary, Snapshot
from duiding.store.engine import alembic_config, default_url, dispose_engines, get_engine, normalise_url
from duiding.store.erasure import ERASED
from duiding.store.errors import CaseExists, CaseNotFound, SnapshotNotFound, StoreError, VersionConflict
from duiding.store.schema import audit_log, case_snapshots, cases, login_failures, metadata

__all__ = [
    "ERASED",
    "AuditEntry",
    "AuditFilter",
    "CaseExists",
    "CaseNotFound",
    "CaseStore",
    "CaseSummary",
    "ChainBreak",
    "ChainReport",
    "Snapshot",
    "SnapshotNotFound",
    "StoreError",
    "VersionConflict",
    "alembic_config",
    "audit_log",
    "case_from_dict",
    "case_snapshots",
    "case_to_dict",
    "cases",
    "default_url",
    "dispose_engines",
    "get_engine",
    "login_failures",
    "metadata",
    "normalise_url",
]
