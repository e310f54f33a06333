"""The Plan page: renders the concept plan in section order, adopts a suggestion into the store,
saves texts and goals, records status, and exports with an audit entry; pseudonyms in meeting mode."""

from __future__ import annotations

from datetime import date

import pytest
from helpers_apptest import SAMPLE_ID, all_text, button, names_in, start_app

from duiding.plan.assemble import SECTIONS
from duiding.sample import load_sample_case
from duiding.store import CaseStore

PAGE = "pages/plan.py"
NAMES = sorted({m.name for m in load_sample_case().members if m.name})


@pytest.fixture
def at(sqlite_url):
    app = start_app(timeout=60)
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def open_tab(app, label: str):
    """Open one of the page's tabs (they run lazily: only the open tab is built)."""
    app.session_state["_plan_tab"] = label
    app.run()
    assert not app.exception, app.exception
    return app


def test_only_the_open_tab_is_built(at):
    assert [b for b in at.button if b.label == "Overnemen"] == []
    open_tab(at, "Suggesties")
    assert [b for b in at.button if b.label == "Overnemen"]
    assert [h.value for h in at.subheader if h.value.startswith("1. ")] == []


def test_page_shows_every_section_in_order_and_only_pseudonyms(at):
    headings = [h.value for h in at.subheader]
    expected = [f"{n}. {title}" for n, (_, title) in enumerate(SECTIONS, start=1)]
    assert headings[: len(expected)] == expected
    text = all_text(at)
    assert "23 actieve leden" in text  # the same count as the Duiding page at today's peildatum
    assert "J01" not in text  # the plan for the driehoek has no member detail
    assert names_in(text, NAMES) == []


def test_adopting_a_suggestion_lands_in_the_stored_plan(at, sqlite_url):
    open_tab(at, "Suggesties")
    adopt_buttons = [b for b in at.button if b.label == "Overnemen"]
    assert adopt_buttons
    first = adopt_buttons[0]
    intervention_id = first.key.split("-", 2)[2].rsplit("-", 1)[0]
    first.click().run()
    assert not at.exception, at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert [m.intervention for m in stored.plan.measures] == [intervention_id]
    assert intervention_id not in [b.key for b in at.button if b.label == "Overnemen"]


def test_saving_texts_and_goals(at, sqlite_url):
    version = CaseStore(sqlite_url).load(SAMPLE_ID).version
    open_tab(at, "Teksten")
    at.text_area(key=f"pt-problem-{version}").input("Overlast en wapens bij het station.")
    button(at, "Teksten opslaan").click().run()
    assert not at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert stored.plan.problem_definition == "Overlast en wapens bij het station."
    open_tab(at, "Doelen")
    at.multiselect(key=f"pg-codes-{stored.version}").set_value(["reduce_crime", "prevent_inflow"])
    button(at, "Doelen opslaan").click().run()
    assert not at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert [g.code for g in stored.plan.goals] == ["reduce_crime", "prevent_inflow"]


def test_new_measure_without_title_is_refused_and_nothing_saved(at, sqlite_url):
    version = CaseStore(sqlite_url).load(SAMPLE_ID).version
    open_tab(at, "Maatregelen")
    button(at, "Maatregel toevoegen").click().run()
    assert "Geef de maatregel een titel." in [e.value for e in at.error]
    assert CaseStore(sqlite_url).load(SAMPLE_ID).version == version


def test_export_is_made_and_each_download_is_audited(at, sqlite_url):
    open_tab(at, "Exporteren")
    button(at, "Export maken").click().run()
    assert not at.exception
    labels = [b.label for b in at.main.get("download_button")]  # the sidebar has the case export
    assert labels == ["Word-bestand downloaden", "Markdown downloaden"]
    from ui.auth import log_export  # the callback the download buttons use

    store = CaseStore(sqlite_url)
    # AppTest cannot click a download button; call its on_click callback the way Streamlit does.
    log_export(SAMPLE_ID, "Plan van aanpak (docx) gedownload")
    assert any(
        e.action == "export" and "Plan van aanpak (docx)" in e.detail for e in store.audit_entries(SAMPLE_ID)
    )


def test_monitoring_status_update_is_stored(sqlite_url):
    from duiding.plan.demo import demo_plan

    store = CaseStore(sqlite_url)
    store.migrate()
    case = store.create(demo_plan(load_sample_case(), date.today()), "tester")
    app = start_app(timeout=60)
    app.switch_page(PAGE).run()
    open_tab(app, "Monitoring")
    measure = case.plan.measures[1]
    app.selectbox(key=f"pmon-measure-{case.version}").set_value(measure.id)
    app.selectbox(key=f"pmon-st-{case.version}").set_value("done")
    button(app, "Status vastleggen").click().run()
    assert not app.exception, app.exception
    stored = next(m for m in store.load(case.id).plan.measures if m.id == measure.id)
    assert stored.status == "done"
    assert stored.updates[-1].status == "done"


def test_names_show_only_outside_meeting_mode_after_reveal(sqlite_url):
    app = start_app(timeout=60)
    app.session_state["_names_revealed_for"] = SAMPLE_ID  # as after "Namen tonen…" (ui.state.reveal_names)
    app.switch_page(PAGE).run()
    assert names_in(all_text(app), NAMES) == []  # meeting mode (default): pseudonyms only
    app.session_state["meeting_mode"] = False
    app.session_state["_names_revealed_for"] = SAMPLE_ID
    app.session_state["plan-document"] = "bijlage"  # member detail is in the annex for the overleg
    app.run()
    assert not app.exception, app.exception
    assert "Dex (J01)" in all_text(app)


def test_adding_an_incident_indicator_fills_its_values(at, sqlite_url):
    version = CaseStore(sqlite_url).load(SAMPLE_ID).version
    fk = f"pmon-k-{version}-"  # the form for a new indicator
    open_tab(at, "Monitoring")
    at.text_input(key=f"{fk}-name").input("Wapenincidenten per maand")
    at.number_input(key=f"{fk}-baseline").set_value(0.3)
    at.number_input(key=f"{fk}-target").set_value(0.0)
    at.selectbox(key=f"{fk}-problem").set_value("weapons")
    button(at, "Indicator opslaan").click().run()
    assert not at.exception, at.exception
    (k,) = CaseStore(sqlite_url).load(SAMPLE_ID).plan.indicators
    assert (k.name, k.baseline, k.target, k.problem) == ("Wapenincidenten per maand", 0.3, 0.0, "weapons")
    assert sum(v.value for v in k.values) == 4


def test_meeting_mode_shows_suggestion_reasons_as_counts(sqlite_url):
    app = start_app(timeout=60)
    app.switch_page(PAGE).run()
    open_tab(app, "Suggesties")
    text = all_text(app)
    assert "3 leden hebben gezinsproblemen" in text
    assert "J07, J08 en J16 hebben gezinsproblemen" not in text
    app.session_state["meeting_mode"] = False
    app.run()
    assert "J07, J08 en J16 hebben gezinsproblemen" in all_text(app)
