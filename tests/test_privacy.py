"""Visibility by source, pseudonymised and anonymised copies, art. 15 report, retention, reviews."""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from duiding import privacy
from duiding.auth import User
from duiding.model import Case, Contact, Incident, Measure, Member, Tie
from duiding.sample import load_sample_case

ROOT = Path(__file__).resolve().parent.parent


def small_case() -> Case:
    """Four members from four sources, ties and incidents from several sources."""
    return Case(
        name="Testgroep",
        members=[
            Member(
                "a",
                "J01",
                "Ayoub",
                2008,
                "criminal",
                "leader",
                ["drugs"],
                ["impulsivity"],
                ["sports_club"],
                "Wil monteur worden",
                source="police",
                note="Politienotitie A",
                review_date=date(2026, 1, 1),
            ),
            Member(
                "b",
                "J02",
                "Bram",
                2009,
                "risk",
                "follower",
                ["nuisance"],
                ["truancy"],
                [],
                "Goed in voetbal",
                source="youth_work",
                note="Jongerenwerk B",
                review_date=date(2026, 6, 1),
            ),
            Member(
                "c",
                "J03",
                "Cem",
                2009,
                "care",
                "peripheral",
                [],
                ["mental_health"],
                [],
                "Zorgtraject loopt",
                source="care",
                note="Zorg C",
            ),
            Member("d", "J04", "Dani", 2010, None, None, [], [], [], "", source=None, note="zonder bron"),
        ],
        contacts=[Contact("k1", "Oom", "Oom van Bram")],
        ties=[
            Tie("a", "b", "offline", partner="police", note="gezien samen", id="t1"),
            Tie("b", "c", "offline", partner="youth_work", id="t2"),
            Tie("a", "c", "online", partner="care", id="t3"),
            Tie("c", "d", "offline", partner=None, id="t4"),
        ],
        incidents=[
            Incident("i1", date(2026, 3, 1), "violence", "Plein", ["a", "b"], "police", "Ayoub sloeg"),
            Incident("i2", date(2026, 4, 1), "nuisance", "Park", ["b", "c"], "youth_work", ""),
        ],
        conclusions={"causes": "Ayoub en Bram trekken samen op."},
    )


PARTNER = {p: User(f"u-{p}", "partner", p) for p in ("police", "youth_work", "care", "om", "school")}


@pytest.mark.parametrize(
    ("viewer", "full_members", "ties", "incidents"),
    [
        # police sees police, om, boa, municipality
        (PARTNER["police"], ["a"], ["t1"], ["i1"]),
        # youth_work sees youth_work, municipality
        (PARTNER["youth_work"], ["b"], ["t2"], ["i2"]),
        # care sees care, youth_work, municipality
        (PARTNER["care"], ["b", "c"], ["t2", "t3"], ["i2"]),
        (PARTNER["school"], [], [], []),
        (User("r", "procesregisseur"), ["a", "b", "c", "d"], ["t1", "t2", "t3", "t4"], ["i1", "i2"]),
        (User("b", "beheerder"), ["a", "b", "c", "d"], ["t1", "t2", "t3", "t4"], ["i1", "i2"]),
    ],
)
def test_redact_case_keeps_only_visible_sources(viewer, full_members, ties, incidents):
    case = small_case()
    before = case.to_dict()
    out = privacy.redact_case(case, viewer)
    assert case.to_dict() == before  # the original is untouched
    assert [m.id for m in out.members] == ["a", "b", "c", "d"]  # structure stays
    assert [m.id for m in out.members if m.name] == full_members
    assert [t.id for t in out.ties] == ties
    assert [i.id for i in out.incidents] == incidents
    for m in out.members:
        if m.id in full_members:
            assert m == case.member(m.id)
        else:
            assert (
                m.name,
                m.birth_year,
                m.typing,
                m.problems,
                m.risk_factors,
                m.protective_factors,
                m.opportunities,
                m.note,
                m.source,
            ) == ("", None, None, [], [], [], "", "", None)
            assert m.pseudonym == case.member(m.id).pseudonym
            assert m.team_role == case.member(m.id).team_role


def test_derived_ties_follow_the_visible_incidents():
    out = privacy.redact_case(small_case(), PARTNER["police"])
    assert [(t.source, t.target) for t in out.all_ties() if t.derived] == [("a", "b")]


def test_partner_sees_contacts_without_their_notes():
    out = privacy.redact_case(small_case(), PARTNER["police"])
    assert [(c.role, c.note) for c in out.contacts] == [("Oom", "")]


def test_matrix_override_file(tmp_path, monkeypatch):
    path = tmp_path / "zicht.yaml"
    path.write_text(
        "partners:\n  police: [police, care, unknown]\nroles:\n  procesregisseur: [municipality]\n"
    )
    monkeypatch.setenv("DUIDING_VISIBILITY_FILE", str(path))
    out = privacy.redact_case(small_case(), PARTNER["police"])
    assert [m.id for m in out.members if m.name] == ["a", "c", "d"]
    assert [t.id for t in out.ties] == ["t1", "t3", "t4"]
    # a role can be restricted too
    out = privacy.redact_case(small_case(), User("r", "procesregisseur"))
    assert [m.id for m in out.members if m.name] == []


def test_matrix_file_errors_are_dutch(tmp_path):
    path = tmp_path / "z.yaml"
    path.write_text("partners:\n  police: all\n")
    with pytest.raises(ValueError, match="kan niet 'all' zien"):
        privacy.load_matrix(path)


def test_example_matrix_file_equals_the_defaults():
    partners, roles = privacy.load_matrix(ROOT / "config" / "zichtbaarheid.example.yaml")
    assert partners == {k: set(v) for k, v in privacy.DEFAULT_MATRIX.items()}
    assert roles == {"beheerder": None, "procesregisseur": None, "partner": set()}


@pytest.mark.parametrize("partner", sorted(privacy.DEFAULT_MATRIX))
def test_sample_case_partner_never_gets_a_fact_from_an_invisible_source(partner):
    case = load_sample_case()
    viewer = User("x", "partner", partner)
    allowed = set(privacy.DEFAULT_MATRIX[partner]) | {partner}
    out = privacy.redact_case(case, viewer)
    text = json.dumps(out.to_dict(), ensure_ascii=False)
    for m in case.members:
        if m.source not in allowed:
            if m.name:
                assert not re.search(rf'"{re.escape(m.name)}"', text), (partner, m.id)
            if m.opportunities:
                assert m.opportunities not in text, (partner, m.id)
    assert all(t.partner in allowed for t in out.ties)
    assert all(i.partner in allowed for i in out.incidents)
    visible_ids = {m.id for m in case.members if m.source in allowed}
    assert {m.id for m in out.members if m.name} == {
        m.id for m in case.members if m.id in visible_ids and m.name
    }


def test_audience_for_exports():
    case = small_case()
    assert privacy.redact_case(case, privacy.audience(None)) == case
    out = privacy.redact_case(small_case(), privacy.audience("youth_work"))
    assert [m.id for m in out.members if m.name] == ["b"]
    with pytest.raises(ValueError, match="Onbekende partnerorganisatie"):
        privacy.audience("fbi")


def test_view_key_differs_between_views():
    assert privacy.view_key(User("r", "procesregisseur")) == "all"
    assert privacy.view_key(PARTNER["police"]) == "src:boa,municipality,om,police"
    assert privacy.view_key(PARTNER["police"]) != privacy.view_key(PARTNER["youth_work"])


def test_pseudonymise_removes_names_notes_and_sensitive_fields():
    case = small_case()
    out = privacy.pseudonymise(case)
    text = json.dumps(out.to_dict(), ensure_ascii=False)
    for name in ("Ayoub", "Bram", "Cem", "Dani"):
        assert name not in text
    assert out.conclusions == {"causes": "J01 en J02 trekken samen op."}
    assert all(
        m.name == "" and m.note == "" and m.risk_factors == [] and m.source is None for m in out.members
    )
    assert all(t.note == "" and t.partner is None for t in out.ties)
    assert all(i.note == "" and i.partner is None for i in out.incidents)
    assert [c.note for c in out.contacts] == [""]
    # what stays: pseudonyms, structure, protective factors, opportunities
    assert [m.pseudonym for m in out.members] == ["J01", "J02", "J03", "J04"]
    assert out.members[0].protective_factors == ["sports_club"]
    assert len(out.ties) == 4 and len(out.incidents) == 2


def test_pseudonymise_sample_case_has_no_name_anywhere():
    case = load_sample_case()
    text = json.dumps(privacy.pseudonymise(case).to_dict(), ensure_ascii=False)
    for m in case.members:
        assert not re.search(rf"(?<!\w){re.escape(m.name)}(?!\w)", text), m.name


def _words(case: Case) -> list[str]:
    return [w for m in case.members for w in (m.name, m.pseudonym, m.id) if w]


def test_anonymise_case_replaces_codes_and_keeps_structure():
    case = small_case()
    case.plan.measures.append(Measure("ms1", title="Gesprek met Bram", member_ids=["b"]))
    out = privacy.anonymise_case(case, rng=random.Random(1))
    text = json.dumps(out.to_dict(), ensure_ascii=False)
    for word in ("Ayoub", "Bram", "Cem", "Dani", "J01", "J02", "J03", "J04", "Wil monteur", "Politienotitie"):
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), word
    assert sorted(m.pseudonym for m in out.members) == ["A01", "A02", "A03", "A04"]
    assert not {m.id for m in out.members} & {"a", "b", "c", "d"}
    # structure: same number of ties/incidents, degree sequence kept, typing and roles kept
    assert len(out.ties) == 4 and len(out.incidents) == 2
    by_old = {m.id: m for m in case.members}
    new_of = {}
    for new in out.members:
        old = next(
            o
            for o in by_old.values()
            if (o.typing, o.team_role, o.problems) == (new.typing, new.team_role, new.problems)
            and o.id not in new_of
        )
        new_of[old.id] = new.id
    assert {(new_of[t.source], new_of[t.target]) for t in case.ties} == {
        (t.source, t.target) for t in out.ties
    }
    assert out.plan.measures[0].member_ids == [new_of["b"]]
    assert all(
        m.name == "" and m.risk_factors == [] and m.note == "" and m.opportunities == "" for m in out.members
    )


def test_anonymise_stored_case_also_anonymises_frozen_versions(sqlite_url):
    from duiding.store import CaseStore

    store = CaseStore(sqlite_url)
    store.migrate()
    case = store.create(load_sample_case(), "test")
    store.freeze(case.id, "Overleg 1", "test")
    out = privacy.anonymise_stored_case(store, case.id, "beheer")
    assert out.version == 2
    bodies = [json.dumps(store.load(case.id).to_dict(), ensure_ascii=False)]
    bodies += [
        json.dumps(store.load_snapshot(s.id).to_dict(), ensure_ascii=False) for s in store.snapshots(case.id)
    ]
    assert len(bodies) == 2
    for body in bodies:
        for m in case.members:
            for word in (m.name, m.pseudonym):
                assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body), word
    assert store.audit_entries(case.id)[-1].action == "anonymise"
    # same new codes in the current and the frozen version
    snap = store.load_snapshot(store.snapshots(case.id)[0].id)
    assert {(m.id, m.pseudonym) for m in snap.members} == {
        (m.id, m.pseudonym) for m in store.load(case.id).members
    }


def test_member_report_lists_everything_about_one_member():
    case = small_case()
    case.members[0].note = "<script>alert(1)</script>"

    class Entry:
        def __init__(self, action, detail):
            self.at, self.user, self.action, self.detail = (
                datetime(2026, 5, 1, 10, 0),
                "regisseur",
                action,
                detail,
            )

    report = privacy.member_report(
        case, "a", [Entry("export", "xlsx"), Entry("change", "x")], today=date(2026, 11, 30)
    )
    assert report.startswith("# Overzicht van gegevens over J01\n")
    for line in [
        "Inzageverzoek (artikel 15 AVG). Opgesteld op 30-11-2026.",
        "- Naam: Ayoub",
        "- Geboortejaar: 2008",
        "- Bron van deze gegevens: Politie",
        "- Typering: Criminele jongere",
        "- Rol in de groep: Kopstuk",
        "- Risicofactoren: Impulsiviteit / agressie",
        "- Kansen en mogelijkheden: Wil monteur worden",
        "- Notitie: &lt;script&gt;alert(1)&lt;/script&gt;",
        "## Relaties (3)",
        "- Omgang (offline) met lid J02; sterkte 1; bevestigd; onbekend – heden; bron: Politie; notitie: gezien samen",
        "## Incidenten (1)",
        "- 01-03-2026: Geweld bij Plein; met 1 andere(n); bron: Politie; notitie: Ayoub sloeg",
        "- 01-05-2026 10:00: Export door regisseur — xlsx",
    ]:
        assert line in report.splitlines(), line
    assert "Bram" not in report  # other people by code only
    assert "<script>" not in report
    with pytest.raises(ValueError, match="komt niet voor"):
        privacy.member_report(case, "zz")


def test_reviews_due():
    case = small_case()
    due = privacy.reviews_due(case, today=date(2026, 3, 1))
    assert [(r.member_id, r.review_date, r.days_overdue) for r in due] == [
        ("c", None, None),
        ("d", None, None),
        ("a", date(2026, 1, 1), 59),
    ]
    due = privacy.reviews_due(case, today=date(2026, 3, 1), within_days=92)
    assert [r.member_id for r in due] == ["c", "d", "a", "b"]


def test_cases_past_retention(sqlite_url):
    from duiding.store import CaseStore

    store = CaseStore(sqlite_url)
    store.migrate()
    old = Case(name="Oud", retention_date=date(2026, 1, 1))
    new = Case(name="Nieuw", retention_date=date(2030, 1, 1))
    store.create(old, "t")
    store.create(new, "t")
    store.create(Case(name="Zonder"), "t")
    assert [s.name for s in privacy.cases_past_retention(store, date(2026, 6, 1))] == ["Oud"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31", "'+31"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("gewoon", "gewoon"),
        (None, ""),
    ],
)
def test_neutralise_cell(value, cell):
    assert privacy.neutralise_cell(value) == cell


def test_audit_csv_neutralises_formulas():
    class E:
        id, at, user, case_id, action, detail = (
            1,
            datetime(2026, 1, 2, 3, 4, 5),
            "=cmd|' /C calc'!A0",
            "c1",
            "view",
            "x",
        )

    data = privacy.audit_csv([E()]).decode("utf-8")
    assert data.startswith("\ufeffnr;tijdstip;gebruiker;casus;actie;omschrijving\r\n")
    assert "1;2026-01-02 03:04:05;'=cmd|' /C calc'!A0;c1;view;x" in data.replace('"', "")


def test_cli_export_for_an_audience_leaves_out_invisible_sources(sqlite_url, tmp_path, capsys):
    from duiding.cli import main
    from duiding.store import CaseStore

    store = CaseStore(sqlite_url)
    store.migrate()
    case = store.create(load_sample_case(), "test")
    out = tmp_path / "jw.json"
    assert (
        main(
            [
                "export",
                "--case",
                case.id,
                "--format",
                "json",
                "--names",
                "--audience",
                "youth_work",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    allowed = set(privacy.DEFAULT_MATRIX["youth_work"])
    for m in case.members:
        present = bool(re.search(rf'"name": "{re.escape(m.name)}"', text))
        assert present == (m.source in allowed), m.id
    entry = store.audit_entries(case.id)[-1]
    assert (entry.action, entry.detail) == ("export", "json naar jw.json voor youth_work met namen")
    assert main(["export", "--case", case.id, "--audience", "fbi", "--out", str(tmp_path / "x.json")]) == 1
    assert "Onbekende partnerorganisatie 'fbi'" in capsys.readouterr().err


def test_member_report_markdown_has_no_links_images_or_html_from_user_text():
    case = small_case()
    m = case.members[0]
    m.opportunities = "![x](https://tracker.example/p.png) [klik](javascript:alert(1)) <https://e.example>"
    m.typing = "<img src=x onerror=alert(1)>"  # an unknown code is shown as it is
    m.note = "*vet* _schuin_ `code` \\"
    report = privacy.member_report(case, "a", today=date(2026, 11, 30))
    assert (
        "- Kansen en mogelijkheden: \\!\\[x\\](https://tracker.example/p.png) \\[klik\\](javascript:alert(1)) "
        "&lt;https://e.example&gt;"
    ) in report.splitlines()
    assert "- Typering: &lt;img src=x onerror=alert(1)&gt;" in report.splitlines()
    assert "- Notitie: \\*vet\\* \\_schuin\\_ \\`code\\` \\\\" in report.splitlines()
