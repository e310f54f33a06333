"""Editable tables that keep what the user typed.

``st.data_editor`` drops its edits when its ``data`` argument changes. So the input frame of each
editor is kept in session state and only rebuilt when the user comes back to the page, opens another
case, someone else's save changes the case, or the visible columns change (meeting mode, names).
The editor key changes with each rebuild, so old edits never land on a new frame.
"""

from __future__ import annotations

import uuid

import pandas as pd
import streamlit as st

from duiding.model import Case

__all__ = [
    "drop_frame",
    "frame_token",
    "mark_saved",
    "problems_table",
    "stable_frame",
    "track_page",
]

_PAGE = "_page"
_VISIT = "_visit"


def track_page(page_id: str) -> None:
    """Count page visits, so an editor can tell that the user left its page and came back."""
    if st.session_state.get(_PAGE) != page_id:
        st.session_state[_PAGE] = page_id
        st.session_state[_VISIT] = st.session_state.get(_VISIT, 0) + 1


def stable_frame(name: str, case: Case, build, signature: tuple = ()) -> tuple[pd.DataFrame, str]:
    """The editor's input frame and widget key; ``build(case)`` makes a fresh frame when needed."""
    slot_key = f"_frame_{name}"
    slot = st.session_state.get(slot_key)
    visit = st.session_state.get(_VISIT, 0)
    if (
        slot is None
        or slot["case_id"] != case.id
        or slot["visit"] != visit
        or slot["version"] != case.version
        or slot["signature"] != signature
        or slot.get("stale")
    ):
        n = (slot["n"] + 1) if slot else 1
        slot = {
            "case_id": case.id,
            "visit": visit,
            "version": case.version,
            "signature": signature,
            "frame": build(case),
            "n": n,
            "token": uuid.uuid4().hex[:6],
        }
        st.session_state[slot_key] = slot
    return slot["frame"], f"{name}_editor_{slot['n']}"


def frame_token(name: str) -> str:
    """A short random token per frame build: new rows get ids from it that stay stable per rerun."""
    return st.session_state[f"_frame_{name}"]["token"]


def mark_saved(name: str, version: int) -> None:
    """Our own save produced ``version``: keep the frame (and the user's edits) as they are."""
    slot = st.session_state.get(f"_frame_{name}")
    if slot is not None:
        slot["version"] = version


def drop_frame(name: str) -> None:
    """Rebuild the frame on the next run (after a save that assigned ids to new rows)."""
    slot = st.session_state.get(f"_frame_{name}")
    if slot is not None:
        slot["stale"] = True


def problems_table(problems, label_for_row=None) -> None:
    """Problems in a dataframe (escaped), with a fixed-text summary above it."""
    count = f"{len(problems)} probleem" if len(problems) == 1 else f"{len(problems)} problemen"
    st.error(f"Niet opgeslagen: {count}. Verbeter de invoer; wat u typte blijft staan.", icon="⚠️")
    rows = [
        {
            "Rij": p.row,
            "Lid": label_for_row(p.row) if label_for_row and p.row is not None else "",
            "Kolom": p.field,
            "Probleem": p.message,
        }
        for p in sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
    ]
    frame = pd.DataFrame(rows)
    if label_for_row is None:
        frame = frame.drop(columns=["Lid"])
    st.dataframe(frame, hide_index=True, width="stretch")
