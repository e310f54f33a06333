"""Member measures: degree, betweenness, closeness, eigenvector, PageRank, k-core, brokerage, cut points.

Small graphs use NetworkX; graphs with more than :data:`IGRAPH_FROM` nodes use igraph for the heavy
exact measures (betweenness, closeness, eigenvector, constraint). Tests check that both engines give
the same values within 1e-9.
"""

from __future__ import annotations

import math
import random
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

__all__ = [
    "IGRAPH_FROM",
    "MEASURES",
    "EXTRA_MEASURES_UP_TO",
    "betweenness",
    "brokerage",
    "choose_engine",
    "classic_closeness",
    "eigenvector",
    "harmonic_closeness",
    "member_measures",
    "seeded_igraph",
    "to_igraph",
]

IGRAPH_FROM = 300  # nodes; above this igraph computes the path-based measures
# Weighted betweenness (Dijkstra from every node) costs ~3x the unweighted one and classic closeness
# repeats the all-pairs search of harmonic closeness; above this many nodes both are left out (None)
# to keep a full analysis within its time budget.
EXTRA_MEASURES_UP_TO = 2000

# Every member measure, in display order, with its Dutch name (also the JSON field names).
MEASURES: dict[str, str] = {
    "degree": "Aantal banden (graad)",
    "strength": "Sterkte (gewogen graad)",
    "in_degree": "Wordt aangestuurd door (in-graad)",
    "out_degree": "Stuurt aan (uit-graad)",
    "betweenness": "Betweenness (tussenpositie)",
    "betweenness_weighted": "Gewogen betweenness",
    "closeness": "Nabijheid (harmonisch)",
    "closeness_classic": "Nabijheid (klassiek, Wasserman-Faust)",
    "eigenvector": "Eigenvector (verbonden met centrale leden)",
    "pagerank": "PageRank",
    "core_number": "k-kern",
    "clustering": "Clustering (vrienden kennen elkaar)",
    "constraint": "Constraint (Burt)",
    "effective_size": "Effectieve omvang (Burt)",
    "articulation_point": "Snijpunt (verbindt delen die anders loskomen)",
    "bridges": "Aantal bruggen (banden zonder alternatief)",
}


_IGRAPH_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_IGRAPH_RNG_LOCK = threading.RLock()


@contextmanager
def seeded_igraph(seed: int = 0) -> Iterator[None]:
    """python-igraph draws random numbers (ARPACK start vectors, Louvain order) from a Python RNG:
    give it a seeded one for the duration, so results are reproducible. The RNG is global to
    igraph, so concurrent analyses (Streamlit sessions are threads) take turns."""
    with _IGRAPH_RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def choose_engine(n: int, engine: str | None = None) -> str:
    """'networkx' for small graphs, 'igraph' above :data:`IGRAPH_FROM` nodes (or as forced)."""
    if engine is not None:
        if engine not in ("networkx", "igraph"):
            raise ValueError(f"Onbekende rekenmethode '{engine}' (kies networkx of igraph).")
        return engine
    return "igraph" if n > IGRAPH_FROM else "networkx"


def to_igraph(g: nx.Graph) -> tuple[ig.Graph, list[Any]]:
    """An igraph copy with integer vertices (in ``list(g)`` order) and the weight/distance attributes.

    The copy is remembered per graph object (as long as its size is unchanged), because one analysis
    asks for it several times; treat both as read-only.
    """
    size = (g.number_of_nodes(), g.number_of_edges())
    cached = _IGRAPH_CACHE.get(g)
    if cached is not None and cached[0] == size:
        return cached[1], cached[2]
    h, nodes = _convert(g)
    _IGRAPH_CACHE[g] = (size, h, nodes)
    return h, nodes


def _convert(g: nx.Graph) -> tuple[ig.Graph, list[Any]]:
    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(g.edges(data=True))
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges], directed=g.is_directed())
    if edges:
        h.es["weight"] = [d.get("weight", 1) for _, _, d in edges]
        h.es["distance"] = [d.get("distance", 1) for _, _, d in edges]
    return h, nodes


def betweenness(g: nx.Graph, weighted: bool = False, engine: str | None = None) -> dict[Any, float]:
    """Normalised betweenness: share of shortest paths between two others that pass through a member.

    ``weighted`` uses the edge attribute ``distance`` (stronger ties are shorter).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = g.number_of_nodes()
    if n < 3:
        return {v: 0.0 for v in g}
    if choose_engine(n, engine) == "networkx":
        return nx.betweenness_centrality(g, normalized=True, weight="distance" if weighted else None)
    h, nodes = to_igraph(g)
    raw = h.betweenness(directed=False, weights="distance" if weighted and h.ecount() else None)
    scale = 2.0 / ((n - 1) * (n - 2))
    return {v: b * scale for v, b in zip(nodes, raw, strict=True)}


def harmonic_closeness(g: nx.Graph, engine: str | None = None) -> dict[Any, float]:
    """Harmonic closeness: mean of 1/distance to every other member (0 for unreachable ones), in [0, 1].

    >>> harmonic_closeness(nx.path_graph(3))
    {0: 0.75, 1: 1.0, 2: 0.75}
    """
    n = g.number_of_nodes()
    if n < 2:
        return {v: 0.0 for v in g}
    if choose_engine(n, engine) == "networkx":
        return {v: c / (n - 1) for v, c in nx.harmonic_centrality(g).items()}
    h, nodes = to_igraph(g)
    return dict(zip(nodes, h.harmonic_centrality(normalized=True), strict=True))


def classic_closeness(g: nx.Graph, engine: str | None = None) -> dict[Any, float]:
    """Classic closeness (reachable members / total distance), scaled by the share of the group a
    member can reach (Wasserman and Faust), so disconnected groups work; 0 for isolates.

    >>> classic_closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    n = g.number_of_nodes()
    if n < 2:
        return {v: 0.0 for v in g}
    if choose_engine(n, engine) == "networkx":
        return nx.closeness_centrality(g, wf_improved=True)
    h, nodes = to_igraph(g)
    size = [0] * n
    for comp in h.connected_components():
        for v in comp:
            size[v] = len(comp)
    raw = h.closeness(normalized=True)
    return {
        v: (0.0 if size[i] < 2 or math.isnan(raw[i]) else raw[i] * (size[i] - 1) / (n - 1))
        for i, v in enumerate(nodes)
    }


def _largest_component(g: nx.Graph) -> set[Any]:
    comps = [c for c in nx.connected_components(g) if len(c) > 1]
    if not comps:
        return set()
    order = {v: i for i, v in enumerate(g)}
    return max(comps, key=lambda c: (len(c), -min(order[v] for v in c)))


def eigenvector(g: nx.Graph, engine: str | None = None) -> tuple[dict[Any, float], str]:
    """Eigenvector centrality (unit length) on the largest component; 0 elsewhere; and a note.

    Eigenvector centrality has no meaning across disconnected parts, so it is computed on the
    largest component (the first one in node order when sizes tie); members outside it get 0.
    If the eigenvalue problem does not converge, degree (scaled to unit length) is used and the
    note says so.
    """
    values = {v: 0.0 for v in g}
    comp = _largest_component(g)
    if not comp:
        return values, ""
    sub = g.subgraph(comp)
    note = ""
    try:
        if choose_engine(g.number_of_nodes(), engine) == "igraph":
            # Work on the cached igraph copy of the whole graph; its induced subgraph is cheap.
            h, nodes = to_igraph(g)
            index = {v: i for i, v in enumerate(nodes)}
            ids = sorted(index[v] for v in comp)
            with seeded_igraph():
                raw = np.abs(np.array(h.induced_subgraph(ids).eigenvector_centrality()))
            vec = dict(zip((nodes[i] for i in ids), (raw / np.linalg.norm(raw)).tolist(), strict=True))
        elif choose_engine(sub.number_of_nodes(), engine) == "networkx":
            # Dense symmetric eigenproblem: exact and robust for small components (also 2 members).
            values_, vectors = np.linalg.eigh(nx.to_numpy_array(sub, weight=None))
            lead = np.abs(vectors[:, int(np.argmax(values_))])
            vec = dict(zip(sub, (lead / np.linalg.norm(lead)).tolist(), strict=True))
        else:
            h, nodes = to_igraph(sub)
            with seeded_igraph():
                raw = np.array(h.eigenvector_centrality())
            raw = np.abs(raw) / np.linalg.norm(raw)
            vec = dict(zip(nodes, raw.tolist(), strict=True))
    except (nx.NetworkXException, ArithmeticError, np.linalg.LinAlgError, ig.InternalError):
        deg = np.array([sub.degree(v) for v in sub], dtype=float)
        vec = dict(zip(sub, (deg / np.linalg.norm(deg)).tolist(), strict=True))
        note = "Eigenvector convergeerde niet; de graad is gebruikt als benadering."
    if len(comp) < sum(1 for v in g if g.degree(v) > 0):
        note = note or "Eigenvector is berekend op de grootste component; leden daarbuiten krijgen 0."
    values.update({v: float(x) for v, x in vec.items()})
    return values, note


def brokerage(
    g: nx.Graph, engine: str | None = None
) -> tuple[dict[Any, float | None], dict[Any, float | None]]:
    """Burt's constraint and effective size (unweighted); None for members without ties.

    Low constraint and a large effective size mean a member reaches people who do not know each
    other: a brokerage position.
    """
    if g.number_of_nodes() == 0:
        return {}, {}
    tri = nx.triangles(g)
    eff: dict[Any, float | None] = {}
    for v in g:
        d = g.degree(v)
        # Borgatti's simplification of Burt's formula for unweighted graphs: n - 2t/n.
        eff[v] = None if d == 0 else d - 2.0 * tri[v] / d
    if choose_engine(g.number_of_nodes(), engine) == "networkx":
        con = nx.constraint(g)
    else:
        h, nodes = to_igraph(g)
        con = dict(zip(nodes, h.constraint(), strict=True))
    constraint = {v: (None if g.degree(v) == 0 or math.isnan(c) else float(c)) for v, c in con.items()}
    return constraint, eff


def member_measures(
    g: nx.Graph,
    directed: nx.DiGraph | None = None,
    engine: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[dict[str, dict[Any, Any]], list[str]]:
    """Every measure in :data:`MEASURES` for every node of ``g``: ``{measure: {node: value}}``, notes.

    ``directed`` (the "stuurt aan" layer) gives in- and out-degree; without it they are 0.
    ``progress(fraction, message)`` is told before each of the heavy measures.
    """

    def step(fraction: float, what: str) -> None:
        if progress:
            progress(fraction, f"Maten per lid: {what}")

    notes: list[str] = []
    nodes = list(g)
    if not nodes:
        return {name: {} for name in MEASURES}, notes
    out: dict[str, dict[Any, Any]] = {}
    out["degree"] = dict(g.degree())
    out["strength"] = dict(g.degree(weight="weight"))
    out["in_degree"] = {
        v: directed.in_degree(v) if directed is not None and v in directed else 0 for v in nodes
    }
    out["out_degree"] = {
        v: directed.out_degree(v) if directed is not None and v in directed else 0 for v in nodes
    }
    step(0.0, "betweenness")
    out["betweenness"] = betweenness(g, engine=engine)
    step(0.3, "gewogen betweenness")
    extra = g.number_of_nodes() <= EXTRA_MEASURES_UP_TO
    out["betweenness_weighted"] = (
        betweenness(g, weighted=True, engine=engine) if extra else dict.fromkeys(nodes)
    )
    step(0.5, "nabijheid")
    out["closeness"] = harmonic_closeness(g, engine=engine)
    out["closeness_classic"] = classic_closeness(g, engine=engine) if extra else dict.fromkeys(nodes)
    if not extra:
        notes.append(
            f"Gewogen betweenness en klassieke nabijheid zijn niet berekend: meer dan "
            f"{EXTRA_MEASURES_UP_TO:,} leden.".replace(",", ".")
        )
    step(0.8, "eigenvector, PageRank, kernen")
    out["eigenvector"], note = eigenvector(g, engine=engine)
    if note:
        notes.append(note)
    out["pagerank"] = (
        nx.pagerank(g, weight="weight") if g.number_of_edges() else {v: 1.0 / len(nodes) for v in nodes}
    )
    out["core_number"] = nx.core_number(g) if nodes else {}
    out["clustering"] = {v: float(c) for v, c in nx.clustering(g).items()}
    step(0.9, "makelaarsposities en snijpunten")
    out["constraint"], out["effective_size"] = brokerage(g, engine=engine)
    cut = set(nx.articulation_points(g))
    out["articulation_point"] = {v: v in cut for v in nodes}
    bridge_count = dict.fromkeys(nodes, 0)
    for u, v in nx.bridges(g):
        bridge_count[u] += 1
        bridge_count[v] += 1
    out["bridges"] = bridge_count
    return out, notes
