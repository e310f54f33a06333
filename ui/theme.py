"""Page styling. Only constant CSS strings live here: never any user data."""

from __future__ import annotations

import streamlit as st

__all__ = ["apply"]

_BASE_CSS = """
<style>
/* Calm, readable defaults for every mode. */
[data-testid="stSidebar"] { border-right: 1px solid #9AA5B1; }
.stDataFrame, .stDataEditor { font-variant-numeric: tabular-nums; }
a, a:visited { text-decoration: underline; }
/* Streamlit fades captions (opacity 0.6), which fails WCAG AA contrast on white: use a solid grey. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] [data-testid="stCaptionContainer"] { color: #374151 !important; opacity: 1 !important; }
</style>
"""

# Meeting mode: the shared screen on a projector. Larger body text (>= 18 px), darker text, stronger
# borders and focus rings. Streamlit sizes in rem, so raising the root size scales the whole page.
_MEETING_CSS = """
<style>
html { font-size: 19px; }
.stApp, .stMarkdown, .stText, p, li, label, input, textarea, select, button { font-size: 1rem; }
.stApp { color: #000000; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, small {
  color: #1F2937 !important; font-size: 0.95rem !important; }
[data-testid="stWidgetLabel"] p { font-weight: 600; color: #000000; }
[data-baseweb="input"], [data-baseweb="select"] > div, [data-baseweb="textarea"] { border: 2px solid #374151 !important; }
*:focus-visible { outline: 3px solid #B45309 !important; outline-offset: 2px; }
h1 { font-size: 2.1rem !important; } h2 { font-size: 1.7rem !important; } h3 { font-size: 1.35rem !important; }
</style>
"""


def apply(meeting: bool) -> None:
    """Inject the constant CSS for the current mode (style-only st.html takes no space)."""
    st.html(_BASE_CSS + (_MEETING_CSS if meeting else ""))
