"""Validation finds every problem in members, ties and incidents, with exact Dutch row/field messages."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Case, Contact, Decision, Incident, Member, Tie
from duiding.validate import (
    NAMES_BEFORE_2B,
    Problem,
    birth_year_range,
    validate_case,
    validate_incidents,
    validate_members,
    validate_ties,
)


def _case(names: bool = False) -> Case:
    case = Case(
        "Testgroep",
        members=[Member(id="a", pseudonym="J01"), Member(id="b", pseudonym="J02")],
        contacts=[Contact(id="k1", role="trainer voetbalclub")],
    )
    if names:
        case.decisions.append(Decision(step="2B", date=date(2025, 11, 24)))
    return case


def test_clean_case_has_no_problems():
    case = _case()
    case.ties = [Tie("a", "b"), Tie("a", "k1", layer="supportive", strength=3)]
    case.incidents = [Incident("i1", date=date(2025, 1, 2), type="nuisance", members=["a", "b"])]
    assert validate_case(case) == []


def test_problem_is_frozen_and_comparable():
    p = Problem(2, "id", "x")
    assert p == Problem(2, "id", "x")
    with pytest.raises(AttributeError):
        p.row = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (Member(id="", pseudonym="J05"), Problem(3, "id", "Rij 3, kolom 'id': de id is leeg.")),
        (
            Member(id="a", pseudonym="J05"),
            Problem(3, "id", "Rij 3, kolom 'id': id 'a' komt dubbel voor (ook in rij 1)."),
        ),
        (
            Member(id="c", pseudonym=""),
            Problem(3, "pseudoniem", "Rij 3, kolom 'pseudoniem': het pseudoniem is leeg."),
        ),
        (
            Member(id="c", pseudonym="J02"),
            Problem(
                3,
                "pseudoniem",
                "Rij 3, kolom 'pseudoniem': pseudoniem 'J02' komt dubbel voor (ook in rij 2).",
            ),
        ),
        (
            Member(id="c", pseudonym="J05", name="Dex"),
            Problem(3, "naam", f"Rij 3, kolom 'naam': {NAMES_BEFORE_2B}"),
        ),
        (
            Member(id="c", pseudonym="J05", typing="boef"),
            Problem(
                3,
                "typering",
                "Rij 3, kolom 'typering': 'boef' is geen bekende typering. Kies uit: Zorgjongere, "
                "Risicojongere, Criminele jongere, Nog niet getypeerd.",
            ),
        ),
        (
            Member(id="c", pseudonym="J05", team_role="baas"),
            Problem(
                3,
                "rol",
                "Rij 3, kolom 'rol': 'baas' is geen bekende rol. Kies uit: Kopstuk, Harde kern, Meeloper, "
                "Randlid, Oud-lid.",
            ),
        ),
        (
            Member(id="c", pseudonym="J05", first_seen=date(2025, 5, 1), last_seen=date(2025, 4, 30)),
            Problem(
                3,
                "laatst_gezien",
                "Rij 3, kolom 'laatst_gezien': laatst gezien (30-04-2025) ligt vóór eerst gezien (01-05-2025).",
            ),
        ),
        (
            Member(id="c", pseudonym="J05", review_date="volgende week"),  # type: ignore[arg-type]
            Problem(
                3,
                "toetsdatum",
                "Rij 3, kolom 'toetsdatum': 'volgende week' is geen geldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj).",
            ),
        ),
    ],
)
def test_member_problem(member, expected):
    case = _case()
    assert validate_members([*case.members, member], case) == [expected]


def test_names_allowed_after_2b_decision():
    case = _case(names=True)
    case.members[0].name = "Dex"
    assert validate_members(case.members, case) == []


def test_implausible_birth_years():
    low, high = birth_year_range()
    case = _case()
    members = [
        Member(id="x", pseudonym="J1", birth_year=low),
        Member(id="y", pseudonym="J2", birth_year=high),
        Member(id="z", pseudonym="J3", birth_year=high + 1),
        Member(id="w", pseudonym="J4", birth_year=low - 1),
    ]
    problems = validate_members(members, case)
    assert [(p.row, p.field) for p in problems] == [(3, "geboortejaar"), (4, "geboortejaar")]
    assert problems[0].message == (
        f"Rij 3, kolom 'geboortejaar': {high + 1} is geen aannemelijk geboortejaar "
        f"(verwacht tussen {low} en {high})."
    )


def test_unknown_codes_in_lists_each_reported():
    case = _case()
    m = Member(id="c", pseudonym="J05", problems=["drugs", "stelen"], risk_factors=["x"], source="fbi")
    assert [(p.field, p.message.split(": ", 1)[1][:20]) for p in validate_members([m], case)] == [
        ("problematiek", "'stelen' is geen bek"),
        ("risicofactoren", "'x' is geen bekende "),
        ("bron", "'fbi' is geen bekend"),
    ]


@pytest.mark.parametrize(
    ("tie", "expected"),
    [
        (Tie("a", "zz"), [(1, "naar", "Rij 1, kolom 'naar': lid 'zz' bestaat niet in deze casus.")]),
        (Tie("", "b"), [(1, "van", "Rij 1, kolom 'van': is leeg; vul de id van een lid in.")]),
        (
            Tie("a", "a"),
            [(1, "naar", "Rij 1, kolom 'naar': een relatie van 'a' met zichzelf is niet mogelijk.")],
        ),
        (
            Tie("a", "b", strength=4),
            [(1, "sterkte", "Rij 1, kolom 'sterkte': '4' is geen geldige sterkte (1, 2 of 3).")],
        ),
        (
            Tie("a", "b", strength=0),
            [(1, "sterkte", "Rij 1, kolom 'sterkte': '0' is geen geldige sterkte (1, 2 of 3).")],
        ),
        (Tie("a", "b", layer="vriendschap"), [(1, "laag", None)]),
        (Tie("a", "b", confidence="misschien"), [(1, "zekerheid", None)]),
        (
            Tie("a", "b", first_seen=date(2025, 2, 1), last_seen=date(2025, 1, 1)),
            [
                (
                    1,
                    "laatst_gezien",
                    "Rij 1, kolom 'laatst_gezien': laatst gezien (01-01-2025) ligt vóór eerst gezien (01-02-2025).",
                )
            ],
        ),
        (Tie("a", "k1", layer="supportive"), []),
    ],
)
def test_tie_problem(tie, expected):
    got = validate_ties([tie], _case())
    assert [(p.row, p.field) for p in got] == [(r, f) for r, f, _ in expected]
    for p, (_, _, text) in zip(got, expected, strict=True):
        if text is not None:
            assert p.message == text


def test_incident_problems():
    case = _case()
    incidents = [
        Incident("i1", members=["a", "q", "r"]),
        Incident("i1", type="roken", members=["a", "a"]),
        Incident("", date="gisteren"),  # type: ignore[arg-type]
    ]
    assert [p.message for p in validate_incidents(incidents, case)] == [
        "Rij 1, kolom 'leden': leden 'q', 'r' bestaan niet in deze casus.",
        "Rij 2, kolom 'id': id 'i1' komt dubbel voor (ook in rij 1).",
        "Rij 2, kolom 'type': 'roken' is geen bekende problematiek. Kies uit: Overlast, Vernieling, Geweld, "
        "Vermogensdelicten, Drugs, Wapens, Online (bedreiging, drill, sexting), Verkeersoverlast, "
        "Doorgroei naar georganiseerde criminaliteit.",
        "Rij 2, kolom 'leden': lid 'a' staat dubbel in de lijst.",
        "Rij 3, kolom 'id': de id is leeg.",
        "Rij 3, kolom 'datum': 'gisteren' is geen geldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj).",
    ]


def test_validate_case_names_the_table():
    case = _case()
    case.name = " "
    case.ties = [Tie("a", "nope")]
    case.contacts.append(Contact(id="a"))
    assert [p.message for p in validate_case(case)] == [
        "Casus, kolom 'naam': de casus heeft geen naam.",
        "Leden, rij 1, kolom 'id': id 'a' is al in gebruik voor een contactpersoon.",
        "Contacten, rij 2, kolom 'id': contact 'a' heeft dezelfde id als een lid.",
        "Relaties, rij 1, kolom 'naar': lid 'nope' bestaat niet in deze casus.",
    ]


def test_custom_row_numbers_are_reported():
    case = _case()
    problems = validate_ties([Tie("a", "x"), Tie("a", "y")], case, rows=[7, 9])
    assert [p.row for p in problems] == [7, 9]
    assert problems[1].message.startswith("Rij 9, kolom 'naar'")


def test_garbage_values_never_raise():
    case = _case()
    weird = Member(id=None, pseudonym=5, birth_year="1990", problems="drugs", first_seen=3)  # type: ignore[arg-type]
    tie = Tie(None, 7, strength="2", layer=None)  # type: ignore[arg-type]
    inc = Incident(None, members="a")  # type: ignore[arg-type]
    assert validate_members([weird], case)
    assert validate_ties([tie], case)
    assert validate_incidents([inc], case)


def test_duplicate_tie_ids():
    problems = validate_ties([Tie("a", "b", id="t1"), Tie("b", "a", id="t1"), Tie("a", "b", id="")], _case())
    assert [p.message for p in problems] == ["Rij 2, kolom 'id': id 't1' komt dubbel voor (ook in rij 1)."]


# --- property: validation never raises, whatever the objects hold ---------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.integers(-5, 3000),
    st.booleans(),
    st.dates(),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3),
    st.sampled_from(["a", "b", "k1", "drugs", "care", "offline", "police", "J01", ""]),
)


def _garbage(cls, required: dict):
    import dataclasses

    names = [f.name for f in dataclasses.fields(cls)]
    return st.builds(lambda **kw: cls(**kw), **{n: ANY for n in names if n not in ("derived",)}, **required)


@settings(max_examples=200, deadline=None)
@given(
    members=st.lists(_garbage(Member, {}), max_size=4),
    ties=st.lists(_garbage(Tie, {}), max_size=4),
    incidents=st.lists(_garbage(Incident, {}), max_size=4),
    names=st.booleans(),
)
def test_validation_never_raises_and_always_names_row_and_field(members, ties, incidents, names):
    case = _case(names=names)
    case.members += members
    case.ties, case.incidents = ties, incidents
    for p in validate_case(case):
        assert isinstance(p, Problem) and p.field
        assert f"kolom '{p.field}'" in p.message
        if p.row is not None:
            assert f"rij {p.row}," in p.message
