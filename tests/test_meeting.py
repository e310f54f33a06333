"""The meeting in the domain: attendance, what the table may see, agenda, decisions, actions,
bespreekpunten, closing, since the previous meeting, the verslag, and loading old cases."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document

from duiding import meeting as dm
from duiding import privacy
from duiding.analysis import AnalysisOptions, analyse
from duiding.auth import LOCAL_USER
from duiding.io import read_bundle
from duiding.model import Attendee, Case, Incident, Member, Tie
from duiding.sample import load_sample_case
from duiding.store import CaseStore, case_from_dict

DAY = date(2026, 12, 2)
TABLE = ["police", "municipality", "youth_work"]


@pytest.fixture
def sample() -> Case:
    return load_sample_case()


def _started(case: Case, who=TABLE, day=DAY) -> Case:
    return dm.start_meeting(case, [Attendee(p) for p in who], "M. de Regisseur", day)


# --- starting, attendance, closing -----------------------------------------------------------------


def test_a_meeting_with_nobody_present_cannot_start(sample):
    with pytest.raises(
        dm.MeetingError, match="Er is niemand aanwezig: kies minstens één organisatie aan tafel."
    ):
        dm.start_meeting(sample, [], "x", DAY)
    assert sample.meetings == []


def test_two_open_meetings_on_one_case_are_refused(sample):
    started = _started(sample)
    with pytest.raises(dm.MeetingError, match=r"Er loopt al een overleg \(Overleg 2 december 2026\)"):
        _started(started)
    assert len(started.meetings) == 1


def test_start_labels_the_meeting_with_the_dutch_date_and_leaves_the_case_alone(sample):
    started = _started(sample)
    (meeting,) = started.meetings
    assert (meeting.label, meeting.status, meeting.chair) == (
        "Overleg 2 december 2026",
        "open",
        "M. de Regisseur",
    )
    assert [a.partner for a in meeting.attendees] == TABLE
    assert sample.meetings == []
    closed = dm.close_meeting(started, DAY)
    again = _started(closed)
    assert again.meetings[1].label == "Overleg 2 december 2026 (2)"
    assert dm.meeting_label(sample, date(2027, 3, 12)) == "Overleg 12 maart 2027"


def test_closing_twice_is_harmless(sample):
    closed = dm.close_meeting(_started(sample), DAY)
    twice = dm.close_meeting(closed, date(2026, 12, 9))
    assert twice.to_dict() == closed.to_dict()
    assert (closed.meetings[0].status, closed.meetings[0].closed_on) == ("closed", DAY)


def test_everyone_leaving_is_refused_and_a_partner_joining_narrows_the_table(sample):
    started = _started(sample, ["police"])
    assert dm.table_sources(started.meetings[0].attendees) == {"police", "om", "boa", "municipality"}
    with pytest.raises(dm.MeetingError, match="minstens één organisatie aanwezig blijven"):
        dm.set_attendance(started, [])
    joined = dm.set_attendance(started, ["police", "youth_work"])
    assert dm.table_sources(joined.meetings[0].attendees) == {"municipality"}


def test_unknown_organisation_codes_are_refused(sample):
    with pytest.raises(dm.MeetingError, match="Onbekende organisatie 'bakker'"):
        dm.start_meeting(sample, ["bakker"], "", DAY)


# --- what the table may see ----------------------------------------------------------------------


def test_table_sees_the_intersection_and_an_organisation_outside_the_matrix_sees_no_source():
    matrix = ({"police": {"police", "om"}, "youth_work": {"om"}}, {})
    assert dm.table_sources(["police", "youth_work"], matrix) == {"om"}
    assert dm.table_sources(["police"], matrix) == {"police", "om"}
    assert dm.table_sources(["school"], matrix) == set()
    assert dm.table_sources(["police", "school"], matrix) == set()


def test_table_viewer_is_never_wider_than_the_user():
    class Partner:
        role, partner, name = "partner", "youth_work", "jw"

    case = _started(Case("x"), ["police"])
    viewer = dm.table_viewer(case, Partner())
    assert viewer.sources == frozenset({"municipality"})  # police sees {police, om, boa, municipality}
    assert dm.table_viewer(Case("x"), Partner()).__class__ is Partner  # no meeting: the user as is


def test_sample_with_police_municipality_and_youth_work_hides_every_police_fact(sample):
    started = _started(sample)
    viewer = dm.table_viewer(started, LOCAL_USER)
    shown = privacy.redact_case(started, viewer)
    assert shown.ties == [] and shown.incidents == []
    police = [m for m in sample.members if m.source == "police"]
    for m in police:
        seen = shown.member(m.id)
        assert (seen.pseudonym, seen.name, seen.birth_year, seen.opportunities) == (m.pseudonym, "", None, "")
    assert dm.hidden_lines(started, viewer) == [
        "71 feiten van de politie niet getoond",
        "2 feiten van het OM niet getoond",
        "29 feiten van het jongerenwerk niet getoond",
        "28 feiten van de boa's / handhaving niet getoond",
        "4 feiten van leerplicht niet getoond",
        "1 feit van de jeugdreclassering niet getoond",
        "8 feiten van het wijkteam / de zorg niet getoond",
        "6 feiten van school niet getoond",
    ]
    assert dm.attendance_text(started.meetings[0]) == "politie, gemeente, jongerenwerk"


def test_police_alone_sees_police_facts(sample):
    started = _started(sample, ["police"])
    shown = privacy.redact_case(started, dm.table_viewer(started, LOCAL_USER))
    assert len(shown.ties) == 42 + 1 + 15  # police, om, boa
    assert len(shown.incidents) == 22 + 11
    assert {i.place for i in shown.incidents} >= {"Winkelcentrum Noorderhof", "Fietsenstalling station"}
    j01 = next(m for m in shown.members if m.pseudonym == "J01")
    assert j01.birth_year == 2008 and j01.opportunities.startswith("Kan goed organiseren")


def test_saving_a_narrowed_copy_keeps_what_the_table_could_not_see(sample):
    started = _started(sample)
    viewer = dm.table_viewer(started, LOCAL_USER)
    shown = privacy.redact_case(started, viewer)
    assert dm.merge_hidden(shown, started, viewer).to_dict() == started.to_dict()
    # an edit on screen (a member's team role, a new tie, a member removed) survives; the rest comes back
    shown.member("m02").team_role = "follower"
    shown.ties.append(Tie("m03", "m04", "offline", partner="municipality", id="t-new"))
    shown.members = [m for m in shown.members if m.id != "m25"]
    merged = dm.merge_hidden(shown, started, viewer)
    assert merged.member("m02").team_role == "follower"
    assert merged.member("m02").opportunities == started.member("m02").opportunities
    assert "t-new" in {t.id for t in merged.ties}
    assert all("m25" not in (t.source, t.target) for t in merged.ties)
    assert len(merged.ties) == len(started.ties) + 1 - sum(
        1 for t in started.ties if "m25" in (t.source, t.target)
    )
    assert len(merged.incidents) == len(started.incidents)
    # merging twice adds nothing twice
    assert dm.merge_hidden(merged, started, viewer).to_dict() == merged.to_dict()


# --- agenda, decisions, actions, bespreekpunten ------------------------------------------------------


def test_agenda_is_built_from_the_case(sample):
    items = dm.agenda(sample, [("J03", "Bespreek welke rol past")])
    assert [i.key for i in items] == [
        "since",
        "question:causes",
        "question:hierarchy",
        "question:typing",
        "question:opportunities",
        "points",
        "track:group",
        "track:person",
        "track:domain",
        "actions",
    ]
    assert items[5].lines == ("J03: Bespreek welke rol past",)
    assert (items[6].page, items[6].tab_key, items[6].tab) == ("pages/plan.py", "_plan_tab", "Maatregelen")
    assert items[1].page == "pages/duiding.py"


def test_moving_through_the_agenda_stays_within_it(sample):
    started = _started(sample)
    moved = dm.move_agenda(dm.move_agenda(started, 1, 10), 1, 10)
    assert moved.meetings[0].agenda_position == 2
    assert dm.move_agenda(started, -1, 10).meetings[0].agenda_position == 0
    assert dm.move_agenda(moved, 50, 10).meetings[0].agenda_position == 9


def test_decisions_actions_and_notes_are_recorded(sample):
    case = _started(sample)
    case = dm.set_note(case, "question:causes", "  Overlast vooral in het weekend.  ")
    case = dm.add_decision(case, "Extra toezicht op het Stationsplein", "track:domain")
    case = dm.add_action(case, "Ouders uitnodigen", "youth_work", date(2026, 12, 16), "actions")
    meeting = case.meetings[0]
    assert meeting.notes == {"question:causes": "Overlast vooral in het weekend."}
    assert [(d.text, d.item) for d in meeting.decisions] == [
        ("Extra toezicht op het Stationsplein", "track:domain")
    ]
    assert [(a.what, a.owner, a.due) for a in meeting.actions] == [
        ("Ouders uitnodigen", "youth_work", date(2026, 12, 16))
    ]
    with pytest.raises(dm.MeetingError, match="Geef aan wanneer de actie uiterlijk gereed is."):
        dm.add_action(case, "Iets", "police", None)
    with pytest.raises(dm.MeetingError, match="Beschrijf het besluit."):
        dm.add_decision(case, "   ")
    with pytest.raises(dm.MeetingError, match="Er is geen overleg geopend"):
        dm.add_decision(dm.close_meeting(case), "Te laat")


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (date(2026, 12, 1), None, ("late", "te laat: uiterlijk gereed 01-12-2026 (1 dag)")),
        (date(2026, 11, 22), None, ("late", "te laat: uiterlijk gereed 22-11-2026 (10 dagen)")),
        (date(2026, 12, 2), None, ("due", "uiterlijk vandaag gereed")),
        (date(2026, 12, 9), None, ("open", "loopt, uiterlijk gereed 09-12-2026")),
        (date(2026, 11, 1), date(2026, 11, 30), ("done", "afgerond op 30-11-2026")),
    ],
)
def test_action_state(due, done, expected):
    from duiding.model import Action

    assert dm.action_state(Action(what="x", owner="police", due=due, done=done), DAY) == expected


def test_a_closed_bespreekpunt_stays_closed_until_the_structure_changes(sample):
    options = AnalysisOptions(as_of=DAY, robustness_runs=0)
    points = {m.id: m for m in analyse(sample, options).members if m.discussion_point}
    assert points, "the sample has bespreekpunten"
    member_id, result = next(iter(points.items()))
    case = dm.close_point(_started(sample), member_id, result.suggested_role, "role_kept")
    closure = case.meetings[0].closures[0]
    assert (closure.member_id, closure.outcome, closure.team_role) == (
        member_id,
        "role_kept",
        result.team_role,
    )
    after = {m.id for m in analyse(case, options).members if m.discussion_point}
    assert after == set(points) - {member_id}
    # the structure changes: the analysis now suggests another position -> the point comes back
    assert not dm.point_closed(case, member_id, result.team_role, "something_else")
    assert dm.point_closed(case, member_id, result.team_role, result.suggested_role)


def test_rol_aangepast_sets_the_new_team_role(sample):
    case = _started(sample)
    member = case.members[0]
    new_role = next(c for c in ("follower", "leader") if c != member.team_role)
    changed = dm.close_point(case, member.id, "core", "role_changed", new_role)
    assert changed.member(member.id).team_role == new_role
    assert changed.meetings[0].closures[0].outcome == "role_changed"
    with pytest.raises(dm.MeetingError, match="De rol is niet veranderd"):
        dm.close_point(changed, member.id, "core", "role_changed", new_role)


def test_confirming_roles_in_a_meeting_closes_the_open_points(sample):
    case = _started(sample)
    closed = dm.close_confirmed_points(case, [("m01", "core"), ("m02", "broker")], {"m02"})
    assert [(c.member_id, c.outcome) for c in closed.meetings[0].closures] == [
        ("m01", "role_kept"),
        ("m02", "role_changed"),
    ]
    assert dm.close_confirmed_points(sample, [("m01", "core")], set()).to_dict() == sample.to_dict()


# --- since the previous meeting ---------------------------------------------------------------------


def test_since_last_lists_the_change_and_open_actions(sample):
    first = dm.add_action(_started(sample), "Ouders uitnodigen", "youth_work", date(2026, 12, 1))
    first = dm.add_action(first, "Huisbezoek", "police", date(2026, 12, 9))
    before = dm.close_meeting(first, date(2026, 11, 25))
    now = before.copy()
    now.members.append(Member("m99", "J99", first_seen=date(2026, 11, 30), source="municipality"))
    now.ties.append(Tie("m99", "m03", "offline", partner="municipality", id="t99"))
    now.incidents.append(
        Incident("i99", date(2026, 11, 28), "nuisance", "Stationsplein", ["m99"], "municipality")
    )
    now.incidents.append(
        Incident("i98", date(2026, 11, 29), "nuisance", "Stationsplein", ["m03"], "municipality")
    )
    summary = dm.since_last(
        now,
        before,
        "Overleg 25 november 2026",
        DAY,
        {"rose": [{"id": "m03", "rank_before": 6, "rank_after": 2}], "fell": []},
    )
    assert summary.members_joined == ["J99"] and summary.members_left == []
    assert (summary.ties_new, summary.ties_ended) == (1, 0)
    assert summary.incidents_by_type == {"Overlast": 2}
    assert summary.rank_changes == [
        "J03 staat nu vaker tussen anderen in (brugfunctie: van plaats 6 naar plaats 2)."
    ]
    assert summary.actions == [
        "Ouders uitnodigen (jongerenwerk): te laat: uiterlijk gereed 01-12-2026 (1 dag)",
        "Huisbezoek (politie): loopt, uiterlijk gereed 09-12-2026",
    ]


# --- the verslag ------------------------------------------------------------------------------------


def _recorded(sample):
    case = _started(sample)
    case = dm.set_note(case, "question:causes", "Overlast vooral in het weekend; Dex en J03 vaak samen.")
    case = dm.add_decision(case, "Extra toezicht op het Stationsplein", "track:domain")
    case = dm.add_action(case, "Ouders uitnodigen", "youth_work", date(2026, 12, 16))
    case = dm.close_point(case, "m03", "broker", "role_kept")
    return case


def test_verslag_holds_what_was_recorded_with_pseudonyms_only_and_rubricering(sample):
    case = _recorded(sample)
    meeting = case.meetings[0]
    document = dm.verslag_document(case, meeting, None, dm.meeting_viewer(meeting, LOCAL_USER))
    text = dm.verslag_bytes(document, "md").decode("utf-8")
    assert "Overleg 2 december 2026" in text and "2 december 2026" in text
    assert "- Politie\n- Gemeente\n- Jongerenwerk" in text
    # a name typed in a note became the pseudonym, also of a member whose facts the table may not see
    assert "Overlast vooral in het weekend; J01 en J03 vaak samen." in text
    names = [m.name for m in sample.members if m.name]
    assert not [n for n in names if n in text]
    assert "| Extra toezicht op het Stationsplein | Plan van aanpak: domeingerichte maatregelen |" in text
    assert "| Ouders uitnodigen | jongerenwerk | 16-12-2026 |" in text
    assert "| J03 |" in text and "besproken, rol blijft" in text
    assert text.startswith(f"**{sample.classification} — alleen voor convenantpartners")
    police_places = {"Winkelcentrum Noorderhof", "Fietsenstalling station", "TikTok", "Telegram", "Snapchat"}
    assert not [p for p in police_places if p in text]
    word = Document(io.BytesIO(dm.verslag_bytes(document, "docx")))
    marking = f"{sample.classification} — alleen voor convenantpartners"
    assert word.sections[0].header.paragraphs[0].text.startswith(marking)
    assert word.sections[0].footer.paragraphs[0].text.startswith(marking)
    body = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )
    assert "Extra toezicht op het Stationsplein" in body and "Ouders uitnodigen" in body
    assert not [n for n in names if n in body]


# --- storage: meetings travel with the case; old cases and bundles still load -------------------------


def test_meetings_round_trip_through_the_store_and_old_bodies_load(sample, sqlite_url):
    case = _recorded(sample)
    data = case.to_dict()
    assert Case.from_dict(data).to_dict() == data
    assert case_from_dict(json.loads(json.dumps(data))).to_dict() == data
    old = sample.to_dict()
    del old["meetings"]
    assert Case.from_dict(old).meetings == [] and case_from_dict(old).meetings == []
    store = CaseStore(sqlite_url)
    store.create(case, "test")
    loaded = store.load(case.id)
    assert loaded.meetings[0].closures[0].member_id == "m03"
    assert loaded.meetings[0].actions[0].due == date(2026, 12, 16)


def test_an_old_bundle_without_meetings_still_imports(sample):
    from duiding.io import to_bundle

    bundle = to_bundle(sample)
    bundle["case"].pop("meetings", None) if "case" in bundle else None
    raw = json.dumps(bundle, ensure_ascii=False).replace('"meetings":[],', "").replace('"meetings": [], ', "")
    assert '"meetings"' not in raw
    assert read_bundle(raw.encode("utf-8")).meetings == []
