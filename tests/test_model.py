"""The case model: exact serialisation, derived co-offending ties, pseudonyms, vocabularies."""

from datetime import date

import pytest

from duiding import vocab
from duiding.model import Case, Decision, Incident, Member, Tie, derived_ties, next_pseudonym


def test_case_round_trips_through_dict_exactly():
    case = Case(
        name="Testgroep",
        decisions=[Decision(step="2B", date=date(2026, 3, 12), note="namenlijst")],
        members=[
            Member(
                id="m1",
                pseudonym="J01",
                name="Kiki",
                birth_year=2009,
                problems=["drugs"],
                first_seen=date(2026, 1, 2),
            )
        ],
        ties=[Tie(source="m1", target="m2", layer="online", strength=2, id="t1")],
        incidents=[Incident(id="i1", date=date(2026, 2, 1), type="violence", members=["m1", "m2"])],
        conclusions={"hierarchy": "Nee"},
    )
    again = Case.from_dict(case.to_dict())
    assert again == case
    assert again.members[0].first_seen == date(2026, 1, 2)
    assert again.decisions[0].date == date(2026, 3, 12)


def test_names_allowed_only_after_2b_decision():
    case = Case(name="x", decisions=[Decision(step="2A")])
    assert not case.names_allowed
    case.decisions.append(Decision(step="2B"))
    assert case.names_allowed


def test_derived_ties_one_per_pair_strength_counts_shared_incidents():
    case = Case(
        name="x",
        members=[Member(id=i) for i in ("a", "b", "c")],
        incidents=[
            Incident(id="1", date=date(2026, 1, 5), members=["a", "b"]),
            Incident(id="2", date=date(2026, 2, 5), members=["b", "a", "c"]),
            Incident(id="3", date=date(2026, 3, 5), members=["a", "b", "unknown"]),
            Incident(id="4", date=date(2026, 4, 5), members=["a", "b"]),
            Incident(id="5", date=date(2026, 5, 5), members=["c"]),
        ],
    )
    ties = {(t.source, t.target): t for t in derived_ties(case)}
    assert set(ties) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert ties[("a", "b")].strength == 3  # four shared incidents, capped at 3
    assert ties[("a", "c")].strength == 1
    assert ties[("a", "b")].first_seen == date(2026, 1, 5)
    assert all(t.derived and t.layer == "co_offending" for t in ties.values())
    assert case.ties == []  # never mixed into the hand-entered ties


def test_next_pseudonym_fills_first_gap():
    assert next_pseudonym([]) == "J01"
    assert next_pseudonym(["J01", "J03"]) == "J02"


@pytest.mark.parametrize(
    ("vocabulary", "value", "code"),
    [
        ("layer", "online", "online"),
        ("layer", "Stuurt aan", "directs"),
        ("layer", "SAMEN DELICTEN PLEGEN", "co_offending"),
        ("typing", "zorgjongere", "care"),
        ("problem", "Wapens", "weapons"),
        ("step", "2b", "2B"),
        ("partner", "politie", "police"),
        ("layer", "onbekende laag", None),
        ("layer", "  ", None),
    ],
)
def test_to_code_accepts_codes_and_dutch_labels_case_insensitively(vocabulary, value, code):
    assert vocab.to_code(vocabulary, value) == code


def test_vocabulary_override_file_adds_and_relabels(tmp_path, monkeypatch):
    path = tmp_path / "vocab.yaml"
    path.write_text("team_role:\n  follower: Volger\n  runner: Loopjongen\n", encoding="utf-8")
    monkeypatch.setenv("DUIDING_VOCAB_FILE", str(path))
    vocab.reload()
    try:
        assert vocab.label("team_role", "follower") == "Volger"
        assert vocab.to_code("team_role", "loopjongen") == "runner"
        assert vocab.label("team_role", "leader") == "Kopstuk"
    finally:
        monkeypatch.delenv("DUIDING_VOCAB_FILE")
        vocab.reload()


@pytest.mark.parametrize(
    ("first", "last", "day", "active"),
    [
        (None, None, date(2026, 1, 1), True),
        (date(2026, 3, 1), None, date(2026, 2, 28), False),
        (date(2026, 3, 1), None, date(2026, 3, 1), True),
        (None, date(2026, 6, 30), date(2026, 6, 30), True),
        (None, date(2026, 6, 30), date(2026, 7, 1), False),
        (date(2026, 3, 1), date(2026, 6, 30), None, True),
    ],
)
def test_members_and_ties_are_active_between_first_and_last_seen(first, last, day, active):
    assert Member(id="m", first_seen=first, last_seen=last).active_on(day) is active
    assert Tie("a", "b", first_seen=first, last_seen=last).active_on(day) is active
