"""The concept plan for the driehoek from the sample case: every section, Word and Markdown exports,
PDF via LibreOffice. The annex and the beleidsadvies are tested in test_plan_documents.py."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from duiding.plan.assemble import SECTIONS, Figure, Table, assemble_plan
from duiding.plan.demo import demo_plan
from duiding.plan.report import GAPS_HEADING, export_plan, to_docx, to_markdown
from duiding.sample import load_sample_case

TODAY = date(2026, 11, 30)
HEADINGS = [f"{n}. {title}" for n, (_, title) in enumerate(SECTIONS, start=1)]
MARKING = "Vertrouwelijk — alleen voor convenantpartners"


@pytest.fixture(scope="module")
def sample():
    return load_sample_case()


@pytest.fixture(scope="module")
def planned(sample):
    return demo_plan(sample, TODAY)


@pytest.fixture(scope="module")
def docx_bytes(planned):
    return to_docx(assemble_plan(planned, today=TODAY))


def _names(case) -> list[str]:
    return sorted({m.name for m in case.members if m.name})


def _has_name(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    parts.append(document.core_properties.title or "")
    return "\n".join(parts)


def test_sample_plan_has_every_section_in_order(sample):
    doc = assemble_plan(sample, today=TODAY)
    assert doc.headings == HEADINGS
    assert all(section.blocks for section in doc.sections)
    assert doc.marking == MARKING


def test_sample_plan_sections_carry_the_case_facts(planned):
    doc = assemble_plan(planned, today=TODAY)
    signals = doc.section("signals")
    by_type = next(b for b in signals.blocks if isinstance(b, Table) and b.caption == "Incidenten naar soort")
    assert ["Wapens", "4", "14-03-2026", "17-10-2026", "Politie"] in by_type.rows
    # A concept shows no monitoring status and no network picture (that is in the annex).
    assert {b.key for s in doc.sections for b in s.blocks if isinstance(b, Figure)} == {"incidents"}
    measures = doc.section("measures")
    tables = {b.caption: b for b in measures.blocks if isinstance(b, Table)}
    assert set(tables) == {"Groepsgericht", "Persoonsgericht", "Domeingericht"}
    mst = next(r for r in tables["Persoonsgericht"].rows if r[0].startswith("Multisysteem Therapie (MST)"))
    assert mst[0] == "Multisysteem Therapie (MST) [effectief volgens sterke aanwijzingen]"
    assert mst[1] == "14 leden"  # a count, not the members: those are in the annex
    assert "Status" not in tables["Persoonsgericht"].columns
    assert doc.gaps == []


def test_definitive_plan_shows_monitoring_status(planned):
    case = planned.copy()
    case.step = "5"
    doc = assemble_plan(case, today=TODAY)
    assert doc.title == "Plan van aanpak"
    assert {b.key for s in doc.sections for b in s.blocks if isinstance(b, Figure)} == {
        "incidents",
        "indicators",
    }
    table = next(b for b in doc.section("monitoring").blocks if isinstance(b, Table))
    assert table.columns[-2:] == ["Laatste meting", "Stand"]
    assert "Status" in next(b for b in doc.section("measures").blocks if isinstance(b, Table)).columns


def test_network_is_told_in_plain_words_without_names_or_jargon(sample):
    from duiding.analysis import AnalysisOptions, analyse

    doc = assemble_plan(sample, analyse(sample, AnalysisOptions(as_of=TODAY)), today=TODAY)
    plain = next(
        b
        for b in doc.section("interpretation").blocks
        if getattr(b, "label", "") == "Wat het netwerk laat zien"
    )
    assert plain.items[:4] == [
        "Op de peildatum zijn 23 leden actief, met 54 onderlinge banden.",
        "De groep valt uiteen in 2 subgroepen.",
        "1 lid verbindt de subgroepen met elkaar.",
        "De kern van de groep bestaat uit 9 leden.",
    ]
    md = to_markdown(doc, embed_images=False).casefold()
    for word in (
        "krackhardt",
        "k-core",
        "k-kern",
        "modulariteit",
        "modularity",
        "betweenness",
        "eigenvector",
    ):
        assert word not in md, word
    assert re.findall(r"\bj\d\d\b", md) == []  # no pseudonym either: no per-member detail


def test_members_appear_by_pseudonym_unless_names_are_revealed(sample):
    from duiding.plan.annex import assemble_annex

    hidden = assemble_annex(sample, today=TODAY)
    shown = assemble_annex(sample, reveal_names=True, today=TODAY)
    typing_rows = lambda d: next(b for b in d.section("members").blocks if isinstance(b, Table)).rows  # noqa: E731
    assert typing_rows(hidden)[0][0] == "J01"
    assert typing_rows(shown)[0][0] == "Dex (J01)"
    # Names in free text (kansen of J23 mention another member) are replaced by the pseudonym.
    j23 = next(r for r in typing_rows(hidden) if r[0] == "J23")
    assert j23[5] == "Alleen gezien met J06; geen eigen incidenten."


def test_names_are_never_shown_without_a_2b_decision(sample):
    case = sample.copy()
    case.decisions = [d for d in case.decisions if d.step != "2B"]
    doc = assemble_plan(case, reveal_names=True, today=TODAY)
    assert doc.reveal_names is False
    md = to_markdown(doc, embed_images=False)
    assert not [n for n in _names(case) if _has_name(md, n)]


def test_docx_opens_with_every_heading_images_and_marking(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == HEADINGS  # complete plan: no appendix of open points
    assert [s._inline.docPr.get("descr") for s in document.inline_shapes] == [
        "Incidenten per maand naar soort"
    ]
    for section in document.sections:
        assert (
            section.header.paragraphs[0].text
            == f"{MARKING} · Concept plan van aanpak voor de lokale driehoek"
        )
        assert MARKING in section.footer.paragraphs[0].text
        assert "peildatum 30-11-2026" in section.footer.paragraphs[0].text
    texts = [p.text for p in document.paragraphs]
    assert texts[4] == "Concept plan van aanpak"
    assert (
        "Opgesteld door Procesregisseur jeugdgroepen (Gemeente Waterveld, team Openbare Orde en Veiligheid) in samenwerking met politie en OM"
        in texts
    )
    assert "Peildatum: 30-11-2026" in texts
    assert "Akkoord: akkoord politie 24-11-2026; akkoord OM 26-11-2026" in texts


def test_pseudonymised_docx_contains_no_member_name(planned, docx_bytes):
    text = _docx_text(Document(io.BytesIO(docx_bytes)))
    assert "23 actieve leden" in text
    assert re.findall(r"\bJ\d\d\b", text) == []  # not even pseudonyms: member detail is in the annex
    assert [n for n in _names(planned) if _has_name(text, n)] == []


def test_docx_with_names_contains_them(planned):
    document = Document(
        io.BytesIO(to_docx(assemble_plan(planned, reveal_names=True, today=TODAY), images={}))
    )
    text = _docx_text(document)
    assert "Fenna Verhoef, Procesregisseur jeugdgroepen" in text  # the regie by name
    assert "Dex" not in text  # member detail is in the annex only
    hidden = _docx_text(Document(io.BytesIO(to_docx(assemble_plan(planned, today=TODAY), images={}))))
    assert "Fenna Verhoef" not in hidden and "Ruud Kamphuis" not in hidden


def test_open_points_appendix_lists_gaps(sample):
    document = Document(io.BytesIO(to_docx(assemble_plan(sample, today=TODAY), images={})))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [*HEADINGS, GAPS_HEADING]
    assert "De probleemdefinitie is nog leeg." in [p.text for p in document.paragraphs]


def test_markdown_has_every_heading_embedded_images_and_no_names(planned):
    md = to_markdown(assemble_plan(planned, today=TODAY))
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == HEADINGS
    assert md.count("](data:image/png;base64,") == 1
    assert md.startswith(f"**{MARKING} · Concept plan van aanpak voor de lokale driehoek**")
    text = re.sub(r"\(data:image/png;base64,[^)]*\)", "", md)
    assert [n for n in _names(planned) if _has_name(text, n)] == []


def test_markdown_escapes_user_text(sample):
    case = sample.copy()
    case.plan.problem_definition = "<script>alert(1)</script> | **vet**"
    md = to_markdown(assemble_plan(case, today=TODAY), embed_images=False)
    assert "<script>" not in md
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*\*vet\*\*" in md


def test_export_plan_writes_both_formats(planned, tmp_path):
    docx_path = export_plan(planned, "docx", tmp_path / "plan.docx", today=TODAY)
    md_path = export_plan(planned, "md", tmp_path / "plan.md", today=TODAY)
    assert Document(str(docx_path)).paragraphs
    assert md_path.read_text(encoding="utf-8").count("## ") >= 10
    with pytest.raises(ValueError, match="Onbekend formaat 'pdf'"):
        export_plan(planned, "pdf", tmp_path / "plan.pdf")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_docx_converts_to_pdf_with_libreoffice(docx_bytes, tmp_path):
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) ontbreekt: installeer 'libreoffice-writer-nogui' voor deze test")
    source = tmp_path / "plan.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = Path(tmp_path / "plan.pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Concept plan van aanpak" in text
        assert MARKING in text
        assert "1. Samenvatting en advies aan de driehoek" in text
        assert "16. Privacy" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        assert list(tmp_path.glob("page-*.png"))


def test_an_empty_case_exports_with_every_section_and_open_points(tmp_path):
    from duiding.model import Case

    case = Case(name="Lege casus")
    path = export_plan(case, "docx", tmp_path / "leeg.docx", today=TODAY)
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [*HEADINGS, GAPS_HEADING]
    assert len(document.inline_shapes) == 0
