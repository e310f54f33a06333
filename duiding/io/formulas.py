"""Spreadsheet formula neutralising: one rule for every CSV and XLSX the app writes, and its inverse.

A cell that a spreadsheet program could run as a formula (or as DDE) gets a leading apostrophe, so
Excel and LibreOffice show it as text. "Could run" is judged generously: the text is NFKC-normalised
(full-width ``＝`` and small ``﹦`` become ``=``) and leading whitespace, format characters
(zero-width space, BOM, …) and apostrophes are skipped first; a cell whose first remaining character
is ``=``, ``+``, ``-``, ``@``, ``|`` or ``%``, or that starts with a tab or line break, is
neutralised. The text itself is kept exactly.

The importer undoes exactly this (:func:`unneutralise`): it strips one apostrophe from a cell that
starts with one and whose rest would be neutralised. Because the neutralised set is closed under
"put an apostrophe in front", the round trip is exact, also for text that itself starts with
apostrophes.

>>> [neutralise(t) for t in ("=1+1", " =1", "\\uff1d1", "\\ufe661", "\\u200b@x", "Dex", "'=1")]
["'=1+1", "' =1", "'\\uff1d1", "'\\ufe661", "'\\u200b@x", 'Dex', "''=1"]
>>> unneutralise(neutralise("'=1")) == "'=1" and unneutralise("'tekst") == "'tekst"
True
"""

from __future__ import annotations

import unicodedata

__all__ = ["looks_like_formula", "neutralise", "neutralise_cell", "unneutralise"]

_FORMULA_CHARS = frozenset("=+-@|%")
_CONTROL_START = frozenset("\t\r\n")


def _skippable(ch: str) -> bool:
    return ch.isspace() or ch == "'" or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula (see the module text)."""
    if not text:
        return False
    if text.lstrip("'")[:1] in _CONTROL_START:
        return True
    normal = unicodedata.normalize("NFKC", text)
    for ch in normal:
        if _skippable(ch):
            continue
        return ch in _FORMULA_CHARS
    return False


def neutralise(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as text: "=1+1" -> "'=1+1"."""
    return "'" + text if looks_like_formula(text) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` (for cells read back from a file the app wrote)."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def neutralise_cell(value: object) -> str:
    """Any value as neutralised cell text ('' for None)."""
    return neutralise("" if value is None else str(value))
