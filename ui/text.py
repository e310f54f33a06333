"""Putting user text into Streamlit markdown safely.

Streamlit escapes HTML in markdown, but markdown itself can still load an image from an outside
address, make a link, or start LaTeX. User text that must appear inside a markdown string (also a
widget label) goes through :func:`md` first; everywhere else prefer ``st.text``, widgets and
dataframes. The rule itself lives in :mod:`duiding.markdown` (the reports use it too).
"""

from __future__ import annotations

from duiding.markdown import escape

__all__ = ["md"]


def md(text: object) -> str:
    """``text`` escaped for markdown, on one line ('' for None)."""
    return escape(text)
