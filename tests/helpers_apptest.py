"""Shared AppTest helpers for the page tests: start the app on a fresh store, read all visible text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
SAMPLE_ID = "voorbeeld-stationsplein"


def _v2_navigation_only() -> None:
    """Make AppTest run app.py on every run, as the real server does.

    AppTest resets ``PagesManager.uses_pages_directory`` before each run; because a ``pages/``
    folder exists, it then takes the old (v1) multipage path and, from the second run on, executes
    the page file alone, without app.py (no sidebar, no meeting-mode toggle). The real server sets
    the flag to False for good at the first ``st.navigation`` call.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager.__init__, "_v2_only", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._v2_only = True
    PagesManager.__init__ = init


def app_test(timeout: float = 30) -> AppTest:
    """An AppTest of app.py (not yet run) that behaves like the real server across reruns."""
    _v2_navigation_only()
    return AppTest.from_file(str(APP), default_timeout=timeout)


def start_app(timeout: float = 30) -> AppTest:
    """The app on the store named by DUIDING_DATABASE_URL (set by the ``sqlite_url`` fixture), run once."""
    return app_test(timeout).run()


def listed_pages() -> list[str]:
    """The page files named in app.py's PAGES list, in menu order."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets):
            return [elt.elts[0].value for elt in node.value.elts]
    raise AssertionError("app.py has no PAGES list")


def all_text(at: AppTest) -> str:
    """Every string the page sends to the browser: element protos (labels, options, values) and tables."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        if type(node).__name__ == "Dataframe":
            parts.append(node.value.to_string())
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return _without_libraries("\n".join(parts))


def _without_libraries(text: str) -> str:
    """Drop inlined JavaScript libraries (vis-network: hundreds of kB of minified code whose short
    identifiers look like nicknames); the network's own data sits in a small script and stays."""
    out, pos = [], 0
    for match in re.finditer(r"<script[^>]*>", text):
        if match.start() < pos:
            continue
        end = text.find("</script>", match.end())
        if end == -1:
            break
        if end - match.end() > 50_000:
            out.append(text[pos : match.start()])
            pos = end + len("</script>")
    out.append(text[pos:])
    return "".join(out)


def names_in(text: str, names: list[str]) -> list[str]:
    """Which of ``names`` occur in ``text`` as whole words (case-sensitive)."""
    return [n for n in names if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", text)]


def editor_state(edited: dict | None = None, added: list | None = None, deleted: list | None = None) -> dict:
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]
