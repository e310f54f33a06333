"""Two layers compared (e.g. online versus offline): tie overlap, who is central in only one, one-layer ties."""

from __future__ import annotations

from datetime import date
from typing import Any

from duiding.analysis._format import ranks, top_count
from duiding.analysis.graph import build_graph
from duiding.model import Case

__all__ = ["CENTRAL_TOP", "compare_layers"]

CENTRAL_TOP = 0.10  # "central in a layer": degree in the top 10 % of that layer


def _pairs(g) -> set[tuple[str, str]]:
    return {tuple(sorted((u, v))) for u, v in g.edges()}


def _central(g) -> set[str]:
    deg = {v: d for v, d in g.degree() if g.nodes[v].get("kind") == "member"}
    if not deg or max(deg.values()) == 0:
        return set()
    r = ranks(deg)
    top = top_count(len(deg), CENTRAL_TOP)
    return {v for v in deg if r[v] <= top and deg[v] > 0}


def compare_layers(
    case: Case,
    layer_a: str = "online",
    layer_b: str = "offline",
    as_of: date | None = None,
    min_confidence: str | None = None,
    include_derived: bool = True,
    min_strength: int = 1,
) -> dict[str, Any]:
    """Compare the ties of two layers among the same active members.

    Returns the layers, tie counts, ``jaccard`` (shared pairs / pairs in either; None when both are
    empty), ``only_a`` / ``only_b`` (pairs tied in one layer only), ``central_only_a`` /
    ``central_only_b`` (members in the top 10 % by degree in one layer but not the other) and
    ``members_only_a`` / ``members_only_b`` (members with ties in one layer only).
    """
    ga = build_graph(case, [layer_a], as_of, min_confidence, min_strength, include_derived)
    gb = build_graph(case, [layer_b], as_of, min_confidence, min_strength, include_derived)
    pa, pb = _pairs(ga), _pairs(gb)
    union = pa | pb
    ca, cb = _central(ga), _central(gb)
    with_a = {v for v in ga if ga.degree(v) > 0}
    with_b = {v for v in gb if gb.degree(v) > 0}
    return {
        "layer_a": layer_a,
        "layer_b": layer_b,
        "ties_a": len(pa),
        "ties_b": len(pb),
        "shared": len(pa & pb),
        "jaccard": len(pa & pb) / len(union) if union else None,
        "only_a": [list(p) for p in sorted(pa - pb)],
        "only_b": [list(p) for p in sorted(pb - pa)],
        "central_a": sorted(ca),
        "central_b": sorted(cb),
        "central_only_a": sorted(ca - cb),
        "central_only_b": sorted(cb - ca),
        "members_only_a": sorted(with_a - with_b),
        "members_only_b": sorted(with_b - with_a),
    }
