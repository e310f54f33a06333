"""The sidebar: pick, create, rename, delete and import cases; meeting mode and revealing names."""

from __future__ import annotations

from datetime import date

import streamlit as st

from duiding.model import Case, new_id
from ui import state
from ui.text import md

__all__ = ["case_picker", "meeting_controls"]

_PICK = "_picker"


def _summary_label(summary) -> str:
    # Plain text in a selectbox option is shown as text (escaped by the widget).
    parts = [summary.name or "(naamloos)"]
    if getattr(summary, "municipality", ""):
        parts.append(summary.municipality)
    return " — ".join(parts)


def _on_pick() -> None:
    state.open_case(st.session_state.get(_PICK))


def case_picker() -> None:
    """Case list and case management, for the sidebar."""
    store = state.get_store()
    summaries = store.list_cases()
    current_id = st.session_state.get(state._CASE_ID)
    ids = [s.id for s in summaries]
    labels = {s.id: _summary_label(s) for s in summaries}

    if ids:
        if current_id in ids:
            st.session_state[_PICK] = current_id
        st.selectbox(
            "Casus",
            ids,
            key=_PICK,
            format_func=lambda cid: labels.get(cid, cid),
            on_change=_on_pick,
            help="De casus waaraan u werkt. Wijzigingen worden direct opgeslagen.",
        )
    else:
        st.info("Er is nog geen casus. Maak hieronder een nieuwe casus aan of laad de voorbeeldcasus.")

    _conflict_banner(current_id)
    from ui.auth import can_edit

    if not can_edit():  # partners pick and read cases; they do not create, rename, delete or import
        return
    _new_case_form()
    if current_id in ids:
        _rename_delete(current_id, labels[current_id])
    _import_section(current_id if current_id in ids else None)


def _conflict_banner(case_id: str | None) -> None:
    message = state.conflict_message()
    held = st.session_state.get(state._CASE)
    newer = (
        case_id is not None
        and held is not None
        and held.id == case_id
        and (state.stored_version(case_id) or 0) > held.version
    )
    if message or newer:
        st.warning(
            "Er is een nieuwere versie van deze casus opgeslagen (door iemand anders of in een ander "
            "tabblad). Laad die voordat u verder werkt.",
            icon="🔄",
        )
        if st.button("Nieuwste versie laden", key="_reload_case", width="stretch"):
            state.reload_case()
            st.rerun()


def _new_case_form() -> None:
    with st.expander("Nieuwe casus"):
        with st.form("_new_case", clear_on_submit=True, border=False):
            name = st.text_input(
                "Naam van de casus", max_chars=120, placeholder="bijv. Groep Stationsplein", key="_new_name"
            )
            municipality = st.text_input("Gemeente", max_chars=80, key="_new_municipality")
            area = st.text_input("Wijk of gebied", max_chars=80, key="_new_area")
            submitted = st.form_submit_button("Casus aanmaken", type="primary")
        if submitted:
            if not name.strip():
                st.error("Geef de casus een naam.")
                return
            case = Case(name=name.strip(), municipality=municipality.strip(), area=area.strip())
            created = state.get_store().create(case, state.current_user())
            state.open_case(created.id)
            state.flash("Nieuwe casus aangemaakt.")
            st.rerun()


def _rename_delete(case_id: str, label: str) -> None:
    store = state.get_store()
    with st.expander("Naam wijzigen of verwijderen"):
        with st.form("_rename_case", border=False):
            new_name = st.text_input("Nieuwe naam", max_chars=120, key="_rename_name")
            renamed = st.form_submit_button("Naam wijzigen")
        if renamed:
            if not new_name.strip():
                st.error("De nieuwe naam mag niet leeg zijn.")
            else:
                store.rename(case_id, new_name.strip(), state.current_user())
                state.reload_case()
                state.flash("Naam gewijzigd.")
                st.rerun()

        st.divider()
        confirm = st.checkbox(
            "Ja, ik wil deze casus definitief verwijderen",
            key=f"_delete_confirm_{case_id}",
            help="Alle gegevens van deze casus verdwijnen; het auditlog bewaart alleen dat hij verwijderd is.",
        )
        st.caption("Te verwijderen casus:")
        st.text(label)
        if st.button("Casus verwijderen", key="_delete_case", disabled=not confirm, type="secondary"):
            store.delete(case_id, state.current_user())
            state.forget_case()
            st.session_state.pop(_PICK, None)
            state.flash("Casus verwijderd.")
            st.rerun()


def _import_section(case_id: str | None) -> None:
    with st.expander("Importeren of voorbeeld laden"):
        limit = st.get_option("server.maxUploadSize")
        st.caption(f"Bestanden tot {limit} MB. Er wordt pas iets opgeslagen als alle rijen kloppen.")
        st.markdown("**Casusbestand (JSON)** — wordt een nieuwe casus.")
        bundle = st.file_uploader("JSON-casusbestand", type=["json"], key="_bundle_upload")
        if bundle is not None and st.button("Casusbestand importeren", key="_bundle_import"):
            _import_bundle(bundle.getvalue())

        if case_id is not None:
            st.markdown("**Tabellen (CSV of Excel)** — worden toegevoegd aan de open casus.")
            _import_tables()

        st.divider()
        if st.button(
            "Voorbeeldcasus opnieuw laden",
            key="_load_sample",
            help="Laadt de fictieve voorbeeldcasus als nieuwe casus.",
        ):
            _load_sample()


def _import_bundle(data: bytes) -> None:
    from duiding.io import BundleError, read_bundle
    from duiding.validate import validate_case

    try:
        case = read_bundle(data)
    except BundleError as exc:
        st.error(md(str(exc)))
        return
    problems = validate_case(case)
    if problems:
        from ui import editor

        editor.problems_table(problems)
        return
    store = state.get_store()
    if case.id in {s.id for s in store.list_cases()}:
        case.id = new_id("c")
    case.version = 0
    created = store.create(case, state.current_user(), what="Casusbestand geïmporteerd")
    state.open_case(created.id)
    state.flash("Casusbestand geïmporteerd als nieuwe casus.")
    st.rerun()


def _import_tables() -> None:
    from ui import importer

    importer.table_import()


def _load_sample() -> None:
    from duiding.sample import load_sample_case

    store = state.get_store()
    case = load_sample_case()
    if case.id in {s.id for s in store.list_cases()}:
        case.id = new_id("c")
        case.name = f"{case.name} (opnieuw geladen {date.today():%d-%m-%Y})"
    case.version = 0
    created = store.create(case, state.current_user())
    state.open_case(created.id)
    state.flash("Voorbeeldcasus geladen.")
    st.rerun()


def meeting_controls(case: Case | None) -> None:
    """Meeting-mode toggle and the deliberate, logged reveal of names."""
    on = state.meeting_mode()
    st.session_state["_meeting_toggle"] = on
    st.toggle(
        "Overlegmodus",
        key="_meeting_toggle",
        on_change=lambda: state.set_meeting_mode(st.session_state["_meeting_toggle"]),
        help="Voor het gedeelde scherm: alleen pseudoniemen, gevoelige velden (risicofactoren, bron, "
        "notities) verborgen, grotere tekst.",
    )
    if case is None:
        return
    if state.names_revealed(case):
        st.warning("Namen zijn zichtbaar.", icon="👁️")
        if st.button("Namen verbergen", key="_hide_names", width="stretch"):
            state.hide_names()
            st.rerun()
        return
    if not case.names_allowed:
        st.caption(
            "Namen kunnen pas worden vastgelegd en getoond na een vastgelegd 2B-besluit (pagina Groep)."
        )
        return
    if not st.session_state.get("_confirm_reveal"):
        if st.button("Namen tonen…", key="_ask_reveal", width="stretch"):
            st.session_state["_confirm_reveal"] = True
            st.rerun()
        return
    st.warning(
        "Iedereen die het scherm ziet, ziet dan de namen. Dit wordt vastgelegd in het auditlog.", icon="⚠️"
    )
    left, right = st.columns(2)
    if left.button("Ja, tonen", key="_confirm_reveal_yes", type="primary"):
        st.session_state["_confirm_reveal"] = False
        state.reveal_names(case)
        st.rerun()
    if right.button("Annuleren", key="_confirm_reveal_no"):
        st.session_state["_confirm_reveal"] = False
        st.rerun()
