"""The plan from the command line: export (audited), open points and suggestions."""

from __future__ import annotations

import argparse

import pytest
from docx import Document

from duiding.plan.cli import register


def _main(argv: list[str]) -> int:
    """A parser with the plan command registered the way the main CLI registers it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def run(sqlite_url, capsys):
    from duiding.sample import load_sample_case
    from duiding.store import CaseStore

    store = CaseStore(sqlite_url)
    store.migrate()
    store.create(load_sample_case(), "tester")

    def _run(*argv: str, main=_main) -> tuple[int, str]:
        code = main(list(argv))
        return code, capsys.readouterr().out

    _run.store = store
    return _run


def test_plan_export_writes_docx_and_logs_it(run, tmp_path):
    out = tmp_path / "plan.docx"
    code, printed = run(
        "plan",
        "--case",
        "Jeugdgroep Stationsplein",
        "--export",
        "docx",
        "--out",
        str(out),
        "--date",
        "2026-11-30",
    )
    assert code == 0
    assert f"→ {out}" in printed
    assert Document(str(out)).paragraphs
    entries = run.store.audit_entries("voorbeeld-stationsplein")
    assert any(
        e.action == "export"
        and e.detail == "plan van aanpak voor de driehoek (docx, peildatum 30-11-2026) naar plan.docx"
        for e in entries
    )


def test_plan_check_lists_open_points(run):
    code, printed = run("plan", "--case", "voorbeeld-stationsplein", "--date", "2026-11-30", "--strict")
    assert code == 1
    assert "- De probleemdefinitie is nog leeg." in printed.splitlines()


def test_plan_suggest_prints_reasons(run):
    code, printed = run(
        "plan", "--case", "voorbeeld-stationsplein", "--suggest", "--date", "2026-11-30", "--limit", "40"
    )
    assert code == 0
    assert "voorgesteld omdat: J07, J08 en J16 hebben gezinsproblemen" in printed


def test_main_cli_export_plan_markdown(run, tmp_path):
    from duiding.cli import main

    out = tmp_path / "plan.md"
    code, _ = run("export", "--case", "voorbeeld-stationsplein", "--plan", "md", "--out", str(out), main=main)
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "## 1. Samenvatting en advies aan de driehoek" in text
    assert "Dex" not in text


def test_plan_command_is_registered_in_the_main_cli(run):
    from duiding.cli import main

    code, printed = run("plan", "--case", "voorbeeld-stationsplein", "--date", "2026-11-30", main=main)
    assert code == 0
    assert printed.startswith("16 open punten:")


@pytest.mark.parametrize(
    ("document", "heading", "header"),
    [
        ("plan", "## 16. Privacy", "Concept plan van aanpak voor de lokale driehoek"),
        (
            "bijlage",
            "## 1. Leden: typering, rol en kansen",
            "Vertrouwelijke bijlage: alleen voor het jeugdgroepenoverleg",
        ),
        ("beleidsadvies", "## 3. Gevraagd besluit", "Beleidsadvies (stap 4) voor de lokale driehoek"),
    ],
)
def test_main_cli_exports_each_document_at_a_peildatum(run, tmp_path, document, heading, header):
    from duiding.cli import main

    out = tmp_path / f"{document}.md"
    code, printed = run(
        "export",
        "--case",
        "voorbeeld-stationsplein",
        "--plan",
        "md",
        "--document",
        document,
        "--date",
        "2026-11-30",
        "--out",
        str(out),
        main=main,
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert heading in text.splitlines()
    assert text.splitlines()[0].endswith(f"{header}**")
    assert "peildatum 30-11-2026" in text
    assert "Dex" not in text and "Fenna Verhoef" not in text  # no names by default
    entry = run.store.audit_entries("voorbeeld-stationsplein")[-1]
    assert entry.action == "export" and entry.detail.endswith(f"naar {document}.md")
    assert "peildatum 30-11-2026" in entry.detail


def test_names_only_with_names_flag_and_audited(run, tmp_path):
    from duiding.cli import main

    out = tmp_path / "bijlage.md"
    code, _ = run(
        "export",
        "--case",
        "voorbeeld-stationsplein",
        "--plan",
        "md",
        "--document",
        "bijlage",
        "--date",
        "2026-11-30",
        "--names",
        "--out",
        str(out),
        main=main,
    )
    assert code == 0
    assert "Dex (J01)" in out.read_text(encoding="utf-8")
    entry = run.store.audit_entries("voorbeeld-stationsplein")[-1]
    assert entry.detail.endswith("met namen")
