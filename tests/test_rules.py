"""One home per cross-cutting rule: table-driven tests of each rule and of the red-team findings."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from duiding import privacy
from duiding.auth import User
from duiding.fields import map_free_text
from duiding.io.export import bundle_bytes
from duiding.io.formulas import neutralise, unneutralise
from duiding.markdown import escape
from duiding.model import Assessment, Case, Decision, Measure, Member, StatusUpdate, Tie
from duiding.sample import load_sample_case

# --- spreadsheet formulas (red-team finding 14) ---------------------------------------------------

DANGEROUS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    "\uff1dHYPERLINK(1)",  # full-width =
    "\ufe66HYPERLINK(1)",  # small =
    " =1",
    "\u00a0=1",  # NBSP
    "\u200b=1",  # zero-width space
    "\ufeff=1",  # BOM
    "\n=1",
    "\t=1",
    "'=1",
    "|cmd",
    "%0A",
]
SAFE = ["Dex", "1-2", "J01", "", "'tekst", "e=mc2", "  tekst"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_cells_are_neutralised_and_round_trip(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", SAFE)
def test_plain_cells_stay_as_they_are(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


def test_audit_csv_neutralises_full_width_and_leading_space():
    class Entry:
        id, at, user, case_id, action = 1, None, "\uff1dcmd", "c1", "export"
        detail = " =HYPERLINK(1)"

    body = privacy.audit_csv([Entry()]).decode("utf-8-sig")
    assert body.splitlines()[1] == "1;;'\uff1dcmd;c1;export;' =HYPERLINK(1)"


# --- markdown escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![x](https://t.example/p.png)", "\\!\\[x\\](https://t.example/p.png)"),
        ("[klik](javascript:alert(1))", "\\[klik\\](javascript:alert(1))"),
        ("<img src=x>", "&lt;img src=x&gt;"),
        ("*vet* _schuin_ `code`", "\\*vet\\* \\_schuin\\_ \\`code\\`"),
        ("$x$ ~weg~ | # kop", "\\$x\\$ \\~weg\\~ \\| \\# kop"),
        (":red[rood]", ":red\\[rood\\]"),
        ("- lijst", "\\- lijst"),
        ("1. lijst", "1\\. lijst"),
        ("a\nb", "a b"),
        (None, ""),
    ],
)
def test_markdown_escape(text, expected):
    assert escape(text) == expected


def test_markdown_escape_keeps_lines_when_asked():
    assert escape("- a\n= b", multiline=True) == "\\- a\n\\= b"


def test_pages_plan_report_and_art15_use_the_one_rule():
    from duiding.plan import report
    from ui.text import md

    payload = "![x](https://t.example/p.png) <b>"
    assert md(payload) == escape(payload) == report._md_cell(payload)
    case = Case("x", members=[Member("a", "J01", note=payload)])
    assert f"- Notitie: {escape(payload)}" in privacy.member_report(case, "a").splitlines()


# --- names in free text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sami van der Berg zag Dex", "J01 zag J02"),
        ("sami en BERG en Van der Berg", "J01 en J01 en J01"),
        ("Dexter en Samira niet", "Dexter en Samira niet"),
        ("Dex,Sami;dex.", "J02,J01;J02."),
        ("Sami  van  der   Berg", "J01"),
        ("van de wijk", "van de wijk"),
    ],
)
def test_name_scrubber(text, expected):
    scrub = privacy.NameScrubber([("Sami van der Berg", "J01"), ("Dex", "J02")])
    assert scrub(text) == expected


def test_free_text_fields_and_id_fields():
    data = {
        "name": "Groep Dex",
        "members": [{"id": "Dex", "name": "Dex", "pseudonym": "Dex", "opportunities": "Dex"}],
        "ties": [{"source": "Dex", "target": "Dex", "layer": "Dex", "note": "Dex"}],
        "plan": {"measures": [{"member_ids": ["Dex"], "title": "Dex", "status": "Dex"}]},
    }
    out = map_free_text(data, lambda s: s.replace("Dex", "J01"))
    assert out == {
        "name": "Groep J01",
        "members": [{"id": "Dex", "name": "Dex", "pseudonym": "Dex", "opportunities": "J01"}],
        "ties": [{"source": "Dex", "target": "Dex", "layer": "Dex", "note": "J01"}],
        "plan": {"measures": [{"member_ids": ["Dex"], "title": "J01", "status": "Dex"}]},
    }


def _named_case() -> Case:
    case = Case(
        "Groep Stationsplein",
        id="c-names",
        decisions=[Decision("2B", date(2026, 1, 5), note="Besluit na melding over Dex Vos")],
        members=[
            Member("a", "J01", "Dex Vos", opportunities="Dex wil voetballen", note="Vos is thuis"),
            Member("b", "J02", "Mo", note="Mo"),
        ],
        ties=[Tie("a", "b", note="Dex en Mo")],
    )
    case.context.description = "Dex Vos en Mo hangen rond"
    case.plan.measures.append(
        Measure(
            "ms1", title="Gesprek met Dex", updates=[StatusUpdate(date(2026, 2, 1), "running", "Mo belde")]
        )
    )
    return case


def _names(text: str) -> list[str]:
    return [w for w in ("Dex", "Vos", "Mo") if re.search(rf"(?<!\w){w}(?!\w)", text, re.IGNORECASE)]


def test_pseudonymised_json_export_holds_no_name():
    """Red-team finding 3: ``export --format json`` marked pseudonymised held the full name."""
    data = json.loads(bundle_bytes(_named_case()))
    assert data["pseudonymised"] is True
    assert _names(json.dumps(data, ensure_ascii=False)) == []
    assert data["case"]["context"]["description"] == "J01 en J02 hangen rond"
    assert data["case"]["plan"]["measures"][0]["title"] == "Gesprek met J01"


def test_cli_json_export_holds_no_name(tmp_path, monkeypatch):
    from duiding.cli import main
    from duiding.store import CaseStore

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv("DUIDING_DATABASE_URL", url)
    CaseStore(url).create(_named_case(), "test")
    out = tmp_path / "x.json"
    assert main(["export", "--case", "c-names", "--format", "json", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert '"pseudonymised": true' in text
    assert _names(text) == []


def test_pseudonymised_plan_markdown_names_no_member_also_in_its_open_points():
    """Red-team finding 3: the completeness list of the pseudonymised plan Markdown named a member."""
    from duiding.plan.assemble import assemble_plan
    from duiding.plan.report import to_markdown

    case = load_sample_case()
    case.plan.measures.append(Measure("msx", title=f"Gesprek met {case.members[0].name}"))
    text = to_markdown(assemble_plan(case, today=date(2026, 11, 30)), embed_images=False)
    assert any("Gesprek met J" in line for line in text.splitlines())
    assert [m.name for m in case.members if re.search(rf"(?<!\w){m.name}(?!\w)", text)] == []


def test_meeting_copy_hides_notes_and_names_and_restore_puts_them_back():
    case = _named_case()
    shown = privacy.meeting_copy(case)
    assert _names(json.dumps(shown.to_dict(), ensure_ascii=False)) == []
    assert shown.decisions[0].note == "" and shown.plan.measures[0].updates[0].note == ""
    assert shown.context.description == "J01 en J02 hangen rond"
    edited = shown.copy()
    edited.plan.texts["advice"] = "Nieuw advies"
    edited.members[0].team_role = "leader"
    back = privacy.restore_hidden(edited, shown, case)
    assert back.context.description == "Dex Vos en Mo hangen rond"
    assert back.decisions[0].note == "Besluit na melding over Dex Vos"
    assert back.plan.measures[0].updates[0].note == "Mo belde"
    assert [(m.name, m.note, m.team_role) for m in back.members] == [
        ("Dex Vos", "Vos is thuis", "leader"),
        ("Mo", "Mo", None),
    ]
    assert back.plan.texts["advice"] == "Nieuw advies"


def test_names_typed_reports_field_and_code_never_the_name():
    case = _named_case()
    new = case.copy()
    new.beke["severity"] = Assessment("high", "Vos dreigt")
    assert privacy.names_typed(case, new) == [("toelichting", "J01")]
    assert privacy.names_typed(case, case.copy()) == []


# --- caches: two viewers whose views differ (red-team finding 2) ------------------------------------

POLICE = User("p", "partner", partner="police")
YOUTH = User("y", "partner", partner="youth_work")


def test_snapshot_change_is_cached_per_view():
    """The 'Verandering' result: the current case looks alike for both viewers (no ties), the frozen
    version has four police ties; youth work must see 0 ended ties, police 4, whoever asks first."""
    from ui import analysis as ana

    members = [Member(x, f"J0{n}", source="municipality") for n, x in enumerate("abcde", start=1)]
    before = Case("v", id="c-view", members=members, ties=[Tie("a", x, partner="police") for x in "bcde"])
    now = Case("v", id="c-view", members=[Member(m.id, m.pseudonym, source=m.source) for m in members])
    now.version = 2
    results = {}
    for viewer in (YOUTH, POLICE):
        current = privacy.redact_case(now, viewer)
        previous = privacy.redact_case(before, viewer)
        result = ana.snapshot_analysis(
            ana.case_key(current),
            7,
            ("offline",),
            None,
            False,
            ana.case_key(previous),
            privacy.view_key(viewer),
            _case=current,
            _previous=previous,
        )
        results[viewer.partner] = len(result.change["ties_ended"])
    assert results == {"youth_work": 0, "police": 4}
