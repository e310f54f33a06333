"""Showing the assembled plan van aanpak on screen (Streamlit), block by block, user text escaped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from duiding.model import Case
from duiding.plan import figures
from duiding.plan.assemble import Bullets, Figure, Paragraph, PlanDocument, Section, Table
from ui.text import md

__all__ = ["cached_positions", "show_figure", "show_section"]


@st.cache_data(show_spinner=False, max_entries=16)
def cached_positions(case_id: str, version: int, _case: Case) -> dict:
    """Network positions (member ids only, no personal text) per case version."""
    return figures.screen_positions(_case)


def _lines(text: str) -> str:
    return "  \n".join(md(line) for line in text.splitlines() if line.strip()) or "—"


def show_figure(doc: PlanDocument, key: str) -> None:
    case = doc.case
    if key == "incidents":
        st.altair_chart(figures.incidents_chart(case), width="stretch")
    elif key == "indicators":
        st.altair_chart(figures.indicators_chart(case), width="stretch")
    elif key == "network":
        positions = cached_positions(case.id, case.version, case)
        st.altair_chart(figures.network_chart(case, doc.reveal_names, positions, doc.made_on), width="content")


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
