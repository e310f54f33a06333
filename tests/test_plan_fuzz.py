"""No text a user types (or a catalogue file holds) crashes the catalogue loader or the exports."""

from __future__ import annotations

import io

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duiding.model import Case, Measure, Member
from duiding.plan.assemble import assemble_plan
from duiding.plan.catalogue import CatalogueError, Intervention, parse_catalogue
from duiding.plan.report import to_docx, to_markdown

HEADER = "id;naam;spoor;erkenning;beschrijving;bron\n"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_catalogue_parser_returns_interventions_or_a_dutch_error(body):
    try:
        items = parse_catalogue(HEADER + body)
    except CatalogueError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert items and all(isinstance(i, Intervention) for i in items)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200), st.text(max_size=60))
def test_any_user_text_exports_to_word_and_markdown(text, name):
    case = Case(name=name or "x", members=[Member("a", pseudonym="J01", name=name, opportunities=text)])
    case.plan.problem_definition = text
    case.plan.texts["advice"] = text
    case.plan.measures = [Measure("m1", title=text, description=text, member_ids=["a"])]
    doc = assemble_plan(case, reveal_names=False)
    document = Document(io.BytesIO(to_docx(doc, images={})))
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")][
        0
    ] == "1. Samenvatting en advies aan de driehoek"
    md = to_markdown(doc, embed_images=False)
    assert "<" not in md.replace("&lt;", "")
