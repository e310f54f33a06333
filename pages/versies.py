"""Versies: freeze the case as it stands ('Overleg 12 maart'), reopen a frozen version read-only, compare."""

from datetime import date

import pandas as pd
import streamlit as st

from duiding import vocab
from duiding.history import compare_cases
from ui import state
from ui.auth import can_edit, visible_case

case = state.require_case()
store = state.get_store()

st.title("Versies")
st.write(
    "Elke wijziging wordt automatisch opgeslagen. Leg daarnaast na elk overleg een versie vast: die blijft "
    "ongewijzigd bewaard, is later alleen-lezen te openen en te vergelijken met de casus van nu (ook op de "
    "pagina Netwerk, tab Verandering)."
)

if can_edit():
    with st.form("_freeze", clear_on_submit=True):
        label = st.text_input(
            "Naam van de versie", value=f"Overleg {date.today():%d-%m-%Y}", max_chars=120, key="_freeze_label"
        )
        frozen = st.form_submit_button("Versie vastleggen", type="primary")
    if frozen:
        if not label.strip():
            st.error("Geef de versie een naam, bijvoorbeeld ‘Overleg 12 maart’.")
        else:
            snapshot = store.freeze(case.id, label.strip(), state.current_user())
            st.success(f"Versie {snapshot.version} vastgelegd.")

snapshots = store.snapshots(case.id)
if not snapshots:
    st.info("Er is nog geen versie vastgelegd.")
    st.stop()

by_id = {s.id: s for s in snapshots}
st.dataframe(
    pd.DataFrame(
        {
            "Versie": [s.label for s in snapshots],
            "Vastgelegd op": [s.frozen_at.strftime("%d-%m-%Y %H:%M") for s in snapshots],
            "Door": [s.frozen_by for s in snapshots],
            "Casusversie": [s.version for s in snapshots],
        }
    ),
    hide_index=True,
    width="stretch",
)

chosen = st.selectbox(
    "Vastgelegde versie openen (alleen-lezen)",
    list(by_id),
    index=len(snapshots) - 1,
    format_func=lambda i: f"{by_id[i].label} — {by_id[i].frozen_at:%d-%m-%Y}",
    key="_snapshot_open",
)
# Redacted for this viewer exactly like the live case; names only when revealed for this case.
old = visible_case(store.load_snapshot(chosen))
reveal = state.names_revealed(case)

st.subheader("Zo stond de casus erbij")
st.caption("Alleen-lezen: een vastgelegde versie verandert nooit.")
cols = st.columns(4)
cols[0].metric("Leden", len(old.members))
cols[1].metric("Relaties", len(old.ties))
cols[2].metric("Incidenten", len(old.incidents))
cols[3].metric("Stap", old.step)

members = {"Pseudoniem": [m.pseudonym or m.id for m in old.members]}
if reveal:
    members["Naam"] = [m.name for m in old.members]
members["Typering"] = [vocab.label("typing", m.typing) for m in old.members]
members["Teamrol"] = [vocab.label("team_role", m.team_role) for m in old.members]
st.dataframe(pd.DataFrame(members), hide_index=True, width="stretch")

aspects = [(vocab.label("beke_aspect", a), old.beke.get(a)) for a in vocab.codes("beke_aspect")]
st.dataframe(
    pd.DataFrame(
        {
            "Duiding": [name for name, _ in aspects],
            "Niveau": [vocab.label("level", x.level) if x else "" for _, x in aspects],
            "Toelichting": [x.text if x else "" for _, x in aspects],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Verschil met nu")
diff = compare_cases(old, case)
if diff.unchanged:
    st.write("Geen verschil in leden, relaties, incidenten, rollen of besluiten.")
else:
    cols = st.columns(4)
    cols[0].metric("Leden erbij", len(diff.members_added))
    cols[1].metric("Leden weg", len(diff.members_removed))
    cols[2].metric("Relaties erbij / weg", f"{diff.ties_added} / {diff.ties_removed}")
    cols[3].metric("Incidenten erbij", diff.incidents_added)
    lines = []
    if diff.members_added:
        lines.append("Erbij gekomen: " + ", ".join(diff.members_added))
    if diff.members_removed:
        lines.append("Niet meer in de casus: " + ", ".join(diff.members_removed))
    if diff.ties_changed:
        lines.append(f"Relaties met een andere sterkte, zekerheid of datum: {diff.ties_changed}")
    lines += [change.describe() for change in diff.role_changes]
    if diff.step_before != diff.step_after:
        lines.append(f"Stap van {diff.step_before} naar {diff.step_after}")
    if diff.decisions_added:
        lines.append("Nieuwe besluiten: stap " + ", ".join(diff.decisions_added))
    for line in lines:
        st.text("• " + line)
