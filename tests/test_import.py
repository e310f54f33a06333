"""Importing members, ties and incidents from CSV/XLSX: Dutch Excel files work, broken files are refused whole."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from duiding.io import (
    TableError,
    apply_import,
    import_files,
    import_members,
    preview_import,
    read_table,
    suggest_mapping,
)
from duiding.io.columns import COLUMNS, normalise_header
from duiding.io.tables import MAX_BYTES
from duiding.model import Case, Contact, Decision, Member, Tie
from duiding.validate import NAMES_BEFORE_2B, birth_year_range


def _case(names: bool = False) -> Case:
    case = Case(
        "Testgroep",
        id="c1",
        members=[Member(id="m01", pseudonym="J01"), Member(id="m02", pseudonym="J02")],
        contacts=[Contact(id="k1", role="trainer voetbalclub")],
        ties=[Tie("m01", "m02", id="t1")],
    )
    if names:
        case.decisions.append(Decision(step="2B", date=date(2025, 11, 24)))
    return case


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


LOW, HIGH = birth_year_range()

# (description, kind, file name, file bytes, expected [(row, field, message)])
BROKEN = [
    (
        "empty id",
        "members",
        "leden.csv",
        _csv("id;pseudoniem\nm03;J03\n;J04\n"),
        [(2, "id", "leden.csv: Rij 2, kolom 'id': de id is leeg.")],
    ),
    (
        "duplicate id in the file",
        "members",
        "leden.csv",
        _csv("id;typering\nm03;Zorgjongere\nm03;Risicojongere\n"),
        [(2, "id", "leden.csv: Rij 2, kolom 'id': id 'm03' komt dubbel voor (ook in rij 1).")],
    ),
    (
        "duplicate pseudonym with an existing member",
        "members",
        "leden.csv",
        _csv("id;pseudoniem\nm03;J01\n"),
        [
            (
                1,
                "pseudoniem",
                "leden.csv: Rij 1, kolom 'pseudoniem': pseudoniem 'J01' komt dubbel voor (bestaat al in deze casus).",
            )
        ],
    ),
    (
        "member id taken by a contact",
        "members",
        "leden.csv",
        _csv("id\nk1\n"),
        [(1, "id", "leden.csv: Rij 1, kolom 'id': id 'k1' is al in gebruik voor een contactpersoon.")],
    ),
    (
        "tie to an unknown member",
        "ties",
        "relaties.csv",
        _csv("van;naar\nm01;m02\nm01;m99\n"),
        [(2, "naar", "relaties.csv: Rij 2, kolom 'naar': lid 'm99' bestaat niet in deze casus.")],
    ),
    (
        "self-tie",
        "ties",
        "relaties.csv",
        _csv("van;naar\nm02;m02\n"),
        [
            (
                1,
                "naar",
                "relaties.csv: Rij 1, kolom 'naar': een relatie van 'm02' met zichzelf is niet mogelijk.",
            )
        ],
    ),
    (
        "strength out of range and not a number",
        "ties",
        "relaties.csv",
        _csv("van;naar;sterkte\nm01;m02;5\nm02;m01;heel sterk\n"),
        [
            (1, "sterkte", "relaties.csv: Rij 1, kolom 'sterkte': '5' is geen geldige sterkte (1, 2 of 3)."),
            (
                2,
                "sterkte",
                "relaties.csv: Rij 2, kolom 'sterkte': 'heel sterk' is geen geldige sterkte (1, 2 of 3).",
            ),
        ],
    ),
    (
        "unknown layer",
        "ties",
        "relaties.csv",
        _csv("van;naar;laag\nm01;m02;vriendschap\n"),
        [
            (
                1,
                "laag",
                "relaties.csv: Rij 1, kolom 'laag': 'vriendschap' is geen bekende laag. Kies uit: Omgang (offline), "
                "Online contact, Samen delicten plegen, Familie, Conflict, Stuurt aan, Steunfiguur.",
            )
        ],
    ),
    (
        "unknown typing and unknown problem codes",
        "members",
        "leden.csv",
        _csv('id;typering;problematiek\nm03;boef;"Drugs, stelen; roken"\n'),
        [
            (
                1,
                "typering",
                "leden.csv: Rij 1, kolom 'typering': 'boef' is geen bekende typering. Kies uit: Zorgjongere, "
                "Risicojongere, Criminele jongere, Nog niet getypeerd.",
            ),
            (
                1,
                "problematiek",
                "leden.csv: Rij 1, kolom 'problematiek': 'stelen', 'roken' zijn geen bekende problematiek. "
                "Gebruik codes of namen uit de lijst, gescheiden door , of ;.",
            ),
        ],
    ),
    (
        "impossible dates",
        "members",
        "leden.csv",
        _csv("id;eerst_gezien;toetsdatum\nm03;31-02-2025;1-1-2026\nm04;2025-01-01;volgende week\n"),
        [
            (
                1,
                "eerst_gezien",
                "leden.csv: Rij 1, kolom 'eerst_gezien': '31-02-2025' is geen geldige datum "
                "(gebruik jjjj-mm-dd of dd-mm-jjjj).",
            ),
            (
                2,
                "toetsdatum",
                "leden.csv: Rij 2, kolom 'toetsdatum': 'volgende week' is geen geldige datum "
                "(gebruik jjjj-mm-dd of dd-mm-jjjj).",
            ),
        ],
    ),
    (
        "last seen before first seen",
        "members",
        "leden.csv",
        _csv("id;eerst_gezien;laatst_gezien\nm03;01-05-2025;30-04-2025\n"),
        [
            (
                1,
                "laatst_gezien",
                "leden.csv: Rij 1, kolom 'laatst_gezien': laatst gezien (30-04-2025) ligt vóór eerst gezien (01-05-2025).",
            )
        ],
    ),
    (
        "names before the 2B decision",
        "members",
        "leden.csv",
        _csv("id;naam\nm03;\nm04;Dex\n"),
        [(2, "naam", f"leden.csv: Rij 2, kolom 'naam': {NAMES_BEFORE_2B}")],
    ),
    (
        "implausible birth years",
        "members",
        "leden.csv",
        _csv(f"id;geboortejaar\nm03;{HIGH + 2}\nm04;twintig\n"),
        [
            (
                1,
                "geboortejaar",
                f"leden.csv: Rij 1, kolom 'geboortejaar': {HIGH + 2} is geen aannemelijk geboortejaar "
                f"(verwacht tussen {LOW} en {HIGH}).",
            ),
            (2, "geboortejaar", "leden.csv: Rij 2, kolom 'geboortejaar': 'twintig' is geen jaartal."),
        ],
    ),
    (
        "missing required column",
        "ties",
        "relaties.csv",
        _csv("van;nar\nm01;m02\n"),
        [
            (
                None,
                "naar",
                "relaties.csv: Kolom 'naar': deze verplichte kolom ontbreekt in het bestand met relaties.",
            )
        ],
    ),
    (
        "two headers for one column",
        "members",
        "leden.csv",
        _csv("id;Naam;naam\nm03;A;B\n"),
        [
            (
                None,
                "naam",
                "leden.csv: Kolom 'naam': de kolommen 'Naam', 'naam' horen allemaal bij deze kolom; kies er één.",
            )
        ],
    ),
    (
        "incident with unknown members and a bad type",
        "incidents",
        "incidenten.csv",
        _csv("id;datum;type;leden\ni1;12-03-2025;Overlast;m01, m02\ni2;13-03-2025;feest;m01, x1, x2\n"),
        [
            (
                2,
                "type",
                "incidenten.csv: Rij 2, kolom 'type': 'feest' is geen bekende problematiek. Kies uit: Overlast, "
                "Vernieling, Geweld, Vermogensdelicten, Drugs, Wapens, Online (bedreiging, drill, sexting), "
                "Verkeersoverlast, Doorgroei naar georganiseerde criminaliteit.",
            ),
            (
                2,
                "leden",
                "incidenten.csv: Rij 2, kolom 'leden': leden 'x1', 'x2' bestaan niet in deze casus.",
            ),
        ],
    ),
    (
        "huge cell",
        "members",
        "leden.csv",
        _csv("id;notitie\nm03;" + "x" * 20_000 + "\n"),
        [
            (
                1,
                "notitie",
                "leden.csv: Rij 1, kolom 'notitie': de tekst is te lang (20000 tekens; maximaal 10000).",
            )
        ],
    ),
    (
        "empty file",
        "members",
        "leden.csv",
        b"\r\n \r\n",
        [(None, "bestand", "leden.csv: Het bestand is leeg.")],
    ),
    (
        "binary file named csv",
        "members",
        "leden.csv",
        b"\x00\x01\x02garbage\x00",
        [
            (
                None,
                "bestand",
                "leden.csv: Dit lijkt geen tekstbestand: het bevat binaire gegevens. Gebruik CSV of Excel (.xlsx).",
            )
        ],
    ),
    (
        "too many values in a row",
        "ties",
        "relaties.csv",
        _csv("van;naar\nm01;m02\nm01;m02;3;extra\n"),
        [
            (
                2,
                "bestand",
                "relaties.csv: Rij 2 heeft 4 waarden, maar de kopregel heeft 2 kolommen. "
                "Controleer het scheidingsteken en de aanhalingstekens.",
            )
        ],
    ),
    (
        "old Excel format",
        "members",
        "leden.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        [
            (
                None,
                "bestand",
                "leden.xls: Het oude Excel-formaat (.xls) wordt niet ondersteund. Sla het bestand op als .xlsx of CSV.",
            )
        ],
    ),
    (
        "damaged xlsx",
        "members",
        "leden.xlsx",
        b"PK\x03\x04" + b"\x00" * 200,
        [(None, "bestand", "leden.xlsx: Dit Excel-bestand is beschadigd of geen .xlsx-bestand.")],
    ),
    (
        "unknown file type",
        "members",
        "leden.pdf",
        b"%PDF-1.4",
        [
            (
                None,
                "bestand",
                "leden.pdf: Bestandstype '.pdf' wordt niet ondersteund. Gebruik CSV (.csv) of Excel (.xlsx).",
            )
        ],
    ),
    (
        "column with data but without a header",
        "members",
        "leden.csv",
        _csv("id;;naam\nm05;x;\n"),
        [(None, "bestand", "leden.csv: Kolom 2 in de kopregel heeft geen naam, maar bevat wel gegevens.")],
    ),
]


@pytest.mark.parametrize(
    ("kind", "filename", "data", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_file_gives_dutch_row_field_messages_and_changes_nothing(kind, filename, data, expected):
    case = _case()
    before = case.to_dict()
    new_case, problems = import_files(case, **{kind: (data, filename)})
    assert new_case is None
    assert [(p.row, p.field, p.message) for p in problems] == expected
    assert case.to_dict() == before


def test_at_least_ten_kinds_of_broken_file():
    assert len(BROKEN) >= 10


def test_dutch_excel_cp1252_semicolon_file_with_accents_and_dutch_dates():
    text = (
        "Id;Pseudoniem;Naam;Geboortejaar;Typering;Rol;Problematiek;Eerst gezien;Laatst gezien;Bron;Notitie\n"
        'm10;J10;Zoë;2009;zorgjongere;Meeloper;"Overlast; Drugs";01-09-2025;3-2-2026;Jongerenwerk;'
        "Hangt rond bij café 'De Brug' (ë, é)\n"
        "m11;;René;2008;Risicojongere;randlid;vernieling;15/10/2025;;politie;\n"
    )
    data = text.replace("\n", "\r\n").encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    case = _case(names=True)
    new_case, problems = import_files(case, members=(data, "leden.csv"))
    assert problems == []
    assert new_case is not None
    m10, m11 = new_case.members[2:]
    assert m10 == Member(
        id="m10",
        pseudonym="J10",
        name="Zoë",
        birth_year=2009,
        typing="care",
        team_role="follower",
        problems=["nuisance", "drugs"],
        first_seen=date(2025, 9, 1),
        last_seen=date(2026, 2, 3),
        source="youth_work",
        note="Hangt rond bij café 'De Brug' (ë, é)",
    )
    assert m11 == Member(
        id="m11",
        pseudonym="J03",
        name="René",
        birth_year=2008,
        typing="risk",
        team_role="peripheral",
        problems=["vandalism"],
        first_seen=date(2025, 10, 15),
        source="police",
    )


def test_encodings_and_delimiters_are_sniffed():
    rows = 'id,pseudoniem,notitie\nm05,J05,"komma, binnen aanhalingstekens"\n'
    for data in (
        rows.encode("utf-8"),
        rows.encode("utf-8-sig"),
        rows.replace(",", "\t").replace('"komma\t binnen aanhalingstekens"', "tab").encode("utf-16"),
    ):
        table = read_table(data, "x.csv")
        assert list(table.columns) == ["id", "pseudoniem", "notitie"]
        assert table.loc[1, "id"] == "m05"
    assert read_table(rows.encode(), "x.csv").loc[1, "notitie"] == "komma, binnen aanhalingstekens"


def test_table_rows_keep_the_users_row_numbers_and_skip_empty_rows():
    table = read_table(_csv("id;notitie\nm05;a\n;\nm06;b\n"), "x.csv")
    assert list(table.index) == [1, 3]
    assert list(table["id"]) == ["m05", "m06"]


def test_size_limit_is_a_clear_dutch_refusal():
    with pytest.raises(TableError, match=r"^Het bestand is te groot \(10\.0 MB\); het maximum is 10 MB\.$"):
        read_table(b"x" * (MAX_BYTES + 1), "x.csv")


def test_minimal_member_file_gets_free_pseudonyms():
    case = _case()
    new_case, problems = apply_import(case, "leden", read_table(_csv("id\nm05\nm06\n"), "x.csv"))
    assert problems == []
    assert [(m.id, m.pseudonym) for m in new_case.members] == [
        ("m01", "J01"),
        ("m02", "J02"),
        ("m05", "J03"),
        ("m06", "J04"),
    ]


def test_minimal_tie_file_defaults_to_offline_strength_one():
    case = _case()
    new_case, problems = apply_import(
        case, "relaties", read_table(_csv("van;naar\nm02;m01\nJ01;k1\n"), "x.csv")
    )
    assert problems == []
    added = new_case.ties[1:]
    assert [(t.source, t.target, t.layer, t.strength, t.confidence, t.derived) for t in added] == [
        ("m02", "m01", "offline", 1, "confirmed", False),
        ("m01", "k1", "offline", 1, "confirmed", False),
    ]
    assert len({t.id for t in new_case.ties}) == 3


def test_existing_member_is_updated_only_in_the_columns_of_the_file():
    case = _case()
    case.members[0].team_role = "leader"
    case.members[0].note = "blijft"
    new_case, problems = apply_import(
        case, "leden", read_table(_csv("id;typering;pseudoniem\nm01;risk;\n"), "x.csv")
    )
    assert problems == []
    assert new_case.members[0] == Member(
        id="m01", pseudonym="J01", typing="risk", team_role="leader", note="blijft"
    )
    assert len(new_case.members) == 2
    assert case.members[0].typing is None


def test_preview_counts_added_and_updated_rows():
    case = _case()
    preview = preview_import(case, "members", read_table(_csv("id\nm01\nm07\n"), "x.csv"))
    assert (preview.added, preview.updated, preview.ok) == (1, 1, True)
    assert [m.id for m in preview.rows] == ["m01", "m07"]
    assert preview.row_numbers == [1, 2]


def test_header_matching_ignores_case_accents_spaces_and_uses_aliases():
    table = read_table(
        _csv(
            "LID;Pseudoniem ;EERST-GEZIEN;Teamrol;Beschérmende Factoren;Leeftijd\nm05;J05;2025-3-1;kopstuk;Sportclub / vereniging;15\n"
        ),
        "x.csv",
    )
    preview = preview_import(_case(), "members", table)
    assert preview.problems == []
    assert preview.ignored_columns == ["Leeftijd"]
    m = preview.rows[0]
    assert (m.id, m.pseudonym, m.first_seen, m.team_role, m.protective_factors) == (
        "m05",
        "J05",
        date(2025, 3, 1),
        "leader",
        ["sports_club"],
    )


def test_column_mapping_for_files_with_other_headers():
    table = read_table(_csv("Nummer;Bijnaam;Zorgen;Leeftijd\nm05;J05;Overlast;15\n"), "x.csv")
    assert suggest_mapping(list(table.columns), "members") == {
        "Nummer": "id",
        "Bijnaam": None,
        "Zorgen": None,
        "Leeftijd": None,
    }
    mapping = {"Nummer": "id", "Bijnaam": "pseudoniem", "Zorgen": "problematiek", "Leeftijd": None}
    new_case, problems = apply_import(_case(), "members", table, mapping)
    assert problems == []
    assert new_case.members[-1] == Member(id="m05", pseudonym="J05", problems=["nuisance"])


def test_mapping_to_an_unknown_column_is_a_problem():
    table = read_table(_csv("Nummer\nm05\n"), "x.csv")
    _, problems = apply_import(_case(), "members", table, {"Nummer": "nummer_lid"})
    assert [(p.row, p.field) for p in problems] == [(None, "nummer_lid"), (None, "id")]
    assert problems[0].message.startswith(
        "Kolom 'nummer_lid': geen bekende kolom voor leden (gekozen voor 'Nummer')."
    )


def test_suggest_mapping_finds_close_spellings():
    assert suggest_mapping(["Pseudonim", "eerst gezien", "Laatst_gezien", "x"], "leden") == {
        "Pseudonim": "pseudoniem",
        "eerst gezien": "eerst_gezien",
        "Laatst_gezien": "laatst_gezien",
        "x": None,
    }


def test_aliases_never_collide_within_a_kind():
    for kind, columns in COLUMNS.items():
        keys = [normalise_header(k) for c in columns for k in (c.name, *c.aliases)]
        assert len(keys) == len(set(keys)), kind


def test_vocabulary_values_accept_codes_and_labels_in_any_case():
    table = read_table(
        _csv(
            "van;naar;laag;zekerheid;bron;sterkte\nm01;m02;STUURT AAN;vermoeden;OM;sterk\nm02;m01;co_offending;Confirmed;police;2\n"
        ),
        "x.csv",
    )
    new_case, problems = apply_import(_case(), "ties", table)
    assert problems == []
    assert [(t.layer, t.confidence, t.partner, t.strength) for t in new_case.ties[1:]] == [
        ("directs", "suspected", "om", 3),
        ("co_offending", "confirmed", "police", 2),
    ]


def test_list_labels_containing_commas_are_read_whole():
    table = read_table(
        _csv('id;problematiek\nm05;"Online (bedreiging, drill, sexting), Wapens;drugs"\n'), "x.csv"
    )
    new_case, problems = apply_import(_case(), "members", table)
    assert problems == []
    assert new_case.members[-1].problems == ["online", "weapons", "drugs"]


def test_incident_members_by_id_or_pseudonym():
    table = read_table(
        _csv("id;datum;leden\ni1;2025-03-12;J01; m02\n".replace("J01; m02", '"J01; m02"')), "x.csv"
    )
    new_case, problems = apply_import(_case(), "incidenten", table)
    assert problems == []
    assert new_case.incidents[0].members == ["m01", "m02"]
    assert new_case.incidents[0].date == date(2025, 3, 12)


def test_formula_apostrophe_is_stripped_only_where_the_export_adds_it():
    table = read_table(
        _csv("id;notitie\nm05;'=SOM(A1:A3)\nm06;'geen formule\nm07;''+31 6\nm08;-geen apostrof\n"), "x.csv"
    )
    new_case, problems = apply_import(_case(), "members", table)
    assert problems == []
    assert [m.note for m in new_case.members[2:]] == [
        "=SOM(A1:A3)",
        "'geen formule",
        "'+31 6",
        "-geen apostrof",
    ]


def test_xlsx_with_typed_cells_and_sheet_choice():
    book = openpyxl.Workbook()
    book.active.title = "Iets anders"
    book.active.append(["niet", "dit"])
    sheet = book.create_sheet("Leden")
    sheet.append(["id", "geboortejaar", "eerst_gezien", "laatst_gezien", "notitie"])
    sheet.append(["m05", 2009, datetime(2025, 9, 1), "3-2-2026", "=1+1"])
    sheet.append([None, None, None, None, None])
    sheet.append([6, 2010.0, None, None, True])
    buffer = io.BytesIO()
    book.save(buffer)
    new_case, problems = import_files(_case(names=True), members=(buffer.getvalue(), "lijst.xlsx"))
    assert problems == []
    m05, m6 = new_case.members[2:]
    assert (m05.id, m05.birth_year, m05.first_seen, m05.last_seen) == (
        "m05",
        2009,
        date(2025, 9, 1),
        date(2026, 2, 3),
    )
    assert m05.note == ""  # a formula without a cached value is read as empty, never evaluated
    assert (m6.id, m6.birth_year, m6.note) == ("6", 2010, "ja")


def test_import_files_is_all_or_nothing_across_files():
    case = _case()
    before = case.to_dict()
    new_case, problems = import_files(
        case,
        members=(_csv("id\nm05\n"), "leden.csv"),
        ties=(_csv("van;naar\nm05;m01\nm05;m77\n"), "relaties.csv"),
    )
    assert new_case is None
    assert [p.message for p in problems] == [
        "relaties.csv: Rij 2, kolom 'naar': lid 'm77' bestaat niet in deze casus."
    ]
    assert case.to_dict() == before


def test_ties_may_name_members_imported_in_the_same_call(tmp_path):
    (tmp_path / "leden.csv").write_bytes(_csv("id\nm05\n"))
    (tmp_path / "relaties.csv").write_bytes(_csv("van;naar\nm05;m01\n"))
    new_case, problems = import_files(
        _case(), members=tmp_path / "leden.csv", ties=str(tmp_path / "relaties.csv")
    )
    assert problems == []
    assert [(t.source, t.target) for t in new_case.ties] == [("m01", "m02"), ("m05", "m01")]


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    new_case, problems = import_files(_case(), members=tmp_path / "weg.csv")
    assert new_case is None
    assert problems[0].message == "weg.csv: het bestand kan niet worden geopend."


def test_dataframe_from_elsewhere_with_nan_and_numbers():
    table = pd.DataFrame({"id": ["m05", None], "geboortejaar": [2009.0, float("nan")], "x": [1, 2]})
    table.loc[1, "id"] = "m06"
    rows, problems = import_members(_case(), table)
    assert problems == []
    assert [(m.id, m.birth_year) for m in rows] == [("m05", 2009), ("m06", None)]


def test_header_only_file_imports_nothing_and_no_problem():
    case = _case()
    new_case, problems = import_files(case, members=(_csv("id;naam\n"), "leden.csv"))
    assert problems == []
    assert new_case == case


def test_template_files_are_in_sync_with_the_columns():
    from duiding.io.templates import TEMPLATE_DIR, template_files

    for name, data in template_files().items():
        assert (TEMPLATE_DIR / name).read_bytes() == data, f"run: python -m duiding.io.templates ({name})"


@pytest.mark.parametrize(
    ("kind", "name"), [("members", "leden.csv"), ("ties", "relaties.csv"), ("incidents", "incidenten.csv")]
)
def test_templates_import_as_empty_tables_and_document_every_column(kind, name):
    from duiding.io.templates import TEMPLATE_DIR

    data = (TEMPLATE_DIR / name).read_bytes()
    table = read_table(data, name)
    assert table.shape == (0, len([c for c in COLUMNS[kind] if not (kind == "ties" and c.name == "id")]))
    case = _case()
    new_case, problems = import_files(case, **{kind: (data, name)})
    assert (new_case, problems) == (case, [])
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    for col in COLUMNS[kind]:
        assert f"| `{col.name}` |" in readme


def test_preview_frame_shows_rows_with_file_row_numbers():
    table = read_table(_csv("id;typering;problematiek\nm05;care;drugs\n;\nm06;;\n"), "x.csv")
    preview = preview_import(_case(), "leden", table)
    frame = preview.frame()
    assert list(frame.index) == [1, 3]
    assert frame.loc[1, ["id", "pseudoniem", "typering", "problematiek"]].tolist() == [
        "m05",
        "J03",
        "Zorgjongere",
        "Drugs",
    ]
    assert frame.loc[3, "pseudoniem"] == "J04"


def test_excel_sep_hint_line_and_old_mac_line_ends():
    table = read_table(b"sep=,\r\nid;x,notitie\r\nm05;1,a;b\r\n", "x.csv")
    assert list(table.columns) == ["id;x", "notitie"]
    assert table.loc[1, "notitie"] == "a;b"
    table = read_table(b"id;notitie\rm05;a\rm06;b\r", "x.csv")
    assert list(table["id"]) == ["m05", "m06"]


def test_xlsx_zip_bomb_is_refused_before_unpacking():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<a>" + b"x" * (101 * 1024 * 1024) + b"</a>")
    assert len(buffer.getvalue()) < MAX_BYTES
    with pytest.raises(TableError, match=r"^Dit Excel-bestand is uitgepakt te groot \(meer dan 100 MB\)\."):
        read_table(buffer.getvalue(), "bom.xlsx")


def test_duplicate_tie_ids_in_a_file():
    table = read_table(_csv("van;naar;id\nm01;m02;x1\nm02;m01;x1\nm02;m01;t1\n"), "x.csv")
    new_case, problems = apply_import(_case(), "ties", table)
    assert new_case is None
    assert [p.message for p in problems] == ["Rij 2, kolom 'id': id 'x1' komt dubbel voor (ook in rij 1)."]
