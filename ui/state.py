"""The only Streamlit-aware state helpers: the store, the current case, saving, meeting mode.

The case lives in the store; the session keeps only which case is open (also in the URL as
``?casus=<id>``, so a browser refresh reopens it), the version the user is looking at, and the
meeting-mode switches. Pages get a private copy of the case from :func:`current_case`, change it,
and hand it to :func:`save_case`, which writes a new version or reports a conflict in Dutch.
"""

from __future__ import annotations

import copy
import os

import streamlit as st

from duiding.model import Case, Member
from ui.text import md

__all__ = [
    "CASE_PARAM",
    "can_edit",
    "current_case",
    "current_user",
    "display",
    "flash",
    "forget_case",
    "get_store",
    "hide_names",
    "meeting_mode",
    "names_revealed",
    "open_case",
    "reload_case",
    "require_case",
    "reveal_names",
    "save_case",
    "show_flash",
    "show_sensitive",
]

CASE_PARAM = "casus"
_CASE_ID = "case_id"  # plain session key: the open case's id
_CASE = "_case_copy"  # the session's copy of the open case (what the user looks at)
_MEETING = "meeting_mode"  # canonical meeting-mode flag (the toggle widget syncs into it)
_REVEAL = "_names_revealed_for"  # case id whose names were revealed on purpose, or None
_FLASH = "_flash"
_CONFLICT = "_conflict"


# --- the store ---------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store_for(url: str):
    from duiding.sample import load_sample_case
    from duiding.store import CaseStore

    store = CaseStore(url)
    store.migrate()
    if not store.list_cases():
        store.create(load_sample_case(), user="systeem")
    return store


def get_store():
    """The shared CaseStore for this process (one per database URL), migrated, with the sample
    case loaded on the very first start."""
    from duiding.store import default_url
    from ui.auth import ensure_gate

    ensure_gate()  # no store access before login, also when a page runs without app.py
    return _store_for(os.environ.get("DUIDING_DATABASE_URL") or default_url())


def can_edit() -> bool:
    """False for read-only roles (partners): pages then show their tables and forms disabled."""
    from ui.auth import can_edit as _can_edit

    return _can_edit()


def current_user() -> str:
    """Who is working: the logged-in user's name (ui.auth); 'lokaal' on this machine without login."""
    from ui.auth import current_user as _logged_in

    user = _logged_in()
    return user.name if user is not None else "anoniem"


# --- the open case -----------------------------------------------------------------------------


def open_case(case_id: str | None) -> None:
    """Make ``case_id`` the open case in this session (and in the URL)."""
    if st.session_state.get(_CASE_ID) != case_id:
        st.session_state[_REVEAL] = None
        st.session_state.pop(_CONFLICT, None)
    st.session_state[_CASE_ID] = case_id
    st.session_state.pop(_CASE, None)
    if case_id:
        st.query_params[CASE_PARAM] = case_id
    elif CASE_PARAM in st.query_params:
        del st.query_params[CASE_PARAM]


def forget_case() -> None:
    open_case(None)


def _case_id() -> str | None:
    """The open case: this session's choice, else the URL's, else the most recently changed case."""
    store = get_store()
    summaries = store.list_cases()
    known = {s.id for s in summaries}
    wanted = st.session_state.get(_CASE_ID) or st.query_params.get(CASE_PARAM)
    if wanted not in known:
        wanted = None
        if summaries:
            newest = max(summaries, key=lambda s: (s.updated_at is not None, s.updated_at))
            wanted = newest.id
    if wanted != st.session_state.get(_CASE_ID) or st.query_params.get(CASE_PARAM) != wanted:
        open_case(wanted)
    return wanted


def current_case(*, writable: bool = True) -> Case | None:
    """A private copy of the open case (pages may change it and pass it to :func:`save_case`).

    ``writable=False`` skips the copy (about 40 ms for a 500-member case) for code that only reads.

    The session keeps the version it showed the user; saves are based on that version, so a
    change by someone else in between gives a conflict instead of a silent overwrite.
    """
    case_id = _case_id()
    if case_id is None:
        return None
    held = st.session_state.get(_CASE)
    if held is None or held.id != case_id:
        from duiding.store import CaseNotFound

        try:
            held = get_store().load(case_id)
        except CaseNotFound:
            forget_case()
            return None
        st.session_state[_CASE] = held
    from ui.auth import log_view, visible_case  # views are audited; partners see only their sources

    log_view(held)
    return visible_case(copy.deepcopy(held) if writable else held)


def stored_version(case_id: str) -> int | None:
    """The version in the store right now (one small query), or None when the case is gone."""
    from duiding.store import CaseNotFound

    try:
        return get_store().version(case_id)
    except CaseNotFound:
        return None


def reload_case() -> None:
    """Drop this session's copy so the next :func:`current_case` loads the newest version."""
    st.session_state.pop(_CASE, None)
    st.session_state.pop(_CONFLICT, None)


def save_case(case: Case, what: str, *, quiet: bool = False) -> Case | None:
    """Write ``case`` as a new version (one transaction, audit entry ``what``).

    Returns the saved case (with its new version), or None when nothing was written. On a version conflict nothing is written, a Dutch message is shown,
    and the page keeps what the user typed (widgets keep their state; nothing is reset here).
    """
    from duiding.store import VersionConflict
    from ui.auth import can_edit

    if not can_edit():  # partners read only (and their copy of the case is redacted)
        st.error("U heeft alleen leesrechten: er is niets opgeslagen.", icon="🔒")
        return None
    from ui.meeting import restore_hidden

    case = restore_hidden(case)  # during a meeting the page saw less than is stored: keep the rest
    store = get_store()
    try:
        saved = store.save(case, current_user(), what=what)
    except VersionConflict as exc:
        message = (
            f"{md(str(exc))} Wat u invoerde staat nog op het scherm; ‘Nieuwste versie laden’ staat in de "
            "zijbalk."
        )
        st.session_state[_CONFLICT] = message
        st.error(message, icon="⚠️")
        return None
    st.session_state[_CASE] = saved
    st.session_state.pop(_CONFLICT, None)
    if not quiet:
        st.toast(f"Opgeslagen (versie {saved.version}).", icon="✅")
    return copy.deepcopy(saved)


def conflict_message() -> str | None:
    return st.session_state.get(_CONFLICT)


def flash(message: str, kind: str = "success") -> None:
    """Show ``message`` on the next run (use before ``st.rerun()``). ``message`` must be our own text."""
    st.session_state[_FLASH] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(_FLASH, None)
    if item:
        kind, message = item
        st.toast(message, icon="✅" if kind == "success" else "ℹ️")


# --- meeting mode and names --------------------------------------------------------------------


def meeting_mode() -> bool:
    """True while the shared screen is in meeting mode (the default for every new session)."""
    if _MEETING not in st.session_state:
        st.session_state[_MEETING] = True
    return bool(st.session_state[_MEETING])


def set_meeting_mode(on: bool) -> None:
    st.session_state[_MEETING] = bool(on)
    if on:
        # Switching meeting mode back on hides revealed names again.
        st.session_state[_REVEAL] = None


def show_sensitive() -> bool:
    """Risk factors, source partners and notes are hidden in meeting mode."""
    return not meeting_mode()


def names_revealed(case: Case | None) -> bool:
    """Names are shown only for a case with a recorded 2B decision, after an explicit reveal."""
    return bool(case and case.names_allowed and st.session_state.get(_REVEAL) == case.id)


def reveal_names(case: Case) -> bool:
    """Show names for ``case`` in this session; written to the audit log. False when not allowed."""
    if not case.names_allowed:
        return False
    mode = "overlegmodus aan" if meeting_mode() else "overlegmodus uit"
    get_store().log(current_user(), "reveal", case.id, detail=f"Namen getoond ({mode})")
    st.session_state[_REVEAL] = case.id
    return True


def hide_names() -> None:
    st.session_state[_REVEAL] = None


def display(member: Member, case: Case | None = None) -> str:
    """How a member is shown: pseudonym, or 'name (pseudonym)' when names are revealed."""
    if case is None:
        held = st.session_state.get(_CASE)
        case = held if held is not None and st.session_state.get(_REVEAL) == held.id else None
    return member.display(reveal=names_revealed(case))


def require_case() -> Case:
    """The open case, or a friendly message and a stop when there is none."""
    case = current_case()
    if case is None:
        st.info(
            "Er is geen casus geopend. Maak in de zijbalk een nieuwe casus aan, importeer een casusbestand "
            "of laad de voorbeeldcasus."
        )
        st.stop()
    return case
