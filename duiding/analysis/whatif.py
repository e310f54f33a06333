"""What-if: members drop out (detention, moving away). What breaks, and who takes over?

Key-player sets are found greedily (add, one at a time, the member that helps most; ties broken
by node order), which is the usual practical approach (Borgatti 2006):

* ``fragment``: the k members whose removal fragments the group most, by Borgatti's fragmentation
  F = 1 − Σ s(s−1) / (n(n−1)) over the remaining components (s = component size). Above
  :data:`CANDIDATES_FROM` members only the :data:`CANDIDATES` members with the highest betweenness
  are tried.
* ``reach``: the k members who together reach the most others within two steps (for positive
  influence: who to work with first).

Both stop early when no further member adds anything (so a set can be shorter than k).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from duiding.analysis._format import ranks
from duiding.analysis.measures import betweenness, eigenvector
from duiding.analysis.roles import classify, community_core, cross_share
from duiding.analysis.structure import average_distance

__all__ = ["CANDIDATES", "CANDIDATES_FROM", "fragmentation", "key_players", "remove_members"]

CANDIDATES_FROM = 300
CANDIDATES = 40
TOP = 3  # "central and broker positions": the top 3 by degree and by betweenness


def fragmentation(g: nx.Graph) -> float:
    """Borgatti's F: probability that two random members cannot reach each other (0 = one piece).

    >>> fragmentation(nx.path_graph(3)), fragmentation(nx.empty_graph(3))
    (0.0, 1.0)
    """
    n = g.number_of_nodes()
    if n < 2:
        return 0.0
    return 1.0 - sum(len(c) * (len(c) - 1) for c in nx.connected_components(g)) / (n * (n - 1))


def _summary(g: nx.Graph, engine: str | None) -> dict[str, Any]:
    comps = [len(c) for c in nx.connected_components(g)]
    return {
        "members": g.number_of_nodes(),
        "components": len(comps),
        "largest_component": max(comps, default=0),
        "average_distance": average_distance(g, engine=engine),
        "fragmentation": fragmentation(g),
    }


def remove_members(
    g: nx.Graph,
    removed: list[Any],
    community_of: Mapping[Any, int | None],
    base_roles: Mapping[Any, str],
    engine: str | None = None,
    label: Callable[[Any], str] = str,
) -> dict[str, Any]:
    """The network before and after removing ``removed``: components, largest component, distance, and
    who takes over (``takes_over``: members who enter the top 3 by degree or betweenness, or whose
    suggested role becomes central figure or broker)."""
    unknown = [v for v in removed if v not in g]
    if unknown:
        raise ValueError(f"Onbekende of niet-actieve leden: {', '.join(map(str, unknown))}.")
    after = g.copy()
    after.remove_nodes_from(removed)
    result: dict[str, Any] = {
        "removed": list(removed),
        "before": _summary(g, engine),
        "after": _summary(after, engine),
    }
    before_btw = betweenness(g, engine=engine)
    after_btw = betweenness(after, engine=engine)
    before_deg, after_deg = dict(g.degree()), dict(after.degree())
    takes_over = []
    for measure, b_vals, a_vals in (
        ("betweenness", before_btw, after_btw),
        ("degree", before_deg, after_deg),
    ):
        rb, ra = ranks(b_vals), ranks(a_vals)
        for v in sorted(a_vals, key=lambda x: (ra[x], str(x))):
            if ra[v] <= TOP and rb[v] > TOP and a_vals[v] > 0:
                takes_over.append(
                    {
                        "id": v,
                        "measure": measure,
                        "rank_before": rb[v],
                        "rank_after": ra[v],
                        "reason": f"{label(v)} stijgt in {measure_nl(measure)} van de {rb[v]}e naar de {ra[v]}e plaats.",
                    }
                )
    if after.number_of_nodes():
        eig, _ = eigenvector(after, engine=engine)
        sub_core, sub_max = community_core(after, community_of)
        new_roles = classify(
            after_deg,
            after_btw,
            eig,
            nx.core_number(after),
            sub_core,
            sub_max,
            cross_share(after.adj, community_of),
        )
    else:
        new_roles = {}
    changed = []
    for v, role in new_roles.items():
        if role != base_roles.get(v):
            changed.append({"id": v, "role_before": base_roles.get(v), "role_after": role})
            if role in ("central", "broker") and not any(t["id"] == v for t in takes_over):
                takes_over.append(
                    {
                        "id": v,
                        "measure": "role",
                        "rank_before": None,
                        "rank_after": None,
                        "reason": f"{label(v)} wordt {'centrale figuur' if role == 'central' else 'verbinder'}.",
                    }
                )
    result["takes_over"] = takes_over
    result["role_changes"] = changed
    result["newly_isolated"] = sorted(v for v in after if after.degree(v) == 0 and g.degree(v) > 0)
    return result


def measure_nl(measure: str) -> str:
    return {"betweenness": "betweenness", "degree": "aantal banden"}.get(measure, measure)


def key_players(g: nx.Graph, k: int = 3, engine: str | None = None) -> dict[str, list[Any]]:
    """Greedy key-player sets: ``fragment`` (removal splits the group most) and ``reach`` (reach most
    others within two steps)."""
    nodes = list(g)
    k = max(0, min(k, len(nodes)))
    candidates = nodes
    if len(nodes) > CANDIDATES_FROM:
        btw = betweenness(g, engine=engine)
        candidates = sorted(nodes, key=lambda v: -btw[v])[:CANDIDATES]
    fragment: list[Any] = []
    work = g.copy()
    current = fragmentation(work)
    for _ in range(k):
        best, best_f = None, current
        for v in candidates:
            if v in fragment:
                continue
            f = fragmentation(nx.restricted_view(work, [v], []))
            if f > best_f + 1e-12:
                best, best_f = v, f
        if best is None:
            break  # no removal splits the group further
        fragment.append(best)
        work.remove_node(best)
        current = best_f
    # Members within two steps of v, v itself excluded.
    two_step = {v: (set(g[v]) | {w for u in g[v] for w in g[u]}) - {v} for v in nodes}
    reach: list[Any] = []
    covered: set[Any] = set()
    for _ in range(k):
        best, gain = None, 0
        for v in nodes:
            if v in reach:
                continue
            extra = len(two_step[v] - covered - {v} - set(reach))
            if extra > gain:
                best, gain = v, extra
        if best is None:
            break  # nobody reaches anyone new
        reach.append(best)
        covered |= two_step[best]
    return {"fragment": fragment, "reach": reach, "reach_covered": len(covered - set(reach))}
