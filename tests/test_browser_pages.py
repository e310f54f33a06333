"""Every page of the app in Debian's Chromium with every request off this machine blocked, with meeting
mode on (the default) and off: the page draws its Dutch title, the browser reports no script error and
no console error, nothing is fetched from outside, and no name of the sample case appears anywhere —
page text, form values, the network iframe, or a downloaded file — until a presenter reveals names.

One server and one browser for the whole module; every test opens its page in a fresh session
(``page.goto``), so meeting mode starts on, as on a real shared screen.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from duiding.sample import load_sample_case
from duiding.store import CaseStore
from tests.browser import ROOT, chromium_page, running_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SAMPLE = load_sample_case()
NAMES = sorted({m.name for m in SAMPLE.members if m.name})


def _app_pages() -> dict[str, tuple[str, str]]:
    """{menu title: (url path, the page's h1)} for every page in app.py's PAGES, in menu order (the
    default page Start is served at the root and its h1 is the app's name)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets):
            entries = [(e.elts[0].value, e.elts[1].value) for e in node.value.elts]
            return {
                title: ("", "Groepsduiding") if path == "pages/start.py" else (Path(path).stem, title)
                for path, title in entries
            }
    raise AssertionError("app.py has no PAGES list")


PAGES = _app_pages()
MODES = {"overleg": True, "zonder-overleg": False}

# Everything the page shows or holds as text: visible and hidden text (closed tabs and expanders),
# form values, and the texts of attributes a screen reader or tooltip shows.
_PAGE_TEXT = """(skip) => {
  // `skip`: titles of expanders left out of this check (each is checked by its own test)
  const body = document.body.cloneNode(true);
  for (const box of body.querySelectorAll('[data-testid="stExpander"]')) {
    const summary = box.querySelector('summary');
    if (summary && skip.some(t => summary.textContent.endsWith(t))) { box.remove(); }
  }
  const parts = [document.body.innerText, body.textContent];
  for (const el of document.querySelectorAll('input, textarea, select')) { parts.push(el.value || ''); }
  for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder], [aria-valuetext]')) {
    for (const a of ['title', 'aria-label', 'alt', 'placeholder', 'aria-valuetext']) {
      if (el.hasAttribute(a)) { parts.push(el.getAttribute(a)); }
    }
  }
  return parts.join('\\n');
}"""

# The network canvas: how many pixels are drawn and how many distinct colours they have.
_CANVAS = """() => {
  const c = document.querySelector('#mynetwork canvas');
  if (!c || !c.width) { return {inked: 0, colours: 0}; }
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let inked = 0; const colours = new Set();
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0) { inked++; if (colours.size < 500) { colours.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); } }
  }
  return {inked, colours: colours.size};
}"""


def names_in(text: str) -> list[str]:
    """Sample names that occur in ``text`` as whole words (so 'Bo' does not match 'Bouw')."""
    return [n for n in NAMES if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


# Names the sample's own free text mentions (notes are hidden in meeting mode, shown as typed outside it).
NAMES_IN_NOTES = names_in(
    " ".join(
        [t.note for t in SAMPLE.ties]
        + [f"{c.role} {c.note}" for c in SAMPLE.contacts]
        + [f"{i.place} {i.note}" for i in SAMPLE.incidents]
        + [f"{m.note} {m.opportunities}" for m in SAMPLE.members]
    )
)


def test_every_page_of_the_app_is_visited():
    assert list(PAGES)[:1] == ["Start"] and {"Netwerk", "Plan van aanpak", "Beheer"} <= set(PAGES)
    assert len(PAGES) == len(list((ROOT / "pages").glob("*.py")))


def test_names_in_matches_whole_words_only():
    assert names_in("J08 Bouwen aan de wijk, Semester, Stand, Mode") == []
    assert names_in("Namen: Bo (J08), Zoë; Mo.") == ["Bo", "Mo", "Zoë"]
    # The sample's notes refer to members by pseudonym ("Oom van J08"), as the README advises.
    assert NAMES_IN_NOTES == []


@pytest.fixture(scope="module")
def app(tmp_path_factory, chromium_path):
    """(base url, page, log): one server with the sample case and one Chromium for the module."""
    tmp = tmp_path_factory.mktemp("pages")
    with running_app(tmp) as base, chromium_page(chromium_path, tmp) as (page, log):
        # a frozen version, so Versies and Netwerk > Verandering show one too
        CaseStore(f"sqlite:///{tmp / 'e2e.db'}").freeze(SAMPLE.id, "Overleg 1", "test")
        page.goto(base)
        wait_for_app(page, timeout=90_000)
        yield base, page, log


def _fresh(log) -> None:
    for kept in (log.blocked, log.console_errors, log.page_errors, log.dialogs):
        kept.clear()


def _open(base: str, page, path: str, meeting: bool) -> None:
    page.goto(f"{base}/{path}")
    wait_for_app(page, timeout=90_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    toggle = sidebar.get_by_role("switch", name="Overlegmodus")
    assert toggle.is_checked(), "meeting mode must be on in a new session"
    if not meeting:
        sidebar.get_by_text("Overlegmodus", exact=True).click()
        wait_for_app(page)
        assert not toggle.is_checked()


def network_frames(page, expected: int = 1, timeout_ms: int = 90_000) -> list:
    """The frames with a drawn vis-network canvas (at least ``expected`` of them)."""
    found = []
    for _ in range(timeout_ms // 250):
        found = []
        for frame in page.frames:
            try:
                if (
                    frame.evaluate("() => typeof network !== 'undefined'")
                    and frame.evaluate(_CANVAS)["inked"] > 2000
                ):
                    found.append(frame)
            except Exception:  # a frame that is navigating or gone: look again
                continue
        if len(found) >= expected:
            return found
        page.wait_for_timeout(250)
    seen = []
    for frame in page.frames:
        try:
            seen.append(
                (frame.url[:40], frame.evaluate("() => [typeof vis, typeof network, document.readyState]"))
            )
        except Exception as exc:  # report what could not be read
            seen.append((frame.url[:40], str(exc)[:60]))
    raise AssertionError(f"{len(found)} of {expected} network canvases drawn; frames: {seen}")


def _page_text(page, skip: tuple[str, ...] = ()) -> str:
    text = page.evaluate(_PAGE_TEXT, list(skip))
    for frame in page.frames[1:]:  # iframes (the network): their whole HTML, node data included
        try:
            text += "\n" + frame.content()
        except Exception:  # detached while we read: the page reran
            continue
    return text


def _download(page, button: str, last: bool = False) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as info:
        found = page.get_by_role("button", name=button)
        (found.last if last else found).click()
    download = info.value
    data = Path(download.path()).read_bytes()
    wait_for_app(page)
    return download.suggested_filename, data


def _file_text(name: str, data: bytes) -> str:
    """The text in a downloaded file (Word, Excel, zip: every part; XML with its tags)."""
    if name.endswith((".docx", ".xlsx", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(_file_text(n, z.read(n)) for n in z.namelist())
    return data.decode("utf-8-sig", errors="replace")


def _downloads(page, title: str) -> dict[str, str]:
    """Click every download button the page has and return {file name: text}."""
    files = {}
    if title == "Plan van aanpak":
        page.get_by_role("tab", name="Exporteren").click()
        for index in range(3):  # plan for the driehoek, annex for the overleg, beleidsadvies
            page.get_by_role("button", name="Export maken").nth(index).click()
            page.get_by_role("button", name="Markdown downloaden").first.wait_for(timeout=90_000)
            wait_for_app(page)
            for button in ("Word-bestand downloaden", "Markdown downloaden"):
                # The document just made is the lowest on the page with download buttons.
                name, data = _download(page, button, last=True)
                files[name] = _file_text(name, data)
    elif title == "Beheer":  # the art. 15 report: see test_art15_report_is_not_offered_in_meeting_mode
        name, data = _download(page, "Auditlog downloaden (CSV)")
        files[name] = _file_text(name, data)
    return files


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("title", list(PAGES))
def test_page_renders_offline_without_errors_and_without_names(app, title, mode):
    base, page, log = app
    path, heading = PAGES[title]
    meeting = MODES[mode]
    _fresh(log)
    _open(base, page, path, meeting)
    page.get_by_role("heading", level=1, name=heading).wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    # the app's own navigation lists this page, and it is the current one
    current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
    assert current.inner_text().strip().endswith(title)

    # Beheer outside meeting mode: the art. 15 preview holds the name by design (its own test below)
    skip = ("Voorbeeld",) if title == "Beheer" and not meeting else ()
    views = {"": _page_text(page, skip)}
    if title == "Netwerk":
        frame = network_frames(page)[0]
        canvas = frame.evaluate(_CANVAS)
        assert canvas["inked"] > 20_000 and canvas["colours"] > 5, canvas
        # default layers, as of today: every member active today (contacts only in the support layer)
        assert frame.evaluate("() => nodes.length") == sum(m.active_on(date.today()) for m in SAMPLE.members)
        views[""] = _page_text(page)
        screenshot(page, f"pages-netwerk-{mode}")
        # the lazy tabs: each runs (and draws) only when opened
        for tab, drawings, shown in (
            ("Lagen vergelijken", 2, "Overlap (Jaccard)"),
            ("Verandering", 0, "Erbij gekomen"),
            ("Wat als?", 1, "Wie neemt het over?"),
        ):
            page.get_by_role("tab", name=tab).click()
            wait_for_app(page, timeout=90_000)
            if tab == "Wat als?":
                page.get_by_label("Leden weglaten").click()
                page.get_by_role("option", name="J11").click()
                page.keyboard.press("Escape")
                wait_for_app(page, timeout=90_000)
            page.get_by_text(shown).first.wait_for(timeout=90_000)
            if drawings:
                network_frames(page, drawings)
            views[tab] = _page_text(page)
        screenshot(page, f"pages-netwerk-watals-{mode}")
    else:
        screenshot(page, f"pages-{path or 'start'}-{mode}")

    files = _downloads(page, title)
    assert len(files) == {"Plan van aanpak": 6, "Beheer": 1}.get(title, 0), files.keys()

    # Names appear only after a presenter reveals them on purpose (test below), never in meeting mode,
    # and not outside it either before a reveal.
    allowed = set()
    leaks = {view: sorted(set(names_in(text)) - allowed) for view, text in views.items()}
    leaks.update({name: sorted(set(names_in(text)) - allowed) for name, text in files.items()})
    leaks = {where: found for where, found in leaks.items() if found}
    assert leaks == {}, f"{title} ({mode}): names before any reveal: {leaks}"
    assert log.page_errors == [], log.page_errors
    assert log.console_errors == [], log.console_errors
    assert log.blocked == [], f"requests to outside addresses: {log.blocked}"
    assert log.dialogs == []


def test_names_appear_only_after_a_deliberate_reveal(app):
    """The check above can fail: outside meeting mode, after 'Namen tonen', the names are on screen."""
    base, page, log = app
    _fresh(log)
    _open(base, page, "leden", meeting=False)
    assert names_in(_page_text(page)) == []
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Namen tonen…").click()
    wait_for_app(page)
    sidebar.get_by_role("button", name="Ja, tonen").click()
    wait_for_app(page)
    page.get_by_text("Namen zijn zichtbaar.").wait_for(timeout=30_000)
    page.wait_for_function("() => document.body.textContent.includes('Dex (J01)')", timeout=30_000)
    assert "Dex" in names_in(_page_text(page))
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Netwerk", exact=True).click()
    wait_for_app(page, timeout=90_000)
    frame = network_frames(page)[0]
    assert "Kiki" in names_in(frame.content())
    # switching meeting mode back on hides them again
    sidebar.get_by_text("Overlegmodus", exact=True).click()
    wait_for_app(page, timeout=90_000)
    frame = network_frames(page)[0]
    assert names_in(frame.content()) == []
    assert log.page_errors == [] and log.console_errors == [] and log.blocked == []


def test_art15_report_is_not_offered_in_meeting_mode(app):
    """The art. 15 report is for the youth who asked and holds the name: never on the shared screen."""
    base, page, log = app
    _fresh(log)
    _open(base, page, "beheer", meeting=True)
    page.get_by_role("tab", name="Inzage (art. 15)").click()
    page.get_by_text("Zet de overlegmodus (zijbalk) uit").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Inzageoverzicht downloaden (Markdown)").count() == 0
    assert names_in(_page_text(page)) == []
    # outside meeting mode it is offered, and it does hold the name
    _open(base, page, "beheer", meeting=False)
    page.get_by_role("tab", name="Inzage (art. 15)").click()
    page.get_by_role("button", name="Inzageoverzicht downloaden (Markdown)").wait_for(timeout=30_000)
    name, data = _download(page, "Inzageoverzicht downloaden (Markdown)")
    assert name.startswith("inzage-J01-") and "- Naam: Dex" in _file_text(name, data)
    assert log.page_errors == [] and log.console_errors == [] and log.blocked == []


def test_sidebar_exports_in_meeting_mode_hold_no_names(app):
    """Every format of the sidebar export, made in meeting mode for the whole team: pseudonyms only."""
    base, page, log = app
    _fresh(log)
    _open(base, page, "", meeting=True)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Exporteren", exact=True).click()  # the panel's content runs only while open
    wait_for_app(page)
    sidebar.get_by_label("Formaat").wait_for(timeout=30_000)
    files = {}
    for option in ("Casusbestand (JSON", "Excel", "CSV (zip", "GEXF", "GraphML"):
        # Scroll the sidebar so the open list has room below the field (it sits low in a long sidebar).
        sidebar.get_by_role("button", name="Downloaden").scroll_into_view_if_needed()
        sidebar.get_by_label("Formaat").click()
        page.get_by_role("option", name=re.compile(re.escape(option))).click()
        wait_for_app(page)
        sidebar.get_by_role("button", name="Downloaden").wait_for(timeout=60_000)
        name, data = _download(page, "Casus downloaden")
        files[name] = _file_text(name, data)
    assert [n.rsplit(".", 1)[-1] for n in files] == ["json", "xlsx", "zip", "gexf", "graphml"]
    assert all("J01" in text for text in files.values())  # the members are in every file, by pseudonym
    assert {name: names_in(text) for name, text in files.items() if names_in(text)} == {}
    assert log.page_errors == [] and log.console_errors == [] and log.blocked == []
