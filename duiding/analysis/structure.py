"""Group structure: components, isolates, communities, density, distance, centralisation, hierarchy, core."""

from __future__ import annotations

from typing import Any

import networkx as nx

from duiding.analysis.measures import choose_engine, seeded_igraph, to_igraph

__all__ = [
    "average_distance",
    "centralisation",
    "communities",
    "group_structure",
    "hierarchy",
    "krackhardt_hierarchy",
]


def communities(
    g: nx.Graph, seed: int = 42, engine: str | None = None
) -> tuple[list[list[Any]], float | None]:
    """Louvain communities (fixed seed) of the members with ties, largest first, and the modularity.

    Members without ties belong to no community (they are reported as isolates). Modularity is None
    for a graph without ties.

    >>> communities(nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)]))[0]
    [[1, 2, 3], [4, 5, 6]]
    """
    if g.number_of_edges() == 0:
        return [], None
    if choose_engine(g.number_of_nodes(), engine) == "networkx":
        parts = nx.community.louvain_communities(g, weight="weight", seed=seed)
    else:
        h, nodes = to_igraph(g)
        with seeded_igraph(seed):
            clustering = h.community_multilevel(weights="weight")
        groups: dict[int, list[Any]] = {}
        for v, c in zip(nodes, clustering.membership, strict=True):
            groups.setdefault(c, []).append(v)
        parts = [set(p) for p in groups.values()]
    modularity = nx.community.modularity(g, parts, weight="weight")
    order = {v: i for i, v in enumerate(g)}
    found = [sorted(p, key=order.__getitem__) for p in parts if len(p) > 1 or g.degree(next(iter(p))) > 0]
    found.sort(key=lambda p: (-len(p), order[p[0]]))
    return found, float(modularity)


def average_distance(g: nx.Graph, engine: str | None = None) -> float | None:
    """Mean number of steps between two members who can reach each other; None when nobody can."""
    if g.number_of_edges() == 0:
        return None
    if choose_engine(g.number_of_nodes(), engine) == "igraph":
        h, _ = to_igraph(g)
        return float(h.average_path_length(directed=False, unconn=True))
    total = pairs = 0
    for _, lengths in nx.all_pairs_shortest_path_length(g):
        total += sum(lengths.values())
        pairs += len(lengths) - 1
    return total / pairs


def centralisation(values: dict[Any, float], maximum: float) -> float | None:
    """Freeman centralisation: sum of (highest - each) divided by the largest possible sum."""
    if len(values) < 3 or maximum <= 0:
        return None
    top = max(values.values())
    return sum(top - v for v in values.values()) / maximum


def krackhardt_hierarchy(d: nx.DiGraph) -> float | None:
    """Krackhardt's hierarchy: share of ordered reachable pairs (i reaches j) that are NOT mutual.

    1 for a chain of command or tree, 0 for a cycle; None without directed ties.

    >>> krackhardt_hierarchy(nx.DiGraph([(1, 2), (2, 3)])), krackhardt_hierarchy(nx.DiGraph([(1, 2), (2, 1)]))
    (1.0, 0.0)
    """
    if d.number_of_edges() == 0:
        return None
    cond = nx.condensation(d)
    size = {c: len(cond.nodes[c]["members"]) for c in cond}
    reachable = mutual = 0
    for c in cond:
        below = sum(size[x] for x in nx.descendants(cond, c))
        reachable += size[c] * (size[c] - 1 + below)
        mutual += size[c] * (size[c] - 1)
    return 1.0 - mutual / reachable if reachable else None


def hierarchy(d: nx.DiGraph | None) -> dict[str, Any]:
    """Hierarchy indicators of the directed ("stuurt aan") ties, on the members who have such ties.

    ``krackhardt`` (1 = every reachable pair one-way), ``flow`` (share of ties not in a cycle),
    ``global_reaching`` (how much the top reaches more than the rest), ``top`` (members who direct
    others and are directed by nobody), ``levels`` (longest chain of command, in ties) and ``chain``
    (that longest chain, when there is no cycle).
    """
    empty = {
        "directed_ties": 0,
        "krackhardt": None,
        "flow": None,
        "global_reaching": None,
        "top": [],
        "levels": 0,
        "chain": [],
    }
    if d is None or d.number_of_edges() == 0:
        return empty
    sub = d.subgraph([v for v in d if d.degree(v) > 0]).copy()
    cond = nx.condensation(sub)
    return {
        "directed_ties": sub.number_of_edges(),
        "krackhardt": krackhardt_hierarchy(sub),
        "flow": float(nx.flow_hierarchy(sub)),
        "global_reaching": float(nx.global_reaching_centrality(sub, weight=None)),
        "top": sorted(v for v in sub if sub.in_degree(v) == 0 and sub.out_degree(v) > 0),
        "levels": nx.dag_longest_path_length(cond),
        "chain": nx.dag_longest_path(sub) if nx.is_directed_acyclic_graph(sub) else [],
    }


def group_structure(
    g: nx.Graph,
    measures: dict[str, dict[Any, Any]],
    directed: nx.DiGraph | None = None,
    seed: int = 42,
    engine: str | None = None,
) -> tuple[dict[str, Any], list[list[Any]]]:
    """Whole-group figures and the communities; ``measures`` come from :func:`member_measures`."""
    n = g.number_of_nodes()
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    found, modularity = communities(g, seed=seed, engine=engine)
    core = measures.get("core_number", {})
    k_max = max(core.values(), default=0)
    main_core = sorted(v for v, k in core.items() if k == k_max and k > 0)
    return {
        "members": n,
        "ties": g.number_of_edges(),
        "density": nx.density(g) if n > 1 else 0.0,
        "components": len(comps),
        "component_sizes": [len(c) for c in comps],
        "largest_component": len(comps[0]) if comps else 0,
        "isolates": sorted(nx.isolates(g)),
        "articulation_points": sorted(v for v, cut in measures.get("articulation_point", {}).items() if cut),
        "bridges": sorted(sorted(e) for e in nx.bridges(g)) if n else [],
        "average_distance": average_distance(g, engine=engine),
        "degree_centralisation": centralisation(
            {v: float(x) for v, x in measures["degree"].items()}, (n - 1) * (n - 2)
        ),
        "betweenness_centralisation": centralisation(measures["betweenness"], n - 1),
        "communities": len(found),
        "modularity": modularity,
        "main_core_k": k_max,
        "main_core": main_core,
        "periphery": sorted(v for v in g if g.degree(v) > 0 and core.get(v, 0) < k_max),
        "hierarchy": hierarchy(directed),
    }, found
