"""Duiding: the four guiding questions with the analysis as evidence, team roles confirmed, conclusions."""

from collections import Counter
from datetime import date

import pandas as pd
import streamlit as st

from duiding import vocab
from duiding.analysis import ROLE_RULES, ROLES
from duiding.meeting import close_confirmed_points
from ui import analysis as ana
from ui import state
from ui.text import md

case = state.require_case()
reveal = state.names_revealed(case)
sensitive = state.show_sensitive()
label_of = {m.id: state.display(m, case) for m in case.members}

st.title("Duiding")
st.caption(
    "De vier hoofdvragen van de groepsduiding. De netwerkanalyse (alle samenhanglagen, peildatum vandaag) "
    "levert het bewijs en doet voorstellen; het overleg trekt de conclusies en stelt de rollen vast."
)

today = date.today()
result = ana.analysis(case, as_of=today, reveal_names=reveal)
answers = {item.question: item.answer for item in result.narrative}
active = [m for m in case.members if m.active_on(today)]

# Which analysis answers support which guiding question; answers not listed go under "Overige bevindingen".
EVIDENCE = {
    "causes": ["Wie verbindt de subgroepen?", "Hoe is de groep veranderd?"],
    "hierarchy": [
        vocab.label("question", "hierarchy"),
        "Wie zijn de centrale figuren?",
        "Waar verschillen team en analyse?",
    ],
    "typing": ["Wie staan aan de rand?"],
    "opportunities": [
        "Wat gebeurt er als leden wegvallen?",
        "Komt het online netwerk overeen met het offline netwerk?",
    ],
}


def _counts(name: str, codes) -> str:
    counted = Counter(c for c in codes if c)
    ordered = [c for c in vocab.codes(name) if c in counted] + sorted(
        c for c in counted if c not in vocab.labels(name)
    )
    # unknown codes are shown as they are: user text, so escaped for markdown
    return ", ".join(f"{md(vocab.label(name, c))} {counted[c]}" for c in ordered) or "geen vastgelegd"


def _case_facts(code: str) -> list[str]:
    """Plain facts from the case records (counts and vocabulary labels; free text escaped)."""
    facts = []
    if code == "causes":
        facts.append("Incidenten per soort: " + _counts("problem", [i.type for i in case.incidents]) + ".")
        if sensitive:
            by_domain = Counter(
                vocab.FACTOR_DOMAIN.get(f, "individual") for m in active for f in m.risk_factors
            )
            if by_domain:
                facts.append(
                    "Risicofactoren per domein (aantal keer genoemd): "
                    + ", ".join(
                        f"{vocab.label('domain', d)} {by_domain[d]}"
                        for d in vocab.codes("domain")
                        if d in by_domain
                    )
                    + "."
                )
        for aspect in ("severity", "risks"):
            item = case.beke.get(aspect)
            if item and (item.text or item.level != "unknown"):
                facts.append(
                    f"Beke — {vocab.label('beke_aspect', aspect)}: {vocab.label('level', item.level)}. "
                    + md(item.text)
                )
    elif code == "hierarchy":
        counted = Counter(m.team_role for m in active)
        facts.append("Rollen volgens het team: " + _counts("team_role", list(counted.elements())) + ".")
    elif code == "typing":
        facts.append("Typering van de actieve leden: " + _counts("typing", [m.typing for m in active]) + ".")
        untyped = [label_of[m.id] for m in active if not m.typing or m.typing == "unknown"]
        if untyped:
            facts.append("Nog niet getypeerd: " + ", ".join(md(x) for x in untyped) + ".")
    elif code == "opportunities":
        facts.append(
            "Beschermende factoren (aantal leden): "
            + _counts("protective_factor", [f for m in active for f in m.protective_factors])
            + "."
        )
        with_text = [m for m in active if m.opportunities.strip()]
        facts.append(
            f"Bij {len(with_text)} van de {len(active)} actieve leden zijn kansen beschreven (zie Leden)."
        )
        if case.contacts:
            facts.append(f"Steunfiguren in beeld: {len(case.contacts)} (zie Relaties, laag Steunfiguur).")
    return facts


# --- the four guiding questions ------------------------------------------------------------------
st.header("Hoofdvragen")
used: set[str] = set()
with st.form("_duiding_conclusions", border=False):
    for code, question in vocab.labels("question").items():
        st.subheader(question)
        with st.container(border=True):
            st.markdown("**Wat de gegevens laten zien**")
            for q in EVIDENCE.get(code, []):
                if q in answers:
                    used.add(q)
                    st.markdown(f"*{md(q)}* {md(answers[q])}")
            for fact in _case_facts(code):
                st.markdown(fact)
        st.text_area(
            f"Conclusie van het overleg bij: {question}",
            value=case.conclusions.get(code, ""),
            key=f"_duiding_conclusion_{code}_{case.version}",
            height=110,
            max_chars=4000,
            placeholder="Wat concludeert het overleg bij deze vraag?",
        )
    saved = st.form_submit_button("Conclusies opslaan", type="primary")
if saved:
    for code in vocab.codes("question"):
        text = st.session_state.get(f"_duiding_conclusion_{code}_{case.version}", "").strip()
        if text:
            case.conclusions[code] = text
        else:
            case.conclusions.pop(code, None)
    if state.save_case(case, what="Conclusies bij de hoofdvragen vastgelegd"):
        st.rerun()

rest = [item for item in result.narrative if item.question not in used]
if rest:
    with st.expander("Overige bevindingen uit de netwerkanalyse"):
        for item in rest:
            st.markdown(f"*{md(item.question)}* {md(item.answer)}")

# --- suggested positions versus team roles -------------------------------------------------------
st.header("Posities en rollen")
st.caption(
    "De analyse stelt per lid een positie voor, met redenen en hoe stabiel dat voorstel is als er banden "
    "ontbreken. Het overleg bevestigt of wijzigt de rol volgens het team; de analyse verandert die nooit zelf."
)
by_id = {m.id: m for m in result.members}
ROLE_CODES = vocab.codes("team_role")
rows = []
for m in case.members:
    r = by_id.get(m.id)
    robust = r.robustness if r else None
    rows.append(
        {
            "id": m.id,
            "Lid": label_of[m.id],
            "Rol volgens team": m.team_role,
            "Voorgestelde positie": r.suggested_role_label if r else "niet actief op de peildatum",
            "Redenen": " ".join(r.role_reasons) if r else "",
            "Stabiliteit": f"{robust.status} ({round(100 * robust.role_agreement)} %)" if robust else "–",
            "Bespreekpunt": bool(r and r.discussion_point),
        }
    )
frame = pd.DataFrame(
    rows,
    columns=[
        "id",
        "Lid",
        "Rol volgens team",
        "Voorgestelde positie",
        "Redenen",
        "Stabiliteit",
        "Bespreekpunt",
    ],
)
if frame.empty:
    st.info("Deze casus heeft nog geen leden. Voeg ze toe op de pagina Leden.")
editor_key = f"_duiding_roles_{case.version}"
edited = st.data_editor(
    frame,
    key=editor_key,
    hide_index=True,
    width="stretch",
    num_rows="fixed",
    disabled=["Lid", "Voorgestelde positie", "Redenen", "Stabiliteit", "Bespreekpunt"],
    column_order=[
        "Lid",
        "Rol volgens team",
        "Voorgestelde positie",
        "Stabiliteit",
        "Bespreekpunt",
        "Redenen",
    ],
    column_config={
        "id": None,
        "Rol volgens team": st.column_config.SelectboxColumn(
            "Rol volgens team",
            options=ROLE_CODES,
            format_func=lambda c: vocab.label("team_role", c) if c else "—",
        ),
        "Redenen": st.column_config.TextColumn("Redenen", width="large"),
        "Bespreekpunt": st.column_config.CheckboxColumn("Bespreekpunt"),
    },
)
changes = [
    (member_id, old, new)
    for member_id, old, new in zip(
        frame["id"], frame["Rol volgens team"], edited["Rol volgens team"], strict=True
    )
    if (old or None) != (new or None)
]
confirm = st.button(
    f"Rollen opslaan ({len(changes)} gewijzigd)" if changes else "Rollen bevestigen",
    type="primary",
    key="_duiding_save_roles",
    help="Legt de rollen vast zoals ze nu in de tabel staan (met een regel in het logboek).",
)
if confirm:
    for member_id, _old, new in changes:
        case.member(member_id).team_role = new or None
    if changes:
        what = "Teamrollen gewijzigd in overleg: " + "; ".join(
            f"{label_of[i]}: {vocab.label('team_role', o) or '—'} → {vocab.label('team_role', n) or '—'}"
            for i, o, n in changes
        )
    else:
        what = "Teamrollen bevestigd in overleg (ongewijzigd)"
    # During an open meeting, confirming closes the open bespreekpunten with the meeting as reference.
    open_points = [
        (m.id, r.suggested_role) for m in case.members if (r := by_id.get(m.id)) and r.discussion_point
    ]
    case = close_confirmed_points(case, open_points, {member_id for member_id, _o, _n in changes})
    if state.save_case(case, what=what):
        state.flash("Rollen opgeslagen." if changes else "Rollen bevestigd.")
        st.rerun()

with st.expander("Redenen per lid"):
    for m in case.members:
        r = by_id.get(m.id)
        if r is None:
            continue
        robust = r.robustness
        sure = (
            f" — {robust.status} ({round(100 * robust.role_agreement)} % van {robust.runs} herhalingen)"
            if robust
            else ""
        )
        st.markdown(f"**{md(label_of[m.id])}: {md(r.suggested_role_label)}**{sure}")
        st.markdown("\n".join(f"- {md(reason)}" for reason in r.role_reasons) or "- Geen bijzonderheden.")

with st.expander("Hoe komt de analyse tot een voorgestelde positie?"):
    st.dataframe(
        pd.DataFrame({"Positie": [ROLES[c] for c, _ in ROLE_RULES], "Regel": [t for _, t in ROLE_RULES]}),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "De regels worden van boven naar beneden toegepast; de eerste die past bepaalt het voorstel. "
        "Stabiel betekent: in minstens 80 % van de herhalingen met 10 % willekeurig weggelaten banden "
        "blijft het voorstel gelijk."
    )

# --- discussion points ---------------------------------------------------------------------------
st.header("Bespreekpunten")
points = [
    (m, by_id[m.id].discussion_point) for m in case.members if m.id in by_id and by_id[m.id].discussion_point
]
if not points:
    st.write("Rol volgens het team en voorgestelde positie komen overeen: geen bespreekpunten.")
for member, point in points:
    r = by_id[member.id]
    hedge = "" if r.robustness is None or r.robustness.status == "stabiel" else " (voorstel onzeker)"
    st.markdown(f"- **{md(label_of[member.id])}**: {md(point)}{hedge}")
