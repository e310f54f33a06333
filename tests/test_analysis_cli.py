"""``python -m duiding analyse``: JSON that matches the documented fields, text, stored cases, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from duiding.cli import main
from duiding.sample import SAMPLE_DIR

DOC = Path(__file__).resolve().parent.parent / "docs" / "analyse.md"
FILES = [
    "--members",
    str(SAMPLE_DIR / "leden.csv"),
    "--ties",
    str(SAMPLE_DIR / "relaties.csv"),
    "--incidents",
    str(SAMPLE_DIR / "incidenten.csv"),
]


def documented(section: str) -> set[str]:
    """Field names in the first column of the table under the heading ``### {section}`` in docs/analyse.md."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"### {section}\n", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.MULTILINE))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory):
    out = tmp_path_factory.mktemp("analyse") / "sample.json"
    assert main(["analyse", *FILES, "--runs", "10", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_json_has_exactly_the_documented_top_level_fields(sample_json):
    assert set(sample_json) == documented("Bovenste niveau")
    assert sample_json["format"] == "groepsduiding-analyse" and sample_json["format_version"] == 1


def test_every_member_has_exactly_the_documented_fields(sample_json):
    fields = documented("`members[]`")
    assert len(fields) == 26
    assert len(sample_json["members"]) == 25
    for member in sample_json["members"]:
        assert set(member) == fields, member["id"]
        assert set(member["robustness"]) == {
            "role_agreement",
            "rank_agreement",
            "status",
            "rank_status",
            "runs",
            "rank_tolerance",
        }
        assert isinstance(member["role_reasons"], list) and member["role_reasons"]
        assert member["robustness"]["status"] in ("stabiel", "onzeker")


def test_group_has_exactly_the_documented_fields(sample_json):
    assert set(sample_json["group"]) == documented("`group`")
    assert set(sample_json["group"]["hierarchy"]) == {
        "directed_ties",
        "krackhardt",
        "flow",
        "global_reaching",
        "top",
        "levels",
        "chain",
    }


def test_json_values_for_the_sample(sample_json):
    by_id = {m["id"]: m for m in sample_json["members"]}
    assert by_id["m11"]["suggested_role"] == "broker"
    assert by_id["m22"]["suggested_role"] == "isolated"
    assert len(sample_json["communities"]) == 2
    assert sample_json["group"]["hierarchy"]["krackhardt"] == 1.0
    assert sample_json["layers"] is None and sample_json["what_if"] is None and sample_json["change"] is None
    assert "Kiki" not in json.dumps(sample_json, ensure_ascii=False)  # names never leave through the CLI


def test_what_if_layers_and_change_when_asked(capsys):
    code, out, _ = run(
        capsys, "analyse", *FILES, "--runs", "3", "--remove", "J11", "--compare", "online:offline"
    )
    data = json.loads(out)
    assert code == 0
    assert data["what_if"]["removed"] == ["m11"]
    assert data["layers"]["layer_a"] == "online" and data["layers"]["layer_b"] == "offline"
    code, out, _ = run(
        capsys, "analyse", *FILES, "--runs", "3", "--as-of", "15-11-2026", "--compare", "2026-03-01"
    )
    change = json.loads(out)["change"]
    assert change["joined"] == ["m19", "m20", "m25"] and change["left"] == ["m09", "m21"]


def test_layers_option_accepts_dutch_labels(capsys):
    code, out, _ = run(capsys, "analyse", *FILES, "--runs", "3", "--layers", "Online contact")
    assert code == 0
    assert json.loads(out)["options"]["layers"] == ["online"]


def test_text_format_is_dutch(capsys):
    code, out, _ = run(capsys, "analyse", *FILES, "--runs", "3", "--format", "text")
    assert code == 0
    assert "Is er sprake van hiërarchie?" in out
    assert "J11 " in out and "Verbinder tussen subgroepen" in out


def test_stored_case_and_frozen_version(tmp_path, capsys):
    db = ["--database", f"sqlite:///{tmp_path / 'cli.db'}"]
    assert main([*db, "sample"]) == 0
    from duiding.store import CaseStore

    store = CaseStore(f"sqlite:///{tmp_path / 'cli.db'}")
    (summary,) = store.list_cases()
    store.freeze(summary.id, "Overleg 12 maart", "test")
    capsys.readouterr()
    code, out, _ = run(
        capsys,
        *db,
        "analyse",
        "--case",
        "Jeugdgroep Stationsplein",
        "--runs",
        "3",
        "--compare",
        "Overleg 12 maart",
    )
    data = json.loads(out)
    assert code == 0
    assert data["case"]["name"] == "Jeugdgroep Stationsplein"
    assert data["change"]["before"] == "vorige versie" and data["change"]["ties_new"] == []


def test_unknown_case_gives_a_dutch_error(tmp_path, capsys):
    code, _, err = run(
        capsys, "--database", f"sqlite:///{tmp_path / 'leeg.db'}", "analyse", "--case", "bestaat-niet"
    )
    assert code == 1
    assert "Casus 'bestaat-niet' niet gevonden" in err


def test_broken_file_gives_dutch_problems(tmp_path, capsys):
    ties = tmp_path / "relaties.csv"
    ties.write_text("van;naar\nm01;onbekend\n", encoding="utf-8")
    code, _, err = run(capsys, "analyse", "--members", str(SAMPLE_DIR / "leden.csv"), "--ties", str(ties))
    assert code == 1
    assert "niet te analyseren" in err and "onbekend" in err


def test_ties_without_members_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["analyse", "--ties", str(SAMPLE_DIR / "relaties.csv")])
    assert "--case" in capsys.readouterr().err


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["analyse", "--help"])
    assert exit_info.value.code == 0
    assert "wat-als" in capsys.readouterr().out


def test_min_strength_also_filters_the_layer_comparison(capsys):
    _, out, _ = run(capsys, "analyse", *FILES, "--runs", "3", "--compare", "online:offline")
    every = json.loads(out)["layers"]
    _, out, _ = run(
        capsys, "analyse", *FILES, "--runs", "3", "--compare", "online:offline", "--min-strength", "3"
    )
    strong = json.loads(out)["layers"]
    assert (every["ties_a"], every["ties_b"], every["shared"]) == (29, 45, 21)
    assert (strong["ties_a"], strong["ties_b"], strong["shared"]) == (7, 7, 7)
    assert json.loads(out)["options"]["min_strength"] == 3
