"""Relaties: hand-entered ties per layer, derived co-offending ties (read-only), contacts by role."""

import dataclasses

import pandas as pd
import streamlit as st

from duiding import tables, vocab
from duiding.model import derived_ties
from duiding.validate import validate_contacts, validate_ties
from ui import editor, state

case = state.require_case()
sensitive = state.show_sensitive()
editable = state.can_edit()
names = state.names_revealed(case)

st.title("Relaties")
st.caption(
    "Leg per laag vast wie met wie contact heeft. Sterkte 1 = af en toe, 2 = regelmatig, 3 = hecht of dagelijks. "
    "Wijzigingen worden direct opgeslagen zodra de tabel klopt."
)

ALL = "__all__"
counts = {layer: sum(1 for t in case.ties if t.layer == layer) for layer in vocab.codes("layer")}
layer = st.segmented_control(
    "Laag",
    [ALL] + vocab.codes("layer"),
    default=ALL,
    required=True,
    key="_relaties_layer",
    format_func=lambda c: (
        f"Alle lagen ({len(case.ties)})" if c == ALL else f"{vocab.label('layer', c)} ({counts.get(c, 0)})"
    ),
)
layer = layer or ALL

member_labels = {m.id: state.display(m, case) for m in case.members}
contact_labels = {c.id: f"Contact: {c.role or c.id}" for c in case.contacts}
ends = list(member_labels) + list(contact_labels)


def _end_label(end_id: str) -> str:
    return member_labels.get(end_id) or contact_labels.get(end_id) or end_id


def _label(name):
    return lambda code: vocab.label(name, code) if code else "—"


in_view = [t for t in case.ties if layer == ALL or t.layer == layer]
FRAME = f"relaties-{layer}"
frame, key = editor.stable_frame(
    FRAME,
    case,
    lambda _c: tables.ties_frame(in_view, sensitive=sensitive),
    signature=(sensitive, names, layer),
)
config = {
    "id": None,
    "van": st.column_config.SelectboxColumn("Van", options=ends, format_func=_end_label, required=True),
    "naar": st.column_config.SelectboxColumn("Naar", options=ends, format_func=_end_label, required=True),
    "laag": st.column_config.SelectboxColumn(
        "Laag",
        options=vocab.codes("layer"),
        format_func=_label("layer"),
        required=True,
        default=layer if layer != ALL else "offline",
    ),
    "sterkte": st.column_config.NumberColumn(
        "Sterkte", min_value=1, max_value=3, step=1, default=1, format="%d"
    ),
    "zekerheid": st.column_config.SelectboxColumn(
        "Zekerheid", options=vocab.codes("confidence"), format_func=_label("confidence"), default="confirmed"
    ),
    "bron": st.column_config.SelectboxColumn(
        "Bron", options=vocab.codes("partner"), format_func=_label("partner")
    ),
    "eerst_gezien": st.column_config.DateColumn("Eerst gezien", format="DD-MM-YYYY"),
    "laatst_gezien": st.column_config.DateColumn("Laatst gezien", format="DD-MM-YYYY"),
    "notitie": st.column_config.TextColumn("Notitie", max_chars=500),
}
edited = st.data_editor(
    frame,
    key=key,
    num_rows="dynamic" if editable else "fixed",
    disabled=not editable,
    hide_index=True,
    width="stretch",
    column_config={k: v for k, v in config.items() if k in frame.columns},
)
view_ties = tables.ties_from_frame(
    edited, case, editor.frame_token(FRAME), default_layer=layer if layer != ALL else "offline"
)
problems = validate_ties(view_ties, case)
if problems:
    editor.problems_table(problems)
else:
    # Put the edited view back in place, keeping the order of the other ties.
    by_id = {t.id: t for t in view_ties}
    view_ids = {t.id for t in in_view}
    new_ties = [by_id.get(t.id) if t.id in view_ids else t for t in case.ties]
    new_ties = [t for t in new_ties if t is not None]
    new_ties += [t for t in view_ties if t.id not in view_ids]
    if [dataclasses.asdict(t) for t in new_ties] != [dataclasses.asdict(t) for t in case.ties]:
        added = any(t.id not in view_ids for t in view_ties)
        case.ties = new_ties
        saved = state.save_case(case, "Relaties gewijzigd", quiet=added)
        if saved is not None:
            if added:
                state.flash("Relatie toegevoegd.")
                editor.drop_frame(FRAME)
                st.rerun()
            editor.mark_saved(FRAME, saved.version)
            case = saved

# --- derived co-offending ties ---------------------------------------------------------------------
st.subheader("Afgeleid uit incidenten")
st.caption(
    "Leden die samen bij een incident betrokken waren, krijgen een afgeleide relatie ‘samen delicten plegen’ "
    "(sterkte = aantal gedeelde incidenten, hoogstens 3). Deze relaties zijn alleen-lezen; wijzig de incidenten "
    "op de pagina Groep."
)
derived = derived_ties(case)
if derived:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Van": _end_label(t.source),
                    "Naar": _end_label(t.target),
                    "Laag": vocab.label("layer", t.layer),
                    "Sterkte": t.strength,
                    "Eerst gezien": t.first_seen,
                    "Herkomst": "afgeleid",
                    "Toelichting": t.note,
                }
                for t in derived
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Eerst gezien": st.column_config.DateColumn(format="DD-MM-YYYY")},
    )
else:
    st.caption("Geen incidenten met twee of meer bekende leden.")

# --- contacts --------------------------------------------------------------------------------------
st.subheader("Contacten buiten de groep")
st.caption(
    "Personen buiten de groep alleen met hun rol (bijv. ‘trainer voetbalclub’, ‘oom’), zodat steunfiguren en "
    "relaties naar buiten een eindpunt hebben zonder meer persoonsgegevens dan nodig."
)
CFRAME = "contacten"
cframe, ckey = editor.stable_frame(
    CFRAME, case, lambda c: tables.contacts_frame(c, sensitive=sensitive), signature=(sensitive,)
)
cedited = st.data_editor(
    cframe,
    key=ckey,
    num_rows="dynamic" if editable else "fixed",
    disabled=not editable,
    hide_index=True,
    width="stretch",
    column_config={
        k: v
        for k, v in {
            "id": None,
            "rol": st.column_config.TextColumn("Rol", required=True, max_chars=120),
            "notitie": st.column_config.TextColumn("Notitie", max_chars=500),
        }.items()
        if k in cframe.columns
    },
)
contacts = tables.contacts_from_frame(cedited, case, editor.frame_token(CFRAME))
cproblems = validate_contacts(contacts, case)
if cproblems:
    editor.problems_table(cproblems)
elif [dataclasses.asdict(c) for c in contacts] != [dataclasses.asdict(c) for c in case.contacts]:
    new_ids = {c.id for c in contacts}
    removed = [c.id for c in case.contacts if c.id not in new_ids]
    added = len(new_ids - {c.id for c in case.contacts})
    dropped = tables.remove_contacts(case, removed)
    case.contacts = contacts
    saved = state.save_case(case, "Contacten gewijzigd", quiet=bool(added or removed))
    if saved is not None:
        if added or removed:
            state.flash(
                f"Contacten bijgewerkt ({dropped} relaties van verwijderde contacten ook verwijderd)."
            )
            editor.drop_frame(CFRAME)
            st.rerun()
        editor.mark_saved(CFRAME, saved.version)
