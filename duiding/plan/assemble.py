"""Assemble the concept plan van aanpak from the case (and the analysis, when given).

The result is a :class:`PlanDocument`: plain blocks (paragraphs, bullet lists, tables, figures) in
the ten sections practice uses (DOMAIN.md, "Plan van aanpak: shape"). The report module renders it
to Markdown and Word; the plan page shows it on screen. Members appear by pseudonym unless
``reveal_names`` is chosen (and names are allowed after a 2B decision); member names that occur in
free text are replaced by pseudonyms in a pseudonymised document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from duiding import vocab
from duiding.model import Case, Member
from duiding.plan import monitoring
from duiding.plan.completeness import Gap, check_plan

__all__ = [
    "SECTIONS",
    "Bullets",
    "Figure",
    "Paragraph",
    "PlanDocument",
    "Section",
    "Table",
    "assemble_plan",
    "privacy_template",
]

# code, title — the order is the order of the plan
SECTIONS: list[tuple[str, str]] = [
    ("signals", "Aanleiding en signalen"),
    ("description", "Groepsbeschrijving"),
    ("interpretation", "Duiding"),
    ("typing", "Typering en kansen"),
    ("problem_definition", "Probleemdefinitie"),
    ("goals", "Doelen"),
    ("measures", "Maatregelen per spoor"),
    ("monitoring", "Monitoring"),
    ("privacy", "Privacy"),
    ("advice", "Advies aan de driehoek"),
]

TODO = "[Nog in te vullen]"
MAX_LISTED = 6  # a group measure with more members says "N leden van de groep"


@dataclass
class Paragraph:
    text: str
    label: str = ""  # bold lead-in, e.g. "Probleemdefinitie"


@dataclass
class Bullets:
    items: list[str]
    label: str = ""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths: list[float] = field(default_factory=list)  # column widths in cm for print (optional)


@dataclass
class Figure:
    key: str  # "incidents", "network", "indicators"
    caption: str


Block = Paragraph | Bullets | Table | Figure


@dataclass
class Section:
    number: int
    code: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class PlanDocument:
    title: str
    case: Case  # the case the document was assembled from (for figures)
    case_name: str
    municipality: str
    made_on: date
    version: int
    classification: str
    marking: str
    reveal_names: bool
    sections: list[Section]
    gaps: list[Gap] = field(default_factory=list)

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)

    @property
    def headings(self) -> list[str]:
        return [s.heading for s in self.sections]


# --- helpers -------------------------------------------------------------------------------------


def _nl(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _short(vocabulary: str, code: str | None) -> str:
    return vocab.label(vocabulary, code).split(" (")[0] if code else ""


def _age_text(member: Member, today: date) -> str:
    if member.birth_year is None:
        return "onbekend"
    age = today.year - member.birth_year
    return f"{age - 1}–{age}"


def _name_replacer(case: Case):
    """Function that replaces member names in free text by pseudonyms (whole words, any case)."""
    names = {m.name.strip().casefold(): (m.pseudonym or m.id) for m in case.members if m.name.strip()}
    if not names:
        return lambda text: text
    words = sorted(names, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)
    return lambda text: pattern.sub(lambda mt: names[mt.group(0).casefold()], text)


def _scrub_blocks(sections: list[Section], replace) -> None:
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                block.text = replace(block.text)
            elif isinstance(block, Bullets):
                block.items = [replace(i) for i in block.items]
            elif isinstance(block, Table):
                block.rows = [[replace(c) for c in row] for row in block.rows]
                block.caption = replace(block.caption)


def _free_text(case: Case, code: str) -> list[Block]:
    text = case.plan.texts.get(code, "").strip()
    return [Paragraph(text)] if text else []


def privacy_template(case: Case) -> dict[str, str]:
    """Suggested wording for the privacy paragraph (legal basis and who sees what), to edit."""
    return {
        "legal_basis": (
            "Gemeente: AVG art. 6 lid 1 sub e (taak van algemeen belang), art. 10 AVG met de UAVG voor "
            "strafrechtelijke gegevens en art. 23 sub c UAVG voor bijzondere persoonsgegevens. Politie: Wet "
            "politiegegevens, art. 20-besluit bij het convenant. Gegevens worden alleen gedeeld binnen het "
            "convenant voor de aanpak van deze groep (doelbinding)."
        ),
        "access": (
            "Het plan is alleen bestemd voor de convenantpartners aan tafel. Elke partner ziet alleen gegevens "
            "uit bronnen die het convenant toestaat; leden worden met pseudoniem genoemd, namen alleen in de "
            "namenlijst na het 2B-besluit. Jongeren en ouders worden geïnformeerd (AVG art. 14) en kunnen hun "
            "gegevens opvragen (art. 15) of verwijdering vragen (art. 17)."
        ),
    }


# --- sections ------------------------------------------------------------------------------------


def _signals(case: Case) -> list[Block]:
    blocks: list[Block] = _free_text(case, "signals")
    decisions = sorted(case.decisions, key=lambda d: (d.date or date.min, d.step))
    if decisions:
        blocks.append(
            Bullets(
                [
                    f"Stap {d.step} ({_nl(d.date) or 'datum onbekend'}): {d.note or vocab.label('step', d.step)}"
                    for d in decisions
                ],
                label="Besluiten in het 7-stappenmodel",
            )
        )
    dated = [i for i in case.incidents if i.date]
    if not case.incidents:
        blocks.append(Paragraph("Er zijn nog geen incidenten vastgelegd."))
        return blocks
    partners = Counter(vocab.label("partner", i.partner) or "Onbekende bron" for i in case.incidents)
    period = (
        f"van {_nl(min(i.date for i in dated))} tot en met {_nl(max(i.date for i in dated))}" if dated else ""
    )
    blocks.append(
        Paragraph(
            f"In de periode {period} zijn {len(case.incidents)} incidenten met de groep vastgelegd. Bronnen: "
            + ", ".join(f"{p} ({n})" for p, n in partners.most_common())
            + "."
        )
    )
    by_type: dict[str, list] = {}
    for inc in case.incidents:
        by_type.setdefault(inc.type or "", []).append(inc)
    order = [c for c in vocab.codes("problem") if c in by_type] + sorted(
        set(by_type) - set(vocab.codes("problem"))
    )
    rows = []
    for code in order:
        incs = by_type[code]
        days = sorted(i.date for i in incs if i.date)
        sources = Counter(vocab.label("partner", i.partner) or "onbekend" for i in incs)
        rows.append(
            [
                _short("problem", code) or "Soort onbekend",
                str(len(incs)),
                _nl(days[0]) if days else "",
                _nl(days[-1]) if days else "",
                ", ".join(s for s, _ in sources.most_common()),
            ]
        )
    blocks.append(Table(["Soort", "Aantal", "Eerste", "Laatste", "Bronnen"], rows, "Incidenten naar soort"))
    frame = monitoring.incidents_per_month(case)
    if not frame.empty:
        pivot = frame.pivot_table(
            index="maand", columns="soort", values="aantal", aggfunc="sum", fill_value=0
        )
        kinds = [c for c in pivot.columns if pivot[c].sum() > 0]
        month_rows = []
        for month, row in pivot.iterrows():
            values = [int(row[k]) for k in kinds]
            month_rows.append([month.strftime("%m-%Y"), *[str(v) for v in values], str(sum(values))])
        blocks.append(Table(["Maand", *kinds, "Totaal"], month_rows, "Incidenten per maand en soort"))
        blocks.append(Figure("incidents", "Incidenten per maand naar soort"))
    return blocks


def _description(case: Case, today: date) -> list[Block]:
    blocks: list[Block] = []
    if case.context.description.strip():
        blocks.append(Paragraph(case.context.description.strip()))
    blocks += _free_text(case, "description")
    active = [m for m in case.members if m.active_on(today)]
    left = [m for m in case.members if not m.active_on(today)]
    years = sorted(m.birth_year for m in active if m.birth_year)
    facts = [f"Omvang: {len(active)} actieve leden" + (f" ({len(left)} vertrokken)" if left else "") + "."]
    if years:
        youngest, oldest = today.year - years[-1], today.year - years[0]
        facts.append(
            f"Leeftijd: ongeveer {youngest - 1} tot {oldest} jaar (geboortejaren {years[0]}–{years[-1]})."
        )
    roles = Counter(_short("team_role", m.team_role) or "geen rol vastgelegd" for m in active)
    if roles:
        facts.append(
            "Rollen volgens het team: " + ", ".join(f"{r.lower()} {n}" for r, n in roles.most_common()) + "."
        )
    if case.area:
        facts.append(f"Gebied: {case.area}.")
    if case.context.locations:
        facts.append("Locaties (hangplekken): " + ", ".join(case.context.locations) + ".")
    if case.context.times:
        facts.append(f"Tijden: {case.context.times}")
    if case.context.platforms:
        facts.append("Online platforms: " + ", ".join(case.context.platforms) + ".")
    blocks.append(Bullets(facts, label="Kenmerken"))

    ids = {m.id for m in active}
    pairs: dict[str, set[frozenset]] = {}
    for tie in case.all_ties():
        if tie.source in ids and tie.target in ids and tie.active_on(today):
            pairs.setdefault(tie.layer, set()).add(frozenset((tie.source, tie.target)))
    online, offline = pairs.get("online", set()), pairs.get("offline", set())
    co = pairs.get("co_offending", set())
    lines = [
        f"{len(offline)} relaties in de omgang (offline), {len(online)} online en {len(co)} tussen leden die "
        "samen delicten plegen.",
    ]
    if online:
        both = len(online & offline)
        lines.append(
            f"{both} van de {len(online)} online relaties ({round(100 * both / len(online))}%) bestaan ook "
            "offline; de rest is alleen online contact."
        )
    offline_members = {m for pair in offline | co for m in pair}
    online_only = [
        m for m in active if m.id in {x for pair in online for x in pair} and m.id not in offline_members
    ]
    if online_only:
        lines.append("Alleen online in beeld: " + ", ".join(m.pseudonym or m.id for m in online_only) + ".")
    blocks.append(Bullets(lines, label="Online en offline netwerk"))
    if active:
        blocks.append(
            Figure(
                "network", "Netwerk van de groep: actieve leden, lagen en indeling als op het scherm Netwerk"
            )
        )
    return blocks


def _num(value: Any, digits: int = 2) -> str:
    if isinstance(value, float):
        return f"{value:.{digits}f}".replace(".", ",")
    return str(value)


def _key_figures(group: dict[str, Any]) -> list[list[str]]:
    """The group-level figures of :func:`duiding.analysis.analyse` as (label, value) rows, counts only."""
    rows: list[list[str]] = []
    if "members" in group:
        rows.append(["Leden in de analyse", _num(group["members"])])
    if "ties" in group:
        rows.append(["Banden tussen leden", _num(group["ties"])])
    if group.get("density") is not None:
        rows.append(["Dichtheid (0–1)", _num(group["density"])])
    if "components" in group:
        sizes = group.get("component_sizes") or []
        extra = f" (grootte {', '.join(str(x) for x in sizes)})" if len(sizes) > 1 else ""
        rows.append(["Losse delen van het netwerk", f"{group['components']}{extra}"])
    if group.get("average_distance") is not None:
        rows.append(["Gemiddelde afstand (stappen)", _num(group["average_distance"])])
    if "communities" in group:
        modularity = group.get("modularity")
        extra = f" (modulariteit {_num(modularity)})" if isinstance(modularity, float) else ""
        rows.append(["Subgroepen", f"{group['communities']}{extra}"])
    if group.get("main_core"):
        rows.append(
            [
                "Dichte kern (k-core)",
                f"{len(group['main_core'])} leden, elk met ten minste "
                f"{group.get('main_core_k', '?')} banden in de kern",
            ]
        )
    if group.get("isolates") is not None:
        rows.append(["Leden zonder banden", _num(len(group["isolates"]))])
    hierarchy = group.get("hierarchy") or {}
    if hierarchy.get("directed_ties"):
        rows.append(
            [
                "Hiërarchie ('stuurt aan')",
                f"{hierarchy['directed_ties']} banden, Krackhardt "
                f"{_num(hierarchy.get('krackhardt'))}, {hierarchy.get('levels', '?')} niveaus",
            ]
        )
    return rows


def _analysis_blocks(analysis: Any) -> list[Block]:
    """Narrative and key figures of a :func:`duiding.analysis.analyse` result (read by attribute,
    so the plan works without the analysis package)."""
    if analysis is None:
        return []
    blocks: list[Block] = []
    group = getattr(analysis, "group", None)
    if isinstance(group, dict) and group:
        rows = _key_figures(group)
        if rows:
            blocks.append(
                Table(["Kengetal", "Waarde"], rows, "Kengetallen van het netwerk (analyse)", [7.0, 10.0])
            )
    narrative = getattr(analysis, "narrative", None) or ()
    if isinstance(narrative, str):
        narrative = (narrative,)
    for item in narrative:
        question = getattr(item, "question", "")
        answer = getattr(item, "answer", item)
        if str(answer).strip():
            blocks.append(
                Paragraph(str(answer).strip(), label=f"Analyse: {question}" if question else "Analyse")
            )
    notes = [str(n) for n in getattr(analysis, "notes", ()) or ()]
    if notes:
        blocks.append(Bullets(notes, label="Kanttekeningen bij de analyse"))
    if blocks:
        blocks.append(
            Paragraph(
                "De netwerkanalyse stelt voor; het overleg beslist. Rollen en typeringen worden "
                "niet automatisch toegekend."
            )
        )
    return blocks


def _interpretation(case: Case, analysis: Any) -> list[Block]:
    blocks: list[Block] = []
    rows = []
    for code in vocab.codes("beke_aspect"):
        a = case.beke.get(code)
        rows.append(
            [
                vocab.label("beke_aspect", code),
                vocab.label("level", a.level if a else "unknown"),
                (a.text if a else "") or TODO,
            ]
        )
    blocks.append(Table(["Aspect", "Niveau", "Toelichting"], rows, "Duiding volgens Bureau Beke"))
    if case.legacy_class:
        blocks.append(
            Paragraph(
                f"Oude classificatie (alleen ter informatie): {vocab.label('legacy_class', case.legacy_class).lower()}."
            )
        )
    for code in vocab.codes("question"):
        answer = case.conclusions.get(code, "").strip()
        blocks.append(Paragraph(answer or TODO, label=vocab.label("question", code)))
    blocks += _analysis_blocks(analysis)
    blocks += _free_text(case, "interpretation")
    return blocks


def _typing(case: Case, today: date, show) -> list[Block]:
    blocks: list[Block] = _free_text(case, "typing")
    active = [m for m in case.members if m.active_on(today)]
    if not active:
        blocks.append(Paragraph("Er zijn nog geen leden vastgelegd."))
        return blocks
    counts = Counter(m.typing or "unknown" for m in active)
    blocks.append(
        Paragraph(
            "Typering: "
            + ", ".join(
                f"{vocab.label('typing', c).lower()} {counts[c]}"
                for c in vocab.codes("typing")
                if counts.get(c)
            )
            + "."
        )
    )
    rows = [
        [
            show(m),
            _age_text(m, today),
            vocab.label("typing", m.typing or "unknown"),
            _short("team_role", m.team_role),
            ", ".join(_short("protective_factor", f).lower() for f in m.protective_factors),
            m.opportunities or "",
        ]
        for m in active
    ]
    blocks.append(
        Table(
            ["Lid", "Leeftijd", "Typering", "Rol", "Beschermende factoren", "Kansen en mogelijkheden"],
            rows,
            "Typering en kansen per lid (alleen wat de aanpak nodig heeft)",
            [2.4, 1.4, 2.4, 1.9, 3.3, 5.6],
        )
    )
    return blocks


def _goal_label(goal) -> str:
    return goal.text or vocab.label("goal", goal.code)


def _goals(case: Case) -> list[Block]:
    plan = case.plan
    if not plan.goals:
        return [Paragraph(TODO), *_free_text(case, "goals")]
    items = []
    for number, g in enumerate(plan.goals, start=1):
        n = sum(1 for m in plan.measures if g.id in m.goal_ids)
        kind = "" if g.code else " (eigen doel)"
        items.append(f"D{number}. {_goal_label(g)}{kind} — {n} maatregel{'en' if n != 1 else ''}")
    return [Bullets(items), *_free_text(case, "goals")]


def _measures(case: Case, show_id) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = _free_text(case, "measures")
    goals = {g.id: f"D{n}" for n, g in enumerate(plan.goals, start=1)}
    from duiding.plan.catalogue import CatalogueError, load_catalogue

    try:
        catalogue = {iv.id: iv for iv in load_catalogue()}
    except CatalogueError:
        catalogue = {}
    for track in vocab.codes("track"):
        measures = [m for m in plan.measures if m.track == track]
        label = vocab.label("track", track)
        if not measures:
            blocks.append(Paragraph(f"{label}: nog geen maatregelen."))
            continue
        rows = []
        for m in measures:
            if m.track == "group" and len(m.member_ids) > MAX_LISTED:
                who = f"{len(m.member_ids)} leden van de groep"
            else:
                who = ", ".join(show_id(mid) for mid in m.member_ids)
            where = ", ".join(x for x in (who, m.place) if x) or "groep"
            title = m.title or "(zonder titel)"
            iv = catalogue.get(m.intervention or "")
            if iv is not None:
                title += f" [{iv.recognition_label.lower()}]"
            rows.append(
                [
                    title,
                    where,
                    ", ".join(goals.get(g, g) for g in m.goal_ids) or "-",
                    vocab.label("partner", m.owner) or "-",
                    _nl(m.start) or "-",
                    _nl(m.deadline) or "-",
                    _nl(m.evaluation) or "-",
                    vocab.label("measure_status", m.status),
                ]
            )
        blocks.append(
            Table(
                [
                    "Maatregel",
                    "Voor wie / waar",
                    "Doelen",
                    "Eigenaar",
                    "Start",
                    "Deadline",
                    "Evaluatie",
                    "Status",
                ],
                rows,
                label,
                [3.6, 2.9, 1.4, 1.9, 1.85, 1.85, 1.85, 1.6],
            )
        )
        described = [f"{m.title}: {m.description.strip()}" for m in measures if m.description.strip()]
        if described:
            blocks.append(Bullets(described, label=f"Toelichting {label.lower()}"))
    return blocks


def _monitoring(case: Case, today: date) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = _free_text(case, "monitoring")
    if plan.indicators:
        states = monitoring.indicator_states(case)
        rows = []
        for s in states:
            k = s.indicator
            latest = f"{s.latest.value:g} ({_nl(s.latest.date)})" if s.latest else "-"
            verdict = {True: "doel gehaald", False: "nog niet gehaald", None: "-"}[s.on_target]
            rows.append(
                [
                    k.name,
                    f"{k.baseline:g}" if k.baseline is not None else "-",
                    f"{k.target:g}" if k.target is not None else "-",
                    k.unit or "",
                    latest,
                    verdict,
                ]
            )
        blocks.append(
            Table(
                ["Indicator", "Nulmeting", "Doel", "Eenheid", "Laatste meting", "Stand"], rows, "Indicatoren"
            )
        )
        if any(k.values for k in plan.indicators):
            blocks.append(Figure("indicators", "Indicatoren tegen hun doel"))
    else:
        blocks.append(Paragraph("Er zijn nog geen indicatoren vastgesteld."))
    moments = sorted((m.evaluation, m.title) for m in plan.measures if m.evaluation)
    if moments:
        blocks.append(Bullets([f"{_nl(d)}: {t}" for d, t in moments], label="Evaluatiemomenten"))
    late = monitoring.late_measures(case, today)
    blocks.append(Bullets([i.message for i in late] or ["Niets te laat."], label=f"Stand op {_nl(today)}"))
    updates = sorted(
        ((u.date or date.min, m.title, u) for m in plan.measures for u in m.updates),
        key=lambda t: t[0],
        reverse=True,
    )
    if updates:
        blocks.append(
            Table(
                ["Datum", "Maatregel", "Status", "Toelichting"],
                [
                    [_nl(u.date), title, vocab.label("measure_status", u.status), u.note]
                    for _, title, u in updates[:15]
                ],
                "Laatste statusupdates",
            )
        )
    return blocks


def _privacy(case: Case, reveal: bool) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = [
        Paragraph(plan.legal_basis.strip() or TODO, label="Grondslag"),
        Paragraph(plan.access.strip() or TODO, label="Wie ziet wat"),
        Paragraph(
            f"Gegevens worden uiterlijk {_nl(case.retention_date)} verwijderd of geanonimiseerd."
            if case.retention_date
            else TODO,
            label="Bewaartermijn",
        ),
    ]
    sources = Counter(vocab.label("partner", m.source) or "onbekend" for m in case.members)
    if sources:
        blocks.append(
            Paragraph(
                "Herkomst van de gegevens over leden: "
                + ", ".join(f"{s} ({n})" for s, n in sources.most_common())
                + "."
            )
        )
    blocks.append(
        Paragraph(
            "Deze versie noemt leden met naam en pseudoniem; verspreiding alleen volgens het convenant."
            if reveal
            else "In deze versie worden leden alleen met een pseudoniem genoemd."
        )
    )
    blocks += _free_text(case, "privacy")
    return blocks


# --- the document --------------------------------------------------------------------------------


def assemble_plan(
    case: Case,
    analysis: Any = None,
    reveal_names: bool = False,
    today: date | None = None,
) -> PlanDocument:
    """The concept plan van aanpak as a document of sections and blocks.

    ``analysis`` is an optional result of :mod:`duiding.analysis`; its narrative and key figures are
    added to the Duiding section. Names appear only with ``reveal_names`` and a recorded 2B decision.

    >>> from duiding.model import Case
    >>> [s.title for s in assemble_plan(Case(name="Test")).sections][:2]
    ['Aanleiding en signalen', 'Groepsbeschrijving']
    """
    today = today or date.today()
    reveal = bool(reveal_names and case.names_allowed)
    index = case.member_index()

    def show(member: Member) -> str:
        return member.display(reveal)

    def show_id(member_id: str) -> str:
        member = index.get(member_id)
        return show(member) if member else member_id

    plan = case.plan
    contents: dict[str, list[Block]] = {
        "signals": _signals(case),
        "description": _description(case, today),
        "interpretation": _interpretation(case, analysis),
        "typing": _typing(case, today, show),
        "problem_definition": [
            Paragraph(plan.problem_definition.strip() or TODO),
            *_free_text(case, "problem_definition"),
        ],
        "goals": _goals(case),
        "measures": _measures(case, show_id),
        "monitoring": _monitoring(case, today),
        "privacy": _privacy(case, reveal),
        "advice": [Paragraph(plan.advice.strip() or TODO), *_free_text(case, "advice")],
    }
    sections = [Section(n, code, title, contents[code]) for n, (code, title) in enumerate(SECTIONS, start=1)]
    if not reveal:
        _scrub_blocks(sections, _name_replacer(case))
    classification = case.classification or "Vertrouwelijk"
    return PlanDocument(
        title="Concept plan van aanpak",
        case=case,
        case_name=case.name,
        municipality=case.municipality,
        made_on=today,
        version=case.version,
        classification=classification,
        marking=f"{classification} — alleen voor convenantpartners",
        reveal_names=reveal,
        sections=sections,
        gaps=check_plan(case, today),
    )
