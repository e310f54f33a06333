"""The network in a real browser (Debian's Chromium, every request off this machine blocked): it draws,
meeting mode shows no name, and a hostile member name never runs script, also in tooltips."""

from __future__ import annotations

import json
import re

import pytest

from duiding.sample import load_sample_case
from duiding.store import CaseStore
from tests.browser import ROOT, chromium_page, running_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SAMPLE_NAMES = [m.name for m in load_sample_case().members if m.name]
# No file watcher: on a busy shared tree its inotify queue overflows and it eats the CPU the app needs.
SERVER_ENV = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
HOSTILE = {"m11": "<img src=x onerror=alert(1)>", "m12": "<script>alert(1)</script>"}

# Counts non-transparent pixels on the network canvas.
_INKED = """() => {
  const c = document.querySelector('#mynetwork canvas');
  if (!c || !c.width) { return 0; }
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
  return n;
}"""


def _network_frame(page, timeout_ms: int = 30_000):
    """The frame holding the vis-network canvas, once something is drawn on it."""
    deadline = timeout_ms / 250
    for _ in range(int(deadline)):
        for frame in page.frames:
            try:
                if frame.evaluate(
                    "() => typeof network !== 'undefined' && !!document.querySelector('#mynetwork canvas')"
                ):
                    if frame.evaluate(_INKED) > 2000:
                        return frame
            except Exception:  # frame navigating or detached: look again
                pass
        page.wait_for_timeout(250)
    raise AssertionError("the network canvas was not drawn")


def _serious_axe_violations(page) -> list[dict]:
    """axe-core's serious and critical findings for the page (and the network frame in it)."""
    if not AXE.exists():
        return []  # axe-core comes from npm (package.json); without it this check is skipped
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )


def _names_in(text: str) -> list[str]:
    return [n for n in SAMPLE_NAMES if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text)]


def _network_data(frame) -> str:
    """What the drawing shows: the node and edge data (not the page's script code)."""
    return json.dumps(frame.evaluate("() => [nodes.get(), edges.get()]"), ensure_ascii=False)


def _hover_every_node(page, frame) -> list[str]:
    """Move the mouse over each node and collect the tooltip texts vis-network shows."""
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    box = page.locator("iframe").first.bounding_box()
    canvas = frame.evaluate(
        "() => { const r = document.querySelector('#mynetwork canvas')"
        ".getBoundingClientRect(); return {x: r.left, y: r.top}; }"
    )
    spots = frame.evaluate(
        "() => Object.entries(network.getPositions()).map(([id, p]) => [id, network.canvasToDOM(p)])"
    )
    tips = []
    for _node, spot in spots:
        page.mouse.move(box["x"] + canvas["x"] + spot["x"], box["y"] + canvas["y"] + spot["y"])
        page.wait_for_timeout(220)
        tip = frame.evaluate(
            "() => { const t = document.querySelector('.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' ? t.innerText : ''; }"
        )
        if tip:
            tips.append(tip)
    return tips


def test_netwerk_draws_offline_in_meeting_mode_without_names(chromium_path, tmp_path):
    with running_app(tmp_path, env=SERVER_ENV) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.set_default_timeout(90_000)  # a loaded 2-core machine can be slow; failures still fail
        page.goto(f"{base}/netwerk")
        wait_for_app(page, timeout=90_000)
        frame = _network_frame(page)
        inked = frame.evaluate(_INKED)
        page.wait_for_timeout(300)
        shot = screenshot(page, "netwerk")
        assert shot.stat().st_size > 50_000
        assert inked > 20_000, f"only {inked} pixels drawn"
        assert frame.evaluate("() => nodes.length") == 23
        assert _names_in(page.inner_text("body")) == []
        assert _names_in(_network_data(frame)) == []
        # vis-network came from this server, not from a CDN
        assert frame.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)") == [
            f"{base}/app/static/vis-network-9.1.2.min.js"
        ]
        tips = _hover_every_node(page, frame)
        assert len(tips) >= 20 and all(_names_in(t) == [] for t in tips), tips
        assert _serious_axe_violations(page) == []
        for tab in ("Wat als?", "Lagen vergelijken", "Verandering"):
            page.get_by_role("tab", name=tab).click()
            wait_for_app(page, timeout=90_000)
            assert _names_in(page.inner_text("body")) == [], tab
            assert _serious_axe_violations(page) == [], tab
        assert log.blocked == [], f"requests to outside addresses: {log.blocked}"
        assert log.page_errors == []
        assert log.console_errors == []
        assert log.dialogs == []


def test_netwerk_and_duiding_show_names_only_after_a_reveal(chromium_path, tmp_path):
    with running_app(tmp_path, env=SERVER_ENV) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.set_default_timeout(90_000)  # a loaded 2-core machine can be slow; failures still fail
        page.goto(f"{base}/duiding")
        wait_for_app(page, timeout=90_000)
        page.get_by_text("Hoofdvragen", exact=True).wait_for()
        assert _names_in(page.inner_text("body")) == []
        assert _serious_axe_violations(page) == []
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_role("button", name="Namen tonen…").click()
        wait_for_app(page, timeout=90_000)
        sidebar.get_by_role("button", name="Ja, tonen").click()
        wait_for_app(page, timeout=90_000)
        # revealed on purpose: names appear (in the discussion points)
        page.wait_for_function("() => document.body.innerText.includes('Kiki (J11)')")
        page.goto(f"{base}/netwerk")  # a new session: names hidden again
        wait_for_app(page, timeout=90_000)
        frame = _network_frame(page)
        assert _names_in(_network_data(frame)) == []
        assert log.blocked == [] and log.page_errors == [] and log.dialogs == []


def test_hostile_member_names_never_run_script(chromium_path, tmp_path):
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    store = CaseStore(url)
    store.migrate()
    case = load_sample_case()
    for member_id, text in HOSTILE.items():
        case.member(member_id).pseudonym = text
        case.member(member_id).name = text
        case.member(member_id).note = text
    store.create(case, "tester")
    with running_app(tmp_path, env=SERVER_ENV) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.set_default_timeout(90_000)  # a loaded 2-core machine can be slow; failures still fail
        page.goto(f"{base}/netwerk")
        wait_for_app(page, timeout=90_000)
        frame = _network_frame(page)
        labels = frame.evaluate("() => nodes.get().map(n => n.label)")
        assert "&lt;img src=x onerror=alert(1)&gt;" in labels
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
        assert frame.evaluate("() => document.querySelectorAll('img, #mynetwork script').length") == 0
        tips = _hover_every_node(page, frame)
        assert any("&lt;img src=x" in t for t in tips), tips
        # highlight the hostile member: its label is drawn large, still as text
        page.get_by_label("Lid zoeken en markeren").click()
        page.get_by_role("option", name="<img src=x onerror=alert(1)>").click()
        wait_for_app(page, timeout=90_000)
        frame = _network_frame(page)
        _hover_every_node(page, frame)
        screenshot(page, "netwerk-hostile")
        page.goto(f"{base}/duiding")
        wait_for_app(page, timeout=90_000)
        page.get_by_text("Hoofdvragen", exact=True).wait_for()
        assert "<img src=x onerror=alert(1)>" in page.inner_text("body")  # shown as text
        screenshot(page, "duiding-hostile")
        assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert log.dialogs == [], f"script ran: {log.dialogs}"
        assert log.page_errors == []
        assert log.blocked == []
