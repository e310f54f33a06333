"""The audit log is tamper-evident and cannot be flooded; its details name no one (AVG art. 17)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from duiding.model import Case, Member
from duiding.sample import load_sample_case
from duiding.store import CaseStore, dispose_engines
from duiding.store import audit as audit_mod

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "audit.db"
    store = CaseStore(f"sqlite:///{path}")
    yield store, path
    dispose_engines()


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "duiding", "--database", f"sqlite:///{path}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_insert_or_replace_with_an_existing_id_is_refused_even_without_the_store(db):
    """Before: INSERT OR REPLACE rewrote row 1 (the delete trigger did not fire)."""
    store, path = db
    store.log("ann", "view", "c1", "bekeken")
    raw = sqlite3.connect(path)  # a plain connection: recursive_triggers off, as an attacker would have it
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(
            'INSERT OR REPLACE INTO audit_log (id, at, "user", case_id, action, detail, hash) '
            "VALUES (1, '2026-01-01 00:00:00', 'mallory', NULL, 'view', 'vervalst', 'x')"
        )
    raw.close()
    with store.engine.begin() as conn:  # the store's own connections refuse it too
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            conn.exec_driver_sql(
                'INSERT OR REPLACE INTO audit_log (id, at, "user", case_id, action, detail) '
                "VALUES (1, '2026-01-01 00:00:00', 'mallory', NULL, 'view', 'vervalst')"
            )
    assert [(e.id, e.user, e.detail) for e in store.audit_entries()] == [(1, "ann", "bekeken")]


def test_every_row_is_chained_to_the_one_before(db):
    store, _ = db
    case = store.create(Case(name="Groep", id="c1"), "ann")
    store.save(case, "bob", "Context gewijzigd")
    store.log("carla", "login")
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text('SELECT id, at, "user", case_id, action, detail, hash FROM audit_log ORDER BY id')
        ).all()
    previous = audit_mod.GENESIS
    entries = store.audit_entries()
    assert [r[0] for r in rows] == [1, 2, 3]
    for row, entry in zip(rows, entries, strict=True):
        previous_expected = audit_mod.entry_hash(
            previous, entry.id, entry.at, entry.user, entry.case_id, entry.action, entry.detail
        )
        assert row[6] == previous_expected
        previous = row[6]
    report = store.verify_audit()
    assert (report.rows, report.last_id, report.last_hash, report.breaks) == (3, 3, previous, ())


def test_audit_verify_reports_a_changed_and_a_removed_row_with_exit_code_and_dutch_message(db):
    store, path = db
    for i in range(5):
        store.log("ann", "view", "c1", f"Pagina {i} bekeken")
    ok = _cli(path, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(
        "Auditlog in orde: 5 regels, de hashketen is ononderbroken. Laatste regel 5, hash "
    )

    raw = sqlite3.connect(path)  # an attacker with the file: drop the triggers, edit row 2, remove row 4
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("DROP TRIGGER audit_log_no_delete")
    raw.execute("UPDATE audit_log SET detail = 'niets bekeken' WHERE id = 2")
    raw.execute("DELETE FROM audit_log WHERE id = 4")
    raw.commit()
    raw.close()

    bad = _cli(path, "audit", "verify")
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert lines[0] == "Het auditlog is aangetast: 2 breuk(en) in de hashketen."
    assert lines[1].startswith("Regel 2 (") and lines[2].startswith("Regel 5 (")
    assert all(
        line.endswith(
            "de hash klopt niet: deze regel is gewijzigd, of een regel ervoor is verwijderd of ingevoegd."
        )
        for line in lines[1:]
    )


def test_failed_logins_are_counted_not_flooded_into_the_audit_log(db):
    """Before: 40 failed logins wrote 40 audit rows that can never be removed."""
    store, _ = db
    counts = [store.log_failed_login("198.51.100.7", "") for _ in range(40)]
    assert counts == list(range(1, 41))
    rows = store.audit_entries(action="login_failed")
    assert len(rows) == 1
    assert rows[0].user == "onbekend"
    assert rows[0].detail.startswith("Mislukte aanmelding vanaf adres 198.51.100.7; verdere pogingen tot ")
    # When the window has ended, one row with the total.
    later = datetime.now(UTC) + audit_mod.FAILED_LOGIN_WINDOW + timedelta(seconds=1)
    with store._write() as conn:
        assert audit_mod.close_windows(conn, later) == 1
    rows = store.audit_entries(action="login_failed")
    assert len(rows) == 2 and rows[1].detail.startswith(
        "40 mislukte aanmeldingen vanaf adres 198.51.100.7 tussen "
    )
    assert store.verify_audit().intact


def test_failed_logins_from_many_addresses_share_one_count_past_the_cap(db):
    store, _ = db
    for i in range(audit_mod.FAILED_LOGIN_KEYS + 30):
        store.log_failed_login(f"10.0.{i // 250}.{i % 250}", "")
    rows = store.audit_entries(action="login_failed")
    assert len(rows) == audit_mod.FAILED_LOGIN_KEYS + 1
    assert rows[-1].detail.startswith("Mislukte aanmelding vanaf meerdere adressen")


def test_beheer_reads_the_log_one_page_at_a_time(db):
    store, _ = db
    for i in range(250):
        store.log("ann", "view", "c1" if i % 2 else "c2", f"Pagina {i} bekeken")
    rows, total = store.audit_page(page=0, per_page=100)
    assert (len(rows), total, rows[0].id, rows[-1].id) == (100, 250, 250, 151)
    rows, total = store.audit_page(audit_mod.AuditFilter(case_id="c1"), page=1, per_page=100)
    assert (len(rows), total, rows[0].id) == (25, 125, 50)
    assert store.audit_values("case_id") == ["c1", "c2"]


def test_audit_details_hold_ids_and_codes_not_names(db):
    """Before: 'Teamrol gewijzigd op Netwerk: Dex (J01): …' and case names and labels in free text."""
    store, _ = db
    case = store.create(load_sample_case(), "ann")
    dex = case.member("m01")
    assert dex.name == "Dex"
    dex.team_role = "meeloper"
    case = store.save(case, "ann", what=f"Teamrol gewijzigd op Netwerk: {dex.name} (J01): Kopstuk → Meeloper")
    store.log("ann", "export", case.id, f"Inzageoverzicht van {dex.name} gedownload")
    store.rename(case.id, "Groep rond Dex", "ann")
    store.freeze(case.id, "Overleg over Dex", "ann")
    details = [e.detail for e in store.audit_entries()]
    assert details[1] == "Teamrol gewijzigd op Netwerk (versie 2): m01: team_role leader → meeloper"
    assert details[2] == "Inzageoverzicht van m01 gedownload"
    assert details[3] == "Casus hernoemd (versie 3)"
    assert details[4] == "Versie 3 vastgelegd (vastgelegde versie 1)"
    assert not any("Dex" in d or "J01" in d for d in details)


def test_erasure_leaves_no_name_in_the_database_file_or_wal_audit_included(tmp_path):
    """Before: the audit log kept 'Teamrol gewijzigd op Netwerk: <naam> (J01)' after art. 17."""
    path = tmp_path / "x.db"
    store = CaseStore(f"sqlite:///{path}")
    case = load_sample_case()
    case.members[0].name = "Zebulon Quetzalcoatl"
    case.members += [Member(id=f"x{i}", note="opvulling " * 10) for i in range(200)]
    case = store.create(case, "ann")
    case.members[0].team_role = "meeloper"
    case = store.save(case, "ann", what="Teamrol gewijzigd op Netwerk: Zebulon Quetzalcoatl (J01): x → y")
    store.log("ann", "export", case.id, "Export voor Quetzalcoatl")
    store.freeze(case.id, "Overleg over Zebulon", "ann")
    store.erase_member(case.id, "m01", "ann")

    def leftovers() -> list[str]:
        return sorted(
            p.name
            for p in tmp_path.iterdir()
            if b"Quetzalcoatl" in p.read_bytes() or b"Zebulon" in p.read_bytes()
        )

    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db", "x.db-shm", "x.db-wal"]
    assert leftovers() == []  # while the app still has the file open (WAL included)
    assert store.verify_audit().intact
    dispose_engines()
    assert leftovers() == []
