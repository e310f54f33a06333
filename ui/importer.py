"""Importing member, tie and incident tables (CSV or Excel) into the open case, from the sidebar."""

from __future__ import annotations

import streamlit as st

from duiding.io import import_files
from ui import editor, state

__all__ = ["table_import"]

_KINDS = [("members", "Leden"), ("ties", "Relaties"), ("incidents", "Incidenten")]


def table_import() -> None:
    """Three optional uploads; everything is checked first and nothing is written when a row is wrong."""
    uploads = {}
    for kind, title in _KINDS:
        uploads[kind] = st.file_uploader(
            f"{title} (CSV of Excel)", type=["csv", "txt", "xlsx"], key=f"_upload_{kind}",
            help="Kolomkoppen in het Nederlands, zie data/templates/. Scheidingsteken en tekenset worden herkend.",
        )
    chosen = {kind: f for kind, f in uploads.items() if f is not None}
    if not chosen:
        return
    if not st.button("Tabellen importeren", key="_tables_import", type="primary"):
        return
    case = state.current_case()
    if case is None:
        return
    new_case, problems = import_files(
        case, **{kind: (f.getvalue(), f.name) for kind, f in chosen.items()}
    )
    if problems or new_case is None:
        editor.problems_table(problems)
        return
    added = {
        "leden": len(new_case.members) - len(case.members),
        "relaties": len(new_case.ties) - len(case.ties),
        "incidenten": len(new_case.incidents) - len(case.incidents),
    }
    what = "Import: " + ", ".join(f"{n} {k} erbij" for k, n in added.items())
    if state.save_case(new_case, what, quiet=True) is not None:
        state.flash("Geïmporteerd: " + ", ".join(f"{n} {k} erbij" for k, n in added.items()) + ".")
        for name in list(st.session_state):
            if str(name).startswith("_frame_"):
                editor.drop_frame(str(name)[len("_frame_"):])
        st.rerun()
