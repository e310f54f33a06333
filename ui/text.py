"""Putting user text into Streamlit markdown safely.

Streamlit escapes HTML in markdown, but markdown itself can still load an image from an outside
address, make a link, or start LaTeX. User text that must appear inside a markdown string goes
through :func:`md` first; everywhere else prefer ``st.text``, widgets and dataframes.
"""

from __future__ import annotations

import re

__all__ = ["md"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")


def md(text: object) -> str:
    """``text`` with every markdown-significant character backslash-escaped, on one line."""
    if text is None:
        return ""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)
