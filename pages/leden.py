"""Leden: the member table (add, edit, delete) and a detail panel per member."""

import dataclasses

import streamlit as st

from duiding import tables, vocab
from duiding.model import next_pseudonym
from duiding.validate import validate_members
from ui import editor, state

case = state.require_case()
names = state.names_revealed(case)
sensitive = state.show_sensitive()
editable = state.can_edit()

st.title("Leden")
if state.meeting_mode():
    st.caption("Overlegmodus: alleen pseudoniemen; risicofactoren, bron en notities zijn verborgen.")
elif not case.names_allowed:
    st.caption("Namen kunnen pas worden vastgelegd na een vastgelegd 2B-besluit (pagina Groep).")
elif not names:
    st.caption("De naamkolom verschijnt nadat u in de zijbalk ‘Namen tonen’ kiest.")
st.caption(
    "Wijzigingen worden direct opgeslagen zodra de tabel klopt. Een rij toevoegen: klik onder de tabel op ‘+’. "
    "Een lid verwijderen haalt het ook uit relaties en incidenten."
)

FRAME = "leden"
frame, key = editor.stable_frame(
    FRAME,
    case,
    lambda c: tables.members_frame(c, names=names, sensitive=sensitive),
    signature=(names, sensitive),
)


def _choices(name):
    return {
        "options": vocab.codes(name),
        "format_func": lambda code, _n=name: vocab.label(_n, code),
    }


column_config = {
    "id": None,
    "pseudoniem": st.column_config.TextColumn(
        "Pseudoniem",
        required=True,
        max_chars=20,
        width=140,
        default=next_pseudonym(frame["pseudoniem"]),
        help="Code waarmee het lid in het overleg wordt genoemd, bijv. J07.",
    ),
    "naam": st.column_config.TextColumn("Naam", max_chars=80),
    "geboortejaar": st.column_config.NumberColumn(
        "Geboortejaar", min_value=1900, max_value=2100, step=1, format="%d", width=140
    ),
    "typering": st.column_config.SelectboxColumn("Typering", width="medium", **_choices("typing")),
    "rol": st.column_config.SelectboxColumn(
        "Teamrol", help="Vastgesteld door het overleg.", **_choices("team_role")
    ),
    "problematiek": st.column_config.MultiselectColumn("Problematiek", width="large", **_choices("problem")),
    "eerst_gezien": st.column_config.DateColumn("Eerst gezien", format="DD-MM-YYYY"),
    "laatst_gezien": st.column_config.DateColumn("Laatst gezien", format="DD-MM-YYYY"),
    "bron": st.column_config.SelectboxColumn("Bron", **_choices("partner")),
    "notitie": st.column_config.TextColumn("Notitie", max_chars=500),
}
edited = st.data_editor(
    frame,
    key=key,
    num_rows="dynamic" if editable else "fixed",
    disabled=not editable,
    hide_index=True,
    width="stretch",
    column_config={k: v for k, v in column_config.items() if k in frame.columns},
)

members = tables.members_from_frame(edited, case, editor.frame_token(FRAME))
problems = validate_members(members, case)
if problems:
    editor.problems_table(problems, lambda row: members[row - 1].pseudonym if 0 < row <= len(members) else "")
elif [dataclasses.asdict(m) for m in members] != [dataclasses.asdict(m) for m in case.members]:
    old_ids = [m.id for m in case.members]
    new_ids = {m.id for m in members}
    removed = [i for i in old_ids if i not in new_ids]
    added = [m for m in members if m.id not in set(old_ids)]
    draft = case
    touched = tables.remove_members(draft, removed)
    draft.members = members
    what = f"Leden gewijzigd ({len(added)} toegevoegd, {len(removed)} verwijderd)"
    saved = state.save_case(draft, what, quiet=bool(added or removed))
    if saved is not None:
        if added or removed:
            note = f"{len(added)} lid/leden toegevoegd, {len(removed)} verwijderd."
            if removed:
                note += f" Ook aangepast: {touched['ties']} relaties, {touched['incidents']} incidenten."
            state.flash(note)
            editor.drop_frame(FRAME)
            st.rerun()
        editor.mark_saved(FRAME, saved.version)
        case = saved

# --- detail panel ---------------------------------------------------------------------------------

st.subheader("Details per lid")
if not case.members:
    st.info("Voeg eerst een lid toe in de tabel hierboven.")
    st.stop()

ids = [m.id for m in case.members]
# The canonical choice lives under a plain key; the widget key changes with the reveal, because the
# option labels (pseudonym or name) change with it.
chosen = st.selectbox(
    "Lid",
    ids,
    index=ids.index(st.session_state["leden_member"]) if st.session_state.get("leden_member") in ids else 0,
    key=f"_leden_detail-{int(names)}",
    format_func={m.id: state.display(m, case) for m in case.members}.get,
)
st.session_state["leden_member"] = chosen
member = case.member(chosen)


def _option_label(name):
    return lambda code: vocab.label(name, code) if code else "—"


def _factor_inputs(kind: str, current: list[str], domain: str, form_key: str, where) -> list[str]:
    """The factors of one life domain; codes outside the vocabulary are kept under 'Overig'."""
    codes = vocab.codes(kind)
    options = [
        c
        for c in codes + [c for c in current if c not in codes]
        if vocab.FACTOR_DOMAIN.get(c, "other") == domain
    ]
    title = "Risicofactoren" if kind == "risk_factor" else "Beschermende factoren"
    return where.multiselect(
        f"{title}: {vocab.label('domain', domain) if domain != 'other' else 'overig'}",
        options,
        default=[c for c in current if c in options],
        format_func=_option_label(kind),
        key=f"{form_key}-{kind}-{domain}",
        placeholder="Kies een of meer factoren" if options else "Geen factoren in dit domein",
        disabled=not options,
    )


form_key = f"lid-{member.id}-{case.version}"
with st.form(form_key):
    st.caption("Lid")
    st.text(state.display(member, case))
    left, right = st.columns(2)
    typing_options = [None] + vocab.codes("typing")
    typing = left.selectbox(
        "Typering",
        typing_options,
        key=f"{form_key}-typing",
        index=typing_options.index(member.typing) if member.typing in typing_options else 0,
        format_func=_option_label("typing"),
    )
    role_options = [None] + vocab.codes("team_role")
    role = right.selectbox(
        "Teamrol (vastgesteld door het overleg)",
        role_options,
        key=f"{form_key}-role",
        index=role_options.index(member.team_role) if member.team_role in role_options else 0,
        format_func=_option_label("team_role"),
    )
    problem_options = vocab.codes("problem") + [p for p in member.problems if p not in vocab.codes("problem")]
    problems_chosen = st.multiselect(
        "Problematiek",
        problem_options,
        default=member.problems,
        format_func=_option_label("problem"),
        key=f"{form_key}-problems",
        placeholder="Kies een of meer soorten problematiek",
    )
    st.markdown("**Risico- en beschermende factoren per domein**")
    if not sensitive:
        st.caption("Risicofactoren zijn verborgen in overlegmodus.")
    risks: list[str] = [] if sensitive else list(member.risk_factors)
    protective: list[str] = []
    all_factors = set(member.risk_factors) | set(member.protective_factors)
    domains = vocab.codes("domain") + (
        ["other"] if any(vocab.FACTOR_DOMAIN.get(c, "other") == "other" for c in all_factors) else []
    )
    for domain in domains:
        left, right = st.columns(2) if sensitive else (None, st.container())
        if sensitive:
            risks += _factor_inputs("risk_factor", member.risk_factors, domain, form_key, left)
        protective += _factor_inputs("protective_factor", member.protective_factors, domain, form_key, right)
    opportunities = st.text_area(
        "Kansen en mogelijkheden", member.opportunities, max_chars=2000, key=f"{form_key}-kansen"
    )
    left, right = st.columns(2)
    if sensitive:
        source_options = [None] + vocab.codes("partner")
        source = left.selectbox(
            "Bron van de persoonsgegevens",
            source_options,
            key=f"{form_key}-source",
            index=source_options.index(member.source) if member.source in source_options else 0,
            format_func=_option_label("partner"),
        )
    else:
        source = member.source
    review = right.date_input(
        "Toetsdatum proportionaliteit",
        value=member.review_date,
        format="DD-MM-YYYY",
        key=f"{form_key}-review",
    )
    submitted = st.form_submit_button("Lid opslaan", type="primary", disabled=not editable)

if submitted:
    updated = dataclasses.replace(
        member,
        typing=typing,
        team_role=role,
        problems=list(problems_chosen),
        risk_factors=list(risks),
        protective_factors=list(protective),
        opportunities=opportunities.strip(),
        source=source,
        review_date=review,
    )
    draft = case
    draft.members = [updated if m.id == member.id else m for m in case.members]
    row_problems = [p for p in validate_members(draft.members, draft) if p.row == ids.index(member.id) + 1]
    if row_problems:
        editor.problems_table(row_problems, lambda _row: member.pseudonym)
    elif state.save_case(draft, f"Lid {member.pseudonym} bijgewerkt", quiet=True) is not None:
        state.flash("Lid opgeslagen.")
        st.rerun()
