"""Change over time: two dates, or two frozen versions of a case, compared."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from duiding.analysis._format import ranks

__all__ = ["MOVERS", "compare_networks"]

MOVERS = 3  # members whose betweenness rank rose or fell most


def _pairs(g: nx.Graph) -> set[tuple[Any, Any]]:
    return {tuple(sorted((u, v), key=str)) for u, v in g.edges()}


def compare_networks(
    before: nx.Graph,
    after: nx.Graph,
    measures_before: Mapping[str, Mapping[Any, Any]],
    measures_after: Mapping[str, Mapping[Any, Any]],
    group_before: Mapping[str, Any],
    group_after: Mapping[str, Any],
    label: Callable[[Any], str] = str,
) -> dict[str, Any]:
    """Members joined and left, ties new and ended, density and centralisation change, and the members
    whose betweenness rank rose or fell most (with a Dutch reason)."""
    pb, pa = _pairs(before), _pairs(after)
    new_ties, ended = sorted(pa - pb), sorted(pb - pa)
    both = [v for v in after if v in before]
    rb = ranks({v: measures_before["betweenness"][v] for v in both})
    ra = ranks({v: measures_after["betweenness"][v] for v in both})
    moves = {v: rb[v] - ra[v] for v in both}  # positive: rose

    def reason(v: Any) -> str:
        gained = sorted((u for u in after[v] if u not in before[v]), key=str)
        lost = sorted((u for u in before[v] if u not in after[v]), key=str)
        parts = [f"{label(v)} ging in betweenness van de {rb[v]}e naar de {ra[v]}e plaats"]
        if gained:
            parts.append(f"nieuwe banden met {', '.join(label(u) for u in gained)}")
        if lost:
            parts.append(f"banden verloren met {', '.join(label(u) for u in lost)}")
        return "; ".join(parts) + "."

    def listing(vs: list[Any]) -> list[dict[str, Any]]:
        return [{"id": v, "rank_before": rb[v], "rank_after": ra[v], "reason": reason(v)} for v in vs]

    rose = [v for v in sorted(both, key=lambda v: (-moves[v], str(v))) if moves[v] > 0][:MOVERS]
    fell = [v for v in sorted(both, key=lambda v: (moves[v], str(v))) if moves[v] < 0][:MOVERS]

    def delta(key: str) -> float | None:
        a, b = group_after.get(key), group_before.get(key)
        return None if a is None or b is None else a - b

    return {
        "joined": sorted((v for v in after if v not in before), key=str),
        "left": sorted((v for v in before if v not in after), key=str),
        "ties_new": [list(p) for p in new_ties],
        "ties_ended": [list(p) for p in ended],
        "members_before": before.number_of_nodes(),
        "members_after": after.number_of_nodes(),
        "density_before": group_before.get("density"),
        "density_after": group_after.get("density"),
        "density_change": delta("density"),
        "degree_centralisation_before": group_before.get("degree_centralisation"),
        "degree_centralisation_after": group_after.get("degree_centralisation"),
        "degree_centralisation_change": delta("degree_centralisation"),
        "betweenness_centralisation_before": group_before.get("betweenness_centralisation"),
        "betweenness_centralisation_after": group_after.get("betweenness_centralisation"),
        "betweenness_centralisation_change": delta("betweenness_centralisation"),
        "rose": listing(rose),
        "fell": listing(fell),
    }
