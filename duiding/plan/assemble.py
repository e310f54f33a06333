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
from duiding.model import STEP_ORDER, Case, Member
from duiding.plan import monitoring
from duiding.plan.completeness import Gap, check_plan, regie_contact
from duiding.plan.facts import NetworkFacts, count_words, network_facts, plain_summary

__all__ = [
    "DOCUMENT_KINDS",
    "SECTIONS",
    "Bullets",
    "Figure",
    "Paragraph",
    "PlanDocument",
    "Section",
    "Table",
    "agreement_lines",
    "assemble_plan",
    "drawn_up_by",
    "is_definitive",
    "privacy_template",
]

# code, title — the order is the order of the plan for the driehoek
SECTIONS: list[tuple[str, str]] = [
    ("summary", "Samenvatting en advies aan de driehoek"),
    ("signals", "Aanleiding en signalen"),
    ("description", "Groepsbeschrijving"),
    ("interpretation", "Duiding"),
    ("typing", "Typering en kansen"),
    ("problem_definition", "Probleemdefinitie"),
    ("goals", "Doelen"),
    ("measures", "Maatregelen per spoor"),
    ("legal", "Juridische toets per maatregel"),
    ("organisation", "Organisatie en regie"),
    ("capacity", "Capaciteit per partner"),
    ("communication", "Communicatie"),
    ("monitoring", "Monitoring en indicatoren"),
    ("exit", "Afschaal- en stopcriteria en borging"),
    ("risks", "Risico's van de aanpak"),
    ("privacy", "Privacy"),
]

# The kinds of document, with the line each says in its header and on its title page.
DOCUMENT_KINDS: dict[str, str] = {
    "plan": "Concept plan van aanpak voor de lokale driehoek",
    "bijlage": "Vertrouwelijke bijlage: alleen voor het jeugdgroepenoverleg",
    "beleidsadvies": "Beleidsadvies (stap 4) voor de lokale driehoek",
}

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
    kind: str = "plan"  # a key of DOCUMENT_KINDS
    drawn_up_by: str = ""  # "Opgesteld door ... in samenwerking met politie en OM"
    agreements: list[str] = field(default_factory=list)  # "akkoord politie 24-11-2026", ...
    definitive: bool = False  # step 5 onwards: the plan is definitive, monitoring status is shown

    @property
    def as_of(self) -> date:
        """The peildatum: every number in the document is counted on this date."""
        return self.made_on

    @property
    def document_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.title)

    @property
    def header(self) -> str:
        """The line in the header of every page: rubricering and which document this is."""
        return f"{self.marking} · {self.document_label}"

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


def _active(case: Case, today: date) -> list[Member]:
    return [m for m in case.members if m.active_on(today)]


def _description(case: Case, today: date, facts: NetworkFacts | None, per_member: bool) -> list[Block]:
    blocks: list[Block] = []
    if case.context.description.strip():
        blocks.append(Paragraph(case.context.description.strip()))
    blocks += _free_text(case, "description")
    active = _active(case, today)
    left = [m for m in case.members if not m.active_on(today)]
    years = sorted(m.birth_year for m in active if m.birth_year)
    size = facts.members if facts is not None else len(active)
    facts_lines = [
        f"Omvang op {_nl(today)}: {count_words(size, 'actief lid', 'actieve leden')}"
        + (f" ({len(left)} vertrokken)" if left else "")
        + "."
    ]
    if years:
        youngest, oldest = today.year - years[-1], today.year - years[0]
        facts_lines.append(
            f"Leeftijd: ongeveer {youngest - 1} tot {oldest} jaar (geboortejaren {years[0]}–{years[-1]})."
        )
    if case.area:
        facts_lines.append(f"Gebied: {case.area}.")
    if case.context.locations:
        facts_lines.append("Locaties (hangplekken): " + ", ".join(case.context.locations) + ".")
    if case.context.times:
        facts_lines.append(f"Tijden: {case.context.times}")
    if case.context.platforms:
        facts_lines.append("Online platforms: " + ", ".join(case.context.platforms) + ".")
    blocks.append(Bullets(facts_lines, label="Kenmerken"))

    ids = {m.id for m in active}
    pairs: dict[str, set[frozenset]] = {}
    for tie in case.all_ties():
        if tie.source in ids and tie.target in ids and tie.active_on(today):
            pairs.setdefault(tie.layer, set()).add(frozenset((tie.source, tie.target)))
    online, offline = pairs.get("online", set()), pairs.get("offline", set())
    co = pairs.get("co_offending", set())
    lines = [
        f"{len(offline)} relaties in de omgang (offline), {len(online)} online en {len(co)} tussen leden "
        "die samen bij een incident zijn geregistreerd.",
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
        if per_member:
            lines.append(
                "Alleen online in beeld: " + ", ".join(m.pseudonym or m.id for m in online_only) + "."
            )
        else:
            lines.append(f"{count_words(len(online_only), 'lid is', 'leden zijn')} alleen online in beeld.")
    blocks.append(Bullets(lines, label="Online en offline netwerk"))
    return blocks


def _interpretation(case: Case, facts: NetworkFacts | None) -> list[Block]:
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
    if facts is not None:
        blocks.append(Bullets(plain_summary(facts), label="Wat het netwerk laat zien"))
    blocks += _free_text(case, "interpretation")
    return blocks


def _typing(case: Case, today: date) -> list[Block]:
    blocks: list[Block] = _free_text(case, "typing")
    active = _active(case, today)
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
    with_chances = sum(1 for m in active if m.opportunities.strip() or m.protective_factors)
    blocks.append(
        Paragraph(
            f"Bij {with_chances} van de {len(active)} actieve leden zijn kansen of beschermende factoren "
            "beschreven. De uitwerking per lid staat in de vertrouwelijke bijlage voor het "
            "jeugdgroepenoverleg en gaat niet naar de driehoek."
        )
    )
    return blocks


def _goal_label(goal) -> str:
    return goal.text or vocab.label("goal", goal.code)


def _goals(case: Case) -> list[Block]:
    plan = case.plan
    if not plan.goals:
        return [Paragraph(TODO), *_free_text(case, "goals")]
    rows = []
    for number, g in enumerate(plan.goals, start=1):
        n = sum(1 for m in plan.measures if g.id in m.goal_ids)
        kind = "" if g.code else " (eigen doel)"
        rows.append(
            [
                f"D{number}. {_goal_label(g)}{kind}",
                g.result.strip() or TODO,
                _nl(g.term) or TODO,
                g.target_group.strip() or TODO,
                str(n),
            ]
        )
    return [
        Table(
            ["Doel", "Beoogd resultaat", "Termijn", "Doelgroep", "Maatregelen"],
            rows,
            "Doelen: resultaat, termijn en doelgroep",
            [4.0, 5.6, 2.0, 3.6, 1.8],
        ),
        *_free_text(case, "goals"),
    ]


def _catalogue() -> dict:
    from duiding.plan.catalogue import CatalogueError, load_catalogue

    try:
        return {iv.id: iv for iv in load_catalogue()}
    except CatalogueError:
        return {}


def _measures(case: Case, show_id, per_member: bool, definitive: bool) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = _free_text(case, "measures")
    goals = {g.id: f"D{n}" for n, g in enumerate(plan.goals, start=1)}
    catalogue = _catalogue()
    for track in vocab.codes("track"):
        measures = [m for m in plan.measures if m.track == track]
        label = vocab.label("track", track)
        if not measures:
            reason = plan.track_reasons.get(track, "").strip()
            blocks.append(
                Paragraph(f"{label}: geen maatregelen. Reden: {reason}" if reason else f"{label}: {TODO}")
            )
            continue
        rows = []
        for m in measures:
            if m.member_ids and (not per_member or (m.track == "group" and len(m.member_ids) > MAX_LISTED)):
                who = count_words(len(m.member_ids), "lid", "leden")
            else:
                who = ", ".join(show_id(mid) for mid in m.member_ids)
            where = ", ".join(x for x in (who, m.place) if x) or "groep"
            title = m.title or "(zonder titel)"
            iv = catalogue.get(m.intervention or "")
            if iv is not None:
                title += f" [{iv.recognition_label.lower()}]"
            row = [
                title,
                where,
                ", ".join(goals.get(g, g) for g in m.goal_ids) or "-",
                vocab.label("partner", m.owner) or "-",
                _nl(m.start) or "-",
                _nl(m.deadline) or "-",
                _nl(m.evaluation) or "-",
            ]
            if definitive:
                row.append(vocab.label("measure_status", m.status))
            rows.append(row)
        columns = [
            "Maatregel",
            "Voor wie / waar",
            "Doelen",
            "Eigenaar",
            "Start",
            "Uiterlijk gereed",
            "Evaluatie",
        ]
        widths = [4.2, 3.1, 1.4, 2.1, 1.85, 2.0, 1.85]
        if definitive:
            columns.append("Status")
            widths = [3.6, 2.9, 1.4, 1.9, 1.85, 1.85, 1.85, 1.6]
        blocks.append(Table(columns, rows, label, widths))
        described = [f"{m.title}: {m.description.strip()}" for m in measures if m.description.strip()]
        if described:
            blocks.append(Bullets(described, label=f"Toelichting {label.lower()}"))
    return blocks


def legal_row(measure, catalogue: dict) -> tuple[str | None, str, str]:
    """Legal nature, competent authority and legal ground of a measure: its own, else the catalogue's."""
    iv = catalogue.get(measure.intervention or "")
    nature = measure.legal_nature or (iv.legal_nature if iv else None)
    authority = measure.authority.strip() or (iv.authority if iv else "")
    ground = measure.legal_ground.strip() or (iv.legal_ground if iv else "")
    return nature, authority, ground


def _legal(case: Case) -> list[Block]:
    from duiding.plan.catalogue import PROPORTIONALITY_NATURES

    blocks: list[Block] = []
    measures = case.plan.measures
    if not measures:
        return [
            Paragraph("Er zijn nog geen maatregelen om juridisch te toetsen."),
            *_free_text(case, "legal"),
        ]
    catalogue = _catalogue()
    rows = []
    for m in measures:
        nature, authority, ground = legal_row(m, catalogue)
        needs = nature in PROPORTIONALITY_NATURES
        argument = m.proportionality.strip() or (
            TODO if needs else "niet nodig (geen bestuurlijke of justitiële maatregel)"
        )
        rows.append(
            [
                m.title or "(zonder titel)",
                vocab.label("legal_nature", nature) if nature else TODO,
                authority or TODO,
                ground or TODO,
                argument,
            ]
        )
    blocks.append(
        Table(
            [
                "Maatregel",
                "Aard",
                "Bevoegd gezag",
                "Wettelijke grondslag",
                "Proportionaliteit en subsidiariteit",
            ],
            rows,
            "Juridische toets",
            [3.4, 2.2, 3.0, 3.4, 5.0],
        )
    )
    blocks.append(
        Paragraph(
            "Bestuurlijke maatregelen (zoals een gebiedsverbod, art. 172a Gemeentewet) zijn bevelen van de "
            "burgemeester aan personen; justitiële maatregelen (zoals Halt, Tools4U of jeugdreclassering) "
            "volgen alleen op een strafbaar feit. Jeugdhulp (MST, FFT, MDFT) loopt via een verwijzer: het "
            "overleg regelt de toeleiding."
        )
    )
    blocks += _free_text(case, "legal")
    return blocks


def drawn_up_by(case: Case, reveal: bool) -> str:
    """'Opgesteld door de procesregisseur (Gemeente X) in samenwerking met politie en OM'."""
    director = regie_contact(case, "director")

    def who(contact, fallback: str) -> str:
        if contact is None:
            return fallback
        text = contact.role.strip() or fallback
        if reveal and contact.name.strip():
            text = f"{contact.name.strip()}, {text}"
        org = contact.organisation.strip()
        return f"{text} ({org})" if org else text

    lead = who(director, "de procesregisseur")
    return f"Opgesteld door {lead} in samenwerking met politie en OM"


def agreement_lines(case: Case) -> list[str]:
    """'akkoord politie 24-11-2026', 'akkoord OM: nog niet gegeven': police, OM and every other partner
    with a contact in the regie (the procesregisseur draws the plan up and does not agree to it)."""
    director = regie_contact(case, "director")
    contacts = [c for c in case.plan.regie if c is not director]
    partners = ["police", "om"] + [c.partner for c in contacts if c.partner]
    lines = []
    for partner in dict.fromkeys(partners):
        days = [c.agreed_on for c in contacts if c.partner == partner and c.agreed_on]
        name = vocab.label("partner", partner)
        shown = name if partner == "om" else name.lower()
        lines.append(f"akkoord {shown} {_nl(max(days))}" if days else f"akkoord {shown}: nog niet gegeven")
    return lines


def _organisation(case: Case, reveal: bool) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = [Paragraph(drawn_up_by(case, reveal) + ".")]
    if plan.regie:
        director = regie_contact(case, "director")
        rows = []
        for c in plan.regie:
            row = [c.role or "-", c.organisation or "-", vocab.label("partner", c.partner) or "-"]
            if reveal:
                row.append(c.name or "-")
            if c is director:
                row.append("stelt het plan op")
            else:
                row.append(f"akkoord {_nl(c.agreed_on)}" if c.agreed_on else "nog geen akkoord")
            rows.append(row)
        columns = ["Rol", "Organisatie", "Partner", *(["Naam"] if reveal else []), "Akkoord met dit concept"]
        blocks.append(Table(columns, rows, "Regie en contactpersonen"))
    else:
        blocks.append(Paragraph(f"Procesregisseur en contactpersonen van politie en OM: {TODO}"))
    blocks.append(Bullets(agreement_lines(case), label="Akkoord van de partners"))
    blocks.append(
        Paragraph(
            plan.organisation.strip() or TODO,
            label="Overlegstructuur en opschaling (jeugdgroepenoverleg, driehoek, PGA / Zorg- en Veiligheidshuis)",
        )
    )
    blocks += _free_text(case, "organisation")
    return blocks


def _capacity(case: Case) -> list[Block]:
    plan = case.plan
    owned = Counter(m.owner for m in plan.measures if m.owner)
    efforts = {c.partner: c.effort.strip() for c in plan.capacity if c.partner}
    partners = [p for p in vocab.codes("partner") if p in owned or p in efforts]
    if not partners:
        return [Paragraph(TODO), *_free_text(case, "capacity")]
    rows = [[vocab.label("partner", p), str(owned.get(p, 0)), efforts.get(p) or TODO] for p in partners]
    return [
        Table(
            ["Partner", "Maatregelen als eigenaar", "Gevraagde inzet"],
            rows,
            "Capaciteit per partner",
            [4.0, 3.5, 10.0],
        ),
        *_free_text(case, "capacity"),
    ]


def _communication(case: Case) -> list[Block]:
    texts = case.plan.communication
    blocks: list[Block] = [
        Paragraph(texts.get(code, "").strip() or TODO, label=vocab.label("audience", code))
        for code in vocab.codes("audience")
    ]
    blocks += _free_text(case, "communication")
    return blocks


def is_definitive(case: Case) -> bool:
    """From step 5 on the plan is the definitive integraal plan van aanpak."""
    step = case.step if case.step in STEP_ORDER else "1"
    return STEP_ORDER.index(step) >= STEP_ORDER.index("5")


INCIDENT_NOTE = (
    "Let op: meer toezicht en een betere meldbereidheid laten het aantal geregistreerde incidenten vaak eerst "
    "stijgen. Een stijging in de eerste maanden is daarom geen teken dat de aanpak niet werkt; lees de "
    "incidenten samen met de andere indicatoren."
)


def _indicator_kind(k) -> str:
    return k.kind or ("incidents" if k.problem else "other")


def _monitoring(case: Case, today: date, definitive: bool) -> list[Block]:
    plan = case.plan
    blocks: list[Block] = _free_text(case, "monitoring")
    if plan.indicators:
        states = {s.indicator.id: s for s in monitoring.indicator_states(case)}
        rows = []
        for k in plan.indicators:
            row = [
                k.name,
                vocab.label("indicator_kind", _indicator_kind(k)),
                f"{k.baseline:g}".replace(".", ",") if k.baseline is not None else TODO,
                f"{k.target:g}".replace(".", ",") if k.target is not None else TODO,
                k.unit or "",
            ]
            if definitive:
                s = states[k.id]
                row.append(
                    f"{s.latest.value:g} ({_nl(s.latest.date)})".replace(".", ",") if s.latest else "-"
                )
                row.append({True: "doel gehaald", False: "nog niet gehaald", None: "-"}[s.on_target])
            rows.append(row)
        columns = ["Indicator", "Soort", "Nulmeting", "Streefwaarde", "Eenheid"]
        if definitive:
            columns += ["Laatste meting", "Stand"]
        blocks.append(Table(columns, rows, "Indicatoren"))
        if any(_indicator_kind(k) == "incidents" for k in plan.indicators):
            blocks.append(Paragraph(INCIDENT_NOTE))
        if definitive and any(k.values for k in plan.indicators):
            blocks.append(Figure("indicators", "Indicatoren tegen hun streefwaarde"))
    else:
        blocks.append(Paragraph("Er zijn nog geen indicatoren vastgesteld."))
    moments = sorted((m.evaluation, m.title) for m in plan.measures if m.evaluation)
    if moments:
        blocks.append(Bullets([f"{_nl(d)}: {t}" for d, t in moments], label="Evaluatiemomenten"))
    if not definitive:
        blocks.append(
            Paragraph(
                "De voortgang van de maatregelen wordt gevolgd zodra het plan definitief is (stap 5 en verder)."
            )
        )
        return blocks
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
                "Laatst vastgelegde voortgang",
            )
        )
    return blocks


def _exit(case: Case) -> list[Block]:
    plan = case.plan
    return [
        Paragraph(plan.exit_criteria.strip() or TODO, label="Afschaal- en stopcriteria"),
        Paragraph(plan.safeguarding.strip() or TODO, label="Borging"),
        *_free_text(case, "exit"),
    ]


def _risks(case: Case) -> list[Block]:
    return [
        Paragraph(
            case.plan.risks.strip() or TODO,
            label="Risico's (zoals verplaatsing, uitwijken naar online of naar een andere plek)",
        ),
        *_free_text(case, "risks"),
    ]


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
            "Deze versie noemt namen; verspreiding alleen volgens het convenant."
            if reveal
            else "In deze versie worden leden alleen met een pseudoniem genoemd en staan geen namen."
        )
    )
    blocks += _free_text(case, "privacy")
    return blocks


def priority_blocks(case: Case) -> list[Block]:
    """The structured prioriteitsadvies: level, the four Beke aspects as its argument, the reasoning."""
    plan = case.plan
    level = vocab.label("priority", plan.priority) if plan.priority else TODO
    items = []
    for code in vocab.codes("beke_aspect"):
        a = case.beke.get(code)
        text = (a.text.strip() if a else "") or TODO
        items.append(
            f"{vocab.label('beke_aspect', code)} ({vocab.label('level', a.level if a else 'unknown').lower()}): {text}"
        )
    return [
        Paragraph(f"Prioriteit: {level.lower() if plan.priority else level}", label="Prioriteitsadvies"),
        Bullets(items, label="Onderbouwing naar ernst, risico's, ontwikkeling en impact"),
        Paragraph(plan.advice.strip() or TODO, label="Afweging"),
    ]


def decision_blocks(case: Case) -> list[Block]:
    asked = [d.strip() for d in case.plan.decisions_asked if d.strip()]
    return [Bullets(asked or [TODO], label="Gevraagd besluit van de driehoek")]


def _summary(case: Case) -> list[Block]:
    plan = case.plan
    return [
        Paragraph(plan.summary_group.strip() or TODO, label="De groep"),
        Paragraph(plan.summary_situation.strip() or TODO, label="Wat er speelt"),
        Paragraph(plan.summary_proposal.strip() or TODO, label="Wat wordt voorgesteld"),
        *priority_blocks(case),
        *decision_blocks(case),
        *_free_text(case, "summary"),
        *_free_text(case, "advice"),  # section text of plans made before the front page existed
    ]


# --- the document --------------------------------------------------------------------------------


def _gaps_without_members(gaps: list[Gap]) -> list[Gap]:
    """Open points for a reader without member detail: points about single members become one count."""
    about_members = [g for g in gaps if g.kind == "care_without_person_measure"]
    if not about_members:
        return gaps
    n = len(about_members)
    merged = Gap(
        "care_without_person_measure",
        f"{count_words(n, 'zorgjongere heeft', 'zorgjongeren hebben')} nog geen persoonsgerichte maatregel "
        "(zie de bijlage voor het jeugdgroepenoverleg).",
        about_members[0].section,
    )
    at = gaps.index(about_members[0])
    rest = [g for g in gaps if g not in about_members]
    return [*rest[:at], merged, *rest[at:]]


def document_frame(
    case: Case, kind: str, title: str, sections: list[Section], reveal: bool, today: date
) -> PlanDocument:
    """A document of ``kind`` with the case's title-page facts (peildatum, regie, agreement)."""
    if not reveal:
        _scrub_blocks(sections, _name_replacer(case))
    classification = case.classification or "Vertrouwelijk"
    audience = "alleen voor het jeugdgroepenoverleg" if kind == "bijlage" else "alleen voor convenantpartners"
    return PlanDocument(
        title=title,
        case=case,
        case_name=case.name,
        municipality=case.municipality,
        made_on=today,
        version=case.version,
        classification=classification,
        marking=f"{classification} — {audience}",
        reveal_names=reveal,
        sections=sections,
        gaps=_gaps_without_members(check_plan(case, today)),
        kind=kind,
        drawn_up_by=drawn_up_by(case, reveal),
        agreements=agreement_lines(case),
        definitive=is_definitive(case),
    )


def assemble_plan(
    case: Case,
    analysis: Any = None,
    reveal_names: bool = False,
    today: date | None = None,
) -> PlanDocument:
    """The plan van aanpak for the lokale driehoek as a document of sections and blocks.

    ``analysis`` is the result of :mod:`duiding.analysis` at the peildatum ``today``; its counts are
    told in plain words, without names or technical terms. Member detail is in the annex
    (:func:`duiding.plan.annex.assemble_annex`). Names appear only with ``reveal_names`` and a 2B decision.

    >>> from duiding.model import Case
    >>> [s.title for s in assemble_plan(Case(name="Test")).sections][:2]
    ['Samenvatting en advies aan de driehoek', 'Aanleiding en signalen']
    """
    today = today or date.today()
    reveal = bool(reveal_names and case.names_allowed)
    index = case.member_index()
    facts = network_facts(analysis)
    definitive = is_definitive(case)

    def show_id(member_id: str) -> str:
        member = index.get(member_id)
        return member.display(reveal) if member else member_id

    plan = case.plan
    contents: dict[str, list[Block]] = {
        "summary": _summary(case),
        "signals": _signals(case),
        "description": _description(case, today, facts, per_member=False),
        "interpretation": _interpretation(case, facts),
        "typing": _typing(case, today),
        "problem_definition": [
            Paragraph(plan.problem_definition.strip() or TODO),
            *_free_text(case, "problem_definition"),
        ],
        "goals": _goals(case),
        "measures": _measures(case, show_id, per_member=False, definitive=definitive),
        "legal": _legal(case),
        "organisation": _organisation(case, reveal),
        "capacity": _capacity(case),
        "communication": _communication(case),
        "monitoring": _monitoring(case, today, definitive),
        "exit": _exit(case),
        "risks": _risks(case),
        "privacy": _privacy(case, reveal),
    }
    sections = [Section(n, code, title, contents[code]) for n, (code, title) in enumerate(SECTIONS, start=1)]
    title = "Plan van aanpak" if definitive else "Concept plan van aanpak"
    return document_frame(case, "plan", title, sections, reveal, today)
