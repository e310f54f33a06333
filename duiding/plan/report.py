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
from duiding.plan.assemble import (
    DOCUMENT_KINDS,
    Bullets,
    Figure,
    Paragraph,
    PlanDocument,
    Table,
    assemble_plan,
)

__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "assemble_document",
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
GAPS_HEADING = "Open punten uit de controle"
# document kind -> what the download and the CLI call it
DOCUMENTS = {
    "plan": "Plan van aanpak voor de driehoek",
    "bijlage": "Bijlage voor het jeugdgroepenoverleg",
    "beleidsadvies": "Beleidsadvies stap 4",
}
assert set(DOCUMENTS) == set(DOCUMENT_KINDS)
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


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _md_cell(text: str) -> str:
    return _md_text(text).replace("\r", " ").replace("\n", " ")


def to_markdown(doc: PlanDocument, images: dict[str, bytes] | None = None, embed_images: bool = True) -> str:
    """The plan as Markdown. Figures are embedded as PNG data URIs (``embed_images``), else named."""
    if embed_images and images is None:
        images = render_figures(doc)
    lines = [
        f"**{_md_text(doc.header)}**",
        "",
        f"# {doc.title}: {_md_text(doc.case_name)}",
        "",
        f"{_md_text(doc.municipality)} · peildatum {_nl(doc.as_of)} · versie {doc.version}",
        "",
        f"{_md_text(doc.drawn_up_by)}. " + _md_text(_sentence("; ".join(doc.agreements))),
        "",
        "Alle aantallen in dit document zijn geteld op de peildatum.",
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
    lines += ["---", "", f"*{_md_text(doc.header)}*", ""]
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
    _marking_paragraph(section.header.paragraphs[0], doc.header)
    footer = section.footer.paragraphs[0]
    _marking_paragraph(footer, f"{doc.marking} · peildatum {_nl(doc.as_of)} · versie {doc.version} · pagina ")
    _page_number(footer)
    if doc.kind == "beleidsadvies":
        _short_title(document, doc)
    else:
        _title_page(document, doc)
    _body(document, doc, images)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title_facts(doc: PlanDocument) -> list[tuple[str, str]]:
    return [
        ("Document", doc.document_label),
        ("Gemeente", doc.municipality),
        ("Peildatum", _nl(doc.as_of)),
        ("Versie van de casus", str(doc.version)),
        ("Rubricering", doc.marking),
        ("Akkoord", "; ".join(doc.agreements)),
        (
            "Namen",
            "met namen (op verzoek, gelogd)" if doc.reveal_names else "geen namen, alleen pseudoniemen",
        ),
    ]


def _short_title(document, doc: PlanDocument) -> None:
    """A compact heading block instead of a title page (the beleidsadvies has one or two pages)."""
    title = document.add_paragraph()
    run = title.add_run(f"{doc.title}: {_clean(doc.case_name)}")
    run.bold = True
    run.font.size = Pt(16)
    p = document.add_paragraph()
    p.add_run(_clean(f"{doc.drawn_up_by}.")).italic = True
    for label, value in _title_facts(doc)[1:4] + _title_facts(doc)[5:6]:
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        r = line.add_run(f"{label}: ")
        r.bold = True
        line.add_run(_clean(value) or "-")
    document.add_paragraph()


def _title_page(document, doc: PlanDocument) -> None:
    for _ in range(4):
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
    by = document.add_paragraph()
    by.alignment = WD_ALIGN_PARAGRAPH.CENTER
    by.add_run(_clean(doc.drawn_up_by)).italic = True
    document.add_paragraph()
    for label, value in _title_facts(doc):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(f"{label}: ")
        r.bold = True
        p.add_run(_clean(value) or "-")
    note = document.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = note.add_run(
        "Alle aantallen in dit document zijn geteld op de peildatum. Niet verder verspreiden dan het "
        "convenant toestaat." + (" Deze bijlage gaat niet naar de driehoek." if doc.kind == "bijlage" else "")
    )
    r.italic = True
    r.font.size = Pt(9)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _body(document, doc: PlanDocument, images: dict[str, bytes]) -> None:
    for sec in doc.sections:
        if doc.kind == "plan" and sec.number == 2:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # the front page stands alone
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


# --- one call for the page and the CLI -----------------------------------------------------------


_FILE_PREFIX = {
    "plan": "plan-van-aanpak",
    "bijlage": "bijlage-jeugdgroepenoverleg",
    "beleidsadvies": "beleidsadvies",
}


def plan_filename(case: Case, fmt: str, today: date | None = None, document: str = "plan") -> str:
    today = today or date.today()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", case.name).strip("-").lower() or "casus"
    return f"{_FILE_PREFIX[document]}-{slug}-{today.isoformat()}.{fmt}"


def assemble_document(
    case: Case, document: str, analysis: Any = None, reveal_names: bool = False, today: date | None = None
) -> PlanDocument:
    """The plan (``"plan"``), the annex (``"bijlage"``) or the beleidsadvies (``"beleidsadvies"``)."""
    from duiding.plan.annex import assemble_annex, assemble_policy_advice

    builders = {"plan": assemble_plan, "bijlage": assemble_annex, "beleidsadvies": assemble_policy_advice}
    if document not in builders:
        raise ValueError(f"Onbekend document '{document}': kies {', '.join(DOCUMENTS)}.")
    return builders[document](case, analysis, reveal_names=reveal_names, today=today)


_ANALYSES: OrderedDict[str, Any] = OrderedDict()


def _default_analysis(case: Case, reveal_names: bool = False, as_of: date | None = None) -> Any:
    """The analysis of the case at the peildatum ``as_of`` (default today) as the Duiding page shows it
    (its default layers); None when it cannot run.

    Kept for the last few case contents, so the documents of one version analyse once.
    """
    as_of = as_of or date.today()
    try:
        from duiding.analysis import AnalysisOptions, analyse
    except ImportError:
        return None
    key = hashlib.sha256(
        f"{reveal_names}|{as_of.isoformat()}|{json.dumps(case.to_dict(), sort_keys=True)}".encode()
    ).hexdigest()
    if key in _ANALYSES:
        return _ANALYSES[key]
    try:
        result = analyse(case, AnalysisOptions(as_of=as_of, reveal_names=reveal_names))
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
    document: str = "plan",
) -> bytes:
    """One document (plan, bijlage or beleidsadvies) in ``fmt`` ("docx" or "md") as bytes.

    Every number comes from one analysis at the peildatum ``today`` (default: today, as the pages).
    """
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend formaat '{fmt}': kies docx of md.")
    today = today or date.today()
    if analysis is None:
        analysis = _default_analysis(case, reveal_names, today)
    doc = assemble_document(case, document, analysis=analysis, reveal_names=reveal_names, today=today)
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
    document: str = "plan",
) -> Path:
    """Write one document to ``path`` as Word (``docx``) or Markdown (``md``); returns the path.

    Names appear only with ``reveal_names`` and a recorded 2B decision. The caller logs the export.
    """
    target = Path(path)
    data = plan_bytes(case, fmt, reveal_names=reveal_names, analysis=analysis, today=today, document=document)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
