"""The audit log: append-only rows chained by hashes, details of ids and codes, failed logins counted.

Every row stores ``hash = sha256(previous row's hash + "\\n" + canonical content)``, where the canonical
content is the JSON array ``[id, at, user, case_id, action, detail]``. Rows are written under one write
lock (SQLite's ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), with id = previous id + 1, so the chain
has one order. :func:`verify_chain` recomputes it and reports every row where it breaks: a row that was
changed, removed or slipped in. (Cutting rows off the end leaves a shorter chain that still verifies:
compare the reported last row and hash with an earlier run to see that.)

Details hold ids and codes, never names or free text: the store builds them itself (see
:func:`change_summary`), keeps only the fixed head of a caller's description (:func:`detail_head`) and
replaces any member name in it by the member's id (:func:`without_names`), so erasing a member (AVG
art. 17) leaves no name in the log that can never be cleaned.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from duiding.store.body import text_column
from duiding.store.schema import audit_log, login_failures

__all__ = [
    "FAILED_LOGIN_WINDOW",
    "AuditEntry",
    "AuditFilter",
    "ChainBreak",
    "ChainReport",
    "append",
    "change_summary",
    "detail_head",
    "entry_hash",
    "verify_chain",
    "without_names",
]

GENESIS = "0" * 64
PG_AUDIT_LOCK = 0x6175_6474  # "audt": one audit writer at a time on PostgreSQL
FAILED_LOGIN_WINDOW = timedelta(minutes=15)
# At most this many (client, account) pairs are counted apart per window; the rest share one count.
FAILED_LOGIN_KEYS = 50
OTHER = "*"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    case_id: str | None
    action: str
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    """Which audit rows to read; ``None`` means any."""

    case_id: str | None = None
    action: str | None = None
    user: str | None = None

    def where(self, query: Any) -> Any:
        c = audit_log.c
        if self.case_id is not None:
            query = query.where(c.case_id == self.case_id)
        if self.action is not None:
            query = query.where(c.action == self.action)
        if self.user is not None:
            query = query.where(c.user == self.user)
        return query


# --- the chain ---------------------------------------------------------------------------------------


def _canonical_time(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    previous: str, row_id: int, at: datetime, user: str, case_id: str | None, action: str, detail: str
) -> str:
    """The hash of one audit row given the hash of the row before it.

    >>> entry_hash(GENESIS, 1, datetime(2026, 3, 12, 9, 30, tzinfo=UTC), "ann", "c1", "view", "x")[:12]
    '831bda4a9db8'
    """
    content = json.dumps(
        [row_id, _canonical_time(at), user, case_id, action, detail], ensure_ascii=True, separators=(",", ":")
    )
    return hashlib.sha256(f"{previous}\n{content}".encode("ascii")).hexdigest()


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_AUDIT_LOCK})")
    # SQLite: the store's write transactions start with BEGIN IMMEDIATE, which already serialises them.


def append(conn: Connection, user: str, action: str, case_id: str | None, detail: str, at: datetime) -> int:
    """Write one audit row, chained to the last one; returns its id. Call inside a write transaction."""
    if not action:
        raise ValueError("audit action is empty")
    _lock(conn)
    last = conn.execute(
        sa.select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    row_id = int(last[0]) + 1 if last else 1
    previous = (last[1] or GENESIS) if last else GENESIS
    user, action = text_column(user, 200), text_column(action, 40)
    detail = text_column(detail, 100_000)
    at = at.astimezone(UTC)
    conn.execute(
        audit_log.insert().values(
            id=row_id,
            at=at,
            user=user,
            case_id=case_id,
            action=action,
            detail=detail,
            hash=entry_hash(previous, row_id, at, user, case_id, action, detail),
        )
    )
    return row_id


@dataclass(frozen=True)
class ChainBreak:
    row_id: int
    at: datetime | None
    reason: str

    def message(self) -> str:
        when = f" ({_local(self.at)})" if self.at else ""
        return f"Regel {self.row_id}{when}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    rows: int
    last_id: int | None
    last_hash: str | None
    breaks: tuple[ChainBreak, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks


def _local(at: datetime) -> str:
    from duiding.store.errors import local_time

    return local_time(at)


def verify_chain(conn: Connection, page: int = 5_000) -> ChainReport:
    """Recompute the hash chain over every audit row, oldest first; a break is reported on the row
    where the recomputed hash differs from the stored one, and checking goes on from the stored hash
    (so one changed row gives one break, not a break on every later row)."""
    c = audit_log.c
    previous, rows, last_id, breaks = GENESIS, 0, None, []
    after = None
    while True:
        query = (
            sa.select(c.id, c.at, c.user, c.case_id, c.action, c.detail, c.hash).order_by(c.id).limit(page)
        )
        if after is not None:
            query = query.where(c.id > after)
        batch = conn.execute(query).all()
        if not batch:
            break
        for row_id, at, user, case_id, action, detail, stored in batch:
            rows += 1
            if stored is None:
                breaks.append(
                    ChainBreak(
                        int(row_id), at, "deze regel heeft geen hash: hij is buiten de app om geschreven."
                    )
                )
            else:
                expected = entry_hash(previous, int(row_id), at, user, case_id, action, detail)
                if expected != stored:
                    breaks.append(
                        ChainBreak(
                            int(row_id),
                            at,
                            "de hash klopt niet: deze regel is gewijzigd, of een regel ervoor is verwijderd "
                            "of ingevoegd.",
                        )
                    )
            previous = stored or previous
            last_id = int(row_id)
        after = last_id
    return ChainReport(rows, last_id, previous if rows else None, tuple(breaks))


def backfill_chain(conn: Connection) -> int:
    """Give rows written before the chain existed their hashes (used by the migration that adds it)."""
    c = audit_log.c
    previous, n = GENESIS, 0
    for row_id, at, user, case_id, action, detail in conn.execute(
        sa.select(c.id, c.at, c.user, c.case_id, c.action, c.detail).order_by(c.id)
    ):
        previous = entry_hash(previous, int(row_id), at, user, case_id, action, detail)
        conn.execute(audit_log.update().where(c.id == row_id).values(hash=previous))
        n += 1
    return n


# --- details: ids and codes --------------------------------------------------------------------------

_HEAD_END = re.compile(r"[:'\"‘’“”(\[{]")


def detail_head(what: str) -> str:
    """The fixed part of a caller's description: the text before the first colon, quote or bracket.

    >>> detail_head("Teamrol gewijzigd op Netwerk: Dex (J01): geen → Kopstuk")
    'Teamrol gewijzigd op Netwerk'
    >>> detail_head("Plan: maatregel 'Gesprek met Dex' opgeslagen")
    'Plan'
    """
    head = _HEAD_END.split(what or "", maxsplit=1)[0]
    return " ".join(head.split())[:200]


_PARTICLES = {
    "de",
    "der",
    "den",
    "van",
    "von",
    "het",
    "ten",
    "ter",
    "te",
    "la",
    "le",
    "el",
    "al",
    "bin",
    "ibn",
    "da",
    "do",
    "dos",
    "di",
}


def _name_words(members: Iterable[dict[str, Any]]) -> dict[str, str]:
    """word → member id for every member's full name and each part of it (longest first)."""
    words: dict[str, str] = {}
    for member in members:
        name = str(member.get("name") or "").strip()
        member_id = str(member.get("id") or "")
        if not name or not member_id:
            continue
        words.setdefault(name.casefold(), member_id)
        for part in re.split(r"[\s\-]+", name):
            if len(part) >= 2 and part.casefold() not in _PARTICLES:
                words.setdefault(part.casefold(), member_id)
    return words


def without_names(text: str, members: Iterable[dict[str, Any]]) -> str:
    """``text`` with every member's name (also a first or last name alone) replaced by the member's id.

    >>> without_names("Gesprek met Dex en de Vries", [{"id": "m01", "name": "Dex de Vries"}])
    'Gesprek met m01 en de m01'
    """
    words = _name_words(members)
    if not text or not words:
        return text
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    return pattern.sub(lambda m: words[m.group(0).casefold()], text)


# Member fields whose values are codes (shown in the detail); other changed fields are named only.
_CODED_MEMBER_FIELDS = ("typing", "team_role", "source")
_MAX_IDS = 20


def _ids(values: list[str]) -> str:
    shown = ", ".join(values[:_MAX_IDS])
    return shown + (f" en {len(values) - _MAX_IDS} meer" if len(values) > _MAX_IDS else "")


def _keyed(items: list[Any], key: Any) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for i, item in enumerate(items or []):
        if isinstance(item, dict):
            out[key(item, i)] = item
    return out


def change_summary(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """What changed between two case bodies, in ids, codes and counts only.

    >>> change_summary({"members": [{"id": "m1", "team_role": None}]},
    ...                {"members": [{"id": "m1", "team_role": "kopstuk"}, {"id": "m2"}]})
    'leden erbij: m2; m1: team_role geen → kopstuk'
    """
    before = before or {}
    parts: list[str] = []
    old_m = _keyed(before.get("members", []), lambda m, i: m.get("id"))
    new_m = _keyed(after.get("members", []), lambda m, i: m.get("id"))
    added = [str(k) for k in new_m if k not in old_m]
    removed = [str(k) for k in old_m if k not in new_m]
    if added:
        parts.append(f"leden erbij: {_ids(added)}")
    if removed:
        parts.append(f"leden weg: {_ids(removed)}")
    changed = 0
    for member_id, member in new_m.items():
        old = old_m.get(member_id)
        if old is None or old == member:
            continue
        changed += 1
        if changed > _MAX_IDS:
            continue
        fields = sorted(k for k in set(old) | set(member) if old.get(k) != member.get(k))
        described = [
            f"{k} {old.get(k) or 'geen'} → {member.get(k) or 'geen'}" if k in _CODED_MEMBER_FIELDS else k
            for k in fields
        ]
        parts.append(f"{member_id}: {', '.join(described)}")
    if changed > _MAX_IDS:
        parts.append(f"nog {changed - _MAX_IDS} leden gewijzigd")
    for key, label, keyer in (
        ("ties", "relaties", lambda t, i: (t.get("source"), t.get("target"), t.get("layer"), t.get("id"))),
        ("incidents", "incidenten", lambda t, i: t.get("id") or i),
        ("contacts", "contactpersonen", lambda t, i: t.get("id") or i),
    ):
        old_k, new_k = _keyed(before.get(key, []), keyer), _keyed(after.get(key, []), keyer)
        plus = sum(1 for k in new_k if k not in old_k)
        minus = sum(1 for k in old_k if k not in new_k)
        diff = sum(1 for k in new_k if k in old_k and old_k[k] != new_k[k])
        counts = [
            f"+{plus}" if plus else "",
            f"−{minus}" if minus else "",
            f"{diff} gewijzigd" if diff else "",
        ]
        if any(counts):
            parts.append(f"{label} {' '.join(c for c in counts if c)}")
    skip = {"members", "ties", "incidents", "contacts", "version"}
    other = sorted(k for k in set(before) | set(after) if k not in skip and before.get(k) != after.get(k))
    if other and before:
        parts.append(f"gewijzigd: {', '.join(other)}")
    return "; ".join(parts)


# --- reading -----------------------------------------------------------------------------------------


def entries(
    conn: Connection,
    where: AuditFilter,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[AuditEntry]:
    c = audit_log.c
    query = where.where(sa.select(c.id, c.at, c.user, c.case_id, c.action, c.detail))
    query = query.order_by(c.id.desc() if newest_first or limit is not None else c.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = [AuditEntry(*row) for row in conn.execute(query)]
    if limit is not None and not newest_first:
        rows.reverse()
    return rows


def count(conn: Connection, where: AuditFilter) -> int:
    return int(conn.execute(where.where(sa.select(sa.func.count()).select_from(audit_log))).scalar() or 0)


def distinct(conn: Connection, column: str) -> list[str]:
    col = audit_log.c[column]
    return [v for (v,) in conn.execute(sa.select(col).where(col.is_not(None)).distinct().order_by(col))]


def iter_entries(conn: Connection, where: AuditFilter, page: int = 2_000) -> Iterator[AuditEntry]:
    """Every matching row, oldest first, read in pages (for exports of a long log)."""
    c = audit_log.c
    after = 0
    while True:
        query = where.where(sa.select(c.id, c.at, c.user, c.case_id, c.action, c.detail).where(c.id > after))
        batch = [AuditEntry(*row) for row in conn.execute(query.order_by(c.id).limit(page))]
        if not batch:
            return
        yield from batch
        after = batch[-1].id


# --- failed logins -----------------------------------------------------------------------------------

_CLIENT_OK = re.compile(r"[^0-9A-Za-z.:\-\[\]_]")


def clean_client(client: str) -> str:
    """A client address as stored: address characters only, at most 64 of them.

    >>> clean_client("203.0.113.7<script>")
    '203.0.113.7script'
    """
    return _CLIENT_OK.sub("", str(client or ""))[:64] or "onbekend"


def window_start(at: datetime) -> datetime:
    seconds = int(FAILED_LOGIN_WINDOW.total_seconds())
    epoch = int(at.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


def _fmt_window(start: datetime) -> str:
    end = start + FAILED_LOGIN_WINDOW
    return f"{_local(start)}–{_local(end)[-5:]}"


def close_windows(conn: Connection, now: datetime) -> int:
    """Write the totals of windows that have ended into the audit log (only where there was more than
    the one attempt already logged) and forget them; returns how many totals were written."""
    f = login_failures.c
    current = window_start(now)
    rows = conn.execute(
        sa.select(f.window_start, f.client, f.user, f.count, f.last_at)
        .where(f.window_start < current)
        .order_by(f.window_start, f.client, f.user)
    ).all()
    written = 0
    for start, client, user, n, last_at in rows:
        if n > 1:
            who = "meerdere adressen" if client == OTHER else f"adres {client}"
            append(
                conn,
                "onbekend" if user in ("", OTHER) else user,
                "login_failed",
                None,
                f"{n} mislukte aanmeldingen vanaf {who} tussen {_fmt_window(start)}",
                last_at,
            )
            written += 1
    if rows:
        conn.execute(login_failures.delete().where(f.window_start < current))
    return written


def record_failed_login(conn: Connection, client: str, user: str, now: datetime) -> int:
    """Count one failed login; the first of a window for this (client, account) is written to the audit
    log at once, later ones only when the window closes. Returns the count in this window."""
    f = login_failures.c
    close_windows(conn, now)
    start = window_start(now)
    client, user = clean_client(client), text_column(user or "", 200)
    key = (f.window_start == start) & (f.client == client) & (f.user == user)
    row = conn.execute(sa.select(f.count).where(key)).first()
    if row is None:
        keys = conn.execute(
            sa.select(sa.func.count()).select_from(login_failures).where(f.window_start == start)
        ).scalar()
        if (keys or 0) >= FAILED_LOGIN_KEYS:
            client, user = OTHER, OTHER
            key = (f.window_start == start) & (f.client == client) & (f.user == user)
            row = conn.execute(sa.select(f.count).where(key)).first()
    if row is None:
        conn.execute(
            login_failures.insert().values(
                window_start=start, client=client, user=user, count=1, first_at=now, last_at=now
            )
        )
        who = "meerdere adressen" if client == OTHER else f"adres {client}"
        append(
            conn,
            "onbekend" if user in ("", OTHER) else user,
            "login_failed",
            None,
            f"Mislukte aanmelding vanaf {who}; verdere pogingen tot {_local(start + FAILED_LOGIN_WINDOW)[-5:]} worden geteld",
            now,
        )
        return 1
    n = int(row[0]) + 1
    conn.execute(login_failures.update().where(key).values(count=n, last_at=now))
    return n
