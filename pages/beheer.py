"""Beheer: audit log, retention, proportionality reviews, art. 15 inzage and art. 17 wissen.

Only for the beheerder (or the local user on this machine). Every export and erasure is logged.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from duiding import privacy, vocab
from duiding.store import AuditFilter
from ui import auth as ui_auth
from ui import state

if not ui_auth.can_admin():
    st.error("Deze pagina is alleen voor beheerders.", icon="🔒")
    st.stop()

user = ui_auth.current_user()
store = state.get_store()
today = date.today()
summaries = store.list_cases()
case_label = {s.id: f"{s.name} ({s.municipality})" if s.municipality else s.name for s in summaries}

st.title("Beheer")
st.caption(ui_auth.env_note())

AUDIT_PAGE = 100

ACTION_LABELS = {
    "create": "Aangemaakt",
    "change": "Gewijzigd",
    "view": "Bekeken",
    "export": "Geëxporteerd",
    "reveal": "Namen getoond",
    "delete": "Casus verwijderd",
    "erase": "Lid gewist (art. 17)",
    "art15": "Inzageoverzicht (art. 15)",
    "anonymise": "Geanonimiseerd",
    "freeze": "Versie vastgelegd",
    "login": "Ingelogd",
    "login_failed": "Inloggen mislukt",
    "logout": "Uitgelogd",
    "audit_export": "Auditlog geëxporteerd",
}

tab_log, tab_retention, tab_reviews, tab_art15, tab_art17 = st.tabs(
    ["Auditlog", "Bewaartermijn", "Toetsing proportionaliteit", "Inzage (art. 15)", "Wissen (art. 17)"]
)


def _pick_case(key: str) -> str | None:
    if not summaries:
        st.info("Er zijn geen casussen.")
        return None
    ids = [s.id for s in summaries]
    current = st.session_state.get(state._CASE_ID)
    return st.selectbox(
        "Casus",
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=lambda cid: case_label.get(cid, cid),
        key=key,
    )


def _pick_member(case, key: str) -> str | None:
    if not case.members:
        st.info("Deze casus heeft geen leden.")
        return None
    members = sorted(case.members, key=lambda m: m.pseudonym or m.id)
    return st.selectbox(
        "Lid (pseudoniem)",
        [m.id for m in members],
        format_func=lambda mid: case.member(mid).pseudonym or mid,
        key=key,
    )


# --- audit log -----------------------------------------------------------------------------------
with tab_log:
    # One page of the log at a time, read with its filters in the database (the log only grows).
    store.close_failed_login_windows()
    cols = st.columns(3)
    case_filter = cols[0].selectbox(
        "Casus",
        ["(alle)"] + store.audit_values("case_id"),
        format_func=lambda cid: cid if cid == "(alle)" else case_label.get(cid, f"{cid} (verwijderd)"),
        key="_audit_case",
    )
    user_filter = cols[1].selectbox("Gebruiker", ["(alle)"] + store.audit_values("user"), key="_audit_user")
    action_filter = cols[2].selectbox(
        "Actie",
        ["(alle)"] + store.audit_values("action"),
        format_func=lambda a: a if a == "(alle)" else ACTION_LABELS.get(a, a),
        key="_audit_action",
    )
    where = AuditFilter(
        case_id=None if case_filter == "(alle)" else case_filter,
        action=None if action_filter == "(alle)" else action_filter,
        user=None if user_filter == "(alle)" else user_filter,
    )
    _, total = store.audit_page(where, page=0, per_page=1)
    pages = max(1, -(-total // AUDIT_PAGE))
    page_no = (
        st.number_input(f"Pagina (van {pages})", min_value=1, max_value=pages, value=1, key="_audit_page")
        if pages > 1
        else 1
    )
    shown, total = store.audit_page(where, page=int(page_no) - 1, per_page=AUDIT_PAGE)
    st.write(
        f"{total} vastleggingen; nieuwste eerst, {AUDIT_PAGE} per pagina. Het auditlog kan niet worden "
        "gewijzigd of gewist."
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Nr": e.id,
                    "Tijdstip": e.at.strftime("%d-%m-%Y %H:%M:%S") if e.at else "",
                    "Gebruiker": e.user,
                    "Casus": case_label.get(e.case_id, e.case_id or ""),
                    "Actie": ACTION_LABELS.get(e.action, e.action),
                    "Omschrijving": e.detail,
                }
                for e in shown
            ],
            columns=["Nr", "Tijdstip", "Gebruiker", "Casus", "Actie", "Omschrijving"],
        ),
        hide_index=True,
        width="stretch",
    )

    def _audit_csv(where: AuditFilter = where, case_id: str | None = where.case_id) -> bytes:
        # Made when the button is clicked (never sitting at a media URL beforehand), audited as made.
        rows = list(store.iter_audit(where))
        store.log(user.name, "audit_export", case_id, f"Auditlog geëxporteerd als CSV ({len(rows)} regels)")
        return privacy.audit_csv(rows)

    st.download_button(
        "Auditlog downloaden (CSV)",
        data=_audit_csv,
        file_name=f"auditlog-{today:%Y%m%d}.csv",
        mime="text/csv",
        on_click="ignore",
        key="_audit_download",
    )

# --- retention -----------------------------------------------------------------------------------
with tab_retention:
    st.write("Na de bewaartermijn (of bij afronding in stap 7) wordt een casus verwijderd of geanonimiseerd.")
    past = privacy.cases_past_retention(store, today)
    no_date = [s for s in summaries if s.retention_date is None]
    if past:
        st.warning(f"{len(past)} casus(sen) voorbij de bewaartermijn.", icon="🗓️")
    else:
        st.success("Geen casussen voorbij de bewaartermijn.")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Casus": case_label.get(s.id, s.name),
                    "Stap": vocab.label("step", s.step),
                    "Bewaren tot": s.retention_date.strftime("%d-%m-%Y")
                    if s.retention_date
                    else "niet ingesteld",
                    "Voorbij": "ja" if s in past else ("onbekend" if s.retention_date is None else "nee"),
                }
                for s in summaries
            ],
            columns=["Casus", "Stap", "Bewaren tot", "Voorbij"],
        ),
        hide_index=True,
        width="stretch",
    )
    if no_date:
        st.info(f"{len(no_date)} casus(sen) zonder bewaartermijn: stel die in op de pagina Groep.")

    st.subheader("Afronden: anonimiseren of verwijderen")
    st.markdown(
        "**Anonimiseren** verwijdert namen, geboortejaren, notities, risico- en beschermende factoren, kansen en "
        "toetsdatums; alle pseudoniemen worden vervangen door nieuwe codes (A01, A02, … in willekeurige volgorde), "
        "ook in vastgelegde versies en in vrije tekst. De structuur (relaties, incidenten, typering, rollen, plan) "
        "blijft voor de evaluatie. **Verwijderen** wist de hele casus met alle vastgelegde versies."
    )
    target = _pick_case("_close_case")
    if target:
        confirm = st.checkbox(
            "Ik weet dat dit niet ongedaan kan worden gemaakt", key=f"_close_confirm_{target}"
        )
        left, right = st.columns(2)
        if left.button("Anonimiseren", key="_anonymise", disabled=not confirm):
            privacy.anonymise_stored_case(store, target, user.name)
            state.reload_case()
            state.flash("Casus geanonimiseerd.")
            st.rerun()
        if right.button("Verwijderen", key="_delete", disabled=not confirm, type="primary"):
            store.delete(target, user.name)
            if st.session_state.get(state._CASE_ID) == target:
                state.forget_case()
            state.flash("Casus verwijderd.")
            st.rerun()

# --- proportionality reviews ---------------------------------------------------------------------
with tab_reviews:
    st.write(
        "Per lid staat een datum waarop wordt getoetst of het nog nodig (proportioneel) is om gegevens "
        "vast te leggen."
    )
    case_id = _pick_case("_review_case")
    if case_id:
        within = st.slider("Ook toetsingen binnen zoveel dagen", 0, 180, 30, step=15, key="_review_within")
        due = privacy.reviews_due(store.load(case_id), today, within_days=within)
        if not due:
            st.success("Geen toetsingen nodig in deze periode.")
        else:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Lid": r.pseudonym,
                            "Toetsdatum": r.review_date.strftime("%d-%m-%Y")
                            if r.review_date
                            else "geen datum",
                            "Dagen over tijd": r.days_overdue if r.days_overdue and r.days_overdue > 0 else 0,
                        }
                        for r in due
                    ],
                    columns=["Lid", "Toetsdatum", "Dagen over tijd"],
                ),
                hide_index=True,
                width="stretch",
            )

# --- art. 15 -------------------------------------------------------------------------------------
with tab_art15:
    st.write(
        "Een leesbaar overzicht van alles wat over één lid is vastgelegd, voor een inzageverzoek. "
        "Het downloaden wordt vastgelegd in het auditlog."
    )
    case_id = None
    if state.meeting_mode():
        # The report is for the youth or parent who asked: it holds the name, so never on the shared screen.
        st.info(
            "Een inzageoverzicht bevat de naam van het lid. Zet de overlegmodus (zijbalk) uit om het te "
            "bekijken of te downloaden.",
            icon="🔒",
        )
    else:
        case_id = _pick_case("_art15_case")
    if case_id:
        case = store.load(case_id)
        member_id = _pick_member(case, "_art15_member")
        if member_id:
            report = privacy.member_report(case, member_id, store.audit_entries(case_id), today)
            pseudonym = case.member(member_id).pseudonym or member_id

            def _log_art15(cid: str = case_id, mid: str = member_id) -> None:
                store.log(user.name, "art15", cid, f"Inzageoverzicht (art. 15) van lid {mid} gedownload")

            st.download_button(
                "Inzageoverzicht downloaden (Markdown)",
                data=report.encode("utf-8"),
                file_name=f"inzage-{pseudonym}-{today:%Y%m%d}.md",
                mime="text/markdown",
                on_click=_log_art15,
                key="_art15_download",
            )
            with st.expander("Voorbeeld"):
                st.text(report)

# --- art. 17 -------------------------------------------------------------------------------------
with tab_art17:
    st.write(
        "Wist één lid overal: uit de casus, relaties, incidenten, maatregelen en alle vastgelegde versies; "
        "naam en pseudoniem worden ook uit vrije tekst verwijderd. Het auditlog noteert alleen het id."
    )
    case_id = _pick_case("_art17_case")
    if case_id:
        case = store.load(case_id)
        member_id = _pick_member(case, "_art17_member")
        if member_id:
            member = case.member(member_id)
            ties = [t for t in case.ties if member_id in (t.source, t.target)]
            incidents = [i for i in case.incidents if member_id in i.members]
            measures = [m for m in case.plan.measures if member_id in m.member_ids]
            snaps = store.snapshots(case_id)
            st.write(
                f"Wordt gewist: {len(ties)} relatie(s), uit {len(incidents)} incident(en) en {len(measures)} "
                f"maatregel(en), in de huidige versie en {len(snaps)} vastgelegde versie(s)."
            )
            typed = st.text_input(
                "Typ het pseudoniem van het lid ter bevestiging", key=f"_art17_typed_{member_id}"
            )
            ok = typed.strip() == (member.pseudonym or member_id)
            if st.button("Lid definitief wissen", key="_art17_erase", disabled=not ok, type="primary"):
                store.erase_member(case_id, member_id, user.name)
                state.reload_case()
                state.flash("Lid gewist.")
                st.rerun()
