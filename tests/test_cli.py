"""The command line: every command has Dutch help, and the commands change the store as promised."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from duiding.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


def test_cli_offers_the_promised_commands():
    assert {"init", "list", "sample", "import", "export", "analyse"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: ") and len(out) > 80
    assert "show this help" not in out and "options:" not in out and "usage:" not in out


def test_usage_errors_are_dutch(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export"])
    assert exc.value.code == 2
    assert "fout: deze argumenten zijn verplicht: --case, --out" in capsys.readouterr().err


def test_init_loads_the_sample_case_once(sqlite_url, capsys):
    assert main(["init"]) == 0
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["naam"] for c in listed] == ["Jeugdgroep Stationsplein"]
    assert listed[0]["versie"] == 1


def test_export_json_then_import_bundle_gives_an_identical_case(sqlite_url, tmp_path, capsys):
    from duiding.store import CaseStore

    main(["init"])
    out = tmp_path / "casus.json"
    args = ["export", "--case", "Jeugdgroep Stationsplein", "--format", "json", "--out", str(out), "--names"]
    assert main(args) == 0
    assert main(["import", "--bundle", str(out)]) == 0
    store = CaseStore(sqlite_url)
    first, second = (store.load(s.id) for s in store.list_cases())
    a, b = first.to_dict(), second.to_dict()
    for d in (a, b):
        d.pop("id"), d.pop("version")
    assert a == b
    exports = [e for e in store.audit_entries() if e.action == "export"]
    assert len(exports) == 1 and "met namen" in exports[0].detail


def test_default_json_export_holds_pseudonyms_but_no_names(sqlite_url, tmp_path):
    from duiding.sample import load_sample_case

    main(["init"])
    out = tmp_path / "casus.json"
    assert main(["export", "--case", "Jeugdgroep Stationsplein", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    sample = load_sample_case()
    assert all(m.pseudonym in text for m in sample.members)
    assert not [m.name for m in sample.members if m.name and f'"{m.name}"' in text]


def test_import_of_broken_ties_file_writes_nothing_and_names_row_and_field(sqlite_url, tmp_path, capsys):
    from duiding.store import CaseStore

    main(["init"])
    store = CaseStore(sqlite_url)
    (summary,) = store.list_cases()
    bad = tmp_path / "relaties.csv"
    bad.write_text("van;naar;sterkte\nJ01;J02;2\nJ01;ONBEKEND;1\n", encoding="utf-8")
    assert main(["import", "--case", summary.id, "--ties", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Rij 2, kolom 'naar'" in err and "niets opgeslagen" in err
    assert store.load(summary.id).version == summary.version


def test_unknown_case_gives_dutch_error(sqlite_url, capsys):
    main(["init"])
    assert main(["export", "--case", "bestaat-niet", "--out", "x.json"]) == 1
    assert "niet gevonden" in capsys.readouterr().err


def test_python_m_duiding_runs_as_a_module(sqlite_url):
    result = subprocess.run(
        [sys.executable, "-m", "duiding", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "opdracht" in result.stdout
