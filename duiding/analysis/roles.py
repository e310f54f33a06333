"""Suggested structural positions with plain-Dutch reasons. A suggestion never replaces the team's role.

The rules, checked from top to bottom; the first that holds gives the suggestion (``n`` = members in
the analysed network, "top x %" = rank ≤ max(1, ⌊x·n⌋), equal values share a rank):

=====  ===========================  ==============================================================
order  suggestion                   rule
=====  ===========================  ==============================================================
1      Geïsoleerd (isolated)        no tie in the chosen layers (degree 0)
2      Verbinder tussen subgroepen  betweenness in the top 10 % and > 0, and at least 25 % of the
       (broker)                     member's ties go to another subgroup (Louvain community)
3      Centrale figuur (central)    degree or eigenvector in the top 5 %
4      Randlid (peripheral)         exactly one tie, or core number 1 while the group's main core
                                    is deeper (hangs on a tree-like edge of the group)
5      Kernlid (core)               in the innermost core of the own subgroup: k-core number within
                                    the subgroup equals the subgroup's highest, and is at least 2
6      Meeloper (follower)          everyone else: connected, but not in the core of the subgroup
=====  ===========================  ==============================================================

Team roles that fit a suggestion (:data:`FITS`); any other combination is listed as a discussion
point for the meeting, never changed by the analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from duiding.analysis._format import nl, ordinal, pct, ranks, top_count

__all__ = [
    "BROKER_CROSS_SHARE",
    "BROKER_TOP",
    "CENTRAL_TOP",
    "FITS",
    "ROLES",
    "ROLE_RULES",
    "RoleSuggestion",
    "classify",
    "community_core",
    "cross_share",
    "discussion_point",
    "suggest_roles",
]

BROKER_TOP = 0.10
BROKER_CROSS_SHARE = 0.25
CENTRAL_TOP = 0.05

ROLES: dict[str, str] = {
    "central": "Centrale figuur",
    "broker": "Verbinder tussen subgroepen",
    "core": "Kernlid",
    "follower": "Meeloper",
    "peripheral": "Randlid",
    "isolated": "Geïsoleerd",
}

# The rule table in Dutch, in the order it is applied (shown in the app and the docs).
ROLE_RULES: list[tuple[str, str]] = [
    ("isolated", "Geen enkele band in de gekozen lagen (graad 0)."),
    (
        "broker",
        "Betweenness bij de hoogste 10 % van de groep (en groter dan 0) én minstens een kwart van de "
        "banden gaat naar een andere subgroep.",
    ),
    ("central", "Graad of eigenvector bij de hoogste 5 % van de groep."),
    (
        "peripheral",
        "Precies één band, of alleen in de buitenste laag (k-kern 1) terwijl de groep een diepere "
        "kern heeft.",
    ),
    ("core", "In de binnenste kern van de eigen subgroep (hoogste k-kern binnen de subgroep, minstens 2)."),
    ("follower", "Alle anderen: verbonden met de groep, maar niet in de kern van de eigen subgroep."),
]

# Team role (vocabulary team_role) -> suggestions that fit it.
FITS: dict[str, set[str]] = {
    "leader": {"central", "broker", "core"},
    "hard_core": {"central", "broker", "core"},
    "follower": {"follower", "peripheral"},
    "peripheral": {"peripheral", "isolated", "follower"},
    "former": {"isolated", "peripheral"},
}


@dataclass(frozen=True)
class RoleSuggestion:
    role: str
    label: str
    reasons: tuple[str, ...]


def cross_share(adjacency: Mapping[Any, Any], community_of: Mapping[Any, int | None]) -> dict[Any, float]:
    """Share of each member's ties that go to a member of another community."""
    share = {}
    for v, nbrs in adjacency.items():
        nbrs = list(nbrs)
        own = community_of.get(v)
        share[v] = sum(1 for u in nbrs if community_of.get(u) != own) / len(nbrs) if nbrs else 0.0
    return share


def community_core(g: Any, community_of: Mapping[Any, int | None]) -> tuple[dict[Any, int], dict[Any, int]]:
    """Each member's k-core number within its own community, and that community's highest k-core."""
    groups: dict[int, list[Any]] = {}
    for v, c in community_of.items():
        if c is not None and v in g:
            groups.setdefault(c, []).append(v)
    sub_core: dict[Any, int] = dict.fromkeys(g, 0)
    sub_max: dict[Any, int] = dict.fromkeys(g, 0)
    for members in groups.values():
        cores = nx.core_number(g.subgraph(members))
        top = max(cores.values(), default=0)
        for v, k in cores.items():
            sub_core[v], sub_max[v] = k, top
    return sub_core, sub_max


def classify(
    degree: Mapping[Any, int],
    betweenness: Mapping[Any, float],
    eigenvector: Mapping[Any, float],
    core: Mapping[Any, int],
    sub_core: Mapping[Any, int],
    sub_max: Mapping[Any, int],
    cross: Mapping[Any, float],
) -> dict[Any, str]:
    """Apply the rule table (see the module docstring) and return a role code per member.

    ``core`` is the k-core number in the whole network, ``sub_core`` within the member's own
    community and ``sub_max`` that community's highest; ``cross`` is :func:`cross_share`.
    """
    n = len(degree)
    r_deg, r_btw, r_eig = ranks(degree), ranks(betweenness), ranks(eigenvector)
    top_b, top_c = top_count(n, BROKER_TOP), top_count(n, CENTRAL_TOP)
    k_max = max(core.values(), default=0)
    roles = {}
    for v in degree:
        if degree[v] == 0:
            roles[v] = "isolated"
        elif r_btw[v] <= top_b and betweenness[v] > 1e-12 and cross.get(v, 0.0) >= BROKER_CROSS_SHARE:
            roles[v] = "broker"
        elif r_deg[v] <= top_c or (r_eig[v] <= top_c and eigenvector[v] > 1e-12):
            roles[v] = "central"
        elif degree[v] == 1 or (core[v] == 1 and k_max > 1):
            roles[v] = "peripheral"
        elif sub_core[v] >= 2 and sub_core[v] == sub_max[v]:
            roles[v] = "core"
        else:
            roles[v] = "follower"
    return roles


def suggest_roles(
    measures: Mapping[str, Mapping[Any, Any]],
    graph: nx.Graph,
    community_of: Mapping[Any, int | None],
    label: Callable[[Any], str] = str,
) -> dict[Any, RoleSuggestion]:
    """Suggested position and reasons (Dutch, with values and ranks) for every member of ``graph``."""
    adjacency = graph.adj
    deg, btw, eig = measures["degree"], measures["betweenness"], measures["eigenvector"]
    core = measures["core_number"]
    cross = cross_share(adjacency, community_of)
    sub_core, sub_max = community_core(graph, community_of)
    roles = classify(deg, btw, eig, core, sub_core, sub_max, cross)
    n = len(deg)
    r_deg, r_btw, r_eig = ranks(deg), ranks(btw), ranks(eig)
    k_max = max(core.values(), default=0)
    out = {}
    for v, role in roles.items():
        d = deg[v]
        reasons: list[str] = []
        btw_text = f"Betweenness {nl(btw[v])} ({ordinal(r_btw[v])} van {n})"
        deg_text = f"{d} {'band' if d == 1 else 'banden'} ({ordinal(r_deg[v])} van {n})"
        if role == "isolated":
            reasons.append("Heeft geen banden in de gekozen lagen (graad 0): staat los van de groep.")
        elif role == "broker":
            nbrs = list(adjacency[v])
            other = sum(1 for u in nbrs if community_of.get(u) != community_of.get(v))
            groups = sorted({community_of[u] for u in nbrs if community_of.get(u) is not None})
            reasons.append(f"{btw_text}: ligt op veel kortste verbindingen tussen andere leden.")
            reasons.append(
                f"{other} van de {len(nbrs)} banden ({pct(other / len(nbrs))}) gaan naar een andere subgroep: "
                f"verbindt subgroep {' en '.join(str(c) for c in groups)}."
            )
        elif role == "central":
            if r_deg[v] <= top_count(n, CENTRAL_TOP):
                reasons.append(f"Heeft de meeste banden: {deg_text}.")
            if r_eig[v] <= top_count(n, CENTRAL_TOP) and eig[v] > 1e-12:
                reasons.append(
                    f"Eigenvector {nl(eig[v])} ({ordinal(r_eig[v])} van {n}): verbonden met andere goed verbonden leden."
                )
        elif role == "peripheral":
            if d == 1:
                (only,) = list(adjacency[v])
                reasons.append(f"Heeft maar één band (met {label(only)}): staat aan de rand.")
            else:
                reasons.append(
                    f"Alleen in de buitenste laag (k-kern 1, de kern van de groep is {k_max}): hangt aan de rand."
                )
        elif role == "core":
            reasons.append(
                f"Zit in de kern van subgroep {community_of[v]} (k-kern {sub_core[v]}): elk lid daarvan heeft minstens "
                f"{sub_core[v]} banden binnen die kern; {deg_text}."
            )
        else:
            reasons.append(
                f"Verbonden met {deg_text}, maar niet in de kern van de eigen subgroep "
                f"(k-kern {sub_core[v]}, de kern is {sub_max[v]})."
            )
        if role not in ("broker", "isolated") and btw[v] > 1e-12 and r_btw[v] <= top_count(n, BROKER_TOP):
            reasons.append(f"{btw_text}: ligt ook vaak tussen anderen in.")
        if measures.get("articulation_point", {}).get(v):
            reasons.append("Snijpunt: zonder dit lid valt de groep in meer delen uiteen.")
        out_d, in_d = measures.get("out_degree", {}).get(v, 0), measures.get("in_degree", {}).get(v, 0)
        if out_d:
            reasons.append(f"Stuurt {out_d} {'lid' if out_d == 1 else 'leden'} aan (laag 'Stuurt aan').")
        if in_d:
            reasons.append(f"Wordt aangestuurd door {in_d} {'lid' if in_d == 1 else 'leden'}.")
        out[v] = RoleSuggestion(role, ROLES[role], tuple(reasons))
    return out


def discussion_point(team_role: str | None, suggestion: RoleSuggestion, team_label: str) -> str | None:
    """A Dutch discussion point when the team's role does not fit the suggestion; None when it fits."""
    if not team_role or team_role not in FITS or suggestion.role in FITS[team_role]:
        return None
    return (
        f"Team noemt dit lid '{team_label}', de netwerkanalyse suggereert '{suggestion.label}'. "
        "Bespreek welke rol past; de analyse verandert de teamrol niet."
    )
