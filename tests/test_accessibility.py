"""Accessibility in Debian's Chromium: axe-core (from npm, injected by the test) finds no serious or
critical WCAG 2 A/AA problem on any page of app.py, on any tab, in meeting mode and outside it, in the
page itself and inside every iframe (the network drawings); and meeting mode is readable on a projector
(body text at least 18 px).

axe runs separately in each frame (``iframes: false``), so a finding names the frame it is in. A
positive control shows that axe really runs in the page and in the network frame: an image without
alternative text is reported as critical.
"""

from __future__ import annotations

import json

import pytest

from tests.browser import ROOT, chromium_page, running_app, wait_for_app
from tests.test_browser_pages import PAGES

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "iframes": False, "resultTypes": ["violations"]}
# No rule is switched off: no finding so far came from Streamlit's own frontend. Should one ever need
# to be, exclude that rule for that one selector only (axe's `exclude` context), with the reason here.

_RUN = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))
  }));
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium_path):
    if not AXE.exists():
        pytest.skip(
            "node_modules/axe-core/axe.min.js ontbreekt: voer 'npm ci' uit in de projectmap (make test doet dat)"
        )
    tmp = tmp_path_factory.mktemp("axe")
    with running_app(tmp) as base, chromium_page(chromium_path, tmp) as (page, log):
        page.goto(base)
        wait_for_app(page, timeout=90_000)
        yield base, page, log


def _axe(page) -> dict[str, list[dict]]:
    """{frame: violations} for the page and each iframe in it."""
    found = {}
    for index, frame in enumerate(page.frames):
        try:
            if not frame.evaluate("() => typeof axe !== 'undefined'"):
                frame.add_script_tag(path=str(AXE))
            violations = frame.evaluate(_RUN, OPTIONS)
        except Exception as exc:  # a frame that went away while the page reran
            if frame.is_detached():
                continue
            raise AssertionError(f"axe did not run in {frame.url}: {exc}") from exc
        if violations:
            found["pagina" if index == 0 else f"iframe {index} ({frame.url[:30]})"] = violations
    return found


def _network_drawn(page, expected: int) -> None:
    page.wait_for_function(
        """(n) => [...document.querySelectorAll('iframe')].filter(f => {
            try { return typeof f.contentWindow.network !== 'undefined'; } catch (e) { return false; }
        }).length >= n""",
        arg=expected,
        timeout=90_000,
    )


def _views(page):
    """Every tab of the open page; Netwerk's lazy tabs with their drawings."""
    yield "-"
    for tab in page.locator('[data-testid="stMain"] [role="tab"]').all_inner_texts()[1:]:
        page.locator('[data-testid="stMain"]').get_by_role("tab", name=tab.strip(), exact=True).click()
        wait_for_app(page, timeout=90_000)
        if tab.strip() == "Lagen vergelijken":
            _network_drawn(page, 2)
        yield tab.strip()


@pytest.mark.parametrize("mode", ["overleg", "zonder-overleg"])
@pytest.mark.parametrize("title", list(PAGES))
def test_no_serious_or_critical_accessibility_violations(app, title, mode):
    base, page, _log = app
    path, heading = PAGES[title]
    page.goto(f"{base}/{path}")
    wait_for_app(page, timeout=90_000)
    if mode == "zonder-overleg":
        page.locator('[data-testid="stSidebar"]').get_by_text("Overlegmodus", exact=True).click()
        wait_for_app(page, timeout=90_000)
    page.get_by_role("heading", level=1, name=heading).wait_for(timeout=60_000)
    if title == "Netwerk":
        _network_drawn(page, 1)
    serious, other = {}, {}
    for view in _views(page):
        for frame, violations in _axe(page).items():
            for v in violations:
                target = serious if v["impact"] in ("serious", "critical") else other
                target.setdefault(f"{view} / {frame}", []).append(v)
    if other:  # minor and moderate findings are reported, not failed
        print(f"{title} ({mode}): minor/moderate: {json.dumps(other, ensure_ascii=False)}")
    assert serious == {}, json.dumps(serious, indent=1, ensure_ascii=False)


def test_axe_runs_in_the_page_and_in_the_network_frame(app):
    """Positive control: an image without alternative text is found, in the page and in the drawing."""
    base, page, _log = app
    page.goto(f"{base}/netwerk")
    wait_for_app(page, timeout=90_000)
    _network_drawn(page, 1)
    add_image = (
        "() => { const i = document.createElement('img'); i.src = 'data:,'; document.body.appendChild(i); }"
    )
    page.evaluate(add_image)
    frame = next(f for f in page.frames[1:] if f.evaluate("() => typeof network !== 'undefined'"))
    frame.evaluate(add_image)
    found = _axe(page)
    ids = {where: [v["id"] for v in violations] for where, violations in found.items()}
    assert "image-alt" in ids.get("pagina", [])
    assert any("image-alt" in found_ids for where, found_ids in ids.items() if where.startswith("iframe")), (
        ids
    )


def test_meeting_mode_body_text_is_at_least_18px(app):
    """On the projector, body text at least 18 px; the normal screen keeps Streamlit's 16 px."""
    base, page, _log = app
    size = """() => parseFloat(getComputedStyle(
        document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p')).fontSize)"""
    page.goto(f"{base}/")
    wait_for_app(page, timeout=90_000)
    meeting = page.evaluate(size)
    page.locator('[data-testid="stSidebar"]').get_by_text("Overlegmodus", exact=True).click()
    wait_for_app(page, timeout=90_000)
    normal = page.evaluate(size)
    assert meeting >= 18 and normal == 16, (meeting, normal)
