"""The meeting on the Streamlit side: who the screen is for, the sidebar notice, audit wording.

The meeting itself lives in the case in the store (:mod:`duiding.meeting`), never in session state,
so a browser refresh keeps it open and the attendance filter on. The session's full copy of the
open case (``ui.state``) tells which meeting is open; :func:`current_viewer` is what
``ui.auth.visible_case`` and the analysis caches use, so every page, tooltip, chart and export
follows the table.
"""

from __future__ import annotations

import streamlit as st

from duiding import meeting as dm
from duiding.model import Case

__all__ = ["current_viewer", "held_case", "meeting_actions", "restore_hidden", "sidebar_status", "view_note"]


def held_case() -> Case | None:
    """The session's full (not redacted) copy of the open case, as loaded from the store."""
    from ui import state

    return st.session_state.get(state._CASE)


def current_viewer():
    """The logged-in user, narrowed to what every organisation at the open meeting may see."""
    from ui.auth import current_user

    return dm.table_viewer(held_case(), current_user())


def restore_hidden(case: Case) -> Case:
    """``case`` (a page's copy, narrowed to the table) with the facts held back from the screen put
    back from the stored copy, so a save during a meeting never deletes them."""
    held = held_case()
    viewer = current_viewer()
    if held is None or held.id != case.id or not isinstance(viewer, dm.TableViewer):
        return case
    return dm.merge_hidden(case, held, viewer)


def view_note(case: Case | None) -> tuple[str, str]:
    """(cache key part, audit text) of the open meeting the screen shows ``case`` in; empty without one."""
    meeting = dm.open_meeting(case)
    if meeting is None:
        return "", ""
    partners = ",".join(a.partner for a in meeting.attendees)
    return (
        f"{meeting.id}:{partners}",
        f" tijdens {meeting.label} (overleg {meeting.id}; scherm voor {dm.attendance_text(meeting)})",
    )


def sidebar_status() -> None:
    """While a meeting is open: who the screen is for and what is held back (sidebar)."""
    held = held_case()
    meeting = dm.open_meeting(held)
    if meeting is None:
        return
    viewer = current_viewer()
    st.info(
        f"**{meeting.label}** loopt.\n\nScherm toont wat alle aanwezigen mogen zien: "
        f"{dm.attendance_text(meeting)}",
        icon="🤝",
    )
    lines = dm.hidden_lines(held, viewer)
    if lines:
        st.caption("Niet op het scherm:")
        st.markdown("\n".join(f"- {line}" for line in lines))
    st.page_link("pages/overleg.py", label="Naar het overleg", icon="➡️")


def meeting_actions(case: Case, as_of) -> None:
    """The actions agreed in meetings, late and due first (for the plan's monitoring)."""
    from ui.text import md

    found = dm.all_actions(case)
    if not found:
        return
    st.subheader("Acties uit het overleg")
    order = {"late": 0, "due": 1, "open": 2, "done": 3}
    rows = sorted(found, key=lambda ma: (order[dm.action_state(ma[1], as_of)[0]], ma[1].due or as_of))
    for meeting, action in rows:
        code, text = dm.action_state(action, as_of)
        icon = {"late": "🔴", "due": "🟠", "done": "✅"}.get(code, "⏳")
        st.markdown(
            f"- {icon} {md(action.what)} — {md(dm.partner_phrase(action.owner or ''))}: {md(text)} "
            f"*({md(meeting.label)})*"
        )
