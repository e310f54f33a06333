"""Plan van aanpak: concept plan in section order, texts, goals, measures per track, suggestions,
completeness, monitoring and the Word/Markdown export (every export audited)."""

from datetime import date

import streamlit as st

from duiding import vocab
from duiding.model import Indicator, Measure
from duiding.plan import editing, monitoring
from duiding.plan.assemble import SECTIONS, assemble_plan, privacy_template
from duiding.plan.completeness import check_plan
from duiding.plan.figures import indicators_chart
from duiding.plan.report import FORMATS, plan_bytes, plan_filename
from duiding.plan.suggest import adopt, suggest_interventions
from ui import analysis as ana
from ui import plan_view, state
from ui.auth import log_export
from ui.text import md

case = state.require_case()
meeting = state.meeting_mode()
reveal = state.names_revealed(case) and not meeting  # meeting mode: pseudonyms only
today = date.today()
v = case.version
index = case.member_index()


def who(member_id: str) -> str:
    member = index.get(member_id)
    return member.display(reveal) if member else member_id


def save(new_case, what: str, message: str) -> None:
    if state.save_case(new_case, what, quiet=True) is not None:
        state.flash(message)
        st.rerun()


def _label(name):
    return lambda code: vocab.label(name, code) if code else "—"


st.title("Plan van aanpak")
st.text(case.name)
gaps = check_plan(case, today)
st.caption(f"{len(gaps)} open punt(en) in het concept." if gaps else "Het concept is volledig.")

(tab_concept, tab_texts, tab_goals, tab_measures, tab_suggest, tab_check, tab_monitor, tab_export) = st.tabs(
    ["Concept", "Teksten", "Doelen", "Maatregelen", "Suggesties", "Volledigheid", "Monitoring", "Exporteren"],
    key="_plan_tab",
    on_change="rerun",
)

# --- the assembled concept plan -------------------------------------------------------------------


def current_analysis(show_names: bool):
    try:
        return ana.analysis(case, reveal_names=show_names)
    except ValueError:  # nothing to analyse yet; the plan is assembled without it
        return None


if tab_concept.open:  # tabs run lazily: only the open tab is built
    with tab_concept:
        doc = assemble_plan(case, current_analysis(reveal), reveal_names=reveal, today=today)
        titles = [s.heading for s in doc.sections]
        chosen = st.selectbox("Ga naar sectie", ["Alle secties", *titles], key="plan-section")
        for section in doc.sections:
            if chosen in ("Alle secties", section.heading):
                plan_view.show_section(doc, section)

# --- texts ----------------------------------------------------------------------------------------
if tab_texts.open:  # tabs run lazily: only the open tab is built
    with tab_texts:
        template = privacy_template(case)
        with st.form(f"plan-texts-{v}"):
            problem = st.text_area(
                "Probleemdefinitie",
                case.plan.problem_definition,
                height=140,
                max_chars=editing.MAX_TEXT,
                key=f"pt-problem-{v}",
            )
            advice = st.text_area(
                "Advies over prioriteit aan de driehoek",
                case.plan.advice,
                height=120,
                max_chars=editing.MAX_TEXT,
                key=f"pt-advice-{v}",
            )
            st.markdown("**Privacyparagraaf**")
            legal = st.text_area(
                "Grondslag",
                case.plan.legal_basis or "",
                height=100,
                max_chars=editing.MAX_TEXT,
                placeholder=template["legal_basis"],
                key=f"pt-legal-{v}",
            )
            access = st.text_area(
                "Wie ziet wat",
                case.plan.access or "",
                height=100,
                max_chars=editing.MAX_TEXT,
                placeholder=template["access"],
                key=f"pt-access-{v}",
            )
            retention = st.date_input(
                "Bewaartermijn: verwijderen of anonimiseren uiterlijk op",
                case.retention_date,
                format="DD-MM-YYYY",
                key=f"pt-retention-{v}",
            )
            st.markdown("**Aanvullende tekst per sectie** (komt onder de gegenereerde inhoud)")
            extra = {
                code: st.text_area(
                    f"{n}. {title}",
                    case.plan.texts.get(code, ""),
                    height=80,
                    max_chars=editing.MAX_TEXT,
                    key=f"pt-extra-{code}-{v}",
                )
                for n, (code, title) in enumerate(SECTIONS, start=1)
            }
            submitted = st.form_submit_button("Teksten opslaan", type="primary")
        if st.button(
            "Voorbeeldtekst privacyparagraaf invullen",
            key=f"pt-template-{v}",
            disabled=bool(case.plan.legal_basis and case.plan.access),
        ):
            fields = {k: val for k, val in template.items() if not getattr(case.plan, k)}
            save(
                editing.set_texts(case, fields),
                "Plan: voorbeeldtekst privacy ingevuld",
                "Voorbeeldtekst ingevuld.",
            )
        if submitted:
            try:
                new = editing.set_texts(
                    case,
                    {"problem_definition": problem, "advice": advice, "legal_basis": legal, "access": access},
                    extra,
                    retention,
                )
            except ValueError as exc:
                st.error(str(exc))
            else:
                save(new, "Plan: teksten bijgewerkt", "Teksten opgeslagen.")

# --- goals ----------------------------------------------------------------------------------------
if tab_goals.open:  # tabs run lazily: only the open tab is built
    with tab_goals:
        with st.form(f"plan-goals-{v}"):
            codes = st.multiselect(
                "Doelen uit het model",
                vocab.codes("goal"),
                default=[g.code for g in case.plan.goals if g.code],
                format_func=_label("goal"),
                key=f"pg-codes-{v}",
            )
            own = st.text_area(
                "Eigen doelen (één per regel)",
                "\n".join(g.text for g in case.plan.goals if not g.code),
                max_chars=3000,
                key=f"pg-own-{v}",
            )
            if st.form_submit_button("Doelen opslaan", type="primary"):
                save(
                    editing.set_goals(case, codes, own.splitlines()),
                    "Plan: doelen bijgewerkt",
                    "Doelen opgeslagen.",
                )

# --- measures per track ---------------------------------------------------------------------------
goal_ids = [g.id for g in case.plan.goals]
goal_label = {g.id: g.text or vocab.label("goal", g.code) for g in case.plan.goals}
member_ids = [m.id for m in case.members]


def measure_form(measure: Measure, key: str, new: bool) -> None:
    with st.form(key):
        title = st.text_input("Titel", measure.title, max_chars=200, key=f"{key}-title")
        description = st.text_area(
            "Beschrijving", measure.description, max_chars=editing.MAX_TEXT, key=f"{key}-desc"
        )
        left, right = st.columns(2)
        goals = left.multiselect(
            "Doelen",
            goal_ids,
            default=[g for g in measure.goal_ids if g in goal_ids],
            format_func=lambda g: goal_label.get(g, g),
            key=f"{key}-goals",
        )
        members = right.multiselect(
            "Leden (pseudoniem)",
            member_ids,
            default=[m for m in measure.member_ids if m in member_ids],
            format_func=who,
            key=f"{key}-members",
        )
        place = left.text_input("Plek of online platform", measure.place, max_chars=300, key=f"{key}-place")
        partners = ["", *vocab.codes("partner")]
        owner = right.selectbox(
            "Eigenaar",
            partners,
            index=partners.index(measure.owner or ""),
            format_func=_label("partner"),
            key=f"{key}-owner",
        )
        c1, c2, c3, c4 = st.columns(4)
        start = c1.date_input("Start", measure.start, format="DD-MM-YYYY", key=f"{key}-start")
        deadline = c2.date_input("Deadline", measure.deadline, format="DD-MM-YYYY", key=f"{key}-deadline")
        evaluation = c3.date_input("Evaluatie", measure.evaluation, format="DD-MM-YYYY", key=f"{key}-eval")
        statuses = vocab.codes("measure_status")
        status = c4.selectbox(
            "Status",
            statuses,
            index=statuses.index(measure.status) if measure.status in statuses else 0,
            format_func=_label("measure_status"),
            key=f"{key}-status",
        )
        saved = st.form_submit_button("Maatregel toevoegen" if new else "Maatregel opslaan", type="primary")
    if saved:
        changed = Measure(
            id=measure.id,
            track=measure.track,
            title=title,
            description=description,
            goal_ids=goals,
            member_ids=members,
            place=place.strip(),
            owner=owner or None,
            start=start,
            deadline=deadline,
            evaluation=evaluation,
            status=status,
            intervention=measure.intervention,
            updates=measure.updates,
        )
        try:
            new_case = editing.upsert_measure(case, changed)
        except ValueError as exc:
            for line in str(exc).splitlines():
                st.error(line)
        else:
            save(new_case, f"Plan: maatregel '{title.strip()}' opgeslagen", "Maatregel opgeslagen.")


if tab_measures.open:  # tabs run lazily: only the open tab is built
    with tab_measures:
        for track in vocab.codes("track"):
            st.subheader(vocab.label("track", track))
            for m in [m for m in case.plan.measures if m.track == track]:
                # an expander label is markdown: the title is user text
                heading = (
                    f"{md(m.title) or '(zonder titel)'} — {vocab.label('measure_status', m.status).lower()}"
                )
                with st.expander(heading):
                    measure_form(m, f"pm-{m.id}-{v}", new=False)
                    if st.button("Maatregel verwijderen", key=f"pm-del-{m.id}-{v}"):
                        save(
                            editing.remove_measure(case, m.id),
                            f"Plan: maatregel '{m.title}' verwijderd",
                            "Maatregel verwijderd.",
                        )
            with st.expander(f"Nieuwe {vocab.label('track', track).lower()}e maatregel"):
                measure_form(Measure(id="", track=track), f"pm-new-{track}-{v}", new=True)

# --- suggestions ----------------------------------------------------------------------------------
if tab_suggest.open:  # tabs run lazily: only the open tab is built
    with tab_suggest:
        st.caption(
            "De app stelt voor; het overleg beslist. Een suggestie komt pas in het plan na 'Overnemen'."
            + (" In de overlegmodus staan er aantallen in plaats van pseudoniemen." if meeting else "")
        )
        tracks = st.multiselect(
            "Sporen",
            vocab.codes("track"),
            default=vocab.codes("track"),
            format_func=_label("track"),
            key="ps-tracks",
        )
        suggestions = [s for s in suggest_interventions(case, today=today) if s.track in tracks]
        if not suggestions:
            st.info("Geen suggesties: leg factoren van leden of incidenten vast, of alles is al overgenomen.")
        for s in suggestions:
            iv = s.intervention
            with st.container(border=True):
                st.markdown(f"**{md(iv.name)}** · {md(iv.track_label)} · {md(iv.recognition_label.lower())}")
                st.markdown(md(iv.description))
                st.markdown(md(s.because_counted if meeting else s.because))
                st.caption(f"Bron: {md(iv.source)}")
                if st.button("Overnemen", key=f"ps-adopt-{iv.id}-{v}"):
                    save(
                        adopt(case, s),
                        f"Plan: suggestie '{iv.name}' overgenomen",
                        f"'{iv.name}' staat nu in het plan; vul eigenaar, data en evaluatie aan.",
                    )

# --- completeness ---------------------------------------------------------------------------------
if tab_check.open:  # tabs run lazily: only the open tab is built
    with tab_check:
        if not gaps:
            st.success("Geen open punten: het concept is helder, degelijk en volledig ingevuld.")
        section_title = dict(SECTIONS)
        for gap in gaps:
            st.markdown(f"- {md(gap.message)} *({md(section_title.get(gap.section, gap.section))})*")

# --- monitoring -----------------------------------------------------------------------------------
if tab_monitor.open:  # tabs run lazily: only the open tab is built
    with tab_monitor:
        as_of = st.date_input("Peildatum", today, format="DD-MM-YYYY", key="pmon-asof")
        late = monitoring.late_measures(case, as_of)
        st.subheader("Te laat")
        if late:
            for item in late:
                st.markdown(f"- {md(item.message)}")
        else:
            st.success("Niets te laat op de peildatum.")

        st.subheader("Statusupdate")
        if case.plan.measures:
            with st.form(f"pmon-status-{v}"):
                mid = st.selectbox(
                    "Maatregel",
                    [m.id for m in case.plan.measures],
                    format_func=lambda i: next(m.title for m in case.plan.measures if m.id == i),
                    key=f"pmon-measure-{v}",
                )
                left, right = st.columns(2)
                new_status = left.selectbox(
                    "Nieuwe status",
                    vocab.codes("measure_status"),
                    format_func=_label("measure_status"),
                    key=f"pmon-st-{v}",
                )
                day = right.date_input("Datum", today, format="DD-MM-YYYY", key=f"pmon-day-{v}")
                note = st.text_input("Toelichting", max_chars=500, key=f"pmon-note-{v}")
                if st.form_submit_button("Status vastleggen", type="primary"):
                    save(
                        monitoring.record_status(case, mid, new_status, day, note.strip()),
                        "Plan: statusupdate vastgelegd",
                        "Status vastgelegd.",
                    )
        else:
            st.caption("Nog geen maatregelen.")

        st.subheader("Indicatoren")
        states = monitoring.indicator_states(case)
        for s in states:
            st.markdown(f"- {md(s.message)}")
        left, right = st.columns(2)
        if left.button(
            "Indicatoren uit incidenten voorstellen", key=f"pmon-propose-{v}", disabled=not case.incidents
        ):
            existing = {k.problem for k in case.plan.indicators if k.problem}
            new_case = case.copy()
            new_case.plan.indicators += [
                k for k in monitoring.propose_incident_indicators(case) if k.problem not in existing
            ]
            save(
                new_case,
                "Plan: indicatoren voorgesteld",
                "Indicatoren toegevoegd; pas nulmeting en doel zo nodig aan.",
            )
        if right.button(
            "Incidentindicatoren bijwerken",
            key=f"pmon-refresh-{v}",
            disabled=not any(k.problem for k in case.plan.indicators),
        ):
            save(
                monitoring.refresh_incident_indicators(case),
                "Plan: incidentindicatoren bijgewerkt",
                "Indicatoren bijgewerkt uit de incidenten.",
            )
        with st.expander("Indicator toevoegen of aanpassen"):
            choices = ["", *[k.id for k in case.plan.indicators]]
            kid = st.selectbox(
                "Indicator",
                choices,
                format_func=lambda i: next(
                    (k.name for k in case.plan.indicators if k.id == i), "Nieuwe indicator"
                ),
                key=f"pmon-edit-{v}",
            )
            current = next((k for k in case.plan.indicators if k.id == kid), Indicator(id=""))
            fk = f"pmon-k-{v}-{kid}"
            with st.form(fk):
                name = st.text_input("Naam", current.name, max_chars=200, key=f"{fk}-name")
                c1, c2, c3 = st.columns(3)
                baseline = c1.number_input(
                    "Nulmeting", min_value=0.0, value=current.baseline, step=0.1, key=f"{fk}-baseline"
                )
                target = c2.number_input(
                    "Doel", min_value=0.0, value=current.target, step=0.1, key=f"{fk}-target"
                )
                unit = c3.text_input("Eenheid", current.unit, max_chars=50, key=f"{fk}-unit")
                problems = ["", "all", *vocab.codes("problem")]
                problem = st.selectbox(
                    "Berekenen uit incidenten van soort (leeg: zelf meten)",
                    problems,
                    index=problems.index(current.problem) if current.problem in problems else 0,
                    format_func=lambda c: (
                        {"": "—", "all": "Alle incidenten"}.get(c) or vocab.label("problem", c)
                    ),
                    key=f"{fk}-problem",
                )
                left, right = st.columns(2)
                store_it = left.form_submit_button("Indicator opslaan", type="primary")
                drop_it = right.form_submit_button("Indicator verwijderen", disabled=not kid)
            if store_it:
                changed = Indicator(
                    id=kid, name=name, baseline=baseline, target=target, unit=unit, problem=problem or None
                )
                try:
                    new_case = editing.upsert_indicator(case, changed)
                except ValueError as exc:
                    st.error(str(exc))
                else:
                    if changed.problem:
                        new_case = monitoring.refresh_incident_indicators(new_case)
                    save(new_case, f"Plan: indicator '{name.strip()}' opgeslagen", "Indicator opgeslagen.")
            if drop_it and kid:
                save(
                    editing.remove_indicator(case, kid), "Plan: indicator verwijderd", "Indicator verwijderd."
                )
        if case.plan.indicators:
            with st.form(f"pmon-value-{v}"):
                kid = st.selectbox(
                    "Indicator",
                    [k.id for k in case.plan.indicators],
                    format_func=lambda i: next(k.name for k in case.plan.indicators if k.id == i),
                    key=f"pmon-ind-{v}",
                )
                left, right = st.columns(2)
                value = left.number_input("Gemeten waarde", min_value=0.0, step=1.0, key=f"pmon-val-{v}")
                day = right.date_input(
                    "Datum van de meting", today, format="DD-MM-YYYY", key=f"pmon-vday-{v}"
                )
                if st.form_submit_button("Meting vastleggen", type="primary"):
                    save(
                        monitoring.record_value(case, kid, day, value),
                        "Plan: meting vastgelegd",
                        "Meting vastgelegd.",
                    )
            if any(k.values for k in case.plan.indicators):
                st.altair_chart(indicators_chart(case), width="stretch")

# --- export ---------------------------------------------------------------------------------------
if tab_export.open:  # tabs run lazily: only the open tab is built
    with tab_export:
        names_ok = case.names_allowed and not meeting
        with_names = st.checkbox(
            "Namen opnemen (wordt gelogd)",
            value=False,
            disabled=not names_ok,
            key="pexp-names",
            help=None if names_ok else "Alleen buiten de overlegmodus en na een vastgelegd 2B-besluit.",
        )
        with_names = bool(with_names and names_ok)
        st.caption(
            "Standaard bevat de export alleen pseudoniemen. De rubricering staat in kop- en voettekst."
        )
        made = st.session_state.get("_plan_export")
        if st.button("Export maken", type="primary", key="pexp-make"):
            made = {
                "key": (case.id, v, with_names),
                **{
                    fmt: plan_bytes(
                        case, fmt, reveal_names=with_names, analysis=current_analysis(with_names), today=today
                    )
                    for fmt in FORMATS
                },
            }
            st.session_state["_plan_export"] = made
        if made and made["key"] == (case.id, v, with_names):
            suffix = " met namen" if with_names else ""
            left, right = st.columns(2)
            left.download_button(
                "Word-bestand downloaden",
                made["docx"],
                file_name=plan_filename(case, "docx", today),
                mime=FORMATS["docx"],
                on_click=log_export,
                args=(case.id, f"Plan van aanpak (docx){suffix} gedownload"),
                key="pexp-docx",
            )
            right.download_button(
                "Markdown downloaden",
                made["md"],
                file_name=plan_filename(case, "md", today),
                mime=FORMATS["md"],
                on_click=log_export,
                args=(case.id, f"Plan van aanpak (md){suffix} gedownload"),
                key="pexp-md",
            )
        elif made:
            st.caption("De casus of de keuze voor namen is veranderd: maak de export opnieuw.")
