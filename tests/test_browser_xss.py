"""Hostile text never runs as script, in Debian's Chromium with every request off this machine blocked.

Complements tests/test_xss_browser.py (payloads in the free-text fields, one visit per page) with:
payloads also in vocabulary codes (shown as they are when unknown), version labels, the name of the
user who froze a version, and audit entries; every tab of every page, including the Netwerk tabs that
only run when opened (what-if with a hostile member left out, layers side by side, change since a
version with a hostile label); the pointer over every node of every network drawing (tooltips); a
hostile member chosen in the search box; meeting mode on, off, and off with names revealed; payloads
typed into the app's own forms; hostile ``?casus=`` values in the address; and the Markdown files the
app lets users download, rendered as a Markdown viewer would.

Besides dialogs (alert/confirm/prompt) and the ``window.__xss`` marker, every view is searched for
elements that exist only if a payload was parsed as HTML (``xss_payloads.INJECTED``).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from duiding.sample import load_sample_case
from duiding.store import CaseStore
from tests.browser import chromium_page, running_app, screenshot, wait_for_app
from tests.xss_payloads import ALL, INJECTED, MARKER, PAYLOADS, hostile_case, p

SAMPLE = load_sample_case()
CASE_ID = SAMPLE.id
PAGES = ["Start", "Groep", "Leden", "Relaties", "Netwerk", "Duiding", "Versies", "Plan van aanpak", "Beheer"]
NETWORK_TABS = ["Wat als?", "Lagen vergelijken", "Verandering"]


def test_every_payload_is_in_every_free_text_field_and_in_codes():
    case = hostile_case(SAMPLE)
    assert len(PAYLOADS) >= 20 and len(set(PAYLOADS)) == len(PAYLOADS)
    single = {
        "case name": case.name,
        "classification": case.classification,
        "municipality": case.municipality,
        "area": case.area,
        "description": case.context.description,
        "times": case.context.times,
        "locations": " ".join(case.context.locations),
        "platforms": " ".join(case.context.platforms),
        "problem_definition": case.plan.problem_definition,
        "advice": case.plan.advice,
        "legal_basis": case.plan.legal_basis,
        "access": case.plan.access,
        **{f"beke {a}": x.text for a, x in case.beke.items()},
        **{f"conclusion {q}": t for q, t in case.conclusions.items()},
        **{f"plan text {k}": t for k, t in case.plan.texts.items()},
        **{f"decision {d.step}": d.note for d in case.decisions},
        **{f"contact role {c.id}": c.role for c in case.contacts},
        **{f"contact note {c.id}": c.note for c in case.contacts},
        **{f"indicator name {k.id}": k.name for k in case.plan.indicators},
        **{f"indicator unit {k.id}": k.unit for k in case.plan.indicators},
    }
    repeated = {
        "member name": [m.name for m in case.members],
        "pseudonym": [m.pseudonym for m in case.members],
        "opportunities": [m.opportunities for m in case.members],
        "member note": [m.note for m in case.members],
        "tie note": [t.note for t in case.ties],
        "incident place": [i.place for i in case.incidents],
        "incident note": [i.note for i in case.incidents],
        "goal": [g.text for g in case.plan.goals],
        "measure title": [m.title for m in case.plan.measures],
        "measure description": [m.description for m in case.plan.measures],
        "measure place": [m.place for m in case.plan.measures],
        "status note": [u.note for m in case.plan.measures for u in m.updates],
        "problem code": [c for m in case.members for c in m.problems],
        "protective factor code": [c for m in case.members for c in m.protective_factors],
    }
    for field, text in single.items():
        assert all(x in text for x in PAYLOADS), field
    for field, texts in repeated.items():
        assert all(any(x in t for t in texts) for x in PAYLOADS), field
    assert any(m.typing in PAYLOADS for m in case.members) and any(
        m.team_role in PAYLOADS for m in case.members
    )
    assert sum(i.type in PAYLOADS for i in case.incidents) >= 5


def test_markdown_downloads_render_without_active_content():
    """The plan (Markdown export) and the art. 15 report, rendered by a Markdown viewer that lets HTML
    through (CommonMark): no element or address from a payload."""
    from markdown_it import MarkdownIt

    from duiding.plan.report import plan_bytes

    case = hostile_case(SAMPLE)
    renderer = MarkdownIt("commonmark")
    plan_html = renderer.render(plan_bytes(case, "md", reveal_names=True).decode("utf-8"))
    assert _active(plan_html) == []
    assert "&lt;img src=x onerror=alert(101)&gt;" in plan_html  # the payload is there, as text


def test_art15_report_renders_without_active_content():
    from markdown_it import MarkdownIt

    from duiding import privacy

    case = hostile_case(SAMPLE)
    html = MarkdownIt("commonmark").render(privacy.member_report(case, case.members[0].id, []))
    assert _active(html) == []


def _active(html: str) -> list[str]:
    """Tags that would run script or fetch from elsewhere in rendered HTML (our own data: images aside)."""
    found = re.findall(r"<(?:script|iframe|svg|object|embed|style|details|input|math|animate)\b[^>]*>", html)
    found += [t for t in re.findall(r"<img\b[^>]*>", html) if 'src="data:image/png;base64,' not in t]
    found += re.findall(r"<[^>]+\son\w+\s*=[^>]*>", html)
    found += re.findall(r'(?:href|src)\s*=\s*"(?:javascript:|https?:)[^"]*"', html)
    return [f[:100] for f in found]


# --- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, chromium_path):
    """(base url, page, log, store) with only the hostile case, a version frozen under a hostile label
    by a hostile user name, and a hostile audit entry."""
    tmp = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{tmp / 'e2e.db'}"
    store = CaseStore(url)
    store.migrate()
    store.create(hostile_case(SAMPLE), p(1))
    store.freeze(CASE_ID, p(0), p(2))
    store.log(p(5), "export", CASE_ID, ALL)
    with running_app(tmp, init=False) as base, chromium_page(chromium_path, tmp) as (page, log):
        page.goto(base)
        wait_for_app(page, timeout=90_000)
        yield base, page, log, store


def _ran(page, log) -> dict:
    """Dialogs, markers and injected elements, in the page and in every frame."""
    markers, injected = [], []
    for frame in page.frames:
        try:
            mark = frame.evaluate(MARKER)
            found = frame.evaluate(INJECTED)
        except Exception:  # detached (the page reran meanwhile): nothing to read there any more
            continue
        if mark is not None:
            markers.append(f"{frame.url[:60]}: {mark}")
        injected += found
    return {
        k: v for k, v in {"dialogs": list(log.dialogs), "markers": markers, "injected": injected}.items() if v
    }


def _nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_app(page, timeout=90_000)
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)


def _network_frames(page) -> list:
    frames = []
    for frame in page.frames[1:]:
        try:
            if frame.evaluate(
                "() => typeof network !== 'undefined' && !!document.querySelector('#mynetwork canvas')"
            ):
                frames.append(frame)
        except Exception:
            continue
    return frames


def _hover_all_nodes(page) -> int:
    """Put the pointer on every node of every network drawing on the page; returns how many."""
    done = 0
    page.wait_for_timeout(800)
    for frame in _network_frames(page):
        element = frame.frame_element()
        box = element.bounding_box()
        if not box or not element.is_visible():
            continue
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        spots = frame.evaluate("() => Object.values(network.getPositions()).map(p => network.canvasToDOM(p))")
        for spot in spots:
            if 0 <= spot["x"] <= box["width"] and 0 <= spot["y"] <= box["height"]:
                page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
                page.wait_for_timeout(90)
                done += 1
    return done


def _tabs(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stMain"] [role="tab"]').all_inner_texts()]


def _visit_everything(page, log, label: str) -> dict:
    """Every page, every tab; on Netwerk every tab with its drawings hovered. Returns {view: ran}."""
    ran, hovered = {}, 0
    for title in PAGES:
        _nav(page, title)
        views = [None] + [t for t in _tabs(page) if t not in ("Netwerk",)]
        for tab in views:
            if tab:
                page.locator('[data-testid="stMain"]').get_by_role("tab", name=tab, exact=True).click()
                wait_for_app(page, timeout=90_000)
            if title == "Netwerk":
                if tab == "Wat als?":
                    page.get_by_label("Leden weglaten").click()
                    page.get_by_role("option").first.click()  # J00 with the first payload in its pseudonym
                    page.keyboard.press("Escape")
                    wait_for_app(page, timeout=90_000)
                    page.get_by_text("Wie neemt het over?", exact=True).first.wait_for(timeout=90_000)
                if tab == "Verandering":
                    page.get_by_text("een vastgelegde versie").click()
                    wait_for_app(page, timeout=90_000)
                hovered += _hover_all_nodes(page)
            found = _ran(page, log)
            if found:
                ran[f"{label} / {title} / {tab or '-'}"] = found
        if title == "Netwerk":
            screenshot(page, f"xss-netwerk-{label}")
            # a hostile member chosen in the search box: drawn large and labelled, still as text
            page.locator('[data-testid="stMain"]').get_by_role("tab", name="Netwerk", exact=True).click()
            wait_for_app(page, timeout=90_000)
            page.get_by_label("Lid zoeken en markeren").click()
            page.get_by_role("option").nth(1).click()
            wait_for_app(page, timeout=90_000)
            hovered += _hover_all_nodes(page)
            found = _ran(page, log)
            if found:
                ran[f"{label} / Netwerk / markeren"] = found
    assert hovered >= 40, f"only {hovered} nodes hovered"
    return ran


def _set_mode(page, meeting: bool, reveal: bool) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    switch = sidebar.get_by_role("switch", name="Overlegmodus")
    if switch.is_checked() != meeting:
        sidebar.get_by_text("Overlegmodus", exact=True).click()
        wait_for_app(page, timeout=90_000)
    assert switch.is_checked() == meeting
    if reveal:
        sidebar.get_by_role("button", name="Namen tonen…").click()
        wait_for_app(page)
        sidebar.get_by_role("button", name="Ja, tonen").click()
        wait_for_app(page)
        sidebar.get_by_role("button", name="Namen verbergen").wait_for(timeout=30_000)


# Meeting mode off shows everything meeting mode hides (notes, sources, risk factors); with names
# revealed it also shows the names, so it covers "off without names" as well.
MODES = {"overleg": (True, False), "zonder-overleg-namen-getoond": (False, True)}


@pytest.mark.browser
@pytest.mark.parametrize("mode", list(MODES))
def test_payloads_never_run_on_any_page_or_tab(hostile_app, mode):
    base, page, log, _store = hostile_app
    log.dialogs.clear()
    page.goto(f"{base}/?casus={CASE_ID}")
    wait_for_app(page, timeout=90_000)
    _set_mode(page, *MODES[mode])
    ran = _visit_everything(page, log, mode)
    assert ran == {}, json.dumps(ran, indent=1, ensure_ascii=False)
    # the payloads did reach the screen, as text
    _nav(page, "Groep")
    page.get_by_role("tab", name="Context").click()
    assert page.get_by_label("Beschrijving van de groep").input_value() == ALL
    if MODES[mode][1]:  # names revealed: the first member is shown as "<payload> N00 (J00<payload>)"
        _nav(page, "Leden")
        page.wait_for_function("() => document.body.innerText.includes(' N00 (J00')", timeout=30_000)
    assert log.page_errors == [] and log.blocked == [], (log.page_errors, log.blocked[:3])


@pytest.mark.browser
def test_payloads_typed_into_the_forms_are_stored_exactly_and_never_run(hostile_app):
    base, page, log, store = hostile_app
    log.dialogs.clear()
    page.goto(f"{base}/?casus={CASE_ID}")
    wait_for_app(page, timeout=90_000)
    _set_mode(page, meeting=False, reveal=False)
    typed = " ".join(PAYLOADS[:12])

    _nav(page, "Groep")
    page.get_by_role("tab", name="Context").click()
    page.get_by_label("Gebruikelijke tijden").fill(typed[:500])
    page.get_by_role("button", name="Context opslaan").click()
    page.get_by_text("Context opgeslagen.").first.wait_for(timeout=60_000)
    wait_for_app(page, timeout=90_000)

    _nav(page, "Duiding")
    box = page.get_by_label(re.compile("^Conclusie van het overleg bij")).first
    box.fill(typed)
    page.get_by_role("button", name="Conclusies opslaan").click()
    wait_for_app(page, timeout=90_000)

    _nav(page, "Versies")
    page.get_by_label("Naam van de versie").fill(p(2)[:120])
    page.get_by_role("button", name="Versie vastleggen").click()
    page.get_by_text(re.compile(r"^Versie \d+ vastgelegd")).wait_for(timeout=60_000)

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Nieuwe casus", exact=True).click()
    sidebar.get_by_label("Naam van de casus").fill(p(0))
    sidebar.get_by_label("Gemeente").fill(p(1)[:80])
    sidebar.get_by_role("button", name="Casus aanmaken").click()
    wait_for_app(page, timeout=90_000)
    _nav(page, "Start")
    page.get_by_text(p(0), exact=True).first.wait_for(timeout=60_000)  # the new case's name, as text
    for title in ("Groep", "Netwerk", "Versies"):
        _nav(page, title)
        assert _ran(page, log) == {}, title

    stored = store.load(CASE_ID)
    assert stored.context.times == typed[:500].strip()
    assert typed.strip() in stored.conclusions.values()
    assert p(2)[:120].strip() in [s.label for s in store.snapshots(CASE_ID)]
    assert p(0) in [s.name for s in store.list_cases()]
    assert _ran(page, log) == {}
    assert log.page_errors == [] and log.blocked == []


@pytest.mark.browser
def test_hostile_case_ids_in_the_address_never_run(hostile_app):
    base, page, log, _store = hostile_app
    log.dialogs.clear()
    for payload in (p(0), p(1), p(2), "javascript:alert(1)", "'\"><script>alert(1)</script>"):
        for path in ("", "versies"):
            page.goto(f"{base}/{path}?casus={quote(payload)}")
            wait_for_app(page, timeout=90_000)
            assert _ran(page, log) == {}, (path, payload)
            # an unknown id opens the newest case instead, and the address says which
            assert "casus=" in page.url and quote(payload) not in page.url
    assert log.page_errors == [] and log.blocked == []
