"""Upgrading keeps a municipality's data: a database written by the previous release
(``tests/fixtures/release-0001.db``, made with ``tests/fixtures/make_release_db.py`` at that release's
commit) is migrated in place by ``python -m duiding init`` and then opens, analyses and exports with
today's code, with every case, frozen version and audit row intact. The same on PostgreSQL: the
fixture's rows are restored into a fresh schema at the release's revision, then migrated."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from test_store_postgres import pg_schema_url  # noqa: F401 - fixture

from duiding import cli
from duiding.io import from_bundle
from duiding.store import CaseStore, VersionConflict, alembic_config, dispose_engines

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "release-0001.db"
MANIFEST = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _release_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row the release wrote, read with plain sqlite3 from the committed (unmigrated) file."""
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in ("cases", "case_snapshots", "audit_log")
        }
    finally:
        conn.close()


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    """``python -m duiding --database url args`` in this process (same code, no interpreter start-up)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--database", url, *args])
        except SystemExit as exc:  # argparse (--help, usage errors)
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def assert_kept(old: Any, new: Any, where: str = "body") -> None:
    """Everything in ``old`` is in ``new`` with the same value; ``new`` may add fields (new defaults)."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for key, value in old.items():
            assert key in new, f"{where}.{key} ontbreekt na de upgrade"
            assert_kept(value, new[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), f"{where}: {len(old)} -> {len(new)}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            assert_kept(a, b, f"{where}[{i}]")
    else:
        assert new == old, f"{where}: {old!r} -> {new!r}"


def test_fixture_is_what_the_release_wrote():
    rows = _release_rows()
    assert MANIFEST["schema_revision"] == "0001"
    assert (
        {t: len(r) for t, r in rows.items()}
        == MANIFEST["counts"]
        == {
            "cases": 2,
            "case_snapshots": 3,
            "audit_log": 14,
        }
    )
    digest = {str(r["id"]): hashlib.sha256(r["body"].encode()).hexdigest() for r in rows["cases"]}
    assert digest == MANIFEST["case_bodies_sha256"]
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    finally:
        conn.close()


def check_upgraded(url: str, rows: dict[str, list[dict[str, Any]]], tmp_path: Path) -> None:
    """After ``init`` on ``url``: every release row is there and the app's main paths work on it."""
    result = subprocess.run(  # the real command, as the upgrade guide runs it
        [sys.executable, "-m", "duiding", "--database", url, "init"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Database klaar; 2 casus(sen) aanwezig."  # no sample case added
    assert _cli(url, "init").returncode == 0  # a second run changes nothing

    dispose_engines()
    store = CaseStore(url, migrate=False)
    assert store.schema_revision() == _head()

    # Cases: same ids, versions and every stored field.
    summaries = {s.id: s for s in store.list_cases()}
    assert {i: s.version for i, s in summaries.items()} == MANIFEST["case_versions"]
    for row in rows["cases"]:
        case = store.load(row["id"])
        assert case.version == row["version"]
        assert_kept(json.loads(row["body"]), case.to_dict(), row["id"])
        assert summaries[row["id"]].name == row["name"]
        assert summaries[row["id"]].updated_by == row["updated_by"]

    # Frozen versions: same ids, labels, versions, authors and contents.
    for row in rows["case_snapshots"]:
        snap = store.snapshot(row["id"])
        assert (snap.case_id, snap.version, snap.label, snap.frozen_by) == (
            row["case_id"],
            row["version"],
            row["label"],
            row["frozen_by"],
        )
        assert snap.frozen_at == _utc(row["frozen_at"])
        assert_kept(json.loads(row["body"]), store.load_snapshot(row["id"]).to_dict(), f"versie {row['id']}")
    assert [s.label for s in store.snapshots("fictief-parkweg")] == ["Overleg 2 april", "Overleg 7 mei"]

    # Audit log: every release row, unchanged and in order.
    entries = store.audit_entries()
    assert [
        (e.id, e.at, e.user, e.case_id, e.action, e.detail) for e in entries[: len(rows["audit_log"])]
    ] == [
        (r["id"], _utc(r["at"]), r["user"], r["case_id"], r["action"], r["detail"]) for r in rows["audit_log"]
    ]
    assert [e.action for e in entries].count("delete") == 1

    # Analyses and exports of the upgraded cases (the CLI runs the same functions as the pages).
    for case_id, n_members in (("voorbeeld-stationsplein", 25), ("fictief-parkweg", 4)):
        result = _cli(url, "analyse", "--case", case_id, "--format", "json")
        assert result.returncode == 0, result.stderr
        analysis = json.loads(result.stdout)
        assert len(analysis["members"]) == n_members
        assert all(m["suggested_role"] for m in analysis["members"])

        out = tmp_path / f"{case_id}.json"
        result = _cli(url, "export", "--case", case_id, "--format", "json", "--names", "--out", str(out))
        assert result.returncode == 0, result.stderr
        exported = from_bundle(json.loads(out.read_text(encoding="utf-8")))
        stored = store.load(case_id)
        assert exported.members == stored.members and exported.ties == stored.ties
        assert exported.plan == stored.plan and exported.incidents == stored.incidents
        for fmt, path in (("xlsx", f"{case_id}.xlsx"), ("gexf", f"{case_id}.gexf")):
            result = _cli(url, "export", "--case", case_id, "--format", fmt, "--out", str(tmp_path / path))
            assert result.returncode == 0, result.stderr
            assert (tmp_path / path).stat().st_size > 1000
        result = _cli(url, "export", "--case", case_id, "--plan", "md", "--out", str(tmp_path / "plan.md"))
        assert result.returncode == 0, result.stderr
    if any(a.startswith("audit") for a in _cli(url, "--help").stdout.split()):
        result = _cli(url, "audit", "verify")
        assert result.returncode == 0, result.stdout + result.stderr

    # Editing goes on where the release left off, and the version rule still holds.
    case = store.load("fictief-parkweg")
    case.members[0].note = "Na de upgrade bijgewerkt"
    saved = store.save(case, "regisseur")
    assert saved.version == 3
    with pytest.raises(VersionConflict):
        store.save(case, "politie")
    store.freeze("fictief-parkweg", "Na de upgrade", "regisseur")
    assert [s.version for s in store.snapshots("fictief-parkweg")] == [1, 2, 3]
    assert (
        store.load_snapshot(rows["case_snapshots"][0]["id"]).version == rows["case_snapshots"][0]["version"]
    )


def test_sqlite_database_of_previous_release_upgrades_in_place(tmp_path):
    db = tmp_path / "groepsduiding.db"
    shutil.copyfile(FIXTURE, db)
    check_upgraded(f"sqlite:///{db}", _release_rows(), tmp_path)


@pytest.mark.postgres
def test_postgres_database_of_previous_release_upgrades_in_place(pg_schema_url, tmp_path):  # noqa: F811
    """The release's rows restored into a schema at the release's revision, then ``init``."""
    from alembic import command

    rows = _release_rows()
    engine = sa.create_engine(pg_schema_url)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(connection=conn), MANIFEST["schema_revision"])
            conn.commit()
        with engine.begin() as conn:
            tables = sa.MetaData()
            tables.reflect(conn, only=["cases", "case_snapshots", "audit_log"])
            for name in ("cases", "case_snapshots", "audit_log"):
                table = tables.tables[name]
                stamped = {c.name for c in table.columns if isinstance(c.type, sa.DateTime)}
                conn.execute(
                    table.insert(),
                    [{k: _utc(v) if k in stamped else v for k, v in r.items()} for r in rows[name]],
                )
                if name != "cases":  # as pg_restore does: serial counters continue after the restored ids
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                    )
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"
    finally:
        engine.dispose()
    check_upgraded(pg_schema_url, rows, tmp_path)
