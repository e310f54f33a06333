"""The Beheer page: audit log with filters, retention (anonymise / delete), reviews, art. 15, art. 17."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from duiding.sample import load_sample_case

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "beheer.py")


@pytest.fixture
def store(sqlite_url):
    from duiding.store import CaseStore

    s = CaseStore(sqlite_url)
    s.migrate()
    case = load_sample_case()
    case.retention_date = date(2020, 1, 1)
    s.create(case, "systeem")
    return s


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_page_shows_audit_log_retention_and_reviews(store):
    store.log("anna", "export", "voorbeeld-stationsplein", '=HYPERLINK("x")')
    at = _page()
    assert [t.label for t in at.tabs] == [
        "Auditlog",
        "Bewaartermijn",
        "Toetsing proportionaliteit",
        "Inzage (art. 15)",
        "Wissen (art. 17)",
    ]
    log = at.dataframe[0].value
    assert list(log.columns) == ["Nr", "Tijdstip", "Gebruiker", "Casus", "Actie", "Omschrijving"]
    assert list(log["Gebruiker"]) == ["anna", "systeem"]  # newest first
    at.selectbox(key="_audit_user").select("anna").run()
    assert list(at.dataframe[0].value["Actie"]) == ["Geëxporteerd"]
    assert [w.value for w in at.warning] == ["1 casus(sen) voorbij de bewaartermijn."]
    retention = at.dataframe[1].value
    assert list(retention["Voorbij"]) == ["ja"]


def test_art15_is_hidden_in_meeting_mode(store):
    at = _page()  # a new session: meeting mode is on
    assert [b.proto.label for b in at.get("download_button")] == ["Auditlog downloaden (CSV)"]
    assert "Zet de overlegmodus (zijbalk) uit" in " ".join(i.value for i in at.info)


def test_art15_download_is_logged(store):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["meeting_mode"] = False
    at.run()
    assert not at.exception, at.exception
    button = at.get("download_button")[1]
    assert button.proto.label == "Inzageoverzicht downloaden (Markdown)"
    button.click().run()
    entry = store.audit_entries()[-1]
    assert (entry.user, entry.action, entry.detail) == (
        "lokaal",
        "art15",
        "Inzageoverzicht (art. 15) van lid m01 gedownload",
    )


def test_art17_erase_needs_the_typed_pseudonym(store):
    at = _page()
    erase = next(b for b in at.button if b.label == "Lid definitief wissen")
    assert erase.disabled
    at.text_input(key="_art17_typed_m01").input("J02").run()
    assert next(b for b in at.button if b.label == "Lid definitief wissen").disabled
    at.text_input(key="_art17_typed_m01").input("J01").run()
    next(b for b in at.button if b.label == "Lid definitief wissen").click().run()
    case = store.load("voorbeeld-stationsplein")
    assert case.member("m01") is None
    assert store.audit_entries()[-1].action == "erase"


def test_anonymise_and_delete_need_confirmation(store):
    at = _page()
    anonymise = next(b for b in at.button if b.label == "Anonimiseren")
    assert anonymise.disabled
    at.checkbox(key="_close_confirm_voorbeeld-stationsplein").check().run()
    next(b for b in at.button if b.label == "Anonimiseren").click().run()
    case = store.load("voorbeeld-stationsplein")
    assert all(m.pseudonym.startswith("A") and not m.name for m in case.members)
    assert store.audit_entries()[-1].action == "anonymise"

    at = _page()
    at.checkbox(key="_close_confirm_voorbeeld-stationsplein").check().run()
    next(b for b in at.button if b.label == "Verwijderen").click().run()
    assert store.list_cases() == []
    assert store.audit_entries()[-1].action == "delete"


def test_audit_log_is_read_one_page_at_a_time_and_the_csv_only_on_click(store):
    """Before: every run loaded the whole log and built the CSV of all of it (served at a media URL)."""
    for i in range(250):
        store.log("anna", "view", "voorbeeld-stationsplein", f"Pagina {i} bekeken")
    at = _page()
    log = at.dataframe[0].value
    assert (len(log), int(log["Nr"].iloc[0]), int(log["Nr"].iloc[-1])) == (100, 251, 152)
    assert "251 vastleggingen; nieuwste eerst, 100 per pagina." in " ".join(m.value for m in at.markdown)
    at.number_input(key="_audit_page").set_value(3).run()
    assert list(at.dataframe[0].value["Nr"]) == list(range(51, 0, -1))
    assert [e for e in store.audit_entries() if e.action == "audit_export"] == []  # nothing made yet
