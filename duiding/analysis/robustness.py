"""Robustness: how stable suggested positions and betweenness ranks are when some ties are missing.

Each run removes a seeded random 10 % of the ties, recomputes what the role rules need (degree,
betweenness, eigenvector, core number; the communities of the full network are kept, because the
question is whether a member's position holds, not whether the partition moves) and compares with
the full network. igraph does the per-run work for every graph size.

The work adapts to the graph size so a full analysis stays within its time budget:

* runs = min(requested, max(MIN_RUNS, ROBUSTNESS_WORK // (s·m))), with s the number of start members
  of the betweenness search and m the number of ties: 50 runs for groups up to 320,000 start·tie
  units (e.g. 200 members with 1,600 ties), 21 for 500 members with 1,500 ties;
* above :data:`SAMPLE_FROM` members, betweenness in every run (and the reference it is compared
  with) is estimated from the same :data:`PIVOTS` seeded random start members (Brandes–Pich), and
  the suggested roles of the runs use that estimate; sampling noise can only lower the agreement,
  so the figures err on the side of "onzeker".

The report says how many runs were done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from duiding.analysis._format import ranks
from duiding.analysis.measures import seeded_igraph
from duiding.analysis.roles import classify

__all__ = [
    "MIN_RUNS",
    "PIVOTS",
    "SAMPLE_FROM",
    "ROBUSTNESS_WORK",
    "STABLE_FROM",
    "Robustness",
    "planned_runs",
    "robustness",
]

ROBUSTNESS_WORK = 1.6e7
MIN_RUNS = 5
SAMPLE_FROM = 2000
PIVOTS = 250
STABLE_FROM = 0.8  # share of runs that must agree for "stabiel"


@dataclass(frozen=True)
class Robustness:
    """Share of runs (0–1) in which the suggested role stayed the same, and in which the betweenness
    rank stayed within ``rank_tolerance`` places. ``status`` (of the suggested role) and
    ``rank_status`` are "stabiel" when their share is at least 0,8, else "onzeker"."""

    role_agreement: float
    rank_agreement: float
    status: str
    rank_status: str
    runs: int
    rank_tolerance: int


def _status(share: float) -> str:
    return "stabiel" if share >= STABLE_FROM else "onzeker"


def planned_runs(n: int, m: int, requested: int = 50) -> int:
    """How many runs a graph of ``n`` members and ``m`` ties gets (see the module docstring).

    >>> planned_runs(25, 64), planned_runs(500, 1500), planned_runs(5000, 15000)
    (50, 21, 5)
    """
    if m == 0 or requested <= 0:
        return 0
    sources = PIVOTS if n > SAMPLE_FROM else max(n, 1)
    return int(min(requested, max(MIN_RUNS, ROBUSTNESS_WORK // (sources * m))))


def _betweenness(h: ig.Graph, n: int, pivots: list[int] | None) -> list[float]:
    """Normalised betweenness; estimated from ``pivots`` start members when given (scaled up by n/s)."""
    if n < 3:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    if pivots is None:
        return [b * scale for b in h.betweenness(directed=False)]
    # Only paths from the sampled sources: scale up by n/s (igraph already halves undirected pairs).
    factor = scale * n / len(pivots)
    return [b * factor for b in h.betweenness(directed=False, sources=pivots)]


def _eigenvector(h: ig.Graph) -> list[float]:
    values = [0.0] * h.vcount()
    comps = [c for c in h.connected_components() if len(c) > 1]
    if not comps:
        return values
    comp = max(comps, key=lambda c: (len(c), -min(c)))
    sub = h.induced_subgraph(comp)
    with seeded_igraph():
        raw = np.abs(np.array(sub.eigenvector_centrality()))
    norm = np.linalg.norm(raw)
    for v, x in zip(comp, raw / norm if norm else raw, strict=True):
        values[v] = float(x)
    return values


def robustness(
    g: nx.Graph,
    roles: Mapping[Any, str],
    betweenness: Mapping[Any, float],
    community_of: Mapping[Any, int | None],
    runs: int = 50,
    share: float = 0.10,
    seed: int = 42,
    progress: Callable[[float, str], None] | None = None,
) -> dict[Any, Robustness]:
    """Per member: agreement of role and betweenness rank over seeded runs with ``share`` of ties removed."""
    nodes = list(g)
    n, m = len(nodes), g.number_of_edges()
    tolerance = max(1, round(0.1 * n))
    done = planned_runs(n, m, runs)
    if done == 0:
        return {v: Robustness(1.0, 1.0, "stabiel", "stabiel", 0, tolerance) for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in g.edges()], dtype=np.int64)
    remove = max(1, round(share * m))
    comm = np.array([-1 if community_of.get(v) is None else community_of[v] for v in nodes])
    pivots = None
    if n > SAMPLE_FROM:
        pivots = sorted(np.random.default_rng([seed, 999_999]).choice(n, size=PIVOTS, replace=False).tolist())
        full = ig.Graph(n=n, edges=edges.tolist())
        betweenness = dict(zip(nodes, _betweenness(full, n, pivots), strict=True))
    base_rank = ranks(betweenness)
    by_group: dict[int, list[int]] = {}
    for i, c in enumerate(comm.tolist()):
        if c >= 0:
            by_group.setdefault(c, []).append(i)
    groups = list(by_group.values())
    role_ok = np.zeros(n)
    rank_ok = np.zeros(n)
    for run in range(done):
        rng = np.random.default_rng([seed, run])
        keep = np.ones(m, dtype=bool)
        keep[rng.choice(m, size=remove, replace=False)] = False
        kept = edges[keep]
        h = ig.Graph(n=n, edges=kept.tolist())
        degree = h.degree()
        btw = _betweenness(h, n, pivots)
        eig = _eigenvector(h)
        core = h.coreness()
        sub_core = [0] * n
        sub_max = [0] * n
        for ids in groups:
            cores = h.induced_subgraph(ids).coreness()
            top = max(cores, default=0)
            for v, k in zip(ids, cores, strict=True):
                sub_core[v], sub_max[v] = k, top
        other = np.zeros(n)
        if len(kept):
            a, b = kept[:, 0], kept[:, 1]
            diff = (comm[a] != comm[b]).astype(float)
            np.add.at(other, a, diff)
            np.add.at(other, b, diff)
        cross = {v: (other[i] / degree[i] if degree[i] else 0.0) for i, v in enumerate(nodes)}
        run_roles = classify(
            dict(zip(nodes, degree, strict=True)),
            dict(zip(nodes, btw, strict=True)),
            dict(zip(nodes, eig, strict=True)),
            dict(zip(nodes, core, strict=True)),
            dict(zip(nodes, sub_core, strict=True)),
            dict(zip(nodes, sub_max, strict=True)),
            cross,
        )
        run_rank = ranks(dict(zip(nodes, btw, strict=True)))
        for i, v in enumerate(nodes):
            role_ok[i] += run_roles[v] == roles[v]
            rank_ok[i] += abs(run_rank[v] - base_rank[v]) <= tolerance
        if progress:
            progress((run + 1) / done, f"Stabiliteit: run {run + 1} van {done}")
    out = {}
    for i, v in enumerate(nodes):
        ra, rk = float(role_ok[i] / done), float(rank_ok[i] / done)
        out[v] = Robustness(ra, rk, _status(ra), _status(rk), done, tolerance)
    return out
