"""Exports round-trip exactly: JSON bundle, CSV and XLSX back through the importer, GEXF/GraphML through networkx."""

from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duiding import vocab
from duiding.io import (
    BundleError,
    export_bytes,
    export_case,
    from_bundle,
    import_files,
    read_bundle,
    read_table,
    to_bundle,
)
from duiding.io.bundle import bundle_json
from duiding.io.export import case_xlsx, network_gexf, network_graph, network_graphml, table_csv
from duiding.model import BUNDLE_FORMAT, BUNDLE_VERSION, Case, Contact, Decision, Incident, Member, Tie
from duiding.sample import load_sample_case
from duiding.validate import birth_year_range, validate_case

HOSTILE_TEXTS = [
    "=SOM(A1:A9)",
    "+31 6 12345678",
    "-2+3",
    "@SUM(1)",
    "\tmet tab",
    "\rmet CR",
    "'=al een apostrof",
    "''+twee apostrofs",
    "'gewoon",
    'aanhalingstekens " en ; en , en\nnieuwe regel',
    "  spaties rondom  ",
    "café, Zoë, René — €",
    "_x000D_ letterlijk",
]


def _case_without_tables(case: Case) -> Case:
    base = case.copy()
    base.members, base.ties, base.incidents = [], [], []
    return base


def _hostile_case() -> Case:
    case = Case(
        "Groep =kwaad",
        id="c-hostile",
        decisions=[Decision(step="2B", date=date(2025, 11, 24))],
        contacts=[Contact(id="k1", role="=trainer", note="@oom")],
    )
    for i, text in enumerate(HOSTILE_TEXTS, start=1):
        case.members.append(
            Member(
                id=f"m{i:02d}" if i % 3 else f"-m{i}",
                pseudonym=f"J{i:02d}",
                name=text,
                birth_year=2008,
                typing="risk",
                team_role="follower",
                problems=["online", "drugs"],
                risk_factors=["group_pressure"],
                protective_factors=["sports_club", "supportive_adult"],
                opportunities=text,
                first_seen=date(2025, 1, i),
                last_seen=date(2026, 1, i),
                source="youth_work",
                review_date=date(2027, 3, 1),
                note=text,
            )
        )
    ids = [m.id for m in case.members]
    for i, text in enumerate(HOSTILE_TEXTS):
        case.ties.append(
            Tie(ids[i], ids[(i + 1) % len(ids)], layer="directs", strength=1 + i % 3, note=text, id=f"=t{i}")
        )
    case.ties.append(Tie(ids[0], "k1", layer="supportive", partner="youth_work", id="t-k"))
    for i, text in enumerate(HOSTILE_TEXTS):
        case.incidents.append(
            Incident(
                f"@i{i}",
                date=date(2025, 6, 1 + i),
                type="violence",
                place=text,
                members=ids[i : i + 3],
                note=text,
            )
        )
    assert validate_case(case) == []
    return case


# --- JSON bundle ---------------------------------------------------------------------------------


def test_bundle_round_trip_is_exact_for_the_sample_and_a_hostile_case():
    for case in (load_sample_case(), _hostile_case()):
        bundle = to_bundle(case)
        assert (bundle["format"], bundle["format_version"]) == (BUNDLE_FORMAT, BUNDLE_VERSION)
        assert from_bundle(bundle) == case
        assert read_bundle(bundle_json(case)) == case


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "Dit is geen casusbestand van Groepsduiding: de formaatnaam ontbreekt."),
        ({"case": {}}, "Dit is geen casusbestand van Groepsduiding: de formaatnaam ontbreekt."),
        (
            {"format": "iets-anders", "format_version": 1, "case": {}},
            "Dit bestand heeft formaat 'iets-anders'; verwacht is 'groepsduiding-case' (een Groepsduiding-casus).",
        ),
        (
            {"format": BUNDLE_FORMAT, "format_version": BUNDLE_VERSION + 1, "case": {}},
            f"Dit casusbestand heeft formaatversie {BUNDLE_VERSION + 1} en is gemaakt met een nieuwere versie van de "
            f"app; deze versie leest tot en met formaatversie {BUNDLE_VERSION}. Werk de app bij.",
        ),
        (
            {"format": BUNDLE_FORMAT, "case": {}},
            "De formaatversie van dit casusbestand ontbreekt of is ongeldig.",
        ),
        ({"format": BUNDLE_FORMAT, "format_version": 0, "case": {}}, "Formaatversie 0 bestaat niet."),
        ({"format": BUNDLE_FORMAT, "format_version": 1}, "Het casusbestand bevat geen casus."),
        (
            {"format": BUNDLE_FORMAT, "format_version": 1, "case": {"id": "x"}},
            "Het casusbestand is beschadigd: de casus kan niet worden gelezen.",
        ),
        (
            {
                "format": BUNDLE_FORMAT,
                "format_version": 1,
                "case": {"name": "x", "members": [{"id": "a", "first_seen": "gisteren"}]},
            },
            "Het casusbestand is beschadigd: de casus kan niet worden gelezen.",
        ),
    ],
)
def test_bundle_refusals_are_dutch(data, message):
    with pytest.raises(BundleError) as err:
        from_bundle(data)
    assert str(err.value) == message


def test_bundle_that_is_not_json():
    with pytest.raises(BundleError, match="^Dit bestand is geen geldig JSON-bestand.$"):
        read_bundle(b"\xff\xfe{")


# --- CSV and XLSX --------------------------------------------------------------------------------


def _csv_files(case: Case, reveal: bool) -> dict:
    return {
        "members": (table_csv(case, "members", reveal), "leden.csv"),
        "ties": (table_csv(case, "ties", reveal), "relaties.csv"),
        "incidents": (table_csv(case, "incidents", reveal), "incidenten.csv"),
    }


def _xlsx_files(case: Case, reveal: bool) -> dict:
    data = case_xlsx(case, reveal)
    return {kind: (data, "casus.xlsx") for kind in ("members", "ties", "incidents")}


@pytest.mark.parametrize("files", [_csv_files, _xlsx_files], ids=["csv", "xlsx"])
@pytest.mark.parametrize("make", [load_sample_case, _hostile_case], ids=["sample", "hostile"])
def test_table_export_reimports_exactly(files, make):
    case = make()
    new_case, problems = import_files(_case_without_tables(case), **files(case, True))
    assert problems == []
    assert new_case == case


@pytest.mark.parametrize("files", [_csv_files, _xlsx_files], ids=["csv", "xlsx"])
def test_reimport_into_the_same_case_changes_nothing(files):
    case = _hostile_case()
    for reveal in (True, False):
        new_case, problems = import_files(case, **files(case, reveal))
        assert problems == []
        assert new_case == case


def test_csv_is_semicolon_utf8_bom_with_the_importers_headers():
    data = table_csv(_hostile_case(), "members", reveal_names=True)
    assert data.startswith(
        b"\xef\xbb\xbfid;pseudoniem;naam;geboortejaar;typering;rol;problematiek;risicofactoren;"
    )
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "id;pseudoniem;naam;geboortejaar;typering;rol;problematiek;risicofactoren;beschermende_factoren;kansen;"
        "eerst_gezien;laatst_gezien;bron;toetsdatum;notitie"
    )
    assert (
        "m01;J01;'=SOM(A1:A9);2008;Risicojongere;Meeloper;Online (bedreiging, drill, sexting), Drugs;" in text
    )
    assert ";01-01-2025;01-01-2026;Jongerenwerk;01-03-2027;" in text
    assert read_table(data, "leden.csv").shape == (len(HOSTILE_TEXTS), 15)


def test_every_dangerous_cell_is_neutralised_in_csv_and_xlsx():
    case = _hostile_case()
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for kind in ("members", "ties", "incidents"):
        table = read_table(table_csv(case, kind, True), "x.csv")
        for value in table.to_numpy().ravel():
            assert not value.startswith(dangerous), value
    book = openpyxl.load_workbook(io.BytesIO(case_xlsx(case, True)))
    assert book.sheetnames == ["Leden", "Relaties", "Incidenten"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(dangerous), cell.value
    assert book["Leden"]["C2"].value == "'=SOM(A1:A9)"


def test_pseudonymised_export_has_no_names_and_no_sensitive_columns():
    case = _hostile_case()
    for kind, header in (
        ("members", "id;pseudoniem;typering;rol;problematiek;eerst_gezien;laatst_gezien;bron;toetsdatum"),
        ("ties", "van;naar;laag;sterkte;zekerheid;bron;eerst_gezien;laatst_gezien;id"),
        ("incidents", "id;datum;type;plaats;leden;bron"),
    ):
        text = table_csv(case, kind).decode("utf-8-sig")
        assert text.splitlines()[0] == header
        assert "SOM(A1:A9)" not in text or kind == "incidents"  # places are not sensitive
    sample = load_sample_case()
    names = [m.name for m in sample.members if m.name]
    assert names
    blob = b"".join(table_csv(sample, k) for k in ("members", "ties", "incidents"))
    blob += case_xlsx(sample) + network_gexf(sample) + network_graphml(sample)
    text = blob.decode("utf-8", errors="replace")
    for name in names:
        assert f";{name};" not in text and f'"{name}"' not in text and f">{name}<" not in text


def test_export_case_writes_every_format(tmp_path):
    case = load_sample_case()
    assert [p.name for p in export_case(case, "csv", tmp_path / "csv", reveal_names=True)] == [
        "leden.csv",
        "relaties.csv",
        "incidenten.csv",
    ]
    for fmt in ("json", "xlsx", "gexf", "graphml"):
        (path,) = export_case(case, fmt, tmp_path / f"casus.{fmt}")
        assert path.stat().st_size > 0
    full = tmp_path / "vol.json"
    export_case(case, "json", full, reveal_names=True)
    assert read_bundle(full.read_bytes()) == case
    pseudo = json.loads((tmp_path / "casus.json").read_text(encoding="utf-8"))
    assert pseudo["pseudonymised"] is True
    assert all(m["name"] == "" and m["note"] == "" for m in pseudo["case"]["members"])
    with pytest.raises(ValueError, match="Onbekend exportformaat 'pdf'"):
        export_case(case, "pdf", tmp_path / "x.pdf")


# --- GEXF and GraphML ----------------------------------------------------------------------------


def _read_gexf(data: bytes) -> nx.Graph:
    return nx.read_gexf(io.BytesIO(data))


def _read_graphml(data: bytes) -> nx.Graph:
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


@pytest.mark.parametrize(
    ("writer", "reader", "extra_edge_attrs"),
    [(network_gexf, _read_gexf, {"id"}), (network_graphml, _read_graphml, set())],
    ids=["gexf", "graphml"],
)
@pytest.mark.parametrize("make", [load_sample_case, _hostile_case], ids=["sample", "hostile"])
def test_network_reads_back_with_every_attribute(writer, reader, extra_edge_attrs, make):
    case = make()
    expected = network_graph(case, reveal_names=True)
    got = reader(writer(case, reveal_names=True))
    assert got.is_directed() and got.is_multigraph()
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    want_edges = {(u, v, k): d for u, v, k, d in expected.edges(keys=True, data=True)}
    got_edges = {
        (u, v, k): {a: x for a, x in d.items() if a not in extra_edge_attrs}
        for u, v, k, d in got.edges(keys=True, data=True)
    }
    assert got_edges == want_edges
    assert len(want_edges) == len(case.ties) + len(case.all_ties()) - len(case.ties)


def test_network_attributes_are_dutch_labels_and_include_derived_ties():
    case = load_sample_case()
    g = network_graph(case)
    m01 = g.nodes["m01"]
    assert m01["label"] == "J01"
    assert "naam" not in m01 and "notitie" not in m01
    assert m01["typering"] == vocab.label("typing", case.member("m01").typing)
    derived = [d for _, _, d in g.edges(data=True) if d["afgeleid"]]
    assert derived and all(d["laag"] == "Samen delicten plegen" for d in derived)
    directed = [d for _, _, d in g.edges(data=True) if d["gericht"]]
    assert directed and all(d["laag_code"] == "directs" for d in directed)
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, str) for v in data.values())


# --- property: any valid case survives CSV, XLSX and bundle ---------------------------------------

ID_CHARS = "abcdefghijklmnopqrstuvwxyzABC0123456789-_=+@'."
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\x0b\x0c\ufffe\uffff"
        + "".join(chr(c) for c in range(1, 9))
        + "".join(chr(c) for c in range(14, 32)),
    ),
    max_size=30,
)
LOW, HIGH = birth_year_range()
DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))


def _code(name: str, optional: bool = True):
    codes = st.sampled_from(vocab.codes(name))
    return st.one_of(st.none(), codes) if optional else codes


def _codes(name: str):
    return st.lists(st.sampled_from(vocab.codes(name)), unique=True, max_size=4)


@st.composite
def cases(draw) -> Case:
    ids = draw(st.lists(st.text(ID_CHARS, min_size=1, max_size=6), min_size=1, max_size=8, unique=True))
    pseudos = draw(
        st.lists(st.text(ID_CHARS, min_size=1, max_size=6), min_size=len(ids), max_size=len(ids), unique=True)
    )
    case = Case("Eigenschap", decisions=[Decision(step="2B")])
    for mid, pseudo in zip(ids, pseudos, strict=True):
        first, last = sorted([draw(st.dates(date(2020, 1, 1), date(2030, 1, 1))) for _ in range(2)])
        case.members.append(
            Member(
                id=mid,
                pseudonym=pseudo,
                name=draw(TEXT),
                birth_year=draw(st.one_of(st.none(), st.integers(LOW, HIGH))),
                typing=draw(_code("typing")),
                team_role=draw(_code("team_role")),
                problems=draw(_codes("problem")),
                risk_factors=draw(_codes("risk_factor")),
                protective_factors=draw(_codes("protective_factor")),
                opportunities=draw(TEXT),
                first_seen=draw(st.sampled_from([first, None])),
                last_seen=draw(st.sampled_from([last, None])),
                source=draw(_code("partner")),
                review_date=draw(DATES),
                note=draw(TEXT),
            )
        )
    if len(ids) > 1:
        for n in range(draw(st.integers(0, 6))):
            a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            case.ties.append(
                Tie(
                    a,
                    b,
                    layer=draw(_code("layer", optional=False)),
                    strength=draw(st.integers(1, 3)),
                    confidence=draw(_code("confidence", optional=False)),
                    partner=draw(_code("partner")),
                    first_seen=draw(DATES),
                    note=draw(TEXT),
                    id=f"t{n}",
                )
            )
    for n in range(draw(st.integers(0, 4))):
        case.incidents.append(
            Incident(
                id=f"i{n}",
                date=draw(DATES),
                type=draw(_code("problem")),
                place=draw(TEXT),
                members=draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)),
                partner=draw(_code("partner")),
                note=draw(TEXT),
            )
        )
    return case


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_valid_case_round_trips_through_csv_xlsx_and_bundle(case):
    assert validate_case(case) == []
    assert from_bundle(json.loads(bundle_json(case))) == case
    for files in (_csv_files, _xlsx_files):
        new_case, problems = import_files(_case_without_tables(case), **files(case, True))
        assert problems == []
        assert new_case == case


def test_export_bytes_for_download_buttons():
    import zipfile

    case = load_sample_case()
    data, name, mime = export_bytes(case, "csv")
    assert (name, mime) == ("jeugdgroep-stationsplein-pseudoniem-csv.zip", "application/zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["leden.csv", "relaties.csv", "incidenten.csv"]
        assert archive.read("leden.csv") == table_csv(case, "members")
    data, name, _ = export_bytes(case, "json", reveal_names=True)
    assert name == "jeugdgroep-stationsplein.json"
    assert read_bundle(data) == case
    assert export_bytes(Case("Ëén/twee: *"), "xlsx")[1] == "een-twee-pseudoniem.xlsx"
