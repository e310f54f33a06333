"""Group structure: hierarchy on directed ties, centralisation, distance, communities, core."""

from __future__ import annotations

import networkx as nx
import pytest

from duiding.analysis.measures import member_measures
from duiding.analysis.structure import (
    average_distance,
    communities,
    group_structure,
    hierarchy,
    krackhardt_hierarchy,
)


def structure(g: nx.Graph, d: nx.DiGraph | None = None) -> dict:
    nx.set_edge_attributes(g, 1, "weight")
    nx.set_edge_attributes(g, 1, "distance")
    m, _ = member_measures(g, d)
    return group_structure(g, m, d)[0]


def test_directed_chain_of_command_is_a_perfect_hierarchy():
    chain = nx.DiGraph([("baas", "luitenant"), ("luitenant", "loper"), ("loper", "nieuweling")])
    h = hierarchy(chain)
    assert h["krackhardt"] == 1.0
    assert h["flow"] == 1.0
    assert h["global_reaching"] == pytest.approx(2 / 3)  # local reach 1, 2/3, 1/3, 0 → Σ(1 − c)/(n − 1)
    assert h["top"] == ["baas"]
    assert h["levels"] == 3
    assert h["chain"] == ["baas", "luitenant", "loper", "nieuweling"]


def test_tree_from_one_leader_is_a_perfect_hierarchy():
    tree = nx.DiGraph([(0, 1), (0, 2), (1, 3), (1, 4), (2, 5)])
    h = hierarchy(tree)
    assert (h["krackhardt"], h["flow"]) == (1.0, 1.0)
    # local reach 5/5, 2/5, 1/5, 0, 0, 0 → (0 + 0,6 + 0,8 + 1 + 1 + 1) / 5
    assert h["global_reaching"] == pytest.approx(0.88)
    assert h["levels"] == 2


def test_directed_cycle_has_no_hierarchy():
    cycle = nx.DiGraph([(0, 1), (1, 2), (2, 3), (3, 0)])
    h = hierarchy(cycle)
    assert h["krackhardt"] == 0.0
    assert h["flow"] == 0.0
    assert h["global_reaching"] == 0.0
    assert h["top"] == [] and h["chain"] == []


def test_mutual_pair_below_a_leader_is_partly_hierarchical():
    # 0 → 1, 1 ⇄ 2: reachable ordered pairs (0,1) (0,2) (1,2) (2,1); mutual: (1,2) (2,1).
    assert krackhardt_hierarchy(nx.DiGraph([(0, 1), (1, 2), (2, 1)])) == pytest.approx(0.5)


def test_no_directed_ties_gives_no_hierarchy_figures():
    h = hierarchy(nx.DiGraph())
    assert h["directed_ties"] == 0 and h["krackhardt"] is None and h["flow"] is None


def test_members_without_directed_ties_do_not_dilute_hierarchy():
    d = nx.DiGraph([(0, 1), (1, 2)])
    d.add_nodes_from(range(3, 20))
    assert hierarchy(d)["global_reaching"] == pytest.approx(
        hierarchy(nx.DiGraph([(0, 1), (1, 2)]))["global_reaching"]
    )


def test_star_is_fully_centralised_and_complete_graph_not_at_all():
    star = structure(nx.star_graph(5))
    assert star["degree_centralisation"] == pytest.approx(1.0)
    assert star["betweenness_centralisation"] == pytest.approx(1.0)
    assert star["density"] == pytest.approx(5 / 15)
    complete = structure(nx.complete_graph(6))
    assert complete["degree_centralisation"] == pytest.approx(0.0)
    assert complete["betweenness_centralisation"] == pytest.approx(0.0)
    assert complete["density"] == 1.0
    assert complete["main_core_k"] == 5 and complete["periphery"] == []


def test_path_average_distance_and_components():
    s = structure(nx.path_graph(4))
    # distances 1,1,1,2,2,3 over 6 pairs
    assert s["average_distance"] == pytest.approx(10 / 6)
    assert s["components"] == 1 and s["largest_component"] == 4 and s["isolates"] == []


def test_average_distance_ignores_unreachable_pairs_and_matches_igraph():
    g = nx.union(nx.path_graph(3), nx.path_graph(range(10, 12)))
    g.add_node(99)
    assert average_distance(g) == pytest.approx((1 + 1 + 2 + 1) / 4)
    assert average_distance(g, engine="igraph") == pytest.approx(
        average_distance(g, engine="networkx"), abs=1e-12
    )


def test_two_cliques_joined_by_one_tie_are_two_communities():
    g = nx.barbell_graph(5, 0)
    nx.set_edge_attributes(g, 1, "weight")
    found, q = communities(g, seed=42)
    assert found == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert q == pytest.approx(nx.community.modularity(g, [set(range(5)), set(range(5, 10))]))
    found_ig, _ = communities(g, seed=42, engine="igraph")
    assert found_ig == found


def test_communities_are_deterministic_with_a_seed():
    g = nx.gnm_random_graph(120, 300, seed=7)
    nx.set_edge_attributes(g, 1, "weight")
    assert communities(g, seed=1) == communities(g, seed=1)
    assert communities(g, seed=1, engine="igraph") == communities(g, seed=1, engine="igraph")


def test_isolates_belong_to_no_community():
    g = nx.Graph([(1, 2)])
    g.add_node(3)
    nx.set_edge_attributes(g, 1, "weight")
    found, _ = communities(g)
    assert found == [[1, 2]]


def test_core_and_periphery():
    g = nx.complete_graph(4)
    g.add_edge(3, 4)
    g.add_edge(4, 5)
    s = structure(g)
    assert s["main_core_k"] == 3
    assert s["main_core"] == [0, 1, 2, 3]
    assert s["periphery"] == [4, 5]
