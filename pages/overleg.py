"""Overleg: start a meeting, who is at the table, the agenda, decisions, actions, bespreekpunten, verslag."""

from datetime import date

import streamlit as st

from duiding import meeting as dm
from duiding import vocab
from duiding.model import Attendee
from ui import analysis as ana
from ui import meeting as ui_meeting
from ui import state
from ui.auth import can_edit, current_user, log_export
from ui.text import md

case = state.require_case()
store = state.get_store()
editable = can_edit()
today = date.today()
PARTNERS = vocab.codes("partner")


def partner_label(code: str) -> str:
    return vocab.label("partner", code) or code


def save(new_case, what: str, message: str = "") -> None:
    if state.save_case(new_case, what, quiet=True) is not None:
        if message:
            state.flash(message)
        st.rerun()


def attempt(change, what: str, message: str = "") -> None:
    """Apply a meeting change; a refused change shows its Dutch reason and saves nothing."""
    try:
        new_case = change()
    except dm.MeetingError as exc:
        st.error(md(str(exc)))
        return
    save(new_case, what, message)


st.title("Overleg")
current = dm.open_meeting(case)

# --- no meeting open: start one --------------------------------------------------------------------
if current is None:
    st.write(
        "Start hier het jeugdgroepenoverleg. Kies wie er aan tafel zit: zolang het overleg loopt, toont "
        "het scherm op elke pagina alleen wat alle aanwezige organisaties volgens het convenant mogen zien."
    )
    if not editable:
        st.info("Alleen de procesregisseur kan een overleg starten.", icon="🔒")
    else:
        with st.container(border=True):
            st.subheader("Overleg starten")
            left, right = st.columns(2)
            day = left.date_input("Datum", today, format="DD-MM-YYYY", key="_ov_day")
            user = current_user()
            chair = right.text_input(
                "Voorzitter (procesregisseur)",
                value=(user.display_name or user.name) if user and not user.local else "",
                max_chars=200,
                key="_ov_chair",
            )
            present = st.multiselect(
                "Aanwezige organisaties",
                PARTNERS,
                format_func=partner_label,
                key="_ov_present",
                placeholder="Kies wie er aan tafel zit",
            )
            roles = {}
            if present:
                st.caption("Functie of naam van de professional (optioneel; geen namen van jongeren)")
                cols = st.columns(min(3, len(present)))
                for n, code in enumerate(present):
                    roles[code] = cols[n % len(cols)].text_input(
                        partner_label(code), max_chars=200, key=f"_ov_role_{code}"
                    )
            if st.button("Overleg starten", type="primary", key="_ov_start"):
                attendees = [Attendee(code, roles.get(code, "")) for code in present]
                state.set_meeting_mode(True)
                attempt(
                    lambda: dm.start_meeting(case, attendees, chair, day),
                    "Overleg gestart",
                    "Overleg gestart.",
                )

# --- the open meeting ------------------------------------------------------------------------------
else:
    st.subheader(current.label)
    st.caption(
        f"Voorzitter: {current.chair or 'niet vastgelegd'} · Datum: {current.date:%d-%m-%Y}"
        if current.date
        else "Datum onbekend"
    )
    present_key = f"_ov_att_{case.version}"
    chosen = st.multiselect(
        "Aan tafel",
        PARTNERS,
        default=[a.partner for a in current.attendees],
        format_func=partner_label,
        key=present_key,
        disabled=not editable,
        help="Komt er iemand bij of vertrekt er iemand? Pas het hier aan: het scherm past zich direct aan.",
    )
    if editable and chosen != [a.partner for a in current.attendees]:
        roles = {a.partner: a.role for a in current.attendees}
        attempt(
            lambda: dm.set_attendance(case, [Attendee(c, roles.get(c, "")) for c in chosen]),
            "Overleg: aanwezigen gewijzigd (" + ", ".join(chosen) + ")",
        )
    roles_text = [f"{partner_label(a.partner)}: {a.role}" for a in current.attendees if a.role]
    if roles_text:
        st.caption("Aan tafel namens de organisaties")
        st.text("; ".join(roles_text))

# --- since the previous meeting (shown when a meeting opens) ---------------------------------------


def previous_snapshot(meeting):
    """The version frozen when ``meeting`` closed (by its label), or None."""
    frozen = [s for s in store.snapshots(case.id) if s.label == meeting.label]
    return frozen[-1] if frozen else None


@st.cache_data(show_spinner=False, max_entries=16)
def _since(key: str, snapshot_id: int, label: str, as_of: str, view: str, *, _now, _before):
    return dm.meeting_change(_now, _before, label, date.fromisoformat(as_of))


def since_summary(meeting):
    previous = dm.previous_meeting(case, meeting)
    if previous is None:
        return None
    snap = previous_snapshot(previous)
    if snap is None:
        return None
    from ui.auth import visible_case

    before = visible_case(store.load_snapshot(snap.id))
    as_of = (meeting.date if meeting else None) or today
    return _since(
        ana.case_key(case),
        snap.id,
        previous.label,
        as_of.isoformat(),
        ana.current_view(),
        _now=case,
        _before=before,
    )


if current is not None:
    since = since_summary(current)
    with st.expander("Sinds het vorige overleg", expanded=current.agenda_position == 0):
        if since is None:
            st.write("Dit is het eerste overleg dat in de app is vastgelegd: er is nog geen vorige versie.")
        else:
            st.caption(f"Vergeleken met de versie vastgelegd bij {since.previous_label}.")
            cols = st.columns(4)
            cols[0].metric("Erbij gekomen", len(since.members_joined))
            cols[1].metric("Vertrokken", len(since.members_left))
            cols[2].metric("Relaties nieuw / beëindigd", f"{since.ties_new} / {since.ties_ended}")
            cols[3].metric("Nieuwe incidenten", sum(since.incidents_by_type.values()))
            for line in since.lines():
                st.text("• " + line)

    # --- agenda -----------------------------------------------------------------------------------
    result = ana.analysis(case, as_of=today)
    by_id = {m.id: m for m in result.members}
    points = [(m, by_id[m.id]) for m in case.members if m.id in by_id and by_id[m.id].discussion_point]
    items = dm.agenda(case, [(m.pseudonym or m.id, r.discussion_point) for m, r in points])
    position = min(current.agenda_position, len(items) - 1)
    item = items[position]
    st.header("Agenda")
    st.progress((position + 1) / len(items), text=f"Agendapunt {position + 1} van {len(items)}")
    with st.container(border=True):
        st.subheader(item.title)
        for line in item.lines:
            st.text("• " + line)
        nav = st.columns([1, 1, 2])
        if nav[0].button("◀ Vorige", key="_ov_prev", disabled=position == 0 or not editable):
            attempt(lambda: dm.move_agenda(case, -1, len(items)), "Overleg: vorig agendapunt")
        if nav[1].button("Volgende ▶", key="_ov_next", disabled=position == len(items) - 1 or not editable):
            attempt(lambda: dm.move_agenda(case, 1, len(items)), "Overleg: volgend agendapunt")
        if item.page != "pages/overleg.py":
            page_title = {"pages/duiding.py": "Duiding", "pages/plan.py": "Plan van aanpak"}.get(
                item.page, ""
            )
            if nav[2].button(f"Openen op de pagina {page_title}", key="_ov_open", type="primary"):
                if item.tab_key:
                    st.session_state[item.tab_key] = item.tab
                st.switch_page(item.page)
        note_key = f"_ov_note_{item.key}_{case.version}"
        note = st.text_area(
            "Notitie bij dit agendapunt",
            value=current.notes.get(item.key, ""),
            key=note_key,
            max_chars=4000,
            height=100,
            disabled=not editable,
        )
        if editable and st.button("Notitie opslaan", key="_ov_note_save"):
            attempt(
                lambda: dm.set_note(case, item.key, note),
                "Overleg: notitie vastgelegd",
                "Notitie opgeslagen.",
            )

    titles = {i.key: i.title for i in items}
    # --- decisions and actions --------------------------------------------------------------------
    left, right = st.columns(2)
    with left:
        st.subheader("Besluit vastleggen")
        with st.form(f"_ov_decision_{case.version}", clear_on_submit=True):
            text = st.text_area("Besluit", max_chars=2000, key="_ov_decision_text", height=90)
            linked = st.selectbox(
                "Hoort bij agendapunt",
                list(titles),
                index=position,
                format_func=titles.get,
                key="_ov_decision_item",
            )
            if st.form_submit_button("Besluit vastleggen", disabled=not editable):
                attempt(
                    lambda: dm.add_decision(case, text, linked),
                    "Overleg: besluit vastgelegd",
                    "Besluit vastgelegd.",
                )
    with right:
        st.subheader("Actie vastleggen")
        with st.form(f"_ov_action_{case.version}", clear_on_submit=True):
            what = st.text_input("Wat", max_chars=2000, key="_ov_action_what")
            a, b = st.columns(2)
            owner = a.selectbox(
                "Wie (organisatie)",
                [a.partner for a in current.attendees]
                + [p for p in PARTNERS if p not in {x.partner for x in current.attendees}],
                format_func=partner_label,
                key="_ov_action_owner",
            )
            due = b.date_input("Uiterlijk gereed", None, format="DD-MM-YYYY", key="_ov_action_due")
            if st.form_submit_button("Actie vastleggen", disabled=not editable):
                attempt(
                    lambda: dm.add_action(case, what, owner, due, item.key),
                    "Overleg: actie vastgelegd",
                    "Actie vastgelegd.",
                )

    if current.decisions:
        st.markdown("**Besluiten in dit overleg**")
        for d in current.decisions:
            st.markdown(f"- {md(d.text)} *({md(titles.get(d.item, 'algemeen'))})*")
    if current.actions:
        st.markdown("**Acties uit dit overleg**")
        for act in current.actions:
            st.markdown(
                f"- {md(act.what)} — {md(dm.partner_phrase(act.owner))}, uiterlijk gereed {act.due:%d-%m-%Y}"
            )

    # --- bespreekpunten ----------------------------------------------------------------------------
    st.header("Bespreekpunten")
    if not points:
        st.write("Geen open bespreekpunten: rol in de groep en voorgestelde positie komen overeen.")
    for member, r in points:
        with st.container(border=True):
            st.markdown(f"**{md(member.pseudonym or member.id)}**: {md(r.discussion_point)}")
            cols = st.columns([2, 2, 1])
            outcome = cols[0].radio(
                "Afhandeling",
                list(dm.OUTCOMES),
                format_func=dm.OUTCOMES.get,
                key=f"_ov_outcome_{member.id}",
                horizontal=True,
            )
            new_role = cols[1].selectbox(
                "Nieuwe rol in de groep",
                vocab.codes("team_role"),
                format_func=lambda c: vocab.label("team_role", c),
                key=f"_ov_role_{member.id}",
                disabled=outcome != "role_changed",
            )
            if editable and cols[2].button("Afsluiten", key=f"_ov_close_{member.id}"):
                attempt(
                    lambda member=member, r=r, outcome=outcome, new_role=new_role: dm.close_point(
                        case,
                        member.id,
                        r.suggested_role,
                        outcome,
                        new_role if outcome == "role_changed" else None,
                    ),
                    f"Overleg: bespreekpunt {member.pseudonym or member.id} afgesloten ({dm.OUTCOMES[outcome]})",
                    "Bespreekpunt afgesloten.",
                )
    if current.closures:
        index = case.member_index()
        st.markdown("**Afgehandeld in dit overleg**")
        for c in current.closures:
            member = index.get(c.member_id)
            st.markdown(
                f"- {md(member.pseudonym if member else c.member_id)}: {dm.OUTCOMES.get(c.outcome, c.outcome)}"
                f" (rol in de groep: {md(vocab.label('team_role', c.team_role) or 'geen')})"
            )

# --- actions of earlier meetings -------------------------------------------------------------------
earlier = [(m, a) for m, a in dm.all_actions(case) if m.status == "closed"]
if earlier:
    st.header("Acties uit eerdere overleggen")
    for m, act in earlier:
        code, text = dm.action_state(act, today)
        cols = st.columns([5, 1])
        icon = {"late": "🔴", "due": "🟠", "done": "✅"}.get(code, "⏳")
        cols[0].markdown(
            f"{icon} {md(act.what)} — {md(dm.partner_phrase(act.owner))}: {md(text)} *({md(m.label)})*"
        )
        if editable and not act.done and cols[1].button("Afgerond", key=f"_ov_done_{act.id}"):
            attempt(
                lambda act=act: dm.set_action_done(case, act.id, today),
                "Overleg: actie afgerond",
                "Actie afgerond.",
            )

# --- verslag and closing -----------------------------------------------------------------------------
meetings = [m for m in case.meetings]
if meetings:
    st.header("Verslag")
    by_id = {m.id: m for m in meetings}
    chosen_id = st.selectbox(
        "Overleg",
        list(by_id),
        index=len(meetings) - 1 if current is None else meetings.index(current),
        format_func=lambda i: by_id[i].label + (" (loopt)" if by_id[i].status == "open" else ""),
        key="_ov_verslag_meeting",
    )
    if st.button("Verslag maken", key="_ov_verslag_make"):
        st.session_state["_ov_verslag"] = chosen_id
    if st.session_state.get("_ov_verslag") == chosen_id:
        chosen = by_id[chosen_id]
        from duiding import privacy

        table = dm.meeting_viewer(chosen, current_user())
        full = ui_meeting.held_case() or case
        since = since_summary(chosen) if chosen is current else None
        if chosen is not current:
            prev = dm.previous_meeting(case, chosen)
            snap = previous_snapshot(prev) if prev else None
            own = previous_snapshot(chosen)
            if snap is not None:
                before = privacy.redact_case(store.load_snapshot(snap.id), table)
                after = privacy.redact_case(store.load_snapshot(own.id) if own else full, table)
                since = dm.meeting_change(after, before, prev.label, chosen.date or today)
        document = dm.verslag_document(full, chosen, since, table)
        cols = st.columns(2)
        for col, fmt, label, mime in (
            (
                cols[0],
                "docx",
                "Verslag downloaden (Word)",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (cols[1], "md", "Verslag downloaden (Markdown)", "text/markdown"),
        ):
            col.download_button(
                label,
                dm.verslag_bytes(document, fmt),
                file_name=dm.verslag_filename(chosen, fmt),
                mime=mime,
                key=f"_ov_verslag_{fmt}",
                on_click=log_export,
                args=(case.id, f"Verslag {chosen.label} ({fmt}, overleg {chosen.id}), pseudoniemen"),
            )

if current is not None and editable:
    st.header("Overleg sluiten")
    st.write(
        f"Bij het sluiten wordt de casus zoals hij nu is vastgelegd als versie ‘{current.label}’. "
        "Daarna toont het scherm weer alles wat u mag zien."
    )
    if st.button("Overleg sluiten", type="primary", key="_ov_close_meeting"):
        saved = state.save_case(
            dm.close_meeting(case, today), f"Overleg gesloten: {current.label}", quiet=True
        )
        if saved is not None:
            if previous_snapshot(current) is None:
                store.freeze(case.id, current.label, state.current_user())
            state.flash(f"Overleg gesloten en vastgelegd als ‘{current.label}’.")
            st.rerun()
