"""Cases persist exactly, saves never silently overwrite each other, frozen versions stay frozen,
the audit log records every write, art. 17 erasure leaves no trace, and a killed process loses
nothing committed.

The behaviour tests live in :class:`StoreBehaviour` and run against SQLite here and against
PostgreSQL in ``test_store_postgres.py``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from duiding.model import (
    Assessment,
    Case,
    Contact,
    Context,
    Decision,
    Goal,
    Incident,
    Measure,
    Member,
    Plan,
    StatusUpdate,
    Tie,
)
from duiding.sample import load_sample_case
from duiding.store import (
    CaseExists,
    CaseNotFound,
    CaseStore,
    SnapshotNotFound,
    StoreError,
    VersionConflict,
    case_from_dict,
    case_to_dict,
    default_url,
    dispose_engines,
)

ROOT = Path(__file__).resolve().parent.parent


def full_case() -> Case:
    """A small case with every kind of field filled, including dates, None and non-ASCII text."""
    return Case(
        name="Groep Rembrandtplein",
        id="c-full",
        municipality="Groningen",
        area="Oost",
        step="3",
        decisions=[Decision("2A", date(2025, 3, 4), "Ja, problematisch"), Decision("2B", date(2025, 4, 1))],
        context=Context(
            "Hangen bij de snackbar", ["Snackbar 't Hoekje", "Park"], ["Snapchat"], "vrijdagavond"
        ),
        beke={"severity": Assessment("high", "Ernstige overlast; één incident met geweld")},
        legacy_class="nuisance",
        classification="Vertrouwelijk",
        retention_date=date(2027, 1, 31),
        members=[
            Member(
                id="m1", pseudonym="J01", name="Noë", birth_year=2009, typing="risk", problems=["nuisance"]
            ),
            Member(id="m2", pseudonym="J02", first_seen=date(2025, 1, 2), last_seen=date(2025, 6, 30)),
        ],
        contacts=[Contact(id="k1", role="trainer voetbalclub")],
        ties=[
            Tie("m1", "m2", layer="online", strength=3, confidence="suspected", partner="police", id="t1"),
            Tie("m1", "k1", layer="supportive", id="t2", first_seen=date(2025, 2, 1)),
        ],
        incidents=[
            Incident("i1", date(2025, 5, 5), "violence", "Park", ["m1", "m2"], "police", "Vechtpartij")
        ],
        conclusions={"roles": "J01 lijkt het kopstuk"},
        plan=Plan(
            problem_definition="Overlast & intimidatie <script>",
            goals=[Goal("g1", "reduce_nuisance", "Minder overlast")],
            measures=[
                Measure(
                    "ms1",
                    track="person",
                    title="Gesprek",
                    member_ids=["m1"],
                    goal_ids=["g1"],
                    start=date(2025, 6, 1),
                    updates=[StatusUpdate(date(2025, 6, 2), "running", "gestart")],
                )
            ],
        ),
    )


# Any text a user or an import could produce, plus what databases choke on (NUL, lone surrogates).
ANY_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x00", "\ud800", "\udfff", "'", '"', "\\", "é", "ë", "🙂", "\u2028"]),
    ),
    max_size=40,
)


def table_texts(store: CaseStore, skip: set[str] = frozenset()) -> dict[str, str]:
    """Every row of every table (but ``skip``) as one text per table."""
    inspector = sa.inspect(store.engine)
    texts = {}
    with store.engine.connect() as conn:
        for table in inspector.get_table_names():
            if table in skip:
                continue
            rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
            texts[table] = "\n".join(" | ".join(str(v) for v in row) for row in rows)
    return texts


class StoreBehaviour:
    """Engine-independent behaviour; subclasses provide the ``store`` fixture (and ``url``)."""

    # --- round trips -----------------------------------------------------------------------
    def test_create_then_load_gives_exactly_the_same_case(self, store):
        case = full_case()
        created = store.create(case, "ann")
        assert created.version == 1
        assert case.version == 0  # the argument is not changed
        loaded = store.load(case.id)
        assert loaded == dataclasses.replace(case, version=1)
        assert loaded.to_dict() == {**case.to_dict(), "version": 1}

    def test_sample_case_round_trips_exactly(self, store):
        sample = load_sample_case()
        store.create(sample, "systeem")
        assert store.load(sample.id).to_dict() == {**sample.to_dict(), "version": 1}

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
    )
    @given(name=ANY_TEXT, note=ANY_TEXT, member_name=ANY_TEXT, label=ANY_TEXT)
    @example(name="a\x00\ud800b", note="\udfff", member_name="Zoë\x00", label="\ud800\x00")
    def test_any_text_round_trips_exactly(self, store, name, note, member_name, label):
        case = full_case()
        case.id = f"c-{uuid.uuid4().hex[:8]}"
        case.name, case.members[0].note, case.members[1].name = name, note, member_name
        created = store.create(case, member_name)
        created.plan.texts["advies"] = note + name
        saved = store.save(created, "ann", what=note)
        assert store.load(case.id) == saved
        assert store.load(case.id).members[1].name == member_name
        snap = store.freeze(case.id, label, "ann")
        assert store.load_snapshot(snap.id) == saved

    def test_save_bumps_version_and_stores_the_change(self, store):
        case = store.create(full_case(), "ann")
        case.members.append(Member(id="m3", pseudonym="J03"))
        saved = store.save(case, "bob", what="Lid toegevoegd")
        assert saved.version == 2
        assert case.version == 1
        loaded = store.load(case.id)
        assert loaded.version == 2
        assert [m.id for m in loaded.members] == ["m1", "m2", "m3"]
        assert loaded == saved
        again = store.save(loaded, "bob")
        assert again.version == 3
        assert store.version(case.id) == 3

    def test_list_cases_gives_summaries_sorted_by_name(self, store):
        b = store.create(Case(name="beta", id="cb", municipality="Zwolle", step="2A"), "ann")
        store.create(Case(name="Alfa", id="ca", municipality="Assen"), "ann")
        store.save(b, "bob")
        summaries = store.list_cases()
        assert [(s.id, s.name, s.municipality, s.step, s.version) for s in summaries] == [
            ("ca", "Alfa", "Assen", "1", 1),
            ("cb", "beta", "Zwolle", "2A", 2),
        ]
        assert summaries[1].updated_by == "bob"
        assert summaries[1].updated_at.tzinfo is not None
        assert abs(summaries[1].updated_at - datetime.now(UTC)) < timedelta(minutes=1)

    def test_rename_makes_a_new_version(self, store):
        store.create(full_case(), "ann")
        renamed = store.rename("c-full", "  Nieuwe naam ", "bob")
        assert (renamed.name, renamed.version) == ("Nieuwe naam", 2)
        assert store.load("c-full").name == "Nieuwe naam"
        assert store.list_cases()[0].name == "Nieuwe naam"
        with pytest.raises(StoreError, match="naam"):
            store.rename("c-full", "   ", "bob")

    # --- conflicts ---------------------------------------------------------------------------
    def test_second_session_saving_the_same_version_gets_a_conflict_and_nothing_is_overwritten(self, store):
        store.create(full_case(), "ann")
        session_a = CaseStore(store.url).load("c-full")
        session_b = CaseStore(store.url).load("c-full")
        session_a.context.description = "wijziging van Ann"
        session_b.context.description = "wijziging van Bob"
        first = store.save(session_a, "ann")
        with pytest.raises(VersionConflict) as info:
            store.save(session_b, "bob")
        message = str(info.value)
        assert "intussen door ann" in message
        assert "nu versie 2, u werkte met versie 1" in message
        assert "niet opgeslagen" in message
        assert (info.value.expected, info.value.current) == (1, 2)
        stored = store.load("c-full")
        assert stored == first
        assert stored.context.description == "wijziging van Ann"
        assert [e.action for e in store.audit_entries("c-full")] == ["create", "change"]

    def test_concurrent_saves_on_one_version_exactly_one_wins(self, store):
        store.create(full_case(), "ann")
        copies = [store.load("c-full") for _ in range(4)]
        barrier = threading.Barrier(len(copies))
        outcome: list[str] = []

        def editor(i: int) -> None:
            copies[i].area = f"wijk {i}"
            barrier.wait()
            try:
                store.save(copies[i], f"user{i}")
                outcome.append(f"ok{i}")
            except VersionConflict:
                outcome.append("conflict")

        threads = [threading.Thread(target=editor, args=(i,)) for i in range(len(copies))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [o for o in outcome if o.startswith("ok")]
        assert len(winners) == 1 and outcome.count("conflict") == 3
        stored = store.load("c-full")
        assert stored.version == 2
        assert stored.area == f"wijk {winners[0][2:]}"

    def test_rename_or_erase_by_someone_else_makes_a_pending_save_conflict(self, store):
        store.create(full_case(), "ann")
        editing = store.load("c-full")
        editing.area = "Noord"
        store.rename("c-full", "Andere naam", "bob")
        with pytest.raises(VersionConflict, match="intussen door bob"):
            store.save(editing, "ann")
        editing = store.load("c-full")
        store.erase_member("c-full", "m2", "bob")
        with pytest.raises(VersionConflict):
            store.save(editing, "ann")
        stored = store.load("c-full")
        assert (stored.name, stored.area, stored.version) == ("Andere naam", "Oost", 3)
        assert [m.id for m in stored.members] == ["m1"]

    def test_saving_a_deleted_case_says_it_no_longer_exists(self, store):
        case = store.create(full_case(), "ann")
        store.delete(case.id, "ann")
        with pytest.raises(CaseNotFound, match="bestaat niet"):
            store.save(case, "ann")

    def test_unknown_case_and_duplicate_id_give_dutch_errors(self, store):
        with pytest.raises(CaseNotFound) as info:
            store.load("bestaat-niet")
        assert str(info.value).startswith("Casus 'bestaat-niet' bestaat niet (meer).")
        store.create(full_case(), "ann")
        with pytest.raises(CaseExists, match="Er bestaat al een casus met id 'c-full'"):
            store.create(full_case(), "bob")
        assert store.load("c-full").version == 1
        with pytest.raises(CaseNotFound):
            store.freeze("bestaat-niet", "x", "ann")
        with pytest.raises(CaseNotFound):
            store.delete("bestaat-niet", "ann")

    # --- frozen versions ---------------------------------------------------------------------
    def test_frozen_version_is_an_exact_copy_of_the_case_at_that_moment(self, store):
        case = store.create(full_case(), "ann")
        case.context.times = "zaterdag"
        case = store.save(case, "ann")
        at_freeze = store.load(case.id)
        snap = store.freeze(case.id, "Overleg 12 maart", "ann")
        assert (snap.case_id, snap.version, snap.label, snap.frozen_by) == (
            case.id,
            2,
            "Overleg 12 maart",
            "ann",
        )

        case.members.pop()
        case = store.save(case, "bob")
        second = store.freeze(case.id, "", "bob")
        assert second.label.startswith("Versie 3 (")

        assert store.load_snapshot(snap.id) == at_freeze
        assert len(store.load_snapshot(second.id).members) == 1
        assert [(s.id, s.version) for s in store.snapshots(case.id)] == [(snap.id, 2), (second.id, 3)]
        assert store.snapshot(snap.id) == snap
        # Reopened read-only: saving it once the case moved on is refused.
        with pytest.raises(VersionConflict):
            store.save(store.load_snapshot(snap.id), "ann")
        with pytest.raises(SnapshotNotFound, match="bestaat niet"):
            store.load_snapshot(987654)

    # --- audit -------------------------------------------------------------------------------
    def test_every_write_leaves_its_audit_entry(self, store):
        case = store.create(full_case(), "ann")
        store.save(case, "bob", what="Incident toegevoegd")
        store.freeze(case.id, "Overleg 1", "carla")
        store.log("dirk", "export", case.id, "CSV leden")
        store.log("eva", "login")
        store.delete(case.id, "ann")
        entries = store.audit_entries()
        assert [(e.user, e.action, e.case_id) for e in entries] == [
            ("ann", "create", "c-full"),
            ("bob", "change", "c-full"),
            ("carla", "freeze", "c-full"),
            ("dirk", "export", "c-full"),
            ("eva", "login", None),
            ("ann", "delete", "c-full"),
        ]
        assert entries[1].detail == "Incident toegevoegd (versie 2)"
        # Ids and codes only: no snapshot label, no case name (free text).
        assert entries[2].detail == "Versie 2 vastgelegd (vastgelegde versie 1)"
        assert entries[5].detail == "Casus verwijderd, met 1 vastgelegde versie(s)"
        assert all(e.at.tzinfo is not None for e in entries)
        assert [e.id for e in entries] == sorted(e.id for e in entries)
        assert [e.action for e in store.audit_entries(case_id="c-full", limit=2)] == ["export", "delete"]
        assert [e.user for e in store.audit_entries(action="export")] == ["dirk"]
        assert [e.action for e in store.audit_entries(user="ann")] == ["create", "delete"]

    def test_audit_log_refuses_update_and_delete(self, store):
        store.log("ann", "view", "c1", "bekeken")
        for statement in ("UPDATE audit_log SET \"user\" = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                with store.engine.begin() as conn:
                    conn.execute(sa.text(statement))
        assert [(e.user, e.action) for e in store.audit_entries()] == [("ann", "view")]

    def test_failed_save_writes_no_audit_entry(self, store):
        case = store.create(full_case(), "ann")
        store.save(case, "ann")
        with pytest.raises(VersionConflict):
            store.save(case, "bob")
        assert [e.user for e in store.audit_entries("c-full")] == ["ann", "ann"]

    # --- delete and privacy ------------------------------------------------------------------
    def test_delete_removes_case_and_frozen_versions_but_keeps_the_audit(self, store):
        store.create(full_case(), "ann")
        snap = store.freeze("c-full", "x", "ann")
        store.create(Case(name="Andere", id="c-other"), "ann")
        store.delete("c-full", "bob")
        assert [s.id for s in store.list_cases()] == ["c-other"]
        assert store.snapshots("c-full") == []
        with pytest.raises(SnapshotNotFound):
            store.load_snapshot(snap.id)
        texts = table_texts(store, skip={"audit_log"})
        assert "Rembrandtplein" not in texts["cases"] + texts["case_snapshots"]
        assert store.audit_entries("c-full")[-1].action == "delete"

    def test_erase_member_leaves_no_name_or_pseudonym_in_any_table(self, store):
        sample = load_sample_case()
        target = sample.members[0]
        name, pseudonym = target.name, target.pseudonym
        assert (target.id, name, pseudonym) == ("m01", "Dex", "J01")
        other = sample.members[1]
        other.note = f"Volgt {name} ({pseudonym}) overal"
        sample.conclusions["roles"] = f"{pseudonym} is het kopstuk; dex regelt alles"
        sample.plan.measures.append(
            Measure("ms-x", title=f"Gesprek met {name}", member_ids=["m01", other.id])
        )
        sample.ties.append(
            Tie("m01", "c01" if sample.contacts else other.id, note=f"{name} en oom", id="t-x")
        )
        n_ties_of_target = sum(1 for t in sample.ties if "m01" in (t.source, t.target))
        n_ties = len(sample.ties)
        case = store.create(sample, "ann")
        store.freeze(case.id, "Overleg 1", "ann")
        case.context.description += f" Kern rond {pseudonym}."
        case = store.save(case, "ann")
        store.freeze(case.id, "Overleg 2", "ann")
        other_store = CaseStore(store.url).load(case.id)  # someone still editing the old version

        erased = store.erase_member(case.id, "m01", "beheerder")

        assert erased.version == case.version + 1
        assert erased == store.load(case.id)
        assert [m.id for m in erased.members] == [m.id for m in sample.members[1:]]
        assert len(erased.ties) == n_ties - n_ties_of_target
        assert all("m01" not in inc.members for inc in erased.incidents)
        assert len(erased.incidents) == len(sample.incidents)
        assert erased.plan.measures[-1].member_ids == [other.id]
        assert erased.members[0].note == "Volgt [verwijderd] ([verwijderd]) overal"
        assert erased.conclusions["roles"] == "[verwijderd] is het kopstuk; [verwijderd] regelt alles"
        words = re.compile(rf"(?<!\w)({re.escape(name)}|{re.escape(pseudonym)})(?!\w)", re.IGNORECASE)
        texts = table_texts(store, skip={"audit_log"})
        assert set(texts) >= {"cases", "case_snapshots", "alembic_version"}
        assert texts["case_snapshots"].count("Overleg") == 2
        for table, text in texts.items():
            assert not words.search(text), f"{table} still holds {words.search(text).group(0)!r}"
        for snap in store.snapshots(case.id):
            frozen = store.load_snapshot(snap.id)
            assert "m01" not in {m.id for m in frozen.members}
            assert all("m01" not in (t.source, t.target) for t in frozen.ties)
        entry = store.audit_entries(case.id)[-1]
        assert (entry.action, entry.user) == ("erase", "beheerder")
        assert "m01" in entry.detail and not words.search(entry.detail)
        # Whoever still has the old version cannot write the member back.
        with pytest.raises(VersionConflict):
            store.save(other_store, "ann")

    def test_erase_unknown_member_changes_nothing(self, store):
        store.create(full_case(), "ann")
        with pytest.raises(StoreError, match="Lid 'm9' komt niet voor"):
            store.erase_member("c-full", "m9", "ann")
        assert store.load("c-full").version == 1

    def test_cases_past_retention(self, store):
        store.create(Case(name="Oud", id="c-old", retention_date=date(2024, 1, 1)), "ann")
        store.create(Case(name="Nieuw", id="c-new", retention_date=date(2030, 1, 1)), "ann")
        store.create(Case(name="Zonder", id="c-none"), "ann")
        assert [c.id for c in store.cases_past_retention(date(2025, 6, 1))] == ["c-old"]
        assert [(c.name, c.retention_date) for c in store.list_cases()] == [
            ("Nieuw", date(2030, 1, 1)),
            ("Oud", date(2024, 1, 1)),
            ("Zonder", None),
        ]


class TestStoreSqlite(StoreBehaviour):
    @pytest.fixture
    def store(self, sqlite_url):
        yield CaseStore(sqlite_url)
        dispose_engines()


# --- fast (de)serialisation equals the model's own ---------------------------------------------


def test_fast_serialisation_gives_exactly_what_the_model_gives():
    sample = load_sample_case()
    big = full_case()
    big.members += [
        Member(id=f"x{i}", pseudonym=f"X{i}", first_seen=date(2025, 1, i % 28 + 1)) for i in range(200)
    ]
    big.ties += [Tie(f"x{i}", f"x{i + 1}", strength=2, id=f"tx{i}") for i in range(199)]
    for case in (sample, big, Case(name="leeg")):
        data = case.to_dict()
        assert case_to_dict(case) == data
        assert list(case_to_dict(case)) == list(data)  # same key order too
        assert case_from_dict(data) == Case.from_dict(data)
        assert case_from_dict(data) == case


def test_fast_loading_converts_loose_json_like_the_model():
    data = full_case().to_dict()
    data["members"][0]["birth_year"] = "2009"
    data["members"][0]["name"] = 12
    data["members"][1]["first_seen"] = "2025-01-02T10:00:00"
    data["ties"][0]["strength"] = 2.0
    data["ties"][0]["derived"] = 0
    data["conclusions"] = {1: "een"}
    data["unknown_key"] = "genegeerd"
    del data["area"]
    loaded = case_from_dict(data)
    assert loaded == Case.from_dict(data)
    assert (loaded.members[0].birth_year, loaded.members[0].name, loaded.area) == (2009, "12", "")
    assert loaded.members[1].first_seen == date(2025, 1, 2)


# --- SQLite specifics -------------------------------------------------------------------------


def test_fresh_file_in_a_new_folder_gets_the_schema_at_head(tmp_path):
    db = tmp_path / "nieuw" / "map" / "cases.db"
    store = CaseStore(f"sqlite:///{db}")
    assert db.exists()
    assert store.schema_revision() == "0002"
    assert {"cases", "case_snapshots", "audit_log", "alembic_version"} <= set(
        sa.inspect(store.engine).get_table_names()
    )
    store.migrate()  # idempotent
    assert store.list_cases() == []
    dispose_engines()


def test_several_processes_starting_on_a_fresh_file_at_once_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'samen.db'}"
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from duiding.model import Case\nfrom duiding.store import CaseStore\n"
        f"CaseStore({url!r}).create(Case(name='p' + sys.argv[1], id='p' + sys.argv[1]), 'u')\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(i)], stderr=subprocess.PIPE) for i in range(4)
    ]
    errors = [p.communicate()[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    store = CaseStore(url)
    assert [c.id for c in store.list_cases()] == ["p0", "p1", "p2", "p3"]
    assert store.schema_revision() == "0002"
    dispose_engines()


def test_in_memory_store_is_one_database_for_all_threads():
    store = CaseStore("sqlite://")
    store.create(full_case(), "ann")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(store.load("c-full").name))
    thread.start()
    thread.join()
    assert seen == ["Groep Rembrandtplein"]
    dispose_engines()


def test_data_survives_closing_and_reopening(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    store = CaseStore(url)
    case = store.create(full_case(), "ann")
    case = store.save(case, "ann")
    store.freeze(case.id, "Overleg", "ann")
    dispose_engines()
    reopened = CaseStore(url)
    assert reopened.load(case.id) == case
    assert len(reopened.snapshots(case.id)) == 1
    assert [e.action for e in reopened.audit_entries()] == ["create", "change", "freeze"]
    dispose_engines()


def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(sqlite_url):
    store = CaseStore(sqlite_url)
    with store.engine.connect() as conn:
        pragmas = {
            p: conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "secure_delete")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 15000,
        "secure_delete": 1,
    }
    dispose_engines()


def test_alembic_command_line_upgrades_an_empty_database_from_any_folder(tmp_path):
    db = tmp_path / "leeg.db"
    env = {**os.environ, "DUIDING_DATABASE_URL": f"sqlite:///{db}"}
    alembic = [str(ROOT / ".venv" / "bin" / "alembic"), "-c", str(ROOT / "alembic.ini")]
    if not Path(alembic[0]).exists():
        alembic[0:1] = [sys.executable, "-m", "alembic"]
    run = subprocess.run([*alembic, "upgrade", "head"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
    down = subprocess.run(
        [*alembic, "downgrade", "base"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert down.returncode == 0, down.stderr
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"alembic_version"}
    store = CaseStore(f"sqlite:///{db}")  # the app upgrades it again by itself
    assert store.schema_revision() == "0002"
    dispose_engines()


def test_default_url_comes_from_the_environment_or_the_var_folder(monkeypatch):
    monkeypatch.setenv("DUIDING_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DUIDING_DATABASE_URL", "postgres://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DUIDING_DATABASE_URL")
    assert default_url() == f"sqlite:///{ROOT / 'var' / 'groepsduiding.db'}"


def test_erased_member_and_deleted_case_leave_nothing_in_the_database_files(tmp_path):
    """Not just the tables: no page of the database file or its WAL keeps the erased text."""
    store = CaseStore(f"sqlite:///{tmp_path / 'x.db'}")
    case = full_case()
    case.members[0].name = "Zebulon Quetzalcoatl"
    case.members += [Member(id=f"x{i}", note="opvulling " * 10) for i in range(300)]
    case = store.create(case, "ann")
    for i in range(5):
        case.area = f"wijk {i}"
        case = store.save(case, "ann")
    store.freeze(case.id, "Overleg", "ann")
    gone = Case(
        name="Weg", id="c-gone", members=[Member(id=f"g{i}", name=f"Wilhelmina{i}") for i in range(100)]
    )
    store.create(gone, "ann")
    store.erase_member(case.id, "m1", "ann")
    store.delete("c-gone", "ann")

    def leftovers() -> list[str]:
        return sorted(
            p.name
            for p in tmp_path.iterdir()
            if b"Quetzalcoatl" in p.read_bytes() or b"Wilhelmina" in p.read_bytes()
        )

    assert leftovers() == []  # while the app still has the database open
    dispose_engines()
    assert leftovers() == []


CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from duiding.model import Member
    from duiding.store import CaseStore

    store = CaseStore({url!r})
    case = store.load("c-kill")
    while True:
        n = case.version + 1
        case.context.description = f"versie {{n}}"
        case.members = [Member(id=f"m{{i}}", pseudonym=f"J{{i:02d}}", note="x" * 200) for i in range(n % 300)]
        case = store.save(case, "kind", what=f"save {{n}}")
        print(case.version, flush=True)
    """
)


def test_sigkill_during_saves_keeps_the_last_committed_version(tmp_path):
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    store = CaseStore(url)
    store.create(Case(name="Kill", id="c-kill"), "ann")
    dispose_engines()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), url=url)], stdout=subprocess.PIPE, text=True
    )
    reported = 0
    try:
        for line in child.stdout:
            reported = int(line)
            if reported >= 40:
                break
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert reported >= 40
    reopened = CaseStore(url)
    case = reopened.load("c-kill")
    assert case.version in (reported, reported + 1)
    assert case.context.description == f"versie {case.version}"
    assert len(case.members) == case.version % 300
    changes = reopened.audit_entries("c-kill", action="change")
    # The head of "what" with the version, then what changed (member ids, counts, field names).
    assert [e.detail.split(":")[0] for e in changes] == [
        f"save {v} (versie {v})" for v in range(2, case.version + 1)
    ]
    with reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    dispose_engines()
