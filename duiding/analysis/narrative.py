"""Short Dutch answers to the meeting's guiding questions, with the numbers behind them.

Wording is hedged ("lijkt", "mogelijk") where the robustness check calls a position "onzeker".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from duiding import vocab
from duiding.analysis._format import nl, ordinal, pct

if TYPE_CHECKING:
    from duiding.analysis.facade import Analysis, MemberResult

__all__ = ["NarrativeItem", "narrative"]


@dataclass(frozen=True)
class NarrativeItem:
    question: str
    answer: str


def _names(labels: list[str]) -> str:
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " en " + labels[-1]


def _sure(m: MemberResult) -> bool:
    return m.robustness is None or m.robustness.status == "stabiel"


def _hedge(m: MemberResult) -> str:
    if _sure(m):
        return ""
    r = m.robustness
    return f" (onzeker: bij ontbrekende banden blijft deze positie in {pct(r.role_agreement)} van de {r.runs} herhalingen gelijk)"


def _hierarchy(a: Analysis, label: Callable[[Any], str]) -> str:
    h = a.group["hierarchy"]
    if not h["directed_ties"]:
        dc = a.group.get("degree_centralisation")
        extra = (
            f" De groep is {'sterk' if dc and dc >= 0.5 else 'weinig'} gecentraliseerd (graadcentralisatie {nl(dc)})."
            if dc is not None
            else ""
        )
        return (
            "Er zijn geen 'stuurt aan'-banden vastgelegd, dus het netwerk zegt weinig over hiërarchie."
            + extra
        )
    k, f = h["krackhardt"], h["flow"]
    top = _names([label(v) for v in h["top"]])
    chain = " → ".join(label(v) for v in h["chain"]) if len(h["chain"]) > 2 else ""
    if k is not None and k >= 0.9 and f >= 0.9:
        verdict = "Ja, de 'stuurt aan'-banden vormen een duidelijke hiërarchie"
    elif k is not None and k >= 0.5:
        verdict = "Er is enige hiërarchie, maar niet strikt"
    else:
        verdict = "Nee, de 'stuurt aan'-banden lopen vooral rond of over en weer"
    text = (
        f"{verdict}: {h['directed_ties']} banden, Krackhardt-hiërarchie {nl(k)}, flow-hiërarchie {nl(f)} "
        f"(1 = volledig van boven naar beneden)."
    )
    if top:
        text += f" Bovenaan: {top}."
    if chain:
        text += f" Langste aansturingslijn ({h['levels']} stappen): {chain}."
    return text + " Let op: leiders zijn niet altijd de meest centrale leden; bespreek dit met de partners."


def _central(a: Analysis) -> str:
    central = [m for m in a.members if m.suggested_role == "central"]
    if not central:
        return "Geen lid springt eruit als centrale figuur."
    n = len(a.members)
    parts = []
    for m in central:
        deg, r = m.measures["degree"], m.ranks["degree"]
        verb = "heeft" if _sure(m) else "lijkt centraal met"
        parts.append(
            f"{m.label} {verb} {deg} banden ({ordinal(r)} van {n}; eigenvector {nl(m.measures['eigenvector'])})"
            + _hedge(m)
        )
    return "; ".join(parts) + "."


def _brokers(a: Analysis) -> str:
    k = len(a.communities)
    q = a.group.get("modularity")
    intro = (
        f"De analyse vindt {k} subgroep{'en' if k != 1 else ''} (modulariteit {nl(q)})."
        if k
        else "Er zijn geen subgroepen te onderscheiden (geen banden)."
    )
    brokers = [m for m in a.members if m.suggested_role == "broker"]
    if not brokers:
        return intro + " Geen lid verbindt de subgroepen duidelijk."
    n = len(a.members)
    parts = []
    for m in sorted(brokers, key=lambda x: x.ranks["betweenness"]):
        r = m.ranks["betweenness"]
        rank_text = "de hoogste betweenness" if r == 1 else "een hoge betweenness"
        sentence = (
            f"{m.label} heeft {rank_text} ({nl(m.measures['betweenness'])}; {ordinal(r)} van {n})"
            f" en {'verbindt' if _sure(m) else 'verbindt mogelijk'} de subgroepen"
        )
        if m.measures["articulation_point"]:
            sentence += f"; zonder {m.label} valt de groep uiteen"
        parts.append(sentence + _hedge(m))
    return intro + " " + "; ".join(parts) + "."


def _edge(a: Analysis) -> str:
    peripheral = [m.label for m in a.members if m.suggested_role == "peripheral"]
    isolated = [m.label for m in a.members if m.suggested_role == "isolated"]
    parts = []
    if peripheral:
        parts.append(f"Aan de rand staan {_names(peripheral)}.")
    if isolated:
        parts.append(
            f"Zonder banden in de gekozen lagen: {_names(isolated)}. Kijk of deze jongeren wel bij de groep horen"
            " of juist buiten de groep te versterken zijn."
        )
    return " ".join(parts) or "Er zijn geen randleden of geïsoleerde leden."


def _layers(a: Analysis, label: Callable[[Any], str]) -> str:
    c = a.layers
    la, lb = vocab.label("layer", c["layer_a"]), vocab.label("layer", c["layer_b"])
    if c["jaccard"] is None:
        return f"In de lagen '{la}' en '{lb}' zijn geen banden vastgelegd."
    j = c["jaccard"]
    verdict = (
        "komen grotendeels overeen" if j >= 0.6 else ("overlappen deels" if j >= 0.3 else "verschillen sterk")
    )
    text = (
        f"De lagen '{la}' en '{lb}' {verdict}: {c['shared']} van de {c['shared'] + len(c['only_a']) + len(c['only_b'])}"
        f" paren komen in beide voor (Jaccard {nl(j)}). {len(c['only_a'])} banden alleen in '{la}',"
        f" {len(c['only_b'])} alleen in '{lb}'."
    )
    if c["central_only_a"]:
        text += f" Centraal in '{la}' maar niet in '{lb}': {_names([label(v) for v in c['central_only_a']])}."
    if c["central_only_b"]:
        text += f" Centraal in '{lb}' maar niet in '{la}': {_names([label(v) for v in c['central_only_b']])}."
    return text


def _what_if(a: Analysis, label: Callable[[Any], str]) -> str:
    w = a.what_if
    b, f = w["before"], w["after"]
    who = _names([label(v) for v in w["removed"]]) or "niemand"

    def was(after: Any, before: Any, unit: str) -> str:
        return (
            f"{after} {unit} (ongewijzigd)" if after == before else f"{after} in plaats van {before} {unit}"
        )

    text = (
        f"Zonder {who}: {was(f['components'], b['components'], 'delen')}, grootste deel "
        f"{was(f['largest_component'], b['largest_component'], 'leden')}, gemiddelde afstand "
        f"{nl(f['average_distance'])} (was {nl(b['average_distance'])})."
    )
    if w["takes_over"]:
        ranked = [t["reason"] for t in w["takes_over"] if t["measure"] != "role"]
        roles = {"central": [], "broker": []}
        for t in w["takes_over"]:
            if t["measure"] == "role":
                role = next(c["role_after"] for c in w["role_changes"] if c["id"] == t["id"])
                roles[role].append(label(t["id"]))
        for role, names in roles.items():
            if names:
                what = "centrale figuur" if role == "central" else "verbinder"
                ranked.append(f"{_names(names)} {'wordt' if len(names) == 1 else 'worden'} {what}.")
        text += " Wie neemt het over: " + " ".join(ranked)
    else:
        text += " Niemand neemt duidelijk een centrale of verbindende positie over."
    kp = w.get("key_players") or {}
    if kp.get("fragment"):
        text += f" Sleutelspelers voor het uiteenvallen van de groep: {_names([label(v) for v in kp['fragment']])}."
    if kp.get("reach"):
        text += (
            f" Via {_names([label(v) for v in kp['reach']])} bereik je binnen twee stappen {kp['reach_covered']}"
            " andere leden (voor een positieve aanpak)."
        )
    return text + " Onderzoek laat zien dat anderen een weggevallen figuur vaak vervangen; volg dat."


def _change(a: Analysis, label: Callable[[Any], str]) -> str:
    c = a.change
    since = c["before"] or "het begin"
    if len(since) == 10 and since[4] == "-":
        since = f"{since[8:10]}-{since[5:7]}-{since[0:4]}"
    text = (
        f"Sinds {since}: {len(c['joined'])} leden erbij, {len(c['left'])} vertrokken; {len(c['ties_new'])} nieuwe"
        f" en {len(c['ties_ended'])} beëindigde banden. Dichtheid van {nl(c['density_before'])} naar"
        f" {nl(c['density_after'])}."
    )
    if c["rose"]:
        text += " Gestegen: " + " ".join(x["reason"] for x in c["rose"])
    if c["fell"]:
        text += " Gedaald: " + " ".join(x["reason"] for x in c["fell"])
    return text


def _discussion(a: Analysis) -> str:
    points = [m for m in a.members if m.discussion_point]
    if not points:
        return "De rollen die het team gaf, passen bij de structuur van het netwerk."
    return (
        " ".join(
            f"{m.label}: team '{vocab.label('team_role', m.team_role)}', analyse '{m.suggested_role_label}'."
            for m in points
        )
        + " Dit zijn bespreekpunten; de analyse verandert geen rollen."
    )


def narrative(a: Analysis, label: Callable[[Any], str]) -> tuple[NarrativeItem, ...]:
    """The answers, in the order the meeting asks them."""
    if not a.members:
        return (
            NarrativeItem(
                "Wat laat het netwerk zien?", "Er zijn (op deze datum) geen leden om te analyseren."
            ),
        )
    items = [
        NarrativeItem(vocab.label("question", "hierarchy"), _hierarchy(a, label)),
        NarrativeItem("Wie zijn de centrale figuren?", _central(a)),
        NarrativeItem("Wie verbindt de subgroepen?", _brokers(a)),
        NarrativeItem("Wie staan aan de rand?", _edge(a)),
    ]
    if a.layers:
        items.append(
            NarrativeItem(
                "Komt het online netwerk overeen met het offline netwerk?"
                if {a.layers["layer_a"], a.layers["layer_b"]} == {"online", "offline"}
                else "Hoe verhouden de lagen zich?",
                _layers(a, label),
            )
        )
    if a.what_if:
        items.append(NarrativeItem("Wat gebeurt er als leden wegvallen?", _what_if(a, label)))
    if a.change:
        items.append(NarrativeItem("Hoe is de groep veranderd?", _change(a, label)))
    items.append(NarrativeItem("Waar verschillen team en analyse?", _discussion(a)))
    return tuple(items)
