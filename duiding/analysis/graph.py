"""Build the network of a case: chosen layers, members and ties active on a date, merged per pair."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

import networkx as nx

from duiding.model import DIRECTED_LAYERS, Case, Tie, derived_ties

__all__ = [
    "ALL_LAYERS",
    "COHESION_LAYERS",
    "DISTANCE_SCALE",
    "active_ties",
    "build_graph",
    "directed_graph",
]

# Layers that mean "these members are close". Conflict is kept apart; supportive ties go to contacts.
COHESION_LAYERS: tuple[str, ...] = ("offline", "online", "co_offending", "family", "directs")
ALL_LAYERS: tuple[str, ...] = COHESION_LAYERS + ("conflict", "supportive")
# Distances for weighted paths are integers (DISTANCE_SCALE // weight) so that networkx and igraph
# find exactly the same shortest paths (float sums such as 1/3 + 1/3 + 1/3 can tie differently).
DISTANCE_SCALE = 720720  # lcm(1..16): exact for pair weights up to 16


def _confidence_ok(tie: Tie, min_confidence: str | None) -> bool:
    return min_confidence in (None, "suspected") or tie.confidence == "confirmed"


def active_ties(
    case: Case,
    layers: Iterable[str] | None = None,
    as_of: date | None = None,
    min_confidence: str | None = None,
    min_strength: int = 1,
    include_derived: bool = True,
) -> list[Tie]:
    """Ties of the chosen layers active on ``as_of`` between active members (and contacts).

    Derived co-offending ties count only incidents up to ``as_of``.
    """
    chosen = set(COHESION_LAYERS if layers is None else layers)
    members = {m.id for m in case.members if m.active_on(as_of)}
    contacts = {c.id for c in case.contacts}
    ties = list(case.ties)
    if include_derived and "co_offending" in chosen:
        incidents = [i for i in case.incidents if as_of is None or (i.date is not None and i.date <= as_of)]
        ties += derived_ties(dataclasses.replace(case, incidents=incidents))
    keep = []
    for t in ties:
        if t.layer not in chosen or t.source == t.target:
            continue
        if not t.active_on(as_of) or t.strength < min_strength or not _confidence_ok(t, min_confidence):
            continue
        ends_ok = all(
            x in members or (x in contacts and t.layer == "supportive") for x in (t.source, t.target)
        )
        if ends_ok:
            keep.append(t)
    return keep


def build_graph(
    case: Case,
    layers: Iterable[str] | None = None,
    as_of: date | None = None,
    min_confidence: str | None = None,
    min_strength: int = 1,
    include_derived: bool = True,
) -> nx.Graph:
    """The undirected network of the chosen layers (default: the cohesion layers).

    Every active member is a node (also without ties, so isolates show). Contacts are nodes only when
    the supportive layer is chosen and they have a tie. Ties of several layers between one pair become
    one edge with ``weight`` = sum of strengths, ``layers`` = the layer codes, and an integer
    ``distance`` (shorter for stronger ties) for weighted paths. ``directs`` ties count as undirected
    here; use :func:`directed_graph` for the hierarchy.

    >>> from duiding.model import Case, Member, Tie
    >>> c = Case("x", members=[Member("a"), Member("b")], ties=[Tie("a", "b", strength=2)])
    >>> build_graph(c)["a"]["b"]["weight"]
    2
    """
    g = nx.Graph()
    for m in case.members:
        if m.active_on(as_of):
            g.add_node(m.id, kind="member", pseudonym=m.pseudonym or m.id)
    contacts = case.contact_index()
    for t in active_ties(case, layers, as_of, min_confidence, min_strength, include_derived):
        for end in (t.source, t.target):
            if end not in g:
                g.add_node(end, kind="contact", pseudonym=contacts[end].role or end)
        if g.has_edge(t.source, t.target):
            data = g[t.source][t.target]
            data["weight"] += t.strength
            if t.layer not in data["layers"]:
                data["layers"] = tuple(sorted(data["layers"] + (t.layer,)))
        else:
            g.add_edge(t.source, t.target, weight=t.strength, layers=(t.layer,))
    for _, _, data in g.edges(data=True):
        data["distance"] = max(1, DISTANCE_SCALE // data["weight"])
    return g


def directed_graph(
    case: Case,
    layers: Iterable[str] | None = None,
    as_of: date | None = None,
    min_confidence: str | None = None,
    min_strength: int = 1,
) -> nx.DiGraph:
    """The directed ("stuurt aan") ties among active members as a DiGraph (all active members as nodes)."""
    chosen = [x for x in (DIRECTED_LAYERS if layers is None else layers) if x in DIRECTED_LAYERS]
    d = nx.DiGraph()
    d.add_nodes_from(m.id for m in case.members if m.active_on(as_of))
    for t in active_ties(case, chosen, as_of, min_confidence, min_strength, include_derived=False):
        if d.has_edge(t.source, t.target):
            d[t.source][t.target]["weight"] += t.strength
        else:
            d.add_edge(t.source, t.target, weight=t.strength)
    return d
