"""Hypothesis strategies for hostile import files, and the property every import must keep.

Shared by tests/test_import_fuzz.py (a few hundred examples) and bench/fuzz_import.py (10,000+).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
from hypothesis import strategies as st

from duiding.io import import_files
from duiding.io.columns import COLUMNS
from duiding.io.tables import CONTROL_CHARS
from duiding.model import Case, Contact, Incident, Member, Tie
from duiding.validate import Problem, validate_case

KINDS = ("members", "ties", "incidents")
ENGLISH = re.compile(r"Traceback|Error|error|exception|NoneType|codec|invalid|object|None\b|\bnan\b")


def base_case() -> Case:
    """A small valid case the hostile files are imported into."""
    case = Case(
        "Fuzzgroep",
        id="c-fuzz",
        members=[Member(id=f"m{i:02d}", pseudonym=f"J{i:02d}", typing="risk") for i in range(1, 5)],
        contacts=[Contact(id="k1", role="trainer")],
        ties=[Tie("m01", "m02", id="t1"), Tie("m02", "k1", layer="supportive", id="t2")],
        incidents=[Incident("i1", date=date(2025, 3, 1), type="nuisance", members=["m01", "m03"])],
    )
    assert validate_case(case) == []
    return case


HEADER_WORDS = [c.name for cols in COLUMNS.values() for c in cols] + [
    a for cols in COLUMNS.values() for c in cols for a in c.aliases
]
FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","klik")',
    "+1+1",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=1",
    "=1+1",
]
VALUES = [
    "m01",
    "m02",
    "m03",
    "m04",
    "J01",
    "k1",
    "m99",
    "",
    " ",
    "Drugs",
    "drugs, stelen",
    "Online (bedreiging, drill, sexting)",
    "Zorgjongere",
    "boef",
    "Kopstuk",
    "Stuurt aan",
    "offline",
    "Politie",
    "fbi",
    "1",
    "2",
    "3",
    "0",
    "4",
    "-1",
    "sterk",
    "2008",
    "1850",
    "twintig",
    "01-09-2025",
    "2025-09-01",
    "31-02-2025",
    "1-1-2026",
    "15/10/2025",
    "2025-13-01",
    "morgen",
    "Zoë en René",
    'aanhalings"teken',
    "a;b,c\td",
    "regel\nnieuw",
    "<script>alert(1)</script>",
    "\x00nul",
    "\ufffe",
    "😀",
]

cell = st.one_of(
    st.sampled_from(VALUES),
    st.sampled_from(FORMULAS),
    st.text(max_size=20),
    st.builds(lambda n, c: c * n, st.integers(5_000, 30_000), st.sampled_from(["x", "é", ";", '"'])),
)


def _vary(header: str, draw) -> str:
    style = draw(st.integers(0, 4))
    if style == 1:
        return header.upper()
    if style == 2:
        return header.replace("_", " ").title()
    if style == 3:
        return f" {header} "
    return header


@st.composite
def hostile_tables(draw) -> tuple[str, list[list[str]]]:
    """(kind, rows) where rows[0] is the header; columns may be missing, unknown or doubled."""
    kind = draw(st.sampled_from(KINDS))
    names = [c.name for c in COLUMNS[kind]]
    headers = draw(st.lists(st.sampled_from(names + HEADER_WORDS + ["onzin", "", "Naam"]), max_size=8))
    if draw(st.booleans()):
        headers = [c.name for c in COLUMNS[kind] if c.required] + headers
    headers = [_vary(h, draw) for h in headers]
    n_rows = draw(st.integers(0, 6))
    rows = [headers]
    for _ in range(n_rows):
        width = len(headers) + draw(st.sampled_from([0, 0, 0, 0, 0, 0, -1, -2, 1, 2]))
        rows.append([draw(cell) for _ in range(max(0, width))])
    return kind, rows


def _csv_bytes(rows: list[list[str]], delimiter: str, encoding: str, raw: bool) -> bytes:
    if raw:  # no quoting at all: delimiters and line breaks inside cells break the structure
        text = "\r\n".join(delimiter.join(r) for r in rows)
    else:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        text = buffer.getvalue()
    return text.encode(encoding, errors="replace")


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Leden"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cleaned = CONTROL_CHARS.sub("", value)[:32_000]
            sheet.cell(row=r, column=c, value=cleaned).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mutate(data: bytes, draw) -> bytes:
    how = draw(st.integers(0, 3))
    if how == 0 or not data:
        return data
    # A fraction, not an offset: XLSX bytes differ slightly between runs (zip timestamps).
    pos = draw(st.integers(0, 999_999)) * len(data) // 1_000_000
    if how == 1:
        return data[:pos]
    if how == 2:
        return data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos + 1 :]
    return data[:pos] + b"\xff\xfe\x00\x81\x8d" + data[pos:]


@st.composite
def hostile_files(draw) -> tuple[str, bytes, str]:
    """(kind, file bytes, file name): CSV in many encodings and delimiters, XLSX, damaged or random bytes."""
    kind, rows = draw(hostile_tables())
    form = draw(st.sampled_from(["csv"] * 6 + ["xlsx", "random", "mutated"]))
    if form == "random":
        data = draw(st.binary(max_size=400))
        name = draw(st.sampled_from(["leden.csv", "x.xlsx", "x.txt", "x.xls", "x.pdf", "x"]))
        return kind, data, name
    if form == "xlsx":
        data = _xlsx_bytes(rows)
        return kind, _mutate(data, draw) if draw(st.booleans()) else data, "lijst.xlsx"
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1", "utf-32"]))
    data = _csv_bytes(rows, delimiter, encoding, raw=draw(st.integers(0, 3)) == 0)
    if form == "mutated":
        data = _mutate(data, draw)
    return kind, data, draw(st.sampled_from(["leden.csv", "relaties.txt", "incidenten.CSV", "x.tsv"]))


def check_problem(problem: Problem, filename: str) -> None:
    """A problem is a Problem with a Dutch message that names its file, row and field."""
    assert isinstance(problem, Problem)
    assert isinstance(problem.message, str) and problem.message
    assert problem.message.startswith(f"{filename}: "), problem.message
    assert isinstance(problem.field, str) and problem.field, problem
    if problem.row is not None:
        assert f"rij {problem.row}" in problem.message.lower(), problem.message
    if problem.field != "bestand":
        assert f"olom '{problem.field}'" in problem.message, problem.message  # 'Kolom' or 'kolom'
    own_words = re.sub(r"'[^']*'", "", problem.message[len(filename) + 2 :])
    assert not ENGLISH.search(own_words), problem.message


def check_import(case: Case, kind: str, data: bytes, filename: str) -> list[Problem]:
    """Import a hostile file: never raises, all or nothing, every problem well formed."""
    before = case.to_dict()
    new_case, problems = import_files(case, **{kind: (data, filename)})
    assert case.to_dict() == before, "the case passed in was changed"
    if problems:
        assert new_case is None
        for p in problems:
            check_problem(p, filename)
    else:
        assert new_case is not None
        assert validate_case(new_case) == []
        old_ids = [m.id for m in case.members]
        assert [m.id for m in new_case.members][: len(old_ids)] == old_ids
    return problems
