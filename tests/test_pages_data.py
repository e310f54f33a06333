"""The data pages (Groep, Leden, Relaties) change the stored case, keep what the user typed when it is
wrong, never show a name in meeting mode, and refuse to overwrite someone else's newer version."""

from __future__ import annotations

from datetime import date

import pytest
from helpers_apptest import (
    ROOT,
    SAMPLE_ID,
    all_text,
    button,
    editor_state,
    listed_pages,
    names_in,
    start_app,
)

from duiding import tables
from duiding.charts import incident_timeline, incidents_per_month
from duiding.model import Case, Decision, Incident, Member, Tie, derived_ties
from duiding.sample import load_sample_case
from duiding.store import CaseStore

SAMPLE_NAMES = [m.name for m in load_sample_case().members if m.name]


def _open(page: str):
    at = start_app()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _stored(url: str) -> Case:
    return CaseStore(url).load(SAMPLE_ID)


# --- Groep ----------------------------------------------------------------------------------------


def test_groep_records_a_decision_and_moves_the_step(sqlite_url):
    at = _open("pages/groep.py")
    at.selectbox(key="decision-step-1").set_value("4")
    at.date_input(key="decision-date-1").set_value(date(2026, 12, 3))
    at.text_area(key="decision-note-1").input("Driehoek: prioriteit hoog")
    button(at, "Besluit vastleggen").click().run()
    assert not at.exception
    stored = _stored(sqlite_url)
    assert stored.version == 2
    assert stored.step == "4"
    assert stored.decisions[-1] == Decision(
        step="4", date=date(2026, 12, 3), note="Driehoek: prioriteit hoog"
    )
    assert [e.detail for e in CaseStore(sqlite_url).audit_entries(SAMPLE_ID) if e.action == "change"] == [
        "Besluit stap 4 vastgelegd (versie 2): gewijzigd: decisions, step"
    ]


def test_a_2b_decision_unlocks_names(sqlite_url):
    store = CaseStore(sqlite_url)
    store.create(Case(name="Nieuwe groep", id="c-new", members=[Member(id="a", pseudonym="J01")]), "test")
    at = start_app()
    at.selectbox(key="_picker").set_value("c-new").run()
    at.switch_page("pages/groep.py").run()
    assert any("Nog geen 2B-besluit" in i.value for i in at.info)
    at.selectbox(key="decision-step-1").set_value("2B")
    button(at, "Besluit vastleggen").click().run()
    assert store.load("c-new").names_allowed
    assert any("2B-besluit vastgelegd" in s.value for s in at.success)


def test_groep_context_and_beke_are_saved(sqlite_url):
    at = _open("pages/groep.py")
    at.text_area(key="ctx-loc-1").input("Stationsplein\nBibliotheek")
    at.text_input(key="ctx-times-1").input("Woensdagmiddag")
    button(at, "Context opslaan").click().run()
    stored = _stored(sqlite_url)
    assert stored.context.locations == ["Stationsplein", "Bibliotheek"]
    assert stored.context.times == "Woensdagmiddag"
    at.selectbox(key="beke-development-level-2").set_value("high")
    at.text_area(key="beke-development-text-2").input("Neemt toe.")
    at.selectbox(key="legacy-2").set_value("criminal")
    button(at, "Duiding opslaan").click().run()
    stored = _stored(sqlite_url)
    assert stored.beke["development"].level == "high"
    assert stored.beke["development"].text == "Neemt toe."
    assert stored.legacy_class == "criminal"
    assert stored.version == 3


def test_groep_adds_an_incident_through_the_editor(sqlite_url):
    at = _open("pages/groep.py")
    key = at.data_editor[0].key
    assert key.startswith("incidenten_editor_")
    at.session_state[key] = editor_state(
        added=[{"datum": "2026-11-20", "type": "violence", "plaats": "Skatepark", "leden": ["m01", "m12"]}]
    )
    at.run()
    assert not at.exception
    stored = _stored(sqlite_url)
    assert len(stored.incidents) == len(load_sample_case().incidents) + 1
    new = stored.incidents[-1]
    assert (new.date, new.type, new.place, new.members) == (
        date(2026, 11, 20),
        "violence",
        "Skatepark",
        ["m01", "m12"],
    )
    # The derived co-offending tie between the two members now counts this incident too.
    assert any(t.source == "m01" and t.target == "m12" for t in derived_ties(stored))


def test_groep_refuses_an_incident_with_an_unknown_type_and_keeps_the_input(sqlite_url):
    at = _open("pages/groep.py")
    key = at.data_editor[0].key
    at.session_state[key] = editor_state(added=[{"datum": "2026-11-20", "type": "karaoke", "leden": ["m01"]}])
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("Niet opgeslagen: 1 probleem")
    assert _stored(sqlite_url).version == 1
    assert at.session_state[key]["added_rows"][0]["type"] == "karaoke"


# --- Leden ----------------------------------------------------------------------------------------


def test_leden_adds_a_member_through_the_editor(sqlite_url):
    at = _open("pages/leden.py")
    key = at.data_editor[0].key
    at.session_state[key] = editor_state(
        added=[{"pseudoniem": "J40", "geboortejaar": 2010, "typering": "risk", "rol": "peripheral"}]
    )
    at.run()
    assert not at.exception
    stored = _stored(sqlite_url)
    assert stored.version == 2
    new = stored.members[-1]
    assert (new.pseudonym, new.birth_year, new.typing, new.team_role, new.name) == (
        "J40",
        2010,
        "risk",
        "peripheral",
        "",
    )
    assert stored.members[:-1] == load_sample_case().members
    # The editor was rebuilt from the store, so the new member shows with its own row.
    assert at.data_editor[0].key != key
    assert list(at.data_editor[0].value["pseudoniem"])[-1] == "J40"


def test_leden_changes_a_team_role_in_the_table(sqlite_url):
    at = _open("pages/leden.py")
    key = at.data_editor[0].key
    at.session_state[key] = editor_state(edited={"2": {"rol": "hard_core"}})
    at.run()
    stored = _stored(sqlite_url)
    assert stored.members[2].team_role == "hard_core"
    assert stored.version == 2
    # A second run with the same edit state writes nothing new.
    at.run()
    assert _stored(sqlite_url).version == 2


def test_leden_invalid_input_saves_nothing_and_stays_on_screen(sqlite_url):
    at = _open("pages/leden.py")
    key = at.data_editor[0].key
    at.session_state[key] = editor_state(edited={"0": {"geboortejaar": 1850}, "1": {"pseudoniem": "J01"}})
    at.run()
    assert not at.exception
    assert at.error[0].value == "Niet opgeslagen: 2 problemen. Verbeter de invoer; wat u typte blijft staan."
    problems = at.dataframe[1].value
    assert list(problems["Rij"]) == [1, 2]
    assert list(problems["Lid"]) == ["J01", "J01"]
    assert list(problems["Kolom"]) == ["geboortejaar", "pseudoniem"]
    assert _stored(sqlite_url).version == 1
    assert at.data_editor[0].key == key
    assert at.session_state[key]["edited_rows"]["0"]["geboortejaar"] == 1850


def test_leden_deleting_a_member_removes_its_ties_and_incident_links(sqlite_url):
    at = _open("pages/leden.py")
    at.session_state[at.data_editor[0].key] = editor_state(deleted=[0])
    at.run()
    stored = _stored(sqlite_url)
    assert "m01" not in {m.id for m in stored.members}
    assert all("m01" not in (t.source, t.target) for t in stored.ties)
    assert all("m01" not in i.members for i in stored.incidents)


def test_leden_detail_form_saves_factors_and_review_date(sqlite_url):
    at = start_app()
    at.toggle[0].set_value(False).run()  # outside meeting mode: risk factors and source editable
    at.switch_page("pages/leden.py").run()
    at.selectbox(key="_leden_detail-0").set_value("m03").run()
    form = "lid-m03-1"
    at.selectbox(key=f"{form}-role").set_value("leader")
    at.multiselect(key=f"{form}-risk_factor-family").set_value(["family_problems"])
    at.multiselect(key=f"{form}-protective_factor-peers").set_value(["sports_club"])
    at.text_area(key=f"{form}-kansen").input("Wil stage lopen bij een garage.")
    at.date_input(key=f"{form}-review").set_value(date(2027, 6, 1))
    button(at, "Lid opslaan").click().run()
    assert not at.exception
    member = _stored(sqlite_url).member("m03")
    before = load_sample_case().member("m03")
    assert member.team_role == "leader"
    expected_risks = [
        code
        for domain in ["individual", "family", "school_work", "peers", "neighbourhood"]
        for code in (
            ["family_problems"]
            if domain == "family"
            else [c for c in before.risk_factors if vocab_domain(c) == domain]
        )
    ]
    assert member.risk_factors == expected_risks
    assert "sports_club" in member.protective_factors
    assert member.opportunities == "Wil stage lopen bij een garage."
    assert member.review_date == date(2027, 6, 1)


def vocab_domain(code: str) -> str:
    from duiding.vocab import FACTOR_DOMAIN

    return FACTOR_DOMAIN.get(code, "other")


def test_leden_detail_in_meeting_mode_keeps_hidden_risk_factors(sqlite_url):
    at = _open("pages/leden.py")
    form = "lid-m01-1"
    assert not [m for m in at.multiselect if m.key and "risk_factor" in m.key]
    at.selectbox(key=f"{form}-role").set_value("hard_core")
    button(at, "Lid opslaan").click().run()
    member = _stored(sqlite_url).member("m01")
    sample = load_sample_case().member("m01")
    assert member.team_role == "hard_core"
    assert member.risk_factors == sample.risk_factors
    assert member.source == sample.source


def test_leden_name_column_only_after_a_logged_reveal(sqlite_url):
    at = _open("pages/leden.py")
    assert "naam" not in at.data_editor[0].value.columns
    button(at, "Namen tonen…").click().run()
    button(at, "Ja, tonen").click().run()
    assert not at.exception
    assert list(at.data_editor[0].value["naam"])[:2] == ["Dex", "Mo"]
    reveals = [e for e in CaseStore(sqlite_url).audit_entries(SAMPLE_ID) if e.action == "reveal"]
    assert len(reveals) == 1
    # Switching meeting mode back on hides the names again.
    at.toggle[0].set_value(False).run()
    at.toggle[0].set_value(True).run()
    assert "naam" not in at.data_editor[0].value.columns


# --- Relaties -------------------------------------------------------------------------------------


def test_relaties_adds_a_tie_in_the_chosen_layer(sqlite_url):
    at = _open("pages/relaties.py")
    at.segmented_control(key="_relaties_layer").set_value("directs").run()
    key = at.data_editor[0].key
    assert len(at.data_editor[0].value) == sum(1 for t in load_sample_case().ties if t.layer == "directs")
    at.session_state[key] = editor_state(
        added=[{"van": "m05", "naar": "m20", "laag": "directs", "sterkte": 2}]
    )
    at.run()
    assert not at.exception
    stored = _stored(sqlite_url)
    new = stored.ties[-1]
    assert (new.source, new.target, new.layer, new.strength, new.confidence) == (
        "m05",
        "m20",
        "directs",
        2,
        "confirmed",
    )
    assert stored.ties[:-1] == load_sample_case().ties


def test_relaties_refuses_a_self_tie(sqlite_url):
    at = _open("pages/relaties.py")
    at.session_state[at.data_editor[0].key] = editor_state(
        added=[{"van": "m05", "naar": "m05", "laag": "offline"}]
    )
    at.run()
    assert at.error[0].value.startswith("Niet opgeslagen: 1 probleem")
    assert _stored(sqlite_url).version == 1


def test_relaties_shows_derived_ties_read_only_and_marked(sqlite_url):
    at = _open("pages/relaties.py")
    derived = next(d for d in at.dataframe if "Herkomst" in d.value.columns)
    assert len(derived.value) == len(derived_ties(load_sample_case()))
    assert set(derived.value["Herkomst"]) == {"afgeleid"}
    assert [e.key.split("_editor_")[0] for e in at.data_editor] == ["relaties-__all__", "contacten"]


def test_relaties_adds_a_contact_by_role(sqlite_url):
    at = _open("pages/relaties.py")
    contacts = next(e for e in at.data_editor if e.key.startswith("contacten_editor_"))
    at.session_state[contacts.key] = editor_state(added=[{"rol": "Buurtvader"}])
    at.run()
    assert _stored(sqlite_url).contacts[-1].role == "Buurtvader"


# --- meeting mode, conflicts, escaping ------------------------------------------------------------


# The meeting pages (Beheer is the administrator's page, not shown in a meeting).
MEETING_PAGES = [p for p in listed_pages() if (ROOT / p).exists() and p != "pages/beheer.py"]


@pytest.mark.parametrize("page", MEETING_PAGES)
def test_meeting_mode_shows_no_member_name(sqlite_url, page):
    at = _open(page)
    assert at.session_state["meeting_mode"] is True
    assert names_in(all_text(at), SAMPLE_NAMES) == []


def test_names_are_visible_outside_the_check_when_revealed(sqlite_url):
    # The check above can fail: after a reveal the same search finds the names.
    at = _open("pages/leden.py")
    button(at, "Namen tonen…").click().run()
    button(at, "Ja, tonen").click().run()
    assert "Dex" in names_in(all_text(at), SAMPLE_NAMES)


def test_a_newer_version_by_someone_else_gives_a_conflict_and_keeps_the_input(sqlite_url):
    at = _open("pages/leden.py")
    store = CaseStore(sqlite_url)
    other = store.load(SAMPLE_ID)
    other.context.times = "Door een collega gewijzigd"
    store.save(other, "collega")  # version 2, while this session still shows version 1
    key = at.data_editor[0].key
    at.session_state[key] = editor_state(edited={"0": {"rol": "former"}})
    at.run()
    assert not at.exception
    assert any("intussen" in e.value for e in at.error)
    stored = store.load(SAMPLE_ID)
    assert stored.version == 2
    assert stored.members[0].team_role == "leader"
    assert stored.context.times == "Door een collega gewijzigd"
    assert at.session_state[key]["edited_rows"]["0"]["rol"] == "former"
    button(at, "Nieuwste versie laden").click().run()
    assert not at.exception
    assert at.data_editor[0].key != key


def test_user_text_with_markup_stays_text(sqlite_url):
    start_app()  # loads the sample into the new store
    store = CaseStore(sqlite_url)
    case = store.load(SAMPLE_ID)
    case.name = "<script>alert(1)</script>"
    case.members[0].pseudonym = "<img src=x onerror=alert(1)>"
    case.context.times = "![x](http://example.invalid/x.png)"
    store.save(case, "test")
    at = start_app()
    for page in ["pages/start.py", "pages/groep.py", "pages/leden.py", "pages/relaties.py"]:
        at.switch_page(page).run()
        assert not at.exception
        assert not any("<script>" in m.value or "<img" in m.value for m in at.markdown), page
    at.switch_page("pages/start.py").run()
    assert "<script>alert(1)</script>" in [t.value for t in at.text]


# --- the pure helpers behind the pages ------------------------------------------------------------


def test_member_table_round_trips_exactly():
    case = load_sample_case()
    frame = tables.members_frame(case, names=True, sensitive=True)
    assert tables.members_from_frame(frame, case) == case.members


def test_hidden_member_columns_are_taken_from_the_store():
    case = load_sample_case()
    frame = tables.members_frame(case)
    assert {"naam", "bron", "notitie"}.isdisjoint(frame.columns)
    assert tables.members_from_frame(frame, case) == case.members


def test_new_rows_get_stable_ids_and_free_pseudonyms():
    case = Case("x", members=[Member(id="a", pseudonym="J01")])
    frame = tables.members_frame(case)
    frame.loc[1] = {
        "id": None,
        "pseudoniem": "",
        "geboortejaar": None,
        "typering": None,
        "rol": None,
        "problematiek": [],
        "eerst_gezien": None,
        "laatst_gezien": None,
    }
    first = tables.members_from_frame(frame, case, token="k")
    again = tables.members_from_frame(frame, case, token="k")
    assert [m.id for m in first] == ["a", "mk002"] == [m.id for m in again]
    assert [m.pseudonym for m in first] == ["J01", "J02"]


def test_tie_and_incident_tables_round_trip_exactly():
    case = load_sample_case()
    assert tables.ties_from_frame(tables.ties_frame(case.ties, sensitive=True), case) == case.ties
    assert tables.ties_from_frame(tables.ties_frame(case.ties), case) == case.ties
    assert tables.incidents_from_frame(tables.incidents_frame(case, sensitive=True), case) == case.incidents
    assert tables.contacts_from_frame(tables.contacts_frame(case), case) == case.contacts


def test_remove_members_cascades():
    case = Case(
        "x",
        members=[Member(id="a"), Member(id="b"), Member(id="c")],
        ties=[Tie("a", "b"), Tie("b", "c")],
        incidents=[Incident("i1", members=["a", "b"]), Incident("i2", members=["c"])],
    )
    assert tables.remove_members(case, ["a"]) == {"ties": 1, "incidents": 1, "measures": 0}
    assert [m.id for m in case.members] == ["b", "c"]
    assert [(t.source, t.target) for t in case.ties] == [("b", "c")]
    assert [i.members for i in case.incidents] == [["b"], ["c"]]


def test_incident_timeline_is_a_dot_per_dated_incident():
    case = Case(
        "x",
        incidents=[
            Incident("i1", date(2026, 1, 5), "violence", members=["a", "b"]),
            Incident("i2", date(2026, 1, 9), "drugs"),
            Incident("i3", None, "drugs"),
        ],
    )
    spec = incident_timeline(case).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert spec["mark"]["type"] == "circle"
    assert [(r["soort"], r["leden"]) for r in rows] == [("Geweld", 2), ("Drugs", 0)]
    assert spec["encoding"]["y"]["sort"] == ["Geweld", "Drugs"]
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["Datum", "Soort", "Betrokken leden"]


def test_incidents_per_month_counts_by_type():
    case = Case(
        "x",
        incidents=[
            Incident("i1", date(2026, 1, 5), "violence"),
            Incident("i2", date(2026, 1, 9), "violence"),
            Incident("i3", date(2026, 2, 1), "drugs"),
        ],
    )
    table = incidents_per_month(case)
    assert table.to_dict("records") == [
        {"maand": "2026-01", "Drugs": 0, "Geweld": 2},
        {"maand": "2026-02", "Drugs": 1, "Geweld": 0},
    ]
