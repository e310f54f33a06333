"""The sidebar export: every format downloads, a partner audience gets a redacted file, names only on purpose."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest
from helpers_apptest import start_app

from duiding import privacy
from duiding.io.export import export_filename
from duiding.sample import load_sample_case
from ui.exporter import FORMATS, _deferred

SAMPLE = load_sample_case()
NAMES = sorted({m.name for m in SAMPLE.members if m.name})


def _text(fmt: str, data: bytes) -> str:
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        return " ".join(
            str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None
        )
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_downloads_with_pseudonyms_and_without_names(fmt):
    data = _deferred(SAMPLE, fmt, "__all__", False)()
    text = _text(fmt, data)
    assert "J01" in text and "J25" in text
    import re

    assert [n for n in NAMES if re.search(rf"\b{re.escape(n)}\b", text)] == []
    assert export_filename(SAMPLE, fmt).startswith("jeugdgroep-stationsplein-pseudoniem")


def test_json_download_with_names_is_the_whole_case():
    data = json.loads(_deferred(SAMPLE, "json", "__all__", True)())
    assert {m["name"] for m in data["case"]["members"]} == {m.name for m in SAMPLE.members}


def test_partner_audience_gets_only_facts_from_visible_sources():
    full = nx.parse_graphml(_deferred(SAMPLE, "graphml", "__all__", False)().decode("utf-8"))
    youth_work = nx.parse_graphml(_deferred(SAMPLE, "graphml", "youth_work", False)().decode("utf-8"))
    visible = privacy.redact_case(SAMPLE, privacy.audience("youth_work"))
    assert youth_work.number_of_edges() < full.number_of_edges()
    assert (
        youth_work.number_of_edges()
        == nx.parse_graphml(
            _deferred(visible, "graphml", "__all__", False)().decode("utf-8")
        ).number_of_edges()
    )


def test_sidebar_export_is_made_only_while_its_panel_is_open(sqlite_url):
    at = start_app()
    assert not at.exception
    assert [e.label for e in at.sidebar.expander if e.label == "Exporteren"] == ["Exporteren"]
    assert not [s for s in at.sidebar.selectbox if s.key == "_export_format"]


def test_sidebar_offers_the_export_with_formats_and_audiences(sqlite_url):
    from helpers_apptest import app_test

    at = app_test()
    at.session_state["_export_open"] = True  # the user opened the panel
    at.run()
    assert not at.exception
    fmt = at.sidebar.selectbox(key="_export_format")
    assert fmt.options == list(FORMATS.values())
    audience = at.sidebar.selectbox(key="_export_audience")
    assert audience.options[0] == "Het hele casusteam"
    assert "Alleen wat Politie mag zien" in audience.options
    # Names cannot be chosen before they are revealed on purpose.
    assert not [c for c in at.sidebar.checkbox if c.key == "_export_names"]
