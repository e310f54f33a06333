"""The data pages (Start, Groep with its tabs, Leden, Relaties) in Debian's Chromium with the internet
blocked: they render without console errors, show no name in meeting mode, axe-core finds no serious
or critical accessibility problem, and markup in user text never runs."""

from __future__ import annotations

import json
import re

import pytest

from duiding.sample import load_sample_case
from duiding.store import CaseStore
from tests.browser import ROOT, chromium_page, running_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SAMPLE_ID = "voorbeeld-stationsplein"
PAGES = ["Start", "Groep", "Leden", "Relaties"]
GROEP_TABS = ["Stap en besluiten", "Context", "Duiding (Beke)", "Incidenten"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAYLOADS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '"><svg onload=alert(1)>']


HEADINGS = {"Start": "Groepsduiding"}


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    # On a busy machine the old page can still be on screen when the script run is reported done.
    page.locator("h1").filter(has_text=HEADINGS.get(title, title)).first.wait_for(timeout=30_000)
    wait_for_app(page)


def _views(page):
    """Each page (and each tab of Groep), yielding a short name once it is drawn."""
    for title in PAGES:
        _nav(page, title)
        if title == "Groep":
            for tab in GROEP_TABS:
                page.get_by_role("tab", name=tab).click()
                page.wait_for_timeout(400)
                yield f"groep-{tab.split()[0].lower()}"
        else:
            yield title.lower()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


@pytest.mark.skipif(not AXE.exists(), reason="axe-core ontbreekt: voer 'npm install' uit in de projectmap")
def test_pages_render_offline_accessible_and_without_names(chromium_path, tmp_path):
    names = [m.name for m in load_sample_case().members if m.name]
    inaccessible = {}
    with running_app(tmp_path) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.goto(base)
        wait_for_app(page)
        for view in _views(page):
            text = page.inner_text("body")
            shown = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
            assert shown == [], f"{view}: names on screen in meeting mode: {shown}"
            screenshot(page, f"data-{view}")
            violations = _axe(page)
            if violations:
                inaccessible[view] = violations
        assert log.blocked == []
        assert log.console_errors == []
        assert log.page_errors == []
    assert inaccessible == {}, json.dumps(inaccessible, indent=1)


def test_markup_in_user_text_never_runs(chromium_path, tmp_path):
    with running_app(tmp_path) as base:
        store = CaseStore(f"sqlite:///{tmp_path / 'e2e.db'}")
        case = store.load(SAMPLE_ID)
        case.name = PAYLOADS[0]
        case.context.description = PAYLOADS[1]
        case.context.locations = PAYLOADS[:]
        case.members[0].name = PAYLOADS[0]
        case.members[1].name = PAYLOADS[1]
        case.members[2].pseudonym = PAYLOADS[2]
        case.members[3].opportunities = PAYLOADS[1]
        case.contacts[0].role = PAYLOADS[0]
        case.incidents[0].place = PAYLOADS[1]
        case.decisions[0].note = PAYLOADS[0]
        case.ties[0].note = PAYLOADS[2]
        store.save(case, "test")
        with chromium_page(chromium_path, tmp_path) as (page, log):
            page.goto(base)
            wait_for_app(page)
            # Outside meeting mode and with names revealed, every field is on screen.
            page.locator('[data-testid="stSidebar"]').get_by_text("Overlegmodus", exact=True).click()
            wait_for_app(page)
            page.get_by_role("button", name="Namen tonen…").click()
            wait_for_app(page)
            page.get_by_role("button", name="Ja, tonen").click()
            wait_for_app(page)
            for view in _views(page):
                page.mouse.move(700, 500)
                page.wait_for_timeout(200)
                assert log.dialogs == [], f"{view}: script ran: {log.dialogs}"
            _nav(page, "Start")
            screenshot(page, "data-xss-start")
            assert PAYLOADS[0] in page.inner_text("body")  # shown as text, not as markup
            assert log.dialogs == []
            assert log.page_errors == []
