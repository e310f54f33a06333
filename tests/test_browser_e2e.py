"""End to end in Debian's Chromium with the internet blocked: create a case, record 2B, import the
sample CSV files through the sidebar, reload the browser, and find everything still there."""

from __future__ import annotations

import re

import pytest

from duiding.sample import load_sample_case
from duiding.store import CaseStore
from tests.browser import ROOT, chromium_page, running_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SAMPLE = ROOT / "data" / "sample"
CASE_NAME = "E2E Groep Havenkade"


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_app(page)


def test_create_case_import_sample_csvs_and_reload_keeps_everything(chromium_path, tmp_path):
    sample = load_sample_case()
    member_ids = {m.id for m in sample.members}
    # relaties.csv holds the ties between members; ties to contacts (known by role only) are not in it.
    member_ties = [t for t in sample.ties if t.source in member_ids and t.target in member_ids]
    with running_app(tmp_path) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.goto(base)
        wait_for_app(page)

        # 1. A new, empty case.
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Nieuwe casus", exact=True).click()
        sidebar.get_by_label("Naam van de casus").fill(CASE_NAME)
        sidebar.get_by_label("Gemeente").fill("Gemeente Waterveld")
        sidebar.get_by_role("button", name="Casus aanmaken").click()
        wait_for_app(page)
        page.wait_for_selector(f'text="{CASE_NAME}"')
        assert _metric(page, "Leden") == "0"

        # 2. Record the 2B decision, so the namenlijst in leden.csv is allowed.
        _nav(page, "Groep")
        form = page.locator('[data-testid="stForm"]').filter(has_text="Besluit vastleggen").first
        form.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name=re.compile(r"^2B")).click()
        form.get_by_role("button", name="Besluit vastleggen").click()
        wait_for_app(page)

        # 3. Import the three sample CSV files through the sidebar.
        sidebar.get_by_text("Importeren of voorbeeld laden", exact=True).click()
        for title, filename in (
            ("Leden", "leden.csv"),
            ("Relaties", "relaties.csv"),
            ("Incidenten", "incidenten.csv"),
        ):
            uploader = sidebar.locator('[data-testid="stFileUploader"]').filter(
                has_text=f"{title} (CSV of Excel)"
            )
            uploader.locator('input[type="file"]').set_input_files(str(SAMPLE / filename))
            page.wait_for_timeout(500)
        wait_for_app(page)
        sidebar.get_by_role("button", name="Tabellen importeren").click()
        wait_for_app(page)
        screenshot(page, "e2e-after-import")

        # 4. A browser refresh starts a new Streamlit session: the case must come from the store.
        page.reload()
        wait_for_app(page)
        _nav(page, "Start")
        screenshot(page, "e2e-after-reload")
        assert CASE_NAME in page.inner_text("body")
        assert _metric(page, "Leden") == str(len(sample.members))
        assert _metric(page, "Relaties") == str(len(member_ties))
        assert _metric(page, "Incidenten") == str(len(sample.incidents))

        assert log.blocked == [], f"requests to outside addresses: {log.blocked}"
        assert log.dialogs == []
        assert log.page_errors == []
        assert log.console_errors == []

    store = CaseStore(f"sqlite:///{tmp_path / 'e2e.db'}")
    (summary,) = [s for s in store.list_cases() if s.name == CASE_NAME]
    stored = store.load(summary.id)
    assert sorted(m.pseudonym for m in stored.members) == sorted(m.pseudonym for m in sample.members)
    assert {m.name for m in stored.members} == {m.name for m in sample.members}
    assert sorted((t.source, t.target, t.layer, t.strength) for t in stored.ties) == sorted(
        (t.source, t.target, t.layer, t.strength) for t in member_ties
    )
    assert len(stored.incidents) == len(sample.incidents)
    assert stored.has_decision("2B")
