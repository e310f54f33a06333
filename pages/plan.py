"""Plan van aanpak: the plan for the driehoek, its annex for the overleg and the stap-4 beleidsadvies
(one analysis at one peildatum), front page, regie and agreement, texts, SMART goals, measures with
their juridische toets, suggestions, the control, monitoring and the exports (every export audited)."""

from datetime import date

import streamlit as st

from duiding import vocab
from duiding.model import Indicator, Measure, PlanContact
from duiding.plan import editing, monitoring
from duiding.plan.assemble import SECTIONS, privacy_template
from duiding.plan.completeness import check_plan, open_points_text, regie_contact
from duiding.plan.facts import network_facts
from duiding.plan.figures import indicators_chart
from duiding.plan.report import DOCUMENTS, FORMATS, assemble_document, plan_bytes, plan_filename
from duiding.plan.suggest import adopt, suggest_interventions
from ui import analysis as ana
from ui import plan_view, state
from ui.auth import log_export
from ui.meeting import meeting_actions
from ui.text import md

case = state.require_case()
meeting = state.meeting_mode()
reveal = state.names_revealed(case) and not meeting  # meeting mode: pseudonyms only
today = date.today()  # the peildatum: the same default as the Duiding and Netwerk pages
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
st.caption(f"Peildatum {today:%d-%m-%Y} · {open_points_text(len(gaps))}.")

TABS = [
    "Concept",
    "Voorblad",
    "Regie en akkoord",
    "Teksten",
    "Doelen",
    "Maatregelen",
    "Suggesties",
    "Controle",
    "Monitoring",
    "Exporteren",
]
(
    tab_concept,
    tab_front,
    tab_regie,
    tab_texts,
    tab_goals,
    tab_measures,
    tab_suggest,
    tab_check,
    tab_monitor,
    tab_export,
) = st.tabs(TABS, key="_plan_tab", on_change="rerun")

# --- the assembled documents ----------------------------------------------------------------------


def current_analysis(show_names: bool):
    """The analysis at the peildatum, exactly as the Duiding page shows it (same cache entry)."""
    try:
        return ana.analysis(case, as_of=today, reveal_names=show_names)
    except ValueError:  # nothing to analyse yet; the plan is assembled without it
        return None


if tab_concept.open:  # tabs run lazily: only the open tab is built
    with tab_concept:
        kind = st.radio(
            "Document",
            list(DOCUMENTS),
            format_func=DOCUMENTS.get,
            horizontal=True,
            key="plan-document",
        )
        doc = assemble_document(case, kind, current_analysis(reveal), reveal_names=reveal, today=today)
        st.markdown(f"**{md(doc.header)}**")
        st.caption(
            f"{md(doc.drawn_up_by)}. Peildatum {doc.as_of:%d-%m-%Y}: alle aantallen zijn op deze datum geteld. "
            + md("; ".join(doc.agreements))
        )
        titles = [s.heading for s in doc.sections]
        chosen = st.selectbox("Ga naar sectie", ["Alle secties", *titles], key="plan-section")
        for section in doc.sections:
            if chosen in ("Alle secties", section.heading):
                plan_view.show_section(doc, section)

# --- front page for the driehoek ------------------------------------------------------------------
if tab_front.open:  # tabs run lazily: only the open tab is built
    with tab_front:
        st.caption(
            "De eerste pagina van het plan en de kern van het beleidsadvies: de groep, wat er speelt, wat wordt "
            "voorgesteld, het prioriteitsadvies met zijn onderbouwing en het gevraagd besluit."
        )
        with st.form(f"plan-front-{v}"):
            summary = {
                name: st.text_area(
                    label,
                    getattr(case.plan, name),
                    height=90,
                    max_chars=editing.MAX_TEXT,
                    key=f"pf-{name}-{v}",
                )
                for name, label in (
                    ("summary_group", "De groep in drie zinnen"),
                    ("summary_situation", "Wat er speelt"),
                    ("summary_proposal", "Wat wordt voorgesteld"),
                )
            }
            priorities = ["", *vocab.codes("priority")]
            priority = st.radio(
                "Prioriteitsadvies",
                priorities,
                index=priorities.index(case.plan.priority or ""),
                format_func=lambda c: vocab.label("priority", c) if c else "nog niet gekozen",
                horizontal=True,
                key=f"pf-priority-{v}",
            )
            st.caption(
                "De onderbouwing komt uit de vier aspecten van Bureau Beke (ernst, risico's, ontwikkeling, impact) "
                "op de pagina Groep; schrijf hier de afweging."
            )
            advice = st.text_area(
                "Afweging bij het prioriteitsadvies",
                case.plan.advice,
                height=110,
                max_chars=editing.MAX_TEXT,
                key=f"pt-advice-{v}",
            )
            decisions = st.text_area(
                "Gevraagd besluit van de driehoek (één besluit per regel)",
                "\n".join(case.plan.decisions_asked),
                height=120,
                max_chars=editing.MAX_TEXT,
                key=f"pf-decisions-{v}",
            )
            if st.form_submit_button("Voorblad opslaan", type="primary"):
                try:
                    new = editing.set_texts(case, {**summary, "advice": advice})
                    new = editing.set_priority(new, priority or None)
                    new = editing.set_decisions(new, decisions.splitlines())
                except ValueError as exc:
                    st.error(str(exc))
                else:
                    save(new, "Plan: voorblad bijgewerkt", "Voorblad opgeslagen.")

# --- regie and agreement --------------------------------------------------------------------------
if tab_regie.open:  # tabs run lazily: only the open tab is built
    with tab_regie:
        st.caption(
            "De procesregisseur stelt het concept op in samenwerking met politie en OM. Leg per partner vast "
            "wanneer die met dit concept akkoord ging."
            + (
                " In de overlegmodus staan hier geen namen; opgeslagen namen blijven bewaard."
                if meeting
                else ""
            )
        )
        with st.form(f"plan-regie-{v}"):
            contacts = []
            for slot, (partner, default_role) in enumerate(editing.REGIE_SLOTS):
                current = regie_contact(case, "director" if slot == 0 else partner) or PlanContact(partner)
                st.markdown(f"**{default_role}** ({vocab.label('partner', partner)})")
                c1, c2 = st.columns(2)
                role = c1.text_input(
                    "Rol",
                    current.role or ("Procesregisseur" if slot == 0 else ""),
                    max_chars=200,
                    key=f"pr-role-{slot}-{v}",
                )
                org = c2.text_input(
                    "Organisatie", current.organisation, max_chars=200, key=f"pr-org-{slot}-{v}"
                )
                name = ""
                if not meeting:
                    name = c1.text_input(
                        "Naam (niet in de overlegmodus)",
                        current.name,
                        max_chars=200,
                        key=f"pr-name-{slot}-{v}",
                    )
                agreed = None
                if slot:
                    agreed = c2.date_input(
                        "Akkoord met dit concept op",
                        current.agreed_on,
                        format="DD-MM-YYYY",
                        key=f"pr-agreed-{slot}-{v}",
                    )
                contacts.append(PlanContact(partner, role, org, name, agreed))
            organisation = st.text_area(
                "Overlegstructuur en opschaling (vergadercyclus, escalatie naar driehoek en PGA / Zorg- en "
                "Veiligheidshuis)",
                case.plan.organisation,
                height=110,
                max_chars=editing.MAX_TEXT,
                key=f"pr-organisation-{v}",
            )
            st.markdown("**Capaciteit per partner**")
            owners = {m.owner for m in case.plan.measures if m.owner}
            efforts_now = {c.partner: c.effort for c in case.plan.capacity}
            partners = [p for p in vocab.codes("partner") if p in owners or p in efforts_now] or [
                "police",
                "om",
                "municipality",
            ]
            efforts = {
                p: st.text_input(
                    f"Gevraagde inzet {vocab.label('partner', p)}",
                    efforts_now.get(p, ""),
                    max_chars=500,
                    key=f"pr-capacity-{p}-{v}",
                )
                for p in partners
            }
            if st.form_submit_button("Regie en akkoord opslaan", type="primary"):
                try:
                    new = editing.set_regie(case, contacts, keep_names=meeting)
                    new = editing.set_texts(new, {"organisation": organisation})
                    new = editing.set_capacity(new, {**efforts_now, **efforts})
                except ValueError as exc:
                    st.error(str(exc))
                else:
                    save(new, "Plan: regie en akkoord bijgewerkt", "Regie en akkoord opgeslagen.")

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
            st.markdown("**Communicatie**")
            communication = {
                code: st.text_area(
                    label,
                    case.plan.communication.get(code, ""),
                    height=80,
                    max_chars=editing.MAX_TEXT,
                    key=f"pt-comm-{code}-{v}",
                )
                for code, label in vocab.labels("audience").items()
            }
            st.markdown("**Afschalen, borging en risico's**")
            exit_criteria = st.text_area(
                "Afschaal- en stopcriteria",
                case.plan.exit_criteria,
                height=90,
                max_chars=editing.MAX_TEXT,
                key=f"pt-exit-{v}",
            )
            safeguarding = st.text_area(
                "Borging",
                case.plan.safeguarding,
                height=80,
                max_chars=editing.MAX_TEXT,
                key=f"pt-borging-{v}",
            )
            risks = st.text_area(
                "Risico's van de aanpak (verplaatsing, uitwijken naar online of een andere plek)",
                case.plan.risks,
                height=80,
                max_chars=editing.MAX_TEXT,
                key=f"pt-risks-{v}",
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
                    {
                        "problem_definition": problem,
                        "legal_basis": legal,
                        "access": access,
                        "exit_criteria": exit_criteria,
                        "safeguarding": safeguarding,
                        "risks": risks,
                    },
                    extra,
                    retention,
                )
                new = editing.set_communication(new, communication)
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
        st.markdown("**Per doel: resultaat, termijn en doelgroep (SMART)**")
        for n, goal in enumerate(case.plan.goals, start=1):
            label = goal.text or vocab.label("goal", goal.code)
            done = bool(goal.result.strip() and goal.term and goal.target_group.strip())
            with st.expander(f"D{n}. {md(label)}" + ("" if done else " — nog niet compleet")):
                with st.form(f"pg-smart-{goal.id}-{v}"):
                    result = st.text_area(
                        "Beoogd resultaat (meetbaar)",
                        goal.result,
                        max_chars=2000,
                        key=f"pg-result-{goal.id}-{v}",
                    )
                    c1, c2 = st.columns(2)
                    term = c1.date_input(
                        "Termijn", goal.term, format="DD-MM-YYYY", key=f"pg-term-{goal.id}-{v}"
                    )
                    group = c2.text_input(
                        "Doelgroep (leden of plekken)",
                        goal.target_group,
                        max_chars=300,
                        key=f"pg-group-{goal.id}-{v}",
                    )
                    if st.form_submit_button("Doel opslaan", type="primary"):
                        try:
                            new = editing.set_goal_smart(case, goal.id, result, term, group)
                        except ValueError as exc:
                            st.error(str(exc))
                        else:
                            save(new, f"Plan: doel '{label}' uitgewerkt", "Doel opgeslagen.")

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
        deadline = c2.date_input(
            "Uiterlijk gereed", measure.deadline, format="DD-MM-YYYY", key=f"{key}-deadline"
        )
        evaluation = c3.date_input("Evaluatie", measure.evaluation, format="DD-MM-YYYY", key=f"{key}-eval")
        statuses = vocab.codes("measure_status")
        status = c4.selectbox(
            "Status",
            statuses,
            index=statuses.index(measure.status) if measure.status in statuses else 0,
            format_func=_label("measure_status"),
            key=f"{key}-status",
        )
        st.markdown("**Juridische toets**")
        natures = ["", *vocab.codes("legal_nature")]
        j1, j2 = st.columns(2)
        nature = j1.selectbox(
            "Aard",
            natures,
            index=natures.index(measure.legal_nature) if measure.legal_nature in natures else 0,
            format_func=_label("legal_nature"),
            key=f"{key}-nature",
        )
        authority = j2.text_input("Bevoegd gezag", measure.authority, max_chars=300, key=f"{key}-authority")
        ground = st.text_input(
            "Wettelijke grondslag", measure.legal_ground, max_chars=300, key=f"{key}-ground"
        )
        proportionality = st.text_area(
            "Proportionaliteit en subsidiariteit (nodig bij bestuurlijke en justitiële maatregelen)",
            measure.proportionality,
            max_chars=editing.MAX_TEXT,
            key=f"{key}-proportionality",
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
            legal_nature=nature or None,
            authority=authority.strip(),
            legal_ground=ground.strip(),
            proportionality=proportionality.strip(),
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
        empty = [t for t in vocab.codes("track") if not any(m.track == t for m in case.plan.measures)]
        if empty:
            with st.form(f"pm-reasons-{v}"):
                st.markdown("**Sporen zonder maatregel: waarom niet?**")
                reasons = {
                    t: st.text_input(
                        f"Reden: geen {vocab.label('track', t).lower()}e maatregel",
                        case.plan.track_reasons.get(t, ""),
                        max_chars=1000,
                        key=f"pm-reason-{t}-{v}",
                    )
                    for t in empty
                }
                if st.form_submit_button("Redenen opslaan"):
                    save(
                        editing.set_track_reasons(case, {**case.plan.track_reasons, **reasons}),
                        "Plan: reden bij spoor zonder maatregel",
                        "Redenen opgeslagen.",
                    )

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
        st.caption(
            "De controle leest de inhoud: de vier voorbeeldvragen, de vier Beke-aspecten, elk spoor, de "
            "juridische toets, regie en akkoord, het prioriteitsadvies en het gevraagd besluit. Zij zegt niet "
            "of het plan goed is; dat beoordelen de partners."
        )
        if not gaps:
            st.success(f"{open_points_text(0)}.")
        else:
            st.markdown(f"**{open_points_text(len(gaps))}**")
        section_title = dict(SECTIONS)
        page_title = {"pages/duiding.py": "Duiding", "pages/groep.py": "Groep"}

        def go_to(tab: str) -> None:
            st.session_state["_plan_tab"] = tab

        for n, gap in enumerate(gaps):
            page, tab = gap.fix_at
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(f"{md(gap.message)} *({md(section_title.get(gap.section, gap.section))})*")
            if page == "pages/plan.py":
                right.button(
                    f"Naar {tab or 'Concept'}",
                    key=f"pc-go-{n}",
                    on_click=go_to,
                    args=(tab or "Concept",),
                    width="stretch",
                )
            else:
                right.page_link(page, label=f"Naar {page_title.get(page, page)}", width="stretch")

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
        meeting_actions(case, as_of)  # actions agreed in meetings, with due or late

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
        if st.button(
            "Indicatoren van andere soorten voorstellen (school, jongerenwerk, kern, planning)",
            key=f"pmon-propose-other-{v}",
        ):
            facts = network_facts(current_analysis(False))
            existing_kinds = {k.kind for k in case.plan.indicators}
            new_case = case.copy()
            new_case.plan.indicators += [
                k
                for k in monitoring.propose_other_indicators(case, len(facts.core) if facts else None, today)
                if k.kind not in existing_kinds
            ]
            save(
                new_case,
                "Plan: indicatoren voorgesteld",
                "Indicatoren toegevoegd; kies bij elk een streefwaarde.",
            )
        st.caption(
            "Let op: meer toezicht laat het aantal geregistreerde incidenten vaak eerst stijgen. Kies de "
            "streefwaarde zelf en lees incidenten samen met de andere indicatoren."
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
                    "Streefwaarde", min_value=0.0, value=current.target, step=0.1, key=f"{fk}-target"
                )
                kinds = vocab.codes("indicator_kind")
                kind_now = current.kind or ("incidents" if current.problem else "other")
                indicator_kind = st.selectbox(
                    "Soort indicator",
                    kinds,
                    index=kinds.index(kind_now) if kind_now in kinds else 0,
                    format_func=_label("indicator_kind"),
                    key=f"{fk}-kind",
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
                    id=kid,
                    name=name,
                    baseline=baseline,
                    target=target,
                    unit=unit,
                    problem=problem or None,
                    kind="incidents" if problem else indicator_kind,
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
            f"Drie documenten, elk met alle aantallen op de peildatum {today:%d-%m-%Y} (zoals Duiding en "
            "Netwerk vandaag tonen). Standaard zonder namen; de rubricering en het soort document staan in de "
            "kop van elke pagina."
        )
        made = st.session_state.get("_plan_export")
        for document, label in DOCUMENTS.items():
            with st.container(border=True):
                st.markdown(f"**{label}**")
                st.caption(
                    {
                        "plan": "Voor de lokale driehoek: zonder gegevens per lid en zonder netwerktermen.",
                        "bijlage": "Vertrouwelijk, alleen voor het jeugdgroepenoverleg: leden, rollen, kansen en "
                        "het netwerk in gewone woorden.",
                        "beleidsadvies": "Stap 4, één tot twee pagina's: probleemdefinitie, prioriteitsadvies, "
                        "gevraagd besluit en de belangrijkste maatregelen.",
                    }[document]
                )
                key = (case.id, v, with_names, document, today.isoformat())
                if st.button("Export maken", type="primary", key=f"pexp-make-{document}"):
                    analysis = current_analysis(with_names)
                    made = {
                        "key": key,
                        **{
                            fmt: plan_bytes(
                                case,
                                fmt,
                                reveal_names=with_names,
                                analysis=analysis,
                                today=today,
                                document=document,
                            )
                            for fmt in FORMATS
                        },
                    }
                    st.session_state["_plan_export"] = made
                if made and made["key"] == key:
                    suffix = " met namen" if with_names else ", zonder namen"
                    what = f"{label} (peildatum {today:%d-%m-%Y}{suffix})"
                    left, right = st.columns(2)
                    left.download_button(
                        "Word-bestand downloaden",
                        made["docx"],
                        file_name=plan_filename(case, "docx", today, document),
                        mime=FORMATS["docx"],
                        on_click=log_export,
                        args=(case.id, f"{what}, docx gedownload"),
                        key=f"pexp-docx-{document}",
                    )
                    right.download_button(
                        "Markdown downloaden",
                        made["md"],
                        file_name=plan_filename(case, "md", today, document),
                        mime=FORMATS["md"],
                        on_click=log_export,
                        args=(case.id, f"{what}, md gedownload"),
                        key=f"pexp-md-{document}",
                    )
                elif made and made["key"][3] == document:
                    st.caption("De casus of de keuze voor namen is veranderd: maak de export opnieuw.")
