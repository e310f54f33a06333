"""The app frame: it serves the sample case, the sidebar case picker works on the store, every listed
page exists and renders, and a refresh (a new session with the URL's ?casus=) reopens the same case."""

from __future__ import annotations

import pytest
from helpers_apptest import ROOT, SAMPLE_ID, app_test, button, listed_pages, start_app

from duiding.model import Case
from duiding.sample import load_sample_case
from duiding.store import CaseStore

MY_PAGES = ["pages/start.py", "pages/groep.py", "pages/leden.py", "pages/relaties.py"]


def test_app_renders_the_sample_case_on_first_start(sqlite_url):
    at = start_app()
    assert not at.exception
    assert [c.name for c in CaseStore(sqlite_url).list_cases()] == ["Jeugdgroep Stationsplein"]
    assert at.query_params["casus"] == SAMPLE_ID
    assert at.selectbox(key="_picker").value == SAMPLE_ID
    assert "Jeugdgroep Stationsplein" in [t.value for t in at.text]
    sample = load_sample_case()
    expected = [len(sample.members), len(sample.ties), len(sample.incidents), len(sample.decisions)]
    assert [m.value for m in at.metric] == [str(n) for n in expected]


def test_meeting_mode_is_on_by_default_and_can_be_switched_off(sqlite_url):
    at = start_app()
    assert at.toggle[0].label == "Overlegmodus"
    assert at.toggle[0].value is True
    at.toggle[0].set_value(False).run()
    assert not at.exception
    assert at.session_state["meeting_mode"] is False


def test_page_order_has_plan_last_and_start_first():
    pages = listed_pages()
    assert pages[:4] == MY_PAGES
    assert pages.index("pages/plan.py") > pages.index("pages/duiding.py") > pages.index("pages/netwerk.py")
    assert all(pages.index("pages/plan.py") >= pages.index(p) for p in pages if p != "pages/beheer.py")


def test_every_page_file_is_listed_in_app():
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert on_disk <= set(listed_pages())
    assert set(MY_PAGES) <= on_disk


@pytest.mark.parametrize("page", [p for p in listed_pages() if (ROOT / p).exists()])
def test_every_listed_page_that_exists_renders(sqlite_url, page):
    at = start_app()
    at.switch_page(page).run()
    assert not at.exception, f"{page}: {at.exception}"
    assert at.title, f"{page} shows no title"


def test_create_a_case_from_the_sidebar(sqlite_url):
    at = start_app()
    at.text_input(key="_new_name").input("Groep Skatepark")
    at.text_input(key="_new_municipality").input("Gemeente Waterveld")
    button(at, "Casus aanmaken").click().run()
    assert not at.exception
    cases = {c.name: c for c in CaseStore(sqlite_url).list_cases()}
    assert set(cases) == {"Groep Skatepark", "Jeugdgroep Stationsplein"}
    new = cases["Groep Skatepark"]
    assert new.municipality == "Gemeente Waterveld"
    assert at.query_params["casus"] == new.id
    assert at.selectbox(key="_picker").value == new.id
    assert [m.value for m in at.metric] == ["0", "0", "0", "0"]


def test_create_refuses_an_empty_name(sqlite_url):
    at = start_app()
    button(at, "Casus aanmaken").click().run()
    assert [e.value for e in at.error] == ["Geef de casus een naam."]
    assert len(CaseStore(sqlite_url).list_cases()) == 1


def test_rename_the_open_case(sqlite_url):
    at = start_app()
    at.text_input(key="_rename_name").input("Stationsplein 2026")
    button(at, "Naam wijzigen").click().run()
    assert not at.exception
    assert CaseStore(sqlite_url).load(SAMPLE_ID).name == "Stationsplein 2026"
    assert "Stationsplein 2026" in [t.value for t in at.text]


def test_delete_needs_confirmation_and_removes_the_case(sqlite_url):
    at = start_app()
    assert button(at, "Casus verwijderen").disabled
    at.checkbox(key=f"_delete_confirm_{SAMPLE_ID}").check().run()
    assert not button(at, "Casus verwijderen").disabled
    button(at, "Casus verwijderen").click().run()
    assert not at.exception
    store = CaseStore(sqlite_url)
    assert store.list_cases() == []
    assert ("delete", SAMPLE_ID) in [(e.action, e.case_id) for e in store.audit_entries()]
    assert "casus" not in at.query_params
    assert any("Er is nog geen casus" in i.value for i in at.info)


def test_switching_cases_with_the_picker_and_a_refresh_keeps_the_case(sqlite_url):
    store = CaseStore(sqlite_url)
    at = start_app()
    other = store.create(Case(name="Groep Oost", id="c-oost"), "test")
    at.run()
    at.selectbox(key="_picker").set_value(other.id).run()
    assert at.query_params["casus"] == "c-oost"
    assert "Groep Oost" in [t.value for t in at.text]

    # A browser refresh is a new session that only has the URL.
    again = app_test()
    again.query_params["casus"] = "c-oost"
    again.run()
    assert again.selectbox(key="_picker").value == "c-oost"
    assert "Groep Oost" in [t.value for t in again.text]


def test_load_the_sample_again_makes_a_new_case(sqlite_url):
    at = start_app()
    button(at, "Voorbeeldcasus opnieuw laden").click().run()
    assert not at.exception
    cases = CaseStore(sqlite_url).list_cases()
    assert len(cases) == 2
    copy = next(c for c in cases if c.id != SAMPLE_ID)
    assert copy.name.startswith("Jeugdgroep Stationsplein (opnieuw geladen ")
    assert at.query_params["casus"] == copy.id
    assert CaseStore(sqlite_url).load(copy.id).members == load_sample_case().members


def test_import_a_json_bundle_as_a_new_case(sqlite_url):
    from duiding.io.bundle import bundle_json

    case = load_sample_case()
    case.name = "Uit bestand"
    at = start_app()
    at.file_uploader(key="_bundle_upload").set_value(
        ("casus.json", bundle_json(case), "application/json")
    ).run()
    button(at, "Casusbestand importeren").click().run()
    assert not at.exception
    cases = {c.name: c for c in CaseStore(sqlite_url).list_cases()}
    assert set(cases) == {"Uit bestand", "Jeugdgroep Stationsplein"}
    assert cases["Uit bestand"].id != SAMPLE_ID  # the sample's id was taken, so it got a new one
    assert CaseStore(sqlite_url).load(cases["Uit bestand"].id).ties == case.ties


def test_import_a_broken_bundle_writes_nothing(sqlite_url):
    at = start_app()
    at.file_uploader(key="_bundle_upload").set_value(("casus.json", b"{not json", "application/json")).run()
    button(at, "Casusbestand importeren").click().run()
    assert [e.value for e in at.error] == ["Dit bestand is geen geldig JSON\\-bestand\\."]
    assert len(CaseStore(sqlite_url).list_cases()) == 1


def test_import_csv_tables_into_the_open_case(sqlite_url):
    sample = ROOT / "data" / "sample"
    at = start_app()
    for kind, name in (("members", "leden.csv"), ("ties", "relaties.csv"), ("incidents", "incidenten.csv")):
        at.file_uploader(key=f"_upload_{kind}").set_value((name, (sample / name).read_bytes(), "text/csv"))
    at.run()
    # Re-importing the sample's own tables updates every row in place: nothing is added.
    button(at, "Tabellen importeren").click().run()
    assert not at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    sample = load_sample_case()
    assert (len(stored.members), len(stored.incidents)) == (len(sample.members), len(sample.incidents))


def test_import_csv_with_problems_writes_nothing_and_lists_them(sqlite_url):
    at = start_app()
    bad = b"id;pseudoniem;geboortejaar\nx1;J90;tweeduizend\n"
    at.file_uploader(key="_upload_members").set_value(("leden.csv", bad, "text/csv")).run()
    button(at, "Tabellen importeren").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Niet opgeslagen: 1 probleem")
    problems = at.dataframe[-1].value
    assert list(problems["Rij"]) == [1]
    assert list(problems["Kolom"]) == ["geboortejaar"]
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert stored.version == 1
    assert stored.members == load_sample_case().members


def test_import_maps_other_headers_by_hand(sqlite_url):
    at = start_app()
    data = "lid_nr;schuilnaam;jaar;Kleur\nx1;J90;2010;rood\nx2;J91;2011;blauw\n".encode("cp1252")
    at.file_uploader(key="_upload_members").set_value(("export.csv", data, "text/csv")).run()
    labels = [s.label for s in at.selectbox if s.key and s.key.startswith("_map_members_")]
    assert labels == ["Kolom ‘lid\\_nr’", "Kolom ‘schuilnaam’", "Kolom ‘Kleur’"]
    at.selectbox(key="_map_members_0").set_value("id")
    at.selectbox(key="_map_members_1").set_value("pseudoniem")
    at.run()
    button(at, "Tabellen importeren").click().run()
    assert not at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    new = {m.id: m for m in stored.members[-2:]}
    assert {i: (m.pseudonym, m.birth_year) for i, m in new.items()} == {
        "x1": ("J90", 2010),
        "x2": ("J91", 2011),
    }
