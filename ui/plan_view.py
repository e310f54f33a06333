"""Showing the assembled plan van aanpak on screen (Streamlit), block by block, user text escaped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from duiding.model import Case
from duiding.plan import figures
from duiding.plan.assemble import Bullets, Figure, Paragraph, PlanDocument, Section, Table
from ui.text import md

__all__ = ["cached_positions", "show_figure", "show_section"]


def cached_positions(case: Case) -> dict:
    """The network screen's own cached layout for its default layers (keyed on the exact case content,
    so a partner's redacted view gets its own), so the plan's picture is the one the meeting saw."""
    from ui import analysis as ana

    return ana.positions(case, tuple(sorted(figures.COHESION_LAYERS)), ana.current_view())


def _lines(text: str) -> str:
    return "  \n".join(md(line) for line in text.splitlines() if line.strip()) or "—"


@st.cache_data(show_spinner=False, max_entries=48)
def _figure_spec(key: str, case_ref: str, view: str, reveal: bool, made_on, _case: Case) -> dict:
    """The Vega-Lite spec of one plan figure, made once per case content, viewer, names and date:
    building and validating the Altair chart on every rerun cost the page about 50 ms per figure
    (bench/pages.py)."""
    if key == "incidents":
        chart = figures.incidents_chart(_case)
    elif key == "indicators":
        chart = figures.indicators_chart(_case)
    else:
        chart = figures.network_chart(_case, reveal, cached_positions(_case), made_on)
    return chart.to_dict()


def show_figure(doc: PlanDocument, key: str) -> None:
    if key not in ("incidents", "indicators", "network"):
        return
    from ui import analysis as ana

    case = doc.case
    spec = _figure_spec(
        key, ana.case_key(case), ana.current_view(), bool(doc.reveal_names), doc.made_on, _case=case
    )
    st.vega_lite_chart(spec, width="content" if key == "network" else "stretch")


def show_section(doc: PlanDocument, section: Section) -> None:
    st.subheader(section.heading)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if block.label:
                st.markdown(f"**{md(block.label)}**")
            st.markdown(_lines(block.text))
        elif isinstance(block, Bullets):
            if block.label:
                st.markdown(f"**{md(block.label)}**")
            st.markdown("\n".join(f"- {md(item)}" for item in block.items))
        elif isinstance(block, Table):
            if block.caption:
                st.caption(md(block.caption))
            st.dataframe(pd.DataFrame(block.rows, columns=block.columns), hide_index=True, width="stretch")
        elif isinstance(block, Figure):
            show_figure(doc, block.key)
