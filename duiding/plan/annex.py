"""The two documents beside the plan: the confidential annex for the jeugdgroepenoverleg (member
detail, the network in plain words) and the stap-4 beleidsadvies for the driehoek (one to two pages).

Both are :class:`~duiding.plan.assemble.PlanDocument` values built from the same case and the same
analysis at the same peildatum as the plan, so their numbers agree with it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from duiding import vocab
from duiding.model import Case, Member
from duiding.plan.assemble import (
    TODO,
    Block,
    Bullets,
    Figure,
    Paragraph,
    PlanDocument,
    Section,
    Table,
    _age_text,
    _description,
    _short,
    decision_blocks,
    document_frame,
    priority_blocks,
)
from duiding.plan.facts import NetworkFacts, count_words, network_facts

__all__ = [
    "ANNEX_SECTIONS",
    "POLICY_SECTIONS",
    "assemble_annex",
    "assemble_policy_advice",
    "network_rows",
]

ANNEX_SECTIONS: list[tuple[str, str]] = [
    ("members", "Leden: typering, rol en kansen"),
    ("network", "Het netwerk in gewone woorden"),
    ("person_measures", "Maatregelen per lid"),
    ("handling", "Omgang met deze bijlage"),
]

POLICY_SECTIONS: list[tuple[str, str]] = [
    ("problem", "Korte probleemdefinitie"),
    ("priority", "Prioriteitsadvies"),
    ("decision", "Gevraagd besluit"),
    ("measures", "Belangrijkste maatregelen per spoor"),
]

MAX_POLICY_MEASURES = 3  # per track in the beleidsadvies


def _labels(labels: tuple[str, ...]) -> str:
    return ", ".join(labels) if labels else "geen"


def network_rows(facts: NetworkFacts) -> list[list[str]]:
    """The network figures in plain words, each technical term once in brackets (for the overleg)."""
    rows = [
        ["Actieve leden in de analyse", str(facts.members)],
        ["Banden tussen leden", str(facts.ties)],
        [
            "Losse delen van het netwerk (componenten)",
            str(facts.parts)
            + (
                f" (grootte {', '.join(str(x) for x in facts.component_sizes)})"
                if len(facts.component_sizes) > 1
                else ""
            ),
        ],
        [
            "Subgroepen (samenhang in subgroepen: modulariteit "
            + (f"{facts.modularity:.2f}".replace(".", ",") if facts.modularity is not None else "-")
            + ")",
            str(facts.subgroups),
        ],
        ["Brug tussen de subgroepen (betweenness)", _labels(facts.brokers)],
        ["Veel contacten (graad)", _labels(facts.central)],
        [
            "Kern van de groep (k-kern"
            + (f", elk lid met ten minste {facts.core_k} banden in de kern" if facts.core_k else "")
            + ")",
            f"{count_words(len(facts.core), 'lid', 'leden')}: {_labels(facts.core)}",
        ],
        ["Leden zonder contacten in de gekozen lagen", str(facts.without_ties)],
    ]
    if facts.hierarchy_levels:
        k = f"{facts.krackhardt:.2f}".replace(".", ",") if facts.krackhardt is not None else "-"
        rows.append(
            [
                f"Hiërarchie in de aansturing (Krackhardt {k})",
                f"{facts.hierarchy_levels} niveaus; bovenaan: {_labels(facts.hierarchy_top)}",
            ]
        )
    return rows


def _members(case: Case, today: date, show) -> list[Block]:
    active = [m for m in case.members if m.active_on(today)]
    if not active:
        return [Paragraph("Er zijn op de peildatum geen actieve leden.")]
    rows = [
        [
            show(m),
            _age_text(m, today),
            vocab.label("typing", m.typing or "unknown"),
            _short("team_role", m.team_role) or "-",
            ", ".join(_short("protective_factor", f).lower() for f in m.protective_factors),
            m.opportunities or "",
        ]
        for m in active
    ]
    return [
        Table(
            [
                "Lid",
                "Leeftijd",
                "Typering",
                "Rol in de groep",
                "Beschermende factoren",
                "Kansen en mogelijkheden",
            ],
            rows,
            "Typering en kansen per lid (alleen wat de aanpak nodig heeft)",
            [2.4, 1.4, 2.4, 1.9, 3.3, 5.6],
        ),
        Paragraph(
            "De rol in de groep is vastgesteld door het overleg; de netwerkanalyse doet alleen voorstellen."
        ),
    ]


def _network(analysis: Any, facts: NetworkFacts | None, case: Case, today: date) -> list[Block]:
    blocks: list[Block] = []
    if facts is None:
        blocks.append(Paragraph("Er is (nog) geen netwerkanalyse op de peildatum."))
    else:
        blocks.append(
            Table(["Wat", "Op de peildatum"], network_rows(facts), "Het netwerk in cijfers", [9.0, 8.0])
        )
        for item in getattr(analysis, "narrative", ()) or ():
            answer = str(getattr(item, "answer", "")).strip()
            if answer:
                blocks.append(Paragraph(answer, label=str(getattr(item, "question", "")) or "Analyse"))
        notes = [str(n) for n in getattr(analysis, "notes", ()) or ()]
        if notes:
            blocks.append(Bullets(notes, label="Kanttekeningen bij de analyse"))
    blocks += [b for b in _description(case, today, facts, per_member=True) if isinstance(b, Bullets)][1:]
    if any(m.active_on(today) for m in case.members):
        blocks.append(
            Figure(
                "network", "Netwerk van de groep: actieve leden, lagen en indeling als op het scherm Netwerk"
            )
        )
    blocks.append(
        Paragraph(
            "Onderzoek laat zien dat leiders van straatgroepen vaak niet de meest centrale leden zijn, en dat "
            "het wegvallen van een verbindend lid anderen die rol kan laten overnemen. De analyse stelt voor; "
            "het overleg beslist."
        )
    )
    return blocks


def _person_measures(case: Case, show) -> list[Block]:
    index = case.member_index()
    rows = []
    for m in case.plan.measures:
        if not m.member_ids:
            continue
        members = [index[x] for x in m.member_ids if x in index]
        rows.append(
            [
                m.title or "(zonder titel)",
                vocab.label("track", m.track),
                ", ".join(show(x) for x in members),
                vocab.label("partner", m.owner) or "-",
            ]
        )
    if not rows:
        return [Paragraph("Er zijn nog geen maatregelen aan leden gekoppeld.")]
    return [
        Table(["Maatregel", "Spoor", "Leden", "Eigenaar"], rows, "Maatregelen en de leden voor wie ze zijn")
    ]


def assemble_annex(
    case: Case, analysis: Any = None, reveal_names: bool = False, today: date | None = None
) -> PlanDocument:
    """The confidential annex 'alleen voor het jeugdgroepenoverleg' at the peildatum ``today``."""
    today = today or date.today()
    reveal = bool(reveal_names and case.names_allowed)
    facts = network_facts(analysis)

    def show(member: Member) -> str:
        return member.display(reveal)

    contents = {
        "members": _members(case, today, show),
        "network": _network(analysis, facts, case, today),
        "person_measures": _person_measures(case, show),
        "handling": [
            Paragraph(
                "Deze bijlage is alleen voor de partners aan tafel in het jeugdgroepenoverleg. Zij gaat niet "
                "naar de driehoek en wordt niet verder verspreid dan het convenant toestaat."
                + (" Deze versie noemt namen." if reveal else " Leden staan er alleen met een pseudoniem in.")
            )
        ],
    }
    sections = [
        Section(n, code, title, contents[code]) for n, (code, title) in enumerate(ANNEX_SECTIONS, start=1)
    ]
    doc = document_frame(case, "bijlage", "Bijlage bij het plan van aanpak", sections, reveal, today)
    doc.gaps = []  # open points belong to the plan itself
    return doc


def _main_measures(case: Case) -> list[Block]:
    blocks: list[Block] = []
    for track in vocab.codes("track"):
        measures = [m for m in case.plan.measures if m.track == track]
        label = vocab.label("track", track)
        if not measures:
            reason = case.plan.track_reasons.get(track, "").strip()
            blocks.append(Paragraph(f"Geen maatregelen. Reden: {reason}" if reason else TODO, label=label))
            continue
        owners = Counter(vocab.label("partner", m.owner) for m in measures if m.owner)
        items = [
            f"{m.title}" + (f" ({vocab.label('partner', m.owner)})" if m.owner else "")
            for m in measures[:MAX_POLICY_MEASURES]
        ]
        if len(measures) > MAX_POLICY_MEASURES:
            rest = len(measures) - MAX_POLICY_MEASURES
            items.append(f"en {count_words(rest, 'maatregel', 'maatregelen')} meer (zie het plan van aanpak)")
        blocks.append(Bullets(items, label=f"{label} ({', '.join(owners) or 'eigenaar nog te bepalen'})"))
    return blocks


def assemble_policy_advice(
    case: Case, analysis: Any = None, reveal_names: bool = False, today: date | None = None
) -> PlanDocument:
    """The stap-4 beleidsadvies: probleemdefinitie, prioriteitsadvies, gevraagd besluit, main measures."""
    today = today or date.today()
    reveal = bool(reveal_names and case.names_allowed)
    facts = network_facts(analysis)
    problem: list[Block] = [Paragraph(case.plan.problem_definition.strip() or TODO)]
    if facts is not None:
        problem.append(
            Paragraph(
                f"Op de peildatum {today:%d-%m-%Y}: {count_words(facts.members, 'actief lid', 'actieve leden')}"
                + (f" in {facts.subgroups} subgroepen" if facts.subgroups > 1 else "")
                + (
                    f"; {count_words(facts.broker_count, 'lid verbindt', 'leden verbinden')} de subgroepen"
                    if facts.brokers
                    else ""
                )
                + "."
            )
        )
    contents = {
        "problem": problem,
        "priority": priority_blocks(case),
        "decision": decision_blocks(case),
        "measures": _main_measures(case),
    }
    sections = [
        Section(n, code, title, contents[code]) for n, (code, title) in enumerate(POLICY_SECTIONS, start=1)
    ]
    doc = document_frame(
        case, "beleidsadvies", "Beleidsadvies aan de lokale driehoek", sections, reveal, today
    )
    doc.gaps = []
    return doc
