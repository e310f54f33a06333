"""Export a case: members, ties and incidents as CSV or XLSX, the network as GEXF or GraphML, the JSON bundle.

Tables use the importer's Dutch headers and Dutch labels, so the importer reads every export back
exactly. CSV is UTF-8 with BOM and ``;``-separated (what Dutch Excel opens directly). Every text
cell that a spreadsheet could run as a formula is neutralised with a leading apostrophe (see
:func:`duiding.io.columns.neutralise`; the importer strips exactly those apostrophes again).

Pseudonymised by default (``reveal_names=False``): names and sensitive columns (birth year, risk and
protective factors, kansen, notes) are left out; a re-import of such a file leaves those fields of
existing members as they are.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from duiding import vocab
from duiding.io.bundle import to_bundle
from duiding.io.columns import COLUMNS, SHEETS, Column, format_date, neutralise
from duiding.io.tables import CONTROL_CHARS
from duiding.model import Case

__all__ = [
    "FORMATS",
    "MIME",
    "bundle_bytes",
    "export_bytes",
    "export_filename",
    "case_xlsx",
    "export_case",
    "export_columns",
    "network_gexf",
    "network_graph",
    "network_graphml",
    "pseudonymised",
    "table_csv",
    "table_frame",
    "table_rows",
]

FORMATS = ("json", "csv", "xlsx", "gexf", "graphml")
CSV_FILES = {"members": "leden.csv", "ties": "relaties.csv", "incidents": "incidenten.csv"}


def export_columns(kind: str, reveal_names: bool = False) -> list[Column]:
    """The columns written for ``kind``; sensitive ones only when names are revealed."""
    return [c for c in COLUMNS[kind] if reveal_names or not c.sensitive]


def _items(case: Case, kind: str) -> list[Any]:
    return {"members": case.members, "ties": case.ties, "incidents": case.incidents}[kind]


def _value(col: Column, item: Any, typed: bool) -> Any:
    """The cell for one field: text for CSV; numbers and dates stay typed for XLSX when ``typed``."""
    value = getattr(item, col.attr)
    if col.type in ("text", "id"):
        return neutralise(str(value or ""))
    if col.type in ("year", "strength"):
        if value is None:
            return ""
        return value if typed else str(value)
    if col.type == "date":
        if value is None:
            return ""
        return value if typed else format_date(value)
    if col.type == "code":
        return neutralise(vocab.label(col.vocab or "", value))
    if col.type == "codes":
        return neutralise(", ".join(vocab.label(col.vocab or "", v) for v in value or []))
    if col.type == "ids":
        return neutralise(", ".join(value or []))
    raise AssertionError(col.type)  # pragma: no cover


def table_rows(case: Case, kind: str, reveal_names: bool = False, typed: bool = False) -> list[list[Any]]:
    """Header row plus one row per member, tie (hand-entered only) or incident."""
    cols = export_columns(kind, reveal_names)
    rows: list[list[Any]] = [[c.name for c in cols]]
    for item in _items(case, kind):
        rows.append([_value(c, item, typed) for c in cols])
    return rows


def table_frame(case: Case, kind: str, reveal_names: bool = False) -> pd.DataFrame:
    """One table as a DataFrame with the Dutch headers (for display); index 'rij' counts from 1."""
    header, *rows = table_rows(case, kind, reveal_names)
    return pd.DataFrame(rows, columns=header, index=pd.RangeIndex(1, len(rows) + 1, name="rij"), dtype=object)


def table_csv(case: Case, kind: str, reveal_names: bool = False) -> bytes:
    """One table as CSV bytes: UTF-8 with BOM, ';'-separated, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(table_rows(case, kind, reveal_names))
    return buffer.getvalue().encode("utf-8-sig")


def case_xlsx(case: Case, reveal_names: bool = False) -> bytes:
    """One workbook with the sheets Leden, Relaties and Incidenten."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    book.properties.title = case.name
    book.properties.category = case.classification
    for kind, title in SHEETS.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(table_rows(case, kind, reveal_names, typed=True), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = CONTROL_CHARS.sub("", value)
                cell = sheet.cell(row=r, column=c, value=value if value != "" else None)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                elif isinstance(value, date):
                    cell.number_format = "dd-mm-yyyy"
                if r == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for c, col in enumerate(export_columns(kind, reveal_names), start=1):
            width = 30 if col.type in ("text", "codes", "ids") else max(12, len(col.name) + 2)
            sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pseudonymised(case: Case) -> Case:
    """A copy without names and sensitive member fields, and without notes on ties, incidents, contacts."""
    out = case.copy()
    for m in out.members:
        m.name = ""
        m.birth_year = None
        m.risk_factors = []
        m.protective_factors = []
        m.opportunities = ""
        m.note = ""
    for t in out.ties:
        t.note = ""
    for i in out.incidents:
        i.note = ""
    for c in out.contacts:
        c.note = ""
    return out


# --- network -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return CONTROL_CHARS.sub("", str(value))


def network_graph(case: Case, reveal_names: bool = False, include_derived: bool = True) -> nx.MultiDiGraph:
    """Members and contacts as nodes, ties as edges (key = tie id), every attribute a string/int/bool.

    Vocabulary values are Dutch labels; dates ISO text ('' when unknown); lists comma-separated.
    Ties keep the direction they were entered in; ``gericht`` is True only for 'stuurt aan'.
    """
    g = nx.MultiDiGraph(name=_text(case.name), classificatie=_text(case.classification))
    for m in case.members:
        attrs = {
            "label": _text(m.display(reveal=reveal_names)),
            "soort": "lid",
            "pseudoniem": _text(m.pseudonym),
            "typering": vocab.label("typing", m.typing),
            "rol": vocab.label("team_role", m.team_role),
            "problematiek": ", ".join(vocab.label("problem", p) for p in m.problems),
            "eerst_gezien": _text(m.first_seen),
            "laatst_gezien": _text(m.last_seen),
            "bron": vocab.label("partner", m.source),
            "toetsdatum": _text(m.review_date),
        }
        if reveal_names:
            attrs |= {
                "naam": _text(m.name),
                "geboortejaar": _text(m.birth_year),
                "risicofactoren": ", ".join(vocab.label("risk_factor", f) for f in m.risk_factors),
                "beschermende_factoren": ", ".join(
                    vocab.label("protective_factor", f) for f in m.protective_factors
                ),
                "kansen": _text(m.opportunities),
                "notitie": _text(m.note),
            }
        g.add_node(m.id, **attrs)
    for c in case.contacts:
        attrs = {"label": _text(c.role) or c.id, "soort": "contact", "omschrijving": _text(c.role)}
        if reveal_names:
            attrs["notitie"] = _text(c.note)
        g.add_node(c.id, **attrs)
    for t in case.all_ties(include_derived=include_derived):
        for end in (t.source, t.target):
            if end not in g:
                g.add_node(end, label=_text(end), soort="onbekend")
        attrs = {
            "laag": vocab.label("layer", t.layer),
            "laag_code": _text(t.layer),
            "sterkte": int(t.strength),
            "weight": float(t.strength),
            "zekerheid": vocab.label("confidence", t.confidence),
            "bron": vocab.label("partner", t.partner),
            "eerst_gezien": _text(t.first_seen),
            "laatst_gezien": _text(t.last_seen),
            "afgeleid": bool(t.derived),
            "gericht": t.layer == "directs",
        }
        if reveal_names:
            attrs["notitie"] = _text(t.note)
        g.add_edge(t.source, t.target, key=t.id, **attrs)
    return g


def network_gexf(case: Case, reveal_names: bool = False) -> bytes:
    """The network as GEXF 1.2 (Gephi)."""
    buffer = io.BytesIO()
    nx.write_gexf(network_graph(case, reveal_names), buffer)
    return buffer.getvalue()


def network_graphml(case: Case, reveal_names: bool = False) -> bytes:
    """The network as GraphML (yEd, i2 Analyst's Notebook via import, Gephi)."""
    buffer = io.BytesIO()
    nx.write_graphml(
        network_graph(case, reveal_names), buffer, named_key_ids=True, edge_id_from_attribute=None
    )
    return buffer.getvalue()


# --- one entry point for the CLI and the pages -----------------------------------------------------


MIME = {
    "json": "application/json",
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "gexf": "application/xml",
    "graphml": "application/xml",
}


def bundle_bytes(case: Case, reveal_names: bool = False) -> bytes:
    """The JSON bundle; pseudonymised (and marked so) unless names are revealed."""
    bundle = to_bundle(case if reveal_names else pseudonymised(case))
    if not reveal_names:
        bundle["pseudonymised"] = True
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


def export_bytes(case: Case, fmt: str, reveal_names: bool = False) -> tuple[bytes, str, str]:
    """(data, file name, MIME type) for a download button; csv is a zip with the three CSV files."""
    fmt = _format(fmt)
    name, mime = export_filename(case, fmt, reveal_names), MIME[fmt]
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for kind, member in CSV_FILES.items():
                archive.writestr(member, table_csv(case, kind, reveal_names))
        return buffer.getvalue(), name, mime
    writers = {"json": bundle_bytes, "xlsx": case_xlsx, "gexf": network_gexf, "graphml": network_graphml}
    return writers[fmt](case, reveal_names), name, mime


def export_filename(case: Case, fmt: str, reveal_names: bool = False) -> str:
    """The download's file name, e.g. ``jeugdgroep-stationsplein-pseudoniem.xlsx``."""
    fmt = _format(fmt)
    stem = _file_stem(case) + ("" if reveal_names else "-pseudoniem")
    return f"{stem}-csv.zip" if fmt == "csv" else f"{stem}.{fmt}"


def _format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend exportformaat '{fmt}'; kies uit {', '.join(FORMATS)}.")
    return fmt


def _file_stem(case: Case) -> str:
    """A safe file name from the case name: letters, digits and dashes only."""
    plain = unicodedata.normalize("NFKD", case.name or "casus").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60] or "casus"


def export_case(case: Case, fmt: str, path: str | Path, reveal_names: bool = False) -> list[Path]:
    """Write the case in ``fmt`` (json, csv, xlsx, gexf, graphml) to ``path``; returns the files written.

    For csv, ``path`` is a folder that receives leden.csv, relaties.csv and incidenten.csv. For the
    others it is the file. Without ``reveal_names`` the export is pseudonymised (also the JSON bundle,
    which then leaves out names and sensitive member fields).
    """
    fmt = _format(fmt)
    target = Path(path)
    if fmt == "csv":
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for kind, name in CSV_FILES.items():
            (target / name).write_bytes(table_csv(case, kind, reveal_names))
            written.append(target / name)
        return written
    target.parent.mkdir(parents=True, exist_ok=True)
    data, _, _ = export_bytes(case, fmt, reveal_names)
    target.write_bytes(data)
    return [target]
