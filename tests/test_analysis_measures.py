"""Member measures on small named graphs with known answers, and igraph equal to NetworkX."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from duiding.analysis.graph import DISTANCE_SCALE
from duiding.analysis.measures import (
    MEASURES,
    betweenness,
    brokerage,
    classic_closeness,
    eigenvector,
    harmonic_closeness,
    member_measures,
)


def weighted(g: nx.Graph, seed: int = 0) -> nx.Graph:
    rng = random.Random(seed)
    for _, _, d in g.edges(data=True):
        d["weight"] = rng.randint(1, 6)
        d["distance"] = DISTANCE_SCALE // d["weight"]
    return g


def test_path_of_five():
    g = weighted(nx.path_graph(5))
    m, _ = member_measures(g)
    assert m["degree"] == {0: 1, 1: 2, 2: 2, 3: 2, 4: 1}
    # Node 2 lies between {0, 1} and {3, 4}: 4 of the 6 pairs of other nodes.
    assert m["betweenness"] == pytest.approx({0: 0.0, 1: 0.5, 2: 4 / 6, 3: 0.5, 4: 0.0})
    assert m["closeness"][2] == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)
    assert m["closeness"][0] == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)
    assert m["closeness_classic"][2] == pytest.approx(4 / 6)
    assert m["core_number"] == {v: 1 for v in range(5)}
    assert m["articulation_point"] == {0: False, 1: True, 2: True, 3: True, 4: False}
    assert m["bridges"] == {0: 1, 1: 2, 2: 2, 3: 2, 4: 1}
    assert m["clustering"] == {v: 0.0 for v in range(5)}


def test_star_with_four_leaves():
    g = weighted(nx.star_graph(4))
    m, _ = member_measures(g)
    assert m["degree"][0] == 4 and all(m["degree"][v] == 1 for v in range(1, 5))
    assert m["betweenness"] == pytest.approx({0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0})
    assert m["closeness"][0] == pytest.approx(1.0)
    assert m["closeness"][1] == pytest.approx((1 + 3 * 0.5) / 4)
    assert m["constraint"][0] == pytest.approx(0.25)  # four unconnected contacts: 4 · (1/4)²
    assert m["constraint"][1] == pytest.approx(1.0)
    assert m["effective_size"] == pytest.approx({0: 4.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0})
    assert m["eigenvector"][0] == pytest.approx(2**-0.5)
    assert m["eigenvector"][1] == pytest.approx(2**-0.5 / 2)


def test_complete_graph_of_five():
    g = nx.complete_graph(5)
    nx.set_edge_attributes(g, 2, "weight")
    nx.set_edge_attributes(g, DISTANCE_SCALE // 2, "distance")
    m, _ = member_measures(g)
    for v in g:
        assert m["degree"][v] == 4
        assert m["betweenness"][v] == pytest.approx(0.0)
        assert m["closeness"][v] == pytest.approx(1.0)
        assert m["clustering"][v] == pytest.approx(1.0)
        assert m["core_number"][v] == 4
        assert m["eigenvector"][v] == pytest.approx(5**-0.5)
        assert m["pagerank"][v] == pytest.approx(0.2, abs=1e-6)
        assert m["effective_size"][v] == pytest.approx(1.0)  # 4 - 2·6/4
    assert not any(m["articulation_point"].values())


def test_krackhardt_kite():
    """Degree highest at node 3, betweenness at 7, classic closeness at 5 and 6.

    Harmonic closeness (the ``closeness`` field) ranks node 3 first (7,08/9 against 6,83/9 for 5
    and 6): averaging 1/distance rewards many direct ties more than being close to everyone.
    """
    g = weighted(nx.krackhardt_kite_graph())
    m, _ = member_measures(g)
    assert max(m["degree"], key=m["degree"].get) == 3 and m["degree"][3] == 6
    assert max(m["betweenness"], key=m["betweenness"].get) == 7
    assert m["betweenness"][7] == pytest.approx(14 / 36)
    assert m["betweenness"][3] == pytest.approx(3.6667 / 36, abs=1e-4)
    top = max(m["closeness_classic"].values())
    assert sorted(v for v, c in m["closeness_classic"].items() if c == pytest.approx(top)) == [5, 6]
    assert top == pytest.approx(9 / 14)
    assert m["closeness"][5] == pytest.approx((5 + 3 / 2 + 1 / 3) / 9)
    assert m["closeness"][3] == pytest.approx((6 + 1 / 2 + 1 / 3 + 1 / 4) / 9)
    assert m["articulation_point"][7] and m["articulation_point"][8]
    assert m["bridges"][8] == 2 and m["bridges"][9] == 1


def test_directed_layer_gives_in_and_out_degree():
    g = nx.path_graph(["a", "b", "c"])
    for _, _, d in g.edges(data=True):
        d["weight"], d["distance"] = 1, DISTANCE_SCALE
    d = nx.DiGraph([("a", "b"), ("a", "c")])
    m, _ = member_measures(g, d)
    assert m["out_degree"] == {"a": 2, "b": 0, "c": 0}
    assert m["in_degree"] == {"a": 0, "b": 1, "c": 1}


def test_every_documented_measure_is_computed():
    m, _ = member_measures(weighted(nx.krackhardt_kite_graph()))
    assert set(m) == set(MEASURES)


def test_weighted_betweenness_follows_strong_ties():
    # a-b-c strong (weight 3 each), a-c weak (1): the weighted shortest path a→c goes through b.
    g = nx.Graph()
    g.add_edge("a", "b", weight=3, distance=DISTANCE_SCALE // 3)
    g.add_edge("b", "c", weight=3, distance=DISTANCE_SCALE // 3)
    g.add_edge("a", "c", weight=1, distance=DISTANCE_SCALE)
    assert betweenness(g)["b"] == 0.0
    assert betweenness(g, weighted=True)["b"] == 1.0


def test_eigenvector_on_disconnected_graph_uses_largest_component():
    g = nx.union(nx.complete_graph(4), nx.path_graph(range(10, 12)))
    g.add_node(20)
    values, note = eigenvector(g)
    assert values[0] == pytest.approx(0.5)
    assert values[10] == 0.0 and values[20] == 0.0
    assert "grootste component" in note


def test_isolate_has_no_constraint_or_effective_size():
    g = nx.Graph([(1, 2)])
    g.add_node(3)
    constraint, eff = brokerage(g)
    assert constraint[3] is None and eff[3] is None
    assert constraint[1] == pytest.approx(1.0) and eff[1] == pytest.approx(1.0)


def _random_graphs():
    yield "gnm", weighted(nx.gnm_random_graph(320, 900, seed=3), seed=3)
    g = weighted(nx.gnm_random_graph(350, 500, seed=4), seed=4)  # many components and isolates
    yield "disconnected", g
    yield "kite", weighted(nx.krackhardt_kite_graph())
    yield "star", weighted(nx.star_graph(30))


@pytest.mark.parametrize(("name", "g"), list(_random_graphs()), ids=lambda x: x if isinstance(x, str) else "")
def test_igraph_equals_networkx_within_1e_9(name, g):
    pairs = [
        (betweenness(g, engine="networkx"), betweenness(g, engine="igraph")),
        (betweenness(g, weighted=True, engine="networkx"), betweenness(g, weighted=True, engine="igraph")),
        (harmonic_closeness(g, engine="networkx"), harmonic_closeness(g, engine="igraph")),
        (classic_closeness(g, engine="networkx"), classic_closeness(g, engine="igraph")),
        (brokerage(g, engine="networkx")[0], brokerage(g, engine="igraph")[0]),
    ]
    for nx_values, ig_values in pairs:
        assert set(nx_values) == set(ig_values)
        for v in nx_values:
            a, b = nx_values[v], ig_values[v]
            if a is None or b is None:
                assert a is b
            else:
                assert abs(a - b) <= 1e-9, (name, v, a, b)
    e_nx, _ = eigenvector(g, engine="networkx")
    e_ig, _ = eigenvector(g, engine="igraph")
    assert max(abs(e_nx[v] - e_ig[v]) for v in g) <= 1e-6  # iterative solvers: 1e-6 is their tolerance


def test_large_graphs_use_igraph_automatically():
    g = weighted(nx.gnm_random_graph(400, 1000, seed=5), seed=5)
    assert betweenness(g) == pytest.approx(betweenness(g, engine="networkx"), abs=1e-9)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="Onbekende rekenmethode"):
        betweenness(nx.path_graph(4), engine="gephi")
