"""Importing member, tie and incident tables (CSV or Excel) into the open case, from the sidebar.

Each file's headers are matched to the Dutch columns; headers that do not match get a select box
(with a suggestion) so files with other headers can be mapped by hand. Everything is checked first
and nothing is written while any row has a problem.
"""

from __future__ import annotations

import streamlit as st

from duiding.io import TableError, preview_import, read_table, suggest_mapping
from duiding.io.columns import COLUMNS, SHEETS
from duiding.io.importers import resolve_mapping
from duiding.validate import Problem
from ui import editor, state
from ui.text import md

__all__ = ["table_import"]

_KINDS = [("members", "Leden"), ("ties", "Relaties"), ("incidents", "Incidenten")]
_IGNORE = ""


def _mapping_inputs(kind: str, title: str, headers: list[str]) -> dict[str, str | None]:
    """Select boxes for the headers that match no column exactly; returns header -> column (or None)."""
    matched, _, _ = resolve_mapping(headers, kind)
    unmatched = [h for h in headers if h not in matched]
    if not unmatched:
        return {}
    suggested = suggest_mapping(headers, kind)
    taken = set(matched.values())
    options = [_IGNORE] + [c.name for c in COLUMNS[kind] if c.name not in taken]
    st.caption(f"{title}: kolommen koppelen (niet gekoppelde kolommen worden niet ingelezen)")
    mapping: dict[str, str | None] = {}
    for n, header in enumerate(unmatched):
        guess = suggested.get(header)
        chosen = st.selectbox(
            f"Kolom ‘{md(header)}’",
            options,
            index=options.index(guess) if guess in options else 0,
            format_func=lambda c: c or "(niet inlezen)",
            key=f"_map_{kind}_{n}",
        )
        mapping[header] = chosen or None
    return mapping


def table_import() -> None:
    """Three optional uploads with a column-mapping step, then one check-and-import button."""
    files = {}
    for kind, title in _KINDS:
        files[kind] = st.file_uploader(
            f"{title} (CSV of Excel)",
            type=["csv", "txt", "xlsx"],
            key=f"_upload_{kind}",
            help="Kolomkoppen in het Nederlands, zie data/templates/. Scheidingsteken en tekenset worden herkend. "
            "Maximaal 10 MB per bestand (grotere bestanden weigert de app).",
        )
    chosen = {kind: f for kind, f in files.items() if f is not None}
    if not chosen:
        return

    problems: list[Problem] = []
    tables, mappings = {}, {}
    for kind, title in _KINDS:
        upload = chosen.get(kind)
        if upload is None:
            continue
        try:
            tables[kind] = read_table(upload.getvalue(), upload.name, sheet=SHEETS[kind])
        except TableError as exc:
            problems.append(Problem(None, "bestand", f"{upload.name}: {exc}"))
            continue
        mappings[kind] = _mapping_inputs(kind, title, [str(h) for h in tables[kind].columns])

    if not st.button("Tabellen importeren", key="_tables_import", type="primary"):
        if problems:
            editor.problems_table(problems)
        return
    case = state.current_case()
    if case is None:
        return
    current = case
    for kind, table in tables.items():
        preview = preview_import(current, kind, table, mappings.get(kind) or None)
        if preview.problems:
            name = chosen[kind].name
            problems += [Problem(p.row, p.field, f"{name}: {p.message}") for p in preview.problems]
        elif preview.new_case is not None:
            current = preview.new_case
    if problems or current is case:
        if problems:
            editor.problems_table(problems)
        return
    added = {
        "leden": len(current.members) - len(case.members),
        "relaties": len(current.ties) - len(case.ties),
        "incidenten": len(current.incidents) - len(case.incidents),
    }
    summary = ", ".join(f"{n} {k} erbij" for k, n in added.items())
    if state.save_case(current, f"Import: {summary}", quiet=True) is not None:
        state.flash(f"Geïmporteerd: {summary}.")
        for name in list(st.session_state):
            if str(name).startswith("_frame_"):
                editor.drop_frame(str(name)[len("_frame_") :])
        st.rerun()
