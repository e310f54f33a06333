"""Two browser tabs on one case, and a refresh mid-work, in real Chromium: nothing is lost or silently
overwritten. The second tab's save is refused with a Dutch conflict message and its text stays on screen."""

from __future__ import annotations

import pytest

from duiding.store import CaseStore
from tests.browser import chromium_page, running_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SAMPLE_ID = "voorbeeld-stationsplein"


def _record_decision(page, note: str) -> None:
    form = page.locator('[data-testid="stForm"]').filter(has_text="Besluit vastleggen").first
    form.get_by_label("Notitie bij het besluit").fill(note)
    form.get_by_role("button", name="Besluit vastleggen").click()
    wait_for_app(page)


def _notes(store: CaseStore) -> list[str]:
    return [d.note for d in store.load(SAMPLE_ID).decisions]


def test_second_tab_gets_a_conflict_and_a_refresh_keeps_the_first_tabs_save(chromium_path, tmp_path):
    with running_app(tmp_path) as base, chromium_page(chromium_path, tmp_path) as (first, log):
        store = CaseStore(f"sqlite:///{tmp_path / 'e2e.db'}")
        start_version = store.load(SAMPLE_ID).version
        second = first.context.new_page()
        for page in (first, second):
            page.goto(f"{base}/groep?casus={SAMPLE_ID}")
            wait_for_app(page)

        # Tab 1 saves first.
        _record_decision(first, "Besluit uit tabblad 1")
        assert "Besluit uit tabblad 1" in _notes(store)
        assert store.load(SAMPLE_ID).version == start_version + 1

        # Tab 2 still shows the older version: its save is refused, nothing is overwritten.
        _record_decision(second, "Besluit uit tabblad 2")
        second.get_by_text("intussen", exact=False).first.wait_for(timeout=30_000)
        screenshot(second, "tabs-conflict")
        assert "Besluit uit tabblad 2" not in _notes(store)
        assert "Besluit uit tabblad 1" in _notes(store)
        assert store.load(SAMPLE_ID).version == start_version + 1
        # What the user typed is still on screen.
        form = second.locator('[data-testid="stForm"]').filter(has_text="Besluit vastleggen").first
        assert form.get_by_label("Notitie bij het besluit").input_value() == "Besluit uit tabblad 2"

        # After loading the newest version tab 2 can save; both decisions are kept.
        second.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name="Nieuwste versie laden"
        ).click()
        wait_for_app(second)
        _record_decision(second, "Besluit uit tabblad 2")
        notes = _notes(store)
        assert "Besluit uit tabblad 1" in notes and "Besluit uit tabblad 2" in notes

        # A refresh of tab 1 (a new session) shows both, from the store (the decisions table is a canvas:
        # count them on the start page).
        first.goto(f"{base}/?casus={SAMPLE_ID}")
        wait_for_app(first)
        box = first.locator('[data-testid="stMetric"]').filter(has_text="Besluiten").first
        assert box.locator('[data-testid="stMetricValue"]').inner_text().strip() == str(len(notes))
        assert log.page_errors == [] and log.blocked == [] and log.dialogs == []
