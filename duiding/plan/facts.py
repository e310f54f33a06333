"""The network facts every plan document quotes, read once from one analysis at one peildatum.

The plan for the driehoek, the annex for the jeugdgroepenoverleg and the stap-4 beleidsadvies all take
their counts and broker statements from :func:`network_facts`, so they cannot contradict each other or
the Duiding and Netwerk pages at the same date (those pages show the same analysis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["NetworkFacts", "network_facts", "plain_summary", "count_words"]

_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}


def count_words(n: int, one: str, many: str) -> str:
    """'1 lid', '2 leden' (numbers as digits, Dutch plural chosen by the count)."""
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class NetworkFacts:
    members: int
    ties: int
    subgroups: int
    brokers: tuple[str, ...]  # labels (pseudonyms) of members who connect the subgroups
    central: tuple[str, ...]  # labels of members with many contacts
    core: tuple[str, ...]  # labels of members in the dense core
    core_k: int | None
    without_ties: int
    parts: int
    hierarchy_levels: int | None  # levels of 'stuurt aan', None when no directing ties
    hierarchy_top: tuple[str, ...] = ()
    modularity: float | None = None
    krackhardt: float | None = None
    component_sizes: tuple[int, ...] = field(default_factory=tuple)

    @property
    def broker_count(self) -> int:
        return len(self.brokers)


def network_facts(analysis: Any) -> NetworkFacts | None:
    """The facts of a :func:`duiding.analysis.analyse` result (read by attribute); None without one."""
    if analysis is None:
        return None
    group = getattr(analysis, "group", None) or {}
    members = tuple(getattr(analysis, "members", ()) or ())
    labels = {m.id: m.label for m in members}
    hierarchy = group.get("hierarchy") or {}
    directed = hierarchy.get("directed_ties") or 0
    return NetworkFacts(
        members=int(group.get("members", len(members))),
        ties=int(group.get("ties", 0)),
        subgroups=int(group.get("communities", 0)),
        brokers=tuple(m.label for m in members if m.suggested_role == "broker"),
        central=tuple(m.label for m in members if m.suggested_role == "central"),
        core=tuple(labels.get(x, str(x)) for x in group.get("main_core") or ()),
        core_k=group.get("main_core_k"),
        without_ties=len(group.get("isolates") or ()),
        parts=int(group.get("components", 0)),
        hierarchy_levels=hierarchy.get("levels") if directed else None,
        hierarchy_top=tuple(labels.get(x, str(x)) for x in hierarchy.get("top") or ()) if directed else (),
        modularity=group.get("modularity"),
        krackhardt=hierarchy.get("krackhardt") if directed else None,
        component_sizes=tuple(group.get("component_sizes") or ()),
    )


def plain_summary(facts: NetworkFacts) -> list[str]:
    """Sentences about the network without names and without technical terms (for the driehoek)."""
    lines = [
        f"Op de peildatum zijn {count_words(facts.members, 'lid', 'leden')} actief, met "
        f"{count_words(facts.ties, 'onderlinge band', 'onderlinge banden')}."
    ]
    if facts.subgroups > 1:
        lines.append(f"De groep valt uiteen in {facts.subgroups} subgroepen.")
    if facts.brokers:
        lines.append(
            f"{count_words(facts.broker_count, 'lid verbindt', 'leden verbinden')} de subgroepen met elkaar."
        )
    elif facts.subgroups > 1:
        lines.append("Geen lid verbindt de subgroepen duidelijk.")
    if facts.core:
        lines.append(f"De kern van de groep bestaat uit {count_words(len(facts.core), 'lid', 'leden')}.")
    if facts.hierarchy_levels:
        lines.append(
            f"Er is aansturing van boven naar beneden vastgelegd, over {facts.hierarchy_levels} niveaus."
        )
    lines.append(
        "Dit zijn voorstellen uit de netwerkanalyse; het overleg heeft rollen en typeringen zelf vastgesteld."
    )
    return lines
