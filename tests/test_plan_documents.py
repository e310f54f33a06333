"""The three plan documents of the sample case (plan for the driehoek, annex for the overleg, stap-4
beleidsadvies) against each other and against the Duiding page at one peildatum; the beleidsadvies fits
on two pages; a bundle written by the previous release exports all three."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers_apptest import all_text, start_app

from duiding.io.bundle import read_bundle
from duiding.plan.report import plan_bytes
from duiding.sample import load_sample_case

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _markdown(case, document: str, today: date) -> str:
    md = plan_bytes(case, "md", document=document, today=today).decode("utf-8")
    return re.sub(r"\(data:image/png;base64,[^)]*\)", "", md)


def test_sample_member_count_and_broker_equal_on_duiding_page_plan_annex_and_beleidsadvies(sqlite_url):
    today = date.today()  # the Duiding page's peildatum is today
    app = start_app(timeout=60)
    app.switch_page("pages/duiding.py").run()
    assert not app.exception, app.exception
    page = all_text(app)
    page_counts = set(re.findall(r"\(\d+e van (\d+)\)", page))
    page_brokers = set(re.findall(r"\*\*(J\d+): Verbinder tussen subgroepen\*\*", page))
    assert page_counts == {"23"}
    assert page_brokers == {"J11"}

    case = load_sample_case()
    plan = _markdown(case, "plan", today)
    annex = _markdown(case, "bijlage", today)
    advice = _markdown(case, "beleidsadvies", today)
    peildatum = f"peildatum {today:%d-%m-%Y}"
    assert all(peildatum in text for text in (plan, annex, advice))

    assert "Op de peildatum zijn 23 leden actief" in plan
    assert "1 lid verbindt de subgroepen met elkaar." in plan
    assert "| Actieve leden in de analyse | 23 |" in annex
    assert "| Brug tussen de subgroepen (betweenness) | J11 |" in annex
    assert "23 actieve leden in 2 subgroepen; 1 lid verbindt de subgroepen." in advice
    # The driehoek's documents carry no pseudonym; only the annex names J11.
    assert re.findall(r"\bJ\d\d\b", plan) == [] and re.findall(r"\bJ\d\d\b", advice) == []


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_sample_beleidsadvies_renders_to_at_most_two_pages(tmp_path):
    soffice = _soffice()
    if soffice is None or not shutil.which("pdfinfo"):
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice of pdfinfo ontbreekt in CI (.ci/run installeert ze)")
        pytest.skip(
            "LibreOffice (soffice) of poppler (pdfinfo) ontbreekt: deze paginatelling wordt overgeslagen"
        )
    source = tmp_path / "beleidsadvies.docx"
    source.write_bytes(plan_bytes(load_sample_case(), "docx", document="beleidsadvies"))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "beleidsadvies.pdf")], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 1 <= pages <= 2


def test_bundle_of_previous_release_loads_and_exports_all_three_documents():
    case = read_bundle((FIXTURES / "release-0001-bundle.json").read_bytes())
    assert case.name == "Jeugdgroep Stationsplein"
    assert len(case.members) == 25
    assert (case.plan.summary_group, case.plan.decisions_asked) == ("", [])  # new fields take their defaults
    assert case.meetings == []
    for document in ("plan", "bijlage", "beleidsadvies"):
        md = _markdown(case, document, date(2026, 12, 2))
        assert "peildatum 02-12-2026" in md


@pytest.mark.parametrize("document", ["plan", "bijlage", "beleidsadvies"])
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_sample_documents_hold_no_member_name_by_default(document, fmt):
    import io

    from docx import Document

    case = load_sample_case()
    names = {part for m in case.members if m.name for part in [m.name, *m.name.split()] if len(part) > 3}
    data = plan_bytes(case, fmt, document=document, today=date(2026, 12, 2))
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        text = "\n".join([p.text for p in doc.paragraphs] + cells)
    else:
        text = re.sub(r"\(data:image/png;base64,[^)]*\)", "", data.decode("utf-8"))
    assert names and sorted(n for n in names if re.search(rf"\b{re.escape(n)}\b", text)) == []
