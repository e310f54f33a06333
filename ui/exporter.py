"""Exporting the open case from the sidebar: JSON bundle, Excel, CSV, GEXF/GraphML, for a chosen audience."""

from __future__ import annotations

import streamlit as st

from duiding import privacy, vocab
from duiding.io.export import MIME, export_bytes, export_filename
from duiding.model import Case
from ui import state
from ui.auth import log_export

__all__ = ["export_section"]

FORMATS = {
    "json": "Casusbestand (JSON, opnieuw te importeren)",
    "xlsx": "Excel (leden, relaties, incidenten)",
    "csv": "CSV (zip met drie bestanden)",
    "gexf": "Netwerk voor Gephi (GEXF)",
    "graphml": "Netwerk voor i2 / andere programma's (GraphML)",
}
_EVERYONE = "__all__"


def _deferred(case: Case, fmt: str, audience: str, reveal: bool):
    """A function that makes the file for this audience."""

    def make() -> bytes:
        target = case if audience == _EVERYONE else privacy.redact_case(case, privacy.audience(audience))
        return export_bytes(target, fmt, reveal_names=reveal)[0]

    return make


def export_section(case: Case | None) -> None:
    """Sidebar expander with one download; every download is written to the audit log."""
    if case is None:
        return
    # The file is made only while the expander is open (not on every rerun of every page). Made here,
    # not deferred to the click: a deferred file is dropped by the next rerun, so a click right after
    # one found nothing to download.
    panel = st.expander("Exporteren", key="_export_open", on_change="rerun")
    if not panel.open:
        return
    with panel:
        fmt = st.selectbox("Formaat", list(FORMATS), format_func=FORMATS.get, key="_export_format")
        partners = [_EVERYONE, *vocab.codes("partner")]
        labels = {
            _EVERYONE: "Het hele casusteam",
            **{p: f"Alleen wat {vocab.label('partner', p)} mag zien" for p in vocab.codes("partner")},
        }
        audience = st.selectbox(
            "Voor wie",
            partners,
            format_func=labels.get,
            key="_export_audience",
            help="Feiten uit bronnen die deze partner volgens het convenant niet mag zien, worden weggelaten.",
        )
        reveal = state.names_revealed(case) and st.checkbox(
            "Met namen",
            value=False,
            key="_export_names",
            help="Alleen na een 2B-besluit en als de namen bewust getoond zijn. Wordt in het auditlog vastgelegd.",
        )
        what = f"{FORMATS[fmt]}, {labels[audience].lower()}" + (", met namen" if reveal else ", pseudoniemen")
        st.download_button(
            "Casus downloaden",
            _deferred(case, fmt, audience, reveal)(),
            file_name=export_filename(case, fmt, reveal),
            mime=MIME[fmt],
            key="_export_download",
            on_click=log_export,
            args=(case.id, what),
            width="stretch",
        )
        st.caption("Standaard alleen pseudoniemen; notities en risicofactoren gaan alleen mee met namen.")
