"""Groep: status in the 7 steps with decisions, context, Beke duiding, incidents with a timeline."""

import dataclasses
from datetime import date

import streamlit as st

from duiding import charts, tables, vocab
from duiding.model import STEP_ORDER, Assessment, Context, Decision
from duiding.validate import validate_incidents, validate_members
from ui import editor, state

case = state.require_case()
sensitive = state.show_sensitive()
editable = state.can_edit()

st.title("Groep")
st.text(case.name)

tab_status, tab_context, tab_duiding, tab_incidents = st.tabs(
    ["Stap en besluiten", "Context", "Duiding (Beke)", "Incidenten"]
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _label(name):
    return lambda code: vocab.label(name, code) if code else "—"


# --- status and decisions -------------------------------------------------------------------------
with tab_status:
    st.caption("Huidige stap in het 7-stappenmodel")
    st.text(vocab.label("step", case.step))
    if case.names_allowed:
        when = next((d.date for d in case.decisions if d.step == "2B"), None)
        st.success(
            "Er is een 2B-besluit vastgelegd"
            + (f" op {when:%d-%m-%Y}" if when else "")
            + ": een namenlijst is toegestaan."
        )
    else:
        st.info("Nog geen 2B-besluit: er worden geen namen vastgelegd. Leg het 2B-besluit hieronder vast.")

    if case.decisions:
        st.dataframe(
            [
                {"Stap": vocab.label("step", d.step), "Datum": d.date, "Notitie": d.note}
                for d in case.decisions
            ],
            hide_index=True,
            width="stretch",
            column_config={"Datum": st.column_config.DateColumn(format="DD-MM-YYYY")},
        )
    else:
        st.caption("Nog geen besluiten vastgelegd.")

    with st.form(f"decision-{case.version}"):
        st.markdown("**Besluit vastleggen**")
        left, right = st.columns(2)
        next_step = next(
            (s for s in STEP_ORDER if not case.has_decision(s)), case.step if case.step in STEP_ORDER else "1"
        )
        step = left.selectbox(
            "Stap",
            vocab.codes("step"),
            index=vocab.codes("step").index(next_step) if next_step in vocab.codes("step") else 0,
            format_func=_label("step"),
            key=f"decision-step-{case.version}",
        )
        when = right.date_input(
            "Datum", value=date.today(), format="DD-MM-YYYY", key=f"decision-date-{case.version}"
        )
        note = st.text_area("Notitie bij het besluit", max_chars=1000, key=f"decision-note-{case.version}")
        move = st.checkbox("Zet de casus in deze stap", value=True, key=f"decision-move-{case.version}")
        recorded = st.form_submit_button("Besluit vastleggen", type="primary", disabled=not editable)
    if recorded:
        case.decisions.append(Decision(step=step, date=when, note=note.strip()))
        if move:
            case.step = step
        if state.save_case(case, f"Besluit stap {step} vastgelegd", quiet=True) is not None:
            extra = " Namen mogen nu worden vastgelegd." if step == "2B" else ""
            state.flash(f"Besluit voor stap {step} vastgelegd.{extra}")
            st.rerun()

    if case.decisions:
        with st.expander("Een besluit verwijderen"):
            index = st.selectbox(
                "Besluit",
                list(range(len(case.decisions))),
                format_func=lambda i: (
                    f"{vocab.label('step', case.decisions[i].step)} — "
                    + (f"{case.decisions[i].date:%d-%m-%Y}" if case.decisions[i].date else "zonder datum")
                ),
                key=f"decision-remove-{case.version}",
            )
            if st.button(
                "Besluit verwijderen", key=f"decision-remove-btn-{case.version}", disabled=not editable
            ):
                draft = dataclasses.replace(
                    case, decisions=[d for i, d in enumerate(case.decisions) if i != index]
                )
                blocking = [p for p in validate_members(draft.members, draft) if p.field == "naam"]
                if blocking:
                    st.error(
                        f"Dit 2B-besluit kan niet weg: {len(blocking)} leden hebben een naam. Verwijder eerst de namen."
                    )
                elif state.save_case(draft, "Besluit verwijderd", quiet=True) is not None:
                    state.flash("Besluit verwijderd.")
                    st.rerun()

# --- context --------------------------------------------------------------------------------------
with tab_context:
    with st.form(f"context-{case.version}"):
        description = st.text_area(
            "Beschrijving van de groep",
            case.context.description,
            height=140,
            max_chars=5000,
            key=f"ctx-desc-{case.version}",
        )
        left, right = st.columns(2)
        locations = left.text_area(
            "Locaties en hangplekken (één per regel)",
            "\n".join(case.context.locations),
            max_chars=3000,
            key=f"ctx-loc-{case.version}",
        )
        platforms = right.text_area(
            "Online platforms (één per regel)",
            "\n".join(case.context.platforms),
            max_chars=1000,
            key=f"ctx-plat-{case.version}",
        )
        times = st.text_input(
            "Gebruikelijke tijden", case.context.times, max_chars=500, key=f"ctx-times-{case.version}"
        )
        saved_context = st.form_submit_button("Context opslaan", type="primary", disabled=not editable)
    if saved_context:
        case.context = Context(
            description=description.strip(),
            locations=_lines(locations),
            platforms=_lines(platforms),
            times=times.strip(),
        )
        if state.save_case(case, "Context gewijzigd", quiet=True) is not None:
            state.flash("Context opgeslagen.")
            st.rerun()

# --- Beke duiding, legacy class, classification, retention ----------------------------------------
with tab_duiding:
    st.caption(
        "Duiding volgens Bureau Beke: ernst, risico's, ontwikkeling en impact, elk met een niveau en een toelichting."
    )
    with st.form(f"beke-{case.version}"):
        answers = {}
        for aspect in vocab.codes("beke_aspect"):
            current = case.beke.get(aspect, Assessment())
            left, right = st.columns([1, 3])
            levels = vocab.codes("level")
            level = left.selectbox(
                vocab.label("beke_aspect", aspect),
                levels,
                index=levels.index(current.level) if current.level in levels else levels.index("unknown"),
                format_func=_label("level"),
                key=f"beke-{aspect}-level-{case.version}",
            )
            text = right.text_area(
                f"Toelichting {vocab.label('beke_aspect', aspect).lower()}",
                current.text,
                height=90,
                max_chars=3000,
                key=f"beke-{aspect}-text-{case.version}",
            )
            answers[aspect] = Assessment(level=level, text=text.strip())
        st.divider()
        left, mid, right = st.columns(3)
        legacy_options = [None] + vocab.codes("legacy_class")
        legacy = left.selectbox(
            "Oude indeling (optioneel)",
            legacy_options,
            index=legacy_options.index(case.legacy_class) if case.legacy_class in legacy_options else 0,
            format_func=_label("legacy_class"),
            key=f"legacy-{case.version}",
            help="Hinderlijk / overlastgevend / crimineel: sinds 2015 niet meer landelijk in gebruik.",
        )
        classification = mid.text_input(
            "Rubricering van exports", case.classification, max_chars=60, key=f"class-{case.version}"
        )
        retention = right.date_input(
            "Bewaren tot", value=case.retention_date, format="DD-MM-YYYY", key=f"retention-{case.version}"
        )
        saved_beke = st.form_submit_button("Duiding opslaan", type="primary", disabled=not editable)
    if saved_beke:
        case.beke = answers
        case.legacy_class = legacy
        case.classification = classification.strip() or "Vertrouwelijk"
        case.retention_date = retention
        if state.save_case(case, "Duiding (Beke) gewijzigd", quiet=True) is not None:
            state.flash("Duiding opgeslagen.")
            st.rerun()

# --- incidents ------------------------------------------------------------------------------------
with tab_incidents:
    st.caption(
        "Incidenten met twee of meer leden geven afgeleide relaties ‘samen delicten plegen’ (zie Relaties). "
        "Wijzigingen worden direct opgeslagen zodra de tabel klopt."
    )
    FRAME = "incidenten"
    frame, key = editor.stable_frame(
        FRAME,
        case,
        lambda c: tables.incidents_frame(c, sensitive=sensitive),
        signature=(sensitive, state.names_revealed(case)),
    )
    member_ids = [m.id for m in case.members]
    labels = {m.id: state.display(m, case) for m in case.members}
    config = {
        "id": None,
        "datum": st.column_config.DateColumn("Datum", format="DD-MM-YYYY"),
        "type": st.column_config.SelectboxColumn(
            "Soort", options=vocab.codes("problem"), format_func=_label("problem")
        ),
        "plaats": st.column_config.TextColumn("Plaats", max_chars=200),
        "leden": st.column_config.MultiselectColumn(
            "Betrokken leden", options=member_ids, format_func=lambda i: labels.get(i, i)
        ),
        "bron": st.column_config.SelectboxColumn(
            "Bron", options=vocab.codes("partner"), format_func=_label("partner")
        ),
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
    incidents = tables.incidents_from_frame(edited, case, editor.frame_token(FRAME))
    problems = validate_incidents(incidents, case)
    if problems:
        editor.problems_table(problems)
    elif [dataclasses.asdict(i) for i in incidents] != [dataclasses.asdict(i) for i in case.incidents]:
        added = len({i.id for i in incidents} - {i.id for i in case.incidents})
        case.incidents = incidents
        saved = state.save_case(case, "Incidenten gewijzigd", quiet=bool(added))
        if saved is not None:
            if added:
                state.flash("Incident toegevoegd.")
                editor.drop_frame(FRAME)
                st.rerun()
            editor.mark_saved(FRAME, saved.version)
            case = saved

    if any(i.date for i in case.incidents):
        timeline = charts.incident_timeline(case)
        st.altair_chart(timeline, width="stretch", height=int(timeline.height) + 180)
    else:
        st.caption("Nog geen incidenten met een datum: de tijdlijn verschijnt zodra er een is.")
