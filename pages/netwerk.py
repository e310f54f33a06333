"""Netwerk: the interactive network with its measures, what-if, layers compared and change over time."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from duiding import visuals, vocab
from duiding.analysis import COHESION_LAYERS, MEASURES
from ui import analysis as ana
from ui import state
from ui.auth import visible_case
from ui.text import md

case = state.require_case()
reveal = state.names_revealed(case)
sensitive = state.show_sensitive()
label_of = {m.id: state.display(m, case) for m in case.members}


def _name(member_id: str) -> str:
    return label_of.get(member_id, member_id)


def _names_md(ids) -> str:
    """Names for inside markdown text: every markdown character escaped."""
    return ", ".join(md(_name(x)) for x in ids)


def _pair(pair) -> str:
    return f"{_name(pair[0])} – {_name(pair[1])}"


HELP = """
- **Bolletjes** zijn leden (vierkantjes: steunfiguren). Hoe groter, hoe hoger de gekozen maat. De kleur volgt
  de keuze onder *Kleur naar*; de legenda staat onder de tekening.
- **Lijnen** zijn banden. Rood gestreept: conflict. Met pijl: stuurt aan. Gestippeld: online contact.
  Dikker: sterkere band. Een vermoeden (niet bevestigd) is gestreept.
- **Aantal banden (graad)**: met hoeveel leden iemand rechtstreeks contact heeft.
- **Betweenness (tussenpositie)**: hoe vaak iemand op de kortste weg tussen twee anderen ligt; hoog = verbinder.
- **Nabijheid**: hoe snel iemand de rest van de groep bereikt.
- **Eigenvector**: verbonden met leden die zelf veel banden hebben.
- **k-kern**: hoe diep iemand in de kern van de groep zit.
- De analyse **stelt voor**; het overleg beslist. Leiders zijn niet altijd de meest centrale leden.
"""

st.title("Netwerk")
st.caption(
    "Wie met wie omgaat, volgens de gekozen lagen en peildatum. De analyse doet voorstellen; het overleg "
    "beslist. Plaatsen in de tekening blijven gelijk als u kleur, grootte, datum of markering verandert."
)

# --- choices -----------------------------------------------------------------------------------
dates = [d for m in case.members for d in (m.first_seen, m.last_seen) if d]
dates += [d for t in case.ties for d in (t.first_seen, t.last_seen) if d]
dates += [i.date for i in case.incidents if i.date]
today = date.today()
first_day = min(dates, default=today - timedelta(days=365))
last_day = max([today, *dates])
if first_day >= last_day:
    first_day = last_day - timedelta(days=1)

top = st.columns([3, 2])
layers = top[0].multiselect(
    "Lagen",
    vocab.codes("layer"),
    default=[*COHESION_LAYERS, "conflict"],
    format_func=lambda c: vocab.label("layer", c),
    key="_net_layers",
    help="Conflicten worden getekend (rood gestreept) maar tellen niet mee in de maten.",
)
as_of = top[1].slider(
    "Peildatum",
    min_value=first_day,
    max_value=last_day,
    value=min(today, last_day),
    format="DD-MM-YYYY",
    key="_net_as_of",
    help="Alleen leden en banden die op deze datum actief waren.",
)
if not layers:
    st.warning("Kies minstens één laag om het netwerk te tekenen.")
    st.stop()
layers_key = tuple(sorted(layers))
as_of_key = as_of.isoformat()

row = st.columns([2, 2, 3, 1])
size_by = row[0].selectbox(
    "Grootte naar", ana.SIZE_MEASURES, format_func=lambda m: MEASURES[m], key="_net_size"
)
colour_by = row[1].selectbox(
    "Kleur naar", list(visuals.COLOUR_BY), format_func=lambda c: visuals.COLOUR_BY[c], key="_net_colour"
)
active = [m.id for m in case.members if m.active_on(as_of)]
highlight = row[2].selectbox(
    "Lid zoeken en markeren",
    [None, *active],
    format_func=lambda m: "— niemand —" if m is None else _name(m),
    key="_net_highlight",
)
radius = row[3].radio(
    "Stappen", [1, 2], horizontal=True, key="_net_radius", help="Hoe ver de kring rond het lid."
)

# --- analysis ------------------------------------------------------------------------------------
progress = None
bar = None
if len(case.members) > ana.PROGRESS_FROM:
    bar = st.progress(0.0, text="Analyse wordt berekend …")

    def progress(fraction, message):
        bar.progress(min(1.0, max(0.0, fraction)), text=message)


result = ana.analysis(case, layers_key, as_of, reveal_names=reveal, progress=progress)
if bar is not None:
    bar.empty()
rows = ana.analysis_rows(result)
case_ref = ana.case_key(case)
static = ana.static_base()
view = ana.current_view()
members = {m.id: m for m in result.members}


def _network(
    layers_for=layers_key,
    removed=(),
    rows_for=None,
    height=620,
    positions_for=None,
    title="Netwerktekening van de groep",
):
    html, legend = ana.network_page(
        case_ref,
        layers_for,
        as_of_key,
        tuple(removed),
        size_by,
        colour_by,
        highlight if highlight not in removed else None,
        radius,
        reveal,
        sensitive,
        positions_for,
        height,
        static,
        view,
        ana.layout_generation(case.id, positions_for or layers_for, view),
        _case=case,
        _rows=rows_for or rows,
    )
    st.iframe(html, height=height + 20, alt=title)
    return legend


def _measure_table(result_members) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "Lid": _name(m.id),
                "Subgroep": m.community,
                "Voorgestelde positie": m.suggested_role_label,
                "Rol volgens team": vocab.label("team_role", m.team_role) or "—",
                **{MEASURES[k]: m.measures.get(k) for k in dict.fromkeys([size_by, *ana.SIZE_MEASURES[:6]])},
            }
            for m in result_members
        ]
    )
    if len(frame):
        frame = frame.sort_values(MEASURES[size_by], ascending=False, kind="stable")
    return frame


# Lazy tabs: only the open tab runs, so a rerun draws one network, not four.
def _member_panel(found) -> None:
    """The marked member: suggested position with reasons, and the team role the meeting settles on."""
    member = case.member(found.id)
    with st.container(border=True):
        st.markdown(f"**{md(_name(found.id))}** — voorgestelde positie: {md(found.suggested_role_label)}")
        st.markdown("\n".join(f"- {md(reason)}" for reason in found.role_reasons) or "- Geen bijzonderheden.")
        with st.form(f"_net_role_form_{found.id}_{case.version}", border=False):
            options = [None, *vocab.codes("team_role")]
            if member.team_role not in options:
                options.append(member.team_role)  # a code this deployment no longer lists: keep it
            role = st.selectbox(
                "Rol volgens team",
                options,
                index=options.index(member.team_role),
                format_func=lambda c: "— geen —" if c is None else vocab.label("team_role", c),
                key=f"_net_role_{found.id}_{case.version}",
            )
            if st.form_submit_button("Rol opslaan") and role != member.team_role:
                before = vocab.label("team_role", member.team_role) or "—"
                member.team_role = role
                what = f"Teamrol gewijzigd op Netwerk: {_name(found.id)}: {before} → {vocab.label('team_role', role) or '—'}"
                if state.save_case(case, what=what):
                    state.flash("Rol opgeslagen.")
                    st.rerun()


tab_net, tab_what, tab_layers, tab_change = st.tabs(
    ["Netwerk", "Wat als?", "Lagen vergelijken", "Verandering"], key="_net_tab", on_change="rerun"
)

with tab_net:
    if tab_net.open:
        left, right = st.columns([3, 2])
        with left:
            legend = _network()
            st.html(visuals.legend_html(legend))
            if st.button(
                "Tekening opnieuw schikken",
                key="_net_relayout",
                help="Na wijzigingen blijft iedereen op zijn plaats en komen nieuwe leden bij hun "
                "banden. Kies dit voor een nieuwe indeling van de hele tekening.",
            ):
                ana.relayout(case, layers_key, view)
                st.rerun()
        with right:
            if highlight in members:
                _member_panel(members[highlight])
            g = result.group
            figures = st.columns(3)
            figures[0].metric("Leden", g.get("members", 0))
            figures[1].metric("Banden", g.get("ties", 0))
            figures[2].metric("Subgroepen", len(result.communities))
            st.dataframe(
                _measure_table(result.members), hide_index=True, width="stretch", height=360, key="_net_table"
            )
            ranking = pd.DataFrame(
                {
                    "label": [_name(m.id) for m in result.members],
                    "value": [m.measures.get(size_by) for m in result.members],
                }
            )
            st.altair_chart(visuals.ranking_chart(ranking, MEASURES[size_by]), width="stretch")
        for note in result.notes:
            st.caption(note)
        with st.expander("Hoe lees ik de tekening en de maten?"):
            st.markdown(HELP)

with tab_what:
    if tab_what.open:
        st.write(
            "Wat gebeurt er als leden wegvallen (bijvoorbeeld door detentie of verhuizing)? Wie neemt het over?"
        )
        removed = st.multiselect("Leden weglaten", active, format_func=_name, key="_net_remove")
        if not removed:
            st.info("Kies een of meer leden om te zien hoe het netwerk verandert.")
        else:
            removed_key = tuple(sorted(removed))
            after = ana.analysis(case, layers_key, as_of, remove=removed_key, reveal_names=reveal)
            w = after.what_if or {}
            b, a = w.get("before", {}), w.get("after", {})
            cols = st.columns(3)
            cols[0].metric(
                "Losse delen",
                a.get("components"),
                delta=(a.get("components") or 0) - (b.get("components") or 0),
                delta_color="inverse",
            )
            cols[1].metric(
                "Grootste deel (leden)",
                a.get("largest_component"),
                delta=(a.get("largest_component") or 0) - (b.get("largest_component") or 0),
            )
            dist_a, dist_b = a.get("average_distance"), b.get("average_distance")
            cols[2].metric(
                "Gemiddelde afstand",
                None if dist_a is None else round(dist_a, 2),
                delta=None if dist_a is None or dist_b is None else round(dist_a - dist_b, 2),
                delta_color="inverse",
            )
            left, right = st.columns([3, 2])
            with left:
                _network(
                    removed=removed_key,
                    rows_for=ana.analysis_rows(after),
                    height=520,
                    positions_for=layers_key,
                    title="Netwerktekening zonder de weggelaten leden",
                )
            with right:
                st.subheader("Wie neemt het over?")
                takes = w.get("takes_over", [])
                if takes:
                    st.dataframe(
                        pd.DataFrame(
                            {
                                "Lid": [_name(t["id"]) for t in takes],
                                "Wat verandert": [t["reason"] for t in takes],
                            }
                        ),
                        hide_index=True,
                        width="stretch",
                    )
                else:
                    st.write("Niemand neemt een centrale positie of verbindersrol over.")
                isolated = w.get("newly_isolated", [])
                if isolated:
                    st.write("Komen alleen te staan: " + _names_md(isolated))
                after_btw = {m.id: m.measures.get("betweenness") or 0.0 for m in after.members}
                compare = pd.DataFrame(
                    {
                        "label": [_name(m) for m in after_btw],
                        "before": [
                            members[m].measures.get("betweenness") or 0.0 if m in members else 0.0
                            for m in after_btw
                        ],
                        "after": list(after_btw.values()),
                    }
                )
                st.altair_chart(visuals.what_if_chart(compare, MEASURES["betweenness"]), width="stretch")
        players = (
            w.get("key_players") if removed else ana.key_players(case_ref, layers_key, as_of_key, _case=case)
        )
        if players:
            st.info(
                "**Sleutelfiguren** (gretig gekozen). Wie weglaten de groep het meest versplintert: "
                + _names_md(players.get("fragment", []))
                + ". Wie binnen twee stappen de meeste anderen bereikt (voor positieve beïnvloeding): "
                + _names_md(players.get("reach", []))
                + "."
            )

with tab_layers:
    if tab_layers.open:
        pick = st.columns(2)
        layer_a = pick[0].selectbox(
            "Laag A",
            vocab.codes("layer"),
            index=vocab.codes("layer").index("online"),
            format_func=lambda c: vocab.label("layer", c),
            key="_net_layer_a",
        )
        layer_b = pick[1].selectbox(
            "Laag B",
            vocab.codes("layer"),
            index=vocab.codes("layer").index("offline"),
            format_func=lambda c: vocab.label("layer", c),
            key="_net_layer_b",
        )
        if layer_a == layer_b:
            st.info("Kies twee verschillende lagen.")
        else:
            compared = (
                ana.analysis(
                    case, layers_key, as_of, compare_layers=(layer_a, layer_b), reveal_names=reveal
                ).layers
                or {}
            )
            name_a, name_b = vocab.label("layer", layer_a), vocab.label("layer", layer_b)
            cols = st.columns(4)
            cols[0].metric(f"Banden {name_a}", compared.get("ties_a", 0))
            cols[1].metric(f"Banden {name_b}", compared.get("ties_b", 0))
            cols[2].metric("In beide", compared.get("shared", 0))
            jac = compared.get("jaccard")
            cols[3].metric("Overlap (Jaccard)", "–" if jac is None else f"{round(100 * jac)} %")
            views = st.columns(2)
            for col, layer, title in ((views[0], layer_a, name_a), (views[1], layer_b, name_b)):
                with col:
                    st.subheader(title)
                    _network(
                        layers_for=(layer,),
                        height=420,
                        positions_for=layers_key,
                        title=f"Netwerktekening: {title}",
                    )
            only = st.columns(2)
            only[0].write(f"**Alleen {name_a}** ({len(compared.get('only_a', []))} banden)")
            only[0].dataframe(
                pd.DataFrame({"Band": [_pair(p) for p in compared.get("only_a", [])]}),
                hide_index=True,
                width="stretch",
            )
            only[1].write(f"**Alleen {name_b}** ({len(compared.get('only_b', []))} banden)")
            only[1].dataframe(
                pd.DataFrame({"Band": [_pair(p) for p in compared.get("only_b", [])]}),
                hide_index=True,
                width="stretch",
            )
            central_a = _names_md(compared.get("central_only_a", [])) or "niemand"
            central_b = _names_md(compared.get("central_only_b", [])) or "niemand"
            st.write(f"Centraal alleen in {name_a}: {central_a}. Centraal alleen in {name_b}: {central_b}.")
            deg_a = ana.layer_degrees(case_ref, layer_a, as_of_key, _case=case)
            deg_b = ana.layer_degrees(case_ref, layer_b, as_of_key, _case=case)
            both = [m for m in active if m in deg_a or m in deg_b]
            chart = pd.DataFrame(
                {
                    "label": [_name(m) for m in both],
                    "a": [deg_a.get(m, 0) for m in both],
                    "b": [deg_b.get(m, 0) for m in both],
                }
            )
            st.altair_chart(visuals.layers_chart(chart, name_a, name_b, "Aantal banden"), width="stretch")

with tab_change:
    if tab_change.open:
        snapshots = state.get_store().snapshots(case.id)
        kinds = ["date", "snapshot"] if snapshots else ["date"]
        pick_kind, pick_what = st.columns(2)
        kind = pick_kind.radio(
            "Vergelijk met",
            kinds,
            horizontal=True,
            key="_net_change_kind",
            format_func=lambda k: "een eerdere datum" if k == "date" else "een vastgelegde versie",
        )
        if not snapshots:
            pick_kind.caption("Nog geen vastgelegde versies; leg een versie vast op de pagina Versies.")
        if kind == "date":
            default_before = max(first_day, as_of - timedelta(days=182))
            before = pick_what.date_input(
                "Eerdere datum",
                value=default_before,
                min_value=first_day,
                max_value=as_of,
                format="DD-MM-YYYY",
                key="_net_before",
            )
            change = (
                ana.analysis(case, layers_key, as_of, compare_as_of=before, reveal_names=reveal).change or {}
            )
            heading = f"Van {before:%d-%m-%Y} tot {as_of:%d-%m-%Y}"
        else:
            by_id = {s.id: s for s in snapshots}
            chosen = pick_what.selectbox(
                "Vastgelegde versie",
                list(by_id),
                key="_net_snapshot",
                format_func=lambda i: (
                    f"{by_id[i].label} ({by_id[i].frozen_at:%d-%m-%Y}, versie {by_id[i].version})"
                ),
            )
            # A frozen version is redacted for this viewer exactly like the live case.
            previous = visible_case(state.get_store().load_snapshot(chosen))
            change = (
                ana.snapshot_analysis(
                    case_ref, chosen, layers_key, as_of_key, reveal, _case=case, _previous=previous
                ).change
                or {}
            )
            heading = f"Sinds ‘{md(by_id[chosen].label)}’"
        st.subheader(heading)
        cols = st.columns(4)
        cols[0].metric("Erbij gekomen", len(change.get("joined", [])))
        cols[1].metric("Vertrokken", len(change.get("left", [])))
        cols[2].metric("Nieuwe banden", len(change.get("ties_new", [])))
        cols[3].metric("Verdwenen banden", len(change.get("ties_ended", [])))
        lists = st.columns(2)
        lists[0].write("Erbij gekomen: " + (_names_md(change.get("joined", [])) or "niemand"))
        lists[1].write("Vertrokken: " + (_names_md(change.get("left", [])) or "niemand"))
        moved = [*change.get("rose", []), *change.get("fell", [])]
        if moved:
            st.dataframe(
                pd.DataFrame(
                    {
                        "Lid": [_name(x["id"]) for x in moved],
                        "Plaats eerst": [x.get("rank_before") for x in moved],
                        "Plaats nu": [x.get("rank_after") for x in moved],
                        "Toelichting": [x.get("reason", "") for x in moved],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            st.altair_chart(
                visuals.change_chart(
                    pd.DataFrame(
                        {
                            "label": [_name(x["id"]) for x in moved],
                            "rank_before": [x.get("rank_before") for x in moved],
                            "rank_after": [x.get("rank_after") for x in moved],
                        }
                    )
                ),
                width="stretch",
            )
        else:
            st.write("Geen opvallende verschuivingen in de rangorde.")
