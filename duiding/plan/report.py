"""Render a :class:`PlanDocument` to Markdown and to Word (.docx), with the charts as images.

Both formats carry the classification marking; the Word file has it in the header and footer of
every page. Nothing here logs: callers (page, CLI) write the export to the audit log.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from duiding.model import Case
from duiding.plan import figures
from duiding.plan.assemble import Bullets, Figure, Paragraph, PlanDocument, Table, assemble_plan

__all__ = [
    "FORMATS",
    "export_plan",
    "plan_bytes",
    "plan_filename",
    "render_figures",
    "to_docx",
    "to_markdown",
]

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
}
GAPS_HEADING = "Bijlage: nog open punten"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text that Word accepts (XML 1.0 forbids most control characters)."""
    return _CONTROL.sub("", text or "")


def _nl(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def render_figures(doc: PlanDocument, scale: float = 1.5) -> dict[str, bytes]:
    """PNG bytes per figure key used in the document (rendered offline)."""
    keys = {b.key for s in doc.sections for b in s.blocks if isinstance(b, Figure)}
    out: dict[str, bytes] = {}
    if "incidents" in keys:
        out["incidents"] = figures.to_png(figures.incidents_chart(doc.case), scale=scale)
    if "indicators" in keys:
        out["indicators"] = figures.to_png(figures.indicators_chart(doc.case), scale=scale)
    if "network" in keys:
        out["network"] = figures.network_png(
            doc.case, reveal_names=doc.reveal_names, as_of=doc.made_on, scale=scale
        )
    return out


# --- Markdown ------------------------------------------------------------------------------------


def _md_text(text: str) -> str:
    """Plain text safe inside Markdown: no raw HTML, no accidental emphasis or headings."""
    text = _clean(text).replace("\\", "\\\\")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([*_`\[\]#|])", r"\\\1", text)


def _md_cell(text: str) -> str:
    return _md_text(text).replace("\r", " ").replace("\n", " ")


def to_markdown(doc: PlanDocument, images: dict[str, bytes] | None = None, embed_images: bool = True) -> str:
    """The plan as Markdown. Figures are embedded as PNG data URIs (``embed_images``), else named."""
    if embed_images and images is None:
        images = render_figures(doc)
    lines = [
        f"**{_md_text(doc.marking)}**",
        "",
        f"# {doc.title}: {_md_text(doc.case_name)}",
        "",
        f"{_md_text(doc.municipality)} · datum {_nl(doc.made_on)} · versie {doc.version}",
        "",
    ]
    for section in doc.sections:
        lines += [f"## {section.heading}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.label:
                    lines += [f"**{_md_text(block.label)}**", ""]
                lines += [_md_text(block.text).replace("\n", "  \n"), ""]
            elif isinstance(block, Bullets):
                if block.label:
                    lines += [f"**{_md_text(block.label)}**", ""]
                lines += [f"- {_md_cell(item)}" for item in block.items] + [""]
            elif isinstance(block, Table):
                if block.caption:
                    lines += [f"*{_md_text(block.caption)}*", ""]
                lines.append("| " + " | ".join(_md_cell(c) for c in block.columns) + " |")
                lines.append("|" + "---|" * len(block.columns))
                lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
                lines.append("")
            elif isinstance(block, Figure):
                png = (images or {}).get(block.key)
                if png:
                    data = base64.b64encode(png).decode("ascii")
                    lines += [f"![{_md_text(block.caption)}](data:image/png;base64,{data})", ""]
                else:
                    lines += [f"*Figuur: {_md_text(block.caption)}*", ""]
    if doc.gaps:
        lines += [f"## {GAPS_HEADING}", ""] + [f"- {_md_cell(g.message)}" for g in doc.gaps] + [""]
    lines += ["---", "", f"*{_md_text(doc.marking)}*", ""]
    return "\n".join(lines)


# --- Word ----------------------------------------------------------------------------------------


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _marking_paragraph(paragraph, text: str) -> None:
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(_clean(text))
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)


def _table(document, block: Table) -> None:
    if block.caption:
        p = document.add_paragraph()
        r = p.add_run(_clean(block.caption))
        r.bold = True
        p.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    size = Pt(8) if len(block.columns) > 5 else Pt(9.5)
    for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_clean(text))
        run.bold = True
        run.font.size = size
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E5E7EB")
        cell._tc.get_or_add_tcPr().append(shading)
    # Repeat the header row on every page the table spans.
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(_clean(text))
            run.font.size = size
    if len(block.widths) == len(block.columns):
        table.autofit = False
        for column, width in zip(table.columns, block.widths, strict=True):
            column.width = Cm(width)  # the grid LibreOffice reads
        for row in table.rows:
            for cell, width in zip(row.cells, block.widths, strict=True):
                cell.width = Cm(width)
    document.add_paragraph()


def to_docx(doc: PlanDocument, images: dict[str, bytes] | None = None) -> bytes:
    """The plan as a Word document (bytes): title page, marking in header and footer, headings,
    tables and the figures as PNG images."""
    if images is None:
        images = render_figures(doc)
    document = Document()
    props = document.core_properties
    props.title = _clean(f"{doc.title}: {doc.case_name}")
    props.subject = _clean(doc.marking)
    props.author = "Groepsduiding"
    props.last_modified_by = "Groepsduiding"
    props.keywords = _clean(doc.classification)
    props.comments = ""

    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-NL")
    normal.element.get_or_add_rPr().append(language)  # Dutch spelling check in Word

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.2)
    _marking_paragraph(section.header.paragraphs[0], doc.marking)
    footer = section.footer.paragraphs[0]
    _marking_paragraph(footer, f"{doc.marking} · versie {doc.version} · pagina ")
    _page_number(footer)

    # Title page
    for _ in range(5):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(26)
    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = name.add_run(_clean(doc.case_name))
    run.font.size = Pt(18)
    document.add_paragraph()
    facts = [
        ("Gemeente", doc.municipality),
        ("Datum", _nl(doc.made_on)),
        ("Versie van de casus", str(doc.version)),
        ("Rubricering", doc.marking),
        ("Namen", "met namen (op verzoek, gelogd)" if doc.reveal_names else "alleen pseudoniemen"),
    ]
    for label, value in facts:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(f"{label}: ")
        r.bold = True
        p.add_run(_clean(value) or "-")
    note = document.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = note.add_run(
        "Concept voor het jeugdgroepenoverleg en de lokale driehoek. Niet verder verspreiden dan het "
        "convenant toestaat."
    )
    r.italic = True
    r.font.size = Pt(9)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for sec in doc.sections:
        document.add_heading(sec.heading, level=1)
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                if block.label:
                    p = document.add_paragraph()
                    r = p.add_run(_clean(block.label))
                    r.bold = True
                    p.paragraph_format.keep_with_next = True
                document.add_paragraph(_clean(block.text))
            elif isinstance(block, Bullets):
                if block.label:
                    p = document.add_paragraph()
                    r = p.add_run(_clean(block.label))
                    r.bold = True
                    p.paragraph_format.keep_with_next = True
                for item in block.items:
                    document.add_paragraph(_clean(item), style="List Bullet")
            elif isinstance(block, Table):
                _table(document, block)
            elif isinstance(block, Figure):
                png = images.get(block.key)
                if not png:
                    continue
                shape = document.add_picture(io.BytesIO(png), width=Cm(16.5))
                shape._inline.docPr.set("descr", _clean(block.caption))  # alt text for screen readers
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                caption = document.add_paragraph()
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = caption.add_run(f"Figuur: {_clean(block.caption)}")
                r.italic = True
                r.font.size = Pt(9)
    if doc.gaps:
        document.add_heading(GAPS_HEADING, level=1)
        for gap in doc.gaps:
            document.add_paragraph(_clean(gap.message), style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- one call for the page and the CLI -----------------------------------------------------------


def plan_filename(case: Case, fmt: str, today: date | None = None) -> str:
    today = today or date.today()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", case.name).strip("-").lower() or "casus"
    return f"plan-van-aanpak-{slug}-{today.isoformat()}.{fmt}"


_ANALYSES: OrderedDict[str, Any] = OrderedDict()


def _default_analysis(case: Case, reveal_names: bool = False) -> Any:
    """The analysis of the case as the Duiding page shows it by default; None when it cannot run.

    Kept for the last few case contents, so Word and Markdown of one version analyse once.
    """
    try:
        from duiding.analysis import AnalysisOptions, analyse
    except ImportError:
        return None
    key = hashlib.sha256(f"{reveal_names}|{json.dumps(case.to_dict(), sort_keys=True)}".encode()).hexdigest()
    if key in _ANALYSES:
        return _ANALYSES[key]
    try:
        result = analyse(case, AnalysisOptions(reveal_names=reveal_names))
    except Exception:  # the plan must export even when the analysis cannot run (e.g. an empty case)
        result = None
    _ANALYSES[key] = result
    while len(_ANALYSES) > 4:
        _ANALYSES.popitem(last=False)
    return result


def plan_bytes(
    case: Case,
    fmt: str,
    reveal_names: bool = False,
    analysis: Any = None,
    today: date | None = None,
) -> bytes:
    """The exported plan in ``fmt`` ("docx" or "md") as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend formaat '{fmt}': kies docx of md.")
    if analysis is None:
        analysis = _default_analysis(case, reveal_names)
    doc = assemble_plan(case, analysis=analysis, reveal_names=reveal_names, today=today)
    if fmt == "docx":
        return to_docx(doc)
    return to_markdown(doc).encode("utf-8")


def export_plan(
    case: Case,
    fmt: str,
    path: Path | str,
    reveal_names: bool = False,
    analysis: Any = None,
    today: date | None = None,
) -> Path:
    """Write the plan to ``path`` as Word (``docx``) or Markdown (``md``); returns the path.

    Names appear only with ``reveal_names`` and a recorded 2B decision. The caller logs the export.
    """
    target = Path(path)
    data = plan_bytes(case, fmt, reveal_names=reveal_names, analysis=analysis, today=today)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
