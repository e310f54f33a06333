"""Audit: a scripted browser session (views, a reveal, a change, exports, an art. 17 erasure) leaves
exactly the expected audit entries - 100 % of them - and the erased member is gone from every table.

Runs against a real `streamlit run` (the sidebar is drawn by app.py, which AppTest runs only once).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from duiding.sample import load_sample_case

SAMPLE = load_sample_case()


def _settled(page, timeout: float = 30_000) -> None:
    from browser import settled

    settled(page, timeout, pause_ms=700)


def _click_until(button, expected, tries: int = 4) -> None:
    """Click ``button`` until ``expected`` shows (a click during a rerun can be dropped by Streamlit);
    never clicks again once ``expected`` is there, so an action is not repeated."""
    for _ in range(tries):
        button.click()
        try:
            expected.wait_for(timeout=6_000)
            return
        except Exception:  # noqa: BLE001 - playwright TimeoutError: try again
            continue
    expected.wait_for(timeout=1_000)


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    _settled(page)


@pytest.mark.browser
def test_scripted_session_is_fully_audited_and_erasure_leaves_no_trace(tmp_path, chromium_path):
    from browser import chromium_page, running_app

    from duiding.store import CaseStore

    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    with running_app(tmp_path) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        store = CaseStore(url)
        case_id = store.list_cases()[0].id
        start = max(e.id for e in store.audit_entries())

        page.goto(base)
        page.get_by_role("heading", name="Groepsduiding").first.wait_for(timeout=30_000)
        _settled(page)
        _nav(page, "Leden")
        _nav(page, "Netwerk")
        _nav(page, "Leden")  # seen before at this version: no second entry

        # reveal names on purpose
        sidebar = page.locator('[data-testid="stSidebar"]')
        _click_until(
            sidebar.get_by_role("button", name="Namen tonen…"),
            sidebar.get_by_role("button", name="Ja, tonen"),
        )
        _click_until(
            sidebar.get_by_role("button", name="Ja, tonen"),
            sidebar.get_by_role("button", name="Namen verbergen"),
        )
        _settled(page)

        # a change: rename the case (version 2; the page shown again is a new view)
        sidebar.get_by_text("Naam wijzigen of verwijderen").click()
        sidebar.get_by_label("Nieuwe naam").fill("Groep Stationsplein (hernoemd)")
        sidebar.get_by_role("button", name="Naam wijzigen").click()
        page.wait_for_function(
            "() => document.body.innerText.includes('Groep Stationsplein (hernoemd)')", timeout=30_000
        )
        _settled(page)

        # exports on the Beheer page: art. 15 report (holds the name: only outside meeting mode) and the audit log
        sidebar.get_by_text("Overlegmodus", exact=True).click()
        _settled(page)
        _nav(page, "Beheer")
        page.get_by_role("tab", name="Inzage (art. 15)").click()
        with page.expect_download() as dl:
            page.get_by_role("button", name="Inzageoverzicht downloaden (Markdown)").click()
        report = dl.value.path().read_text(encoding="utf-8")
        assert report.startswith("# Overzicht van gegevens over J01")
        _settled(page)
        page.get_by_role("tab", name="Auditlog").click()
        with page.expect_download() as dl:
            page.get_by_role("button", name="Auditlog downloaden (CSV)").click()
        assert dl.value.path().read_bytes().startswith("\ufeffnr;tijdstip".encode())
        _settled(page)

        # art. 17: erase J01 (confirmation by typing the pseudonym)
        page.get_by_role("tab", name="Wissen (art. 17)").click()
        panel = page.get_by_role("tabpanel", name="Wissen (art. 17)")
        panel.get_by_label("Typ het pseudoniem van het lid ter bevestiging").fill("J01")
        panel.get_by_label("Typ het pseudoniem van het lid ter bevestiging").press("Enter")
        _settled(page)
        panel.get_by_role("button", name="Lid definitief wissen").click()
        page.wait_for_timeout(1500)
        _settled(page)
        assert not log.dialogs and not log.page_errors

    entries = [e for e in CaseStore(url).audit_entries() if e.id > start]
    got = [(e.user, e.action, e.case_id, e.detail) for e in entries]
    expected = [
        ("lokaal", "view", case_id, "Pagina Start bekeken (versie 1)"),
        ("lokaal", "view", case_id, "Pagina leden bekeken (versie 1)"),
        ("lokaal", "view", case_id, "Pagina netwerk bekeken (versie 1)"),
        ("lokaal", "reveal", case_id, "Namen getoond (overlegmodus aan)"),
        ("lokaal", "change", case_id, "Casus hernoemd (versie 2)"),
        ("lokaal", "view", case_id, "Pagina leden bekeken (versie 2)"),
        ("lokaal", "view", case_id, "Pagina beheer bekeken (versie 2)"),
        ("lokaal", "art15", case_id, "Inzageoverzicht (art. 15) van lid m01 gedownload"),
        ("lokaal", "audit_export", None, None),
        ("lokaal", "erase", case_id, None),
        ("lokaal", "view", case_id, "Pagina beheer bekeken (versie 3)"),
    ]
    assert len(got) == len(expected), got
    for (user, action, cid, detail), want in zip(got, expected, strict=True):
        assert (user, action, cid) == want[:3], (got, want)
        if want[3] is not None:
            assert detail == want[3]
    assert re.fullmatch(r"Auditlog geëxporteerd als CSV \(\d+ regels\)", got[8][3])
    assert got[9][3].startswith("Lid m01 gewist (AVG art. 17)")

    # art. 17: no table, the audit log included, holds the name or the pseudonym of J01
    erased = SAMPLE.member("m01")
    engine = sa.create_engine(url)
    hits = []
    with engine.connect() as conn:
        for table in sa.inspect(engine).get_table_names():
            if table == "alembic_version":
                continue
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                text = " ".join(str(v) for v in row)
                for word in (erased.name, erased.pseudonym):
                    if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                        hits.append((table, word))
    engine.dispose()
    assert hits == []
