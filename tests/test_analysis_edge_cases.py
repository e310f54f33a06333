"""The full analysis on groups at the edges: empty, one member, only isolates, disconnected, empty layer."""

from __future__ import annotations

import json

import pytest

from duiding.analysis import AnalysisOptions, analyse, to_json
from duiding.model import Case, Member, Tie


def case_of(members: list[str], ties: list[tuple[str, str]] = (), layer: str = "offline") -> Case:
    return Case(
        name="Randgeval",
        members=[Member(id=m, pseudonym=m.upper()) for m in members],
        ties=[Tie(source=a, target=b, layer=layer, id=f"t{i}") for i, (a, b) in enumerate(ties)],
    )


def test_empty_group():
    a = analyse(case_of([]))
    assert a.members == ()
    assert a.group["members"] == 0 and a.group["ties"] == 0
    assert a.group["components"] == 0 and a.group["average_distance"] is None
    assert a.communities == [] and a.group["modularity"] is None
    assert a.narrative[0].answer == "Er zijn (op deze datum) geen leden om te analyseren."
    assert json.loads(to_json(a))["members"] == []


def test_one_member():
    a = analyse(case_of(["a"]))
    (m,) = a.members
    assert m.suggested_role == "isolated"
    assert m.measures["degree"] == 0 and m.measures["betweenness"] == 0.0 and m.measures["closeness"] == 0.0
    assert m.measures["constraint"] is None
    assert m.community is None
    assert a.group["density"] == 0.0 and a.group["isolates"] == ["a"]
    assert m.robustness.runs == 0


def test_only_isolates():
    a = analyse(case_of(["a", "b", "c"]))
    assert [m.suggested_role for m in a.members] == ["isolated"] * 3
    assert all(
        m.role_reasons == ("Heeft geen banden in de gekozen lagen (graad 0): staat los van de groep.",)
        for m in a.members
    )
    assert a.group["components"] == 3 and a.group["isolates"] == ["a", "b", "c"]
    assert a.communities == []
    assert a.group["degree_centralisation"] == 0.0
    assert "Zonder banden in de gekozen lagen: A, B en C." in a.narrative[3].answer


def test_disconnected_group():
    a = analyse(case_of(["a", "b", "c", "d", "e"], [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")]))
    assert a.group["components"] == 2 and a.group["component_sizes"] == [3, 2]
    assert a.group["average_distance"] == pytest.approx(1.0)
    assert a.communities == [["a", "b", "c"], ["d", "e"]]
    assert a.member("d").measures["eigenvector"] == 0.0  # outside the largest component
    assert any("grootste component" in n for n in a.notes)
    assert a.member("d").measures["closeness"] == pytest.approx(0.25)
    assert json.loads(to_json(a))["group"]["components"] == 2


def test_a_layer_with_no_ties():
    case = case_of(["a", "b", "c"], [("a", "b"), ("b", "c")])
    a = analyse(case, AnalysisOptions(layers=("family",)))
    assert a.group["ties"] == 0
    assert [m.suggested_role for m in a.members] == ["isolated"] * 3
    compared = analyse(case, AnalysisOptions(compare_layers=("family", "offline"))).layers
    assert (
        compared["jaccard"] == 0.0
        and compared["ties_a"] == 0
        and compared["only_b"] == [["a", "b"], ["b", "c"]]
    )
    neither = analyse(case, AnalysisOptions(compare_layers=("family", "conflict"))).layers
    assert neither["jaccard"] is None


def test_two_members_one_tie():
    a = analyse(case_of(["a", "b"], [("a", "b")]))
    assert [m.measures["betweenness"] for m in a.members] == [0.0, 0.0]
    assert a.group["degree_centralisation"] is None  # Freeman's formula needs three members
    assert {m.suggested_role for m in a.members} == {"central"}


def test_unknown_layer_is_refused_in_dutch():
    with pytest.raises(ValueError, match="Onbekende laag: telepathie"):
        analyse(case_of(["a"]), AnalysisOptions(layers=("telepathie",)))


def test_unknown_member_to_remove_is_refused_in_dutch():
    with pytest.raises(ValueError, match="Onbekend lid om weg te laten: zz"):
        analyse(case_of(["a"]), AnalysisOptions(remove=("zz",)))


def test_removing_everyone_leaves_an_empty_network():
    a = analyse(case_of(["a", "b"], [("a", "b")]), AnalysisOptions(remove=("a", "b")))
    assert a.what_if["after"]["members"] == 0 and a.what_if["after"]["components"] == 0


def test_key_players_on_a_star_and_on_isolates():
    import networkx as nx

    from duiding.analysis.whatif import key_players

    star = nx.star_graph(4)
    assert key_players(star, 3) == {"fragment": [0], "reach": [0], "reach_covered": 4}
    assert key_players(nx.empty_graph(3), 2) == {"fragment": [], "reach": [], "reach_covered": 0}
    assert key_players(nx.complete_graph(4), 2)["fragment"] == []
