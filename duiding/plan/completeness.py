"""What the control of the concept plan still finds open, read from the content, in Dutch.

The check never claims a plan is *helder, degelijk en volledig*: with no open point the screen says
"Geen open punten in de controle". Each open point names the section of the plan and where it is
fixed (:data:`FIX_AT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duiding import vocab
from duiding.model import Case

__all__ = ["FIX_AT", "GAP_KINDS", "Gap", "check_plan", "open_points_text", "regie_contact"]

# kind -> section code of the plan where it shows
GAP_KINDS: dict[str, str] = {
    "no_summary": "summary",
    "no_priority": "summary",
    "no_advice": "summary",
    "no_decisions_asked": "summary",
    "question_unanswered": "interpretation",
    "beke_not_argued": "interpretation",
    "no_problem_definition": "problem_definition",
    "no_goals": "goals",
    "goal_not_smart": "goals",
    "goal_without_measure": "goals",
    "no_measures": "measures",
    "measure_without_owner": "measures",
    "measure_without_deadline": "measures",
    "measure_without_goal": "measures",
    "person_measure_without_member": "measures",
    "care_without_person_measure": "measures",
    "track_not_covered": "measures",
    "measure_without_proportionality": "legal",
    "no_regie": "organisation",
    "no_agreement": "organisation",
    "no_organisation": "organisation",
    "no_capacity": "capacity",
    "no_communication": "communication",
    "no_evaluation": "monitoring",
    "no_indicators": "monitoring",
    "indicators_one_kind": "monitoring",
    "indicator_without_target": "monitoring",
    "no_exit_criteria": "exit",
    "no_risks": "risks",
    "no_privacy": "privacy",
    "no_retention": "privacy",
}

# Where each open point is fixed: (page file, tab on that page or None). The Beke aspects are set on
# the Groep page and the four voorbeeldvragen answered on the Duiding page; the rest on the plan page.
FIX_AT: dict[str, tuple[str, str | None]] = {
    "summary": ("pages/plan.py", "Voorblad"),
    "interpretation": ("pages/duiding.py", None),
    "problem_definition": ("pages/plan.py", "Teksten"),
    "goals": ("pages/plan.py", "Doelen"),
    "measures": ("pages/plan.py", "Maatregelen"),
    "legal": ("pages/plan.py", "Maatregelen"),
    "organisation": ("pages/plan.py", "Regie en akkoord"),
    "capacity": ("pages/plan.py", "Regie en akkoord"),
    "communication": ("pages/plan.py", "Teksten"),
    "monitoring": ("pages/plan.py", "Monitoring"),
    "exit": ("pages/plan.py", "Teksten"),
    "risks": ("pages/plan.py", "Teksten"),
    "privacy": ("pages/plan.py", "Teksten"),
}
FIX_AT_KIND: dict[str, tuple[str, str | None]] = {"beke_not_argued": ("pages/groep.py", None)}

DIRECTOR = "procesregisseur"


@dataclass(frozen=True)
class Gap:
    kind: str
    message: str
    section: str
    ref: str | None = None  # id of the measure, goal, member or indicator concerned

    @property
    def fix_at(self) -> tuple[str, str | None]:
        """(page file, tab or None) where the user fixes this point."""
        return FIX_AT_KIND.get(self.kind) or FIX_AT.get(self.section, ("pages/plan.py", None))


def open_points_text(n: int) -> str:
    """'1 open punt', '3 open punten', or the sentence for none (never 'volledig')."""
    if n == 0:
        return "Geen open punten in de controle"
    return f"{n} open punt" if n == 1 else f"{n} open punten"


def regie_contact(case: Case, who: str):
    """The plan's procesregisseur (``who="director"``) or first contact of a partner (``"police"``, ``"om"``)."""
    for contact in case.plan.regie:
        if who == "director":
            if DIRECTOR in contact.role.casefold():
                return contact
        elif contact.partner == who and DIRECTOR not in contact.role.casefold():
            return contact
    return None


def _gap(kind: str, message: str, ref: str | None = None) -> Gap:
    return Gap(kind, message, GAP_KINDS[kind], ref)


def _goal_text(goal) -> str:
    return goal.text or vocab.label("goal", goal.code) or "(doel zonder tekst)"


def check_plan(case: Case, today: date | None = None) -> list[Gap]:
    """Every gap in the plan, in the order of the plan's sections.

    Members who have left the group (last seen before ``today``) need no measure.
    """
    today = today or date.today()
    plan = case.plan
    gaps: list[Gap] = []
    for name, label in (
        ("summary_group", "de groep in drie zinnen"),
        ("summary_situation", "wat er speelt"),
        ("summary_proposal", "wat wordt voorgesteld"),
    ):
        if not getattr(plan, name).strip():
            gaps.append(_gap("no_summary", f"De samenvatting mist nog: {label}.", name))
    if not plan.priority:
        gaps.append(_gap("no_priority", "Kies het prioriteitsadvies: hoog, middel of laag."))
    if not plan.advice.strip():
        gaps.append(_gap("no_advice", "De afweging bij het prioriteitsadvies ontbreekt."))
    if not any(d.strip() for d in plan.decisions_asked):
        gaps.append(_gap("no_decisions_asked", "Het gevraagd besluit van de driehoek is nog leeg."))
    for code in vocab.codes("question"):
        if not case.conclusions.get(code, "").strip():
            gaps.append(
                _gap(
                    "question_unanswered",
                    f"Voorbeeldvraag nog niet beantwoord: '{vocab.label('question', code)}'.",
                    code,
                )
            )
    for code in vocab.codes("beke_aspect"):
        a = case.beke.get(code)
        if a is None or a.level == "unknown" or not a.text.strip():
            gaps.append(
                _gap(
                    "beke_not_argued",
                    f"Beke-aspect '{vocab.label('beke_aspect', code)}' heeft nog geen niveau met toelichting.",
                    code,
                )
            )
    if not plan.problem_definition.strip():
        gaps.append(_gap("no_problem_definition", "De probleemdefinitie is nog leeg."))

    if not plan.goals:
        gaps.append(_gap("no_goals", "Er zijn nog geen doelen gekozen."))
    for goal in plan.goals:
        missing = [
            w
            for w, v in (
                ("resultaat", goal.result.strip()),
                ("termijn", goal.term),
                ("doelgroep", goal.target_group.strip()),
            )
            if not v
        ]
        if missing:
            gaps.append(
                _gap(
                    "goal_not_smart",
                    f"Doel '{_goal_text(goal)}' mist nog: {', '.join(missing)}.",
                    goal.id,
                )
            )
        if not any(goal.id in m.goal_ids for m in plan.measures):
            gaps.append(
                _gap("goal_without_measure", f"Doel '{_goal_text(goal)}' heeft geen maatregel.", goal.id)
            )

    if not plan.measures:
        gaps.append(_gap("no_measures", "Er zijn nog geen maatregelen."))
    goal_ids = {g.id for g in plan.goals}
    for m in plan.measures:
        title = m.title or "(maatregel zonder titel)"
        if not m.owner:
            gaps.append(_gap("measure_without_owner", f"Maatregel '{title}' heeft geen eigenaar.", m.id))
        if not m.deadline:
            gaps.append(
                _gap(
                    "measure_without_deadline",
                    f"Maatregel '{title}' heeft geen datum 'uiterlijk gereed'.",
                    m.id,
                )
            )
        if not any(g in goal_ids for g in m.goal_ids):
            gaps.append(
                _gap("measure_without_goal", f"Maatregel '{title}' is aan geen doel gekoppeld.", m.id)
            )
        if m.track == "person" and not m.member_ids:
            gaps.append(
                _gap(
                    "person_measure_without_member",
                    f"Persoonsgerichte maatregel '{title}' is aan geen lid gekoppeld.",
                    m.id,
                )
            )

    covered = {
        mid for m in plan.measures if m.track == "person" and m.status != "stopped" for mid in m.member_ids
    }
    for member in case.members:
        if member.typing == "care" and member.active_on(today) and member.id not in covered:
            gaps.append(
                _gap(
                    "care_without_person_measure",
                    f"{member.pseudonym or member.id} is getypeerd als zorgjongere maar heeft geen "
                    "persoonsgerichte maatregel.",
                    member.id,
                )
            )

    for track in vocab.codes("track"):
        if not any(m.track == track for m in plan.measures) and not plan.track_reasons.get(track, "").strip():
            gaps.append(
                _gap(
                    "track_not_covered",
                    f"Spoor '{vocab.label('track', track)}' heeft geen maatregel en geen reden waarom niet.",
                    track,
                )
            )
    from duiding.plan.catalogue import PROPORTIONALITY_NATURES, CatalogueError, load_catalogue

    try:
        catalogue = {iv.id: iv for iv in load_catalogue()}
    except CatalogueError:
        catalogue = {}
    for m in plan.measures:
        iv = catalogue.get(m.intervention or "")
        nature = m.legal_nature or (iv.legal_nature if iv else None)
        if nature in PROPORTIONALITY_NATURES and not m.proportionality.strip():
            gaps.append(
                _gap(
                    "measure_without_proportionality",
                    f"Maatregel '{m.title or '(zonder titel)'}' ({vocab.label('legal_nature', nature).lower()}) "
                    "heeft geen onderbouwing van proportionaliteit en subsidiariteit.",
                    m.id,
                )
            )

    for who, label in (
        ("director", "procesregisseur"),
        ("police", "contactpersoon politie"),
        ("om", "contactpersoon OM"),
    ):
        contact = regie_contact(case, who)
        if contact is None:
            gaps.append(_gap("no_regie", f"Leg de {label} vast (rol en organisatie).", who))
        elif who != "director" and contact.agreed_on is None:
            gaps.append(
                _gap(
                    "no_agreement",
                    f"{vocab.label('partner', who)} heeft nog geen akkoord gegeven op dit concept.",
                    who,
                )
            )
    if not plan.organisation.strip():
        gaps.append(
            _gap(
                "no_organisation",
                "Beschrijf de overlegstructuur en de opschaling naar driehoek en PGA / Zorg- en Veiligheidshuis.",
            )
        )
    owners = {m.owner for m in plan.measures if m.owner}
    efforts = {c.partner for c in plan.capacity if c.partner and c.effort.strip()}
    for partner in [p for p in vocab.codes("partner") if p in owners - efforts]:
        gaps.append(
            _gap(
                "no_capacity",
                f"De gevraagde inzet van {vocab.label('partner', partner)} ontbreekt.",
                partner,
            )
        )
    for code in vocab.codes("audience"):
        if not plan.communication.get(code, "").strip():
            gaps.append(
                _gap(
                    "no_communication",
                    f"Communicatie met {vocab.label('audience', code).lower()} ontbreekt.",
                    code,
                )
            )

    if not any(m.evaluation for m in plan.measures):
        gaps.append(
            _gap(
                "no_evaluation",
                "Er is geen evaluatiemoment gepland (vul bij een maatregel een evaluatiedatum in).",
            )
        )
    if not plan.indicators:
        gaps.append(_gap("no_indicators", "Er zijn geen indicatoren om de voortgang te volgen."))
    kinds = {k.kind or ("incidents" if k.problem else "other") for k in plan.indicators}
    if plan.indicators and len(kinds) < 2:
        gaps.append(
            _gap(
                "indicators_one_kind",
                "Alle indicatoren zijn van één soort; voeg er een van een andere soort toe (bijvoorbeeld "
                "schoolaanwezigheid, contact met jongerenwerk of leden in de kern).",
            )
        )
    for k in plan.indicators:
        if k.target is None or k.baseline is None:
            missing = " en ".join(
                w for w, v in (("nulmeting", k.baseline), ("streefwaarde", k.target)) if v is None
            )
            gaps.append(
                _gap("indicator_without_target", f"Indicator '{k.name or k.id}' heeft geen {missing}.", k.id)
            )

    if not (plan.legal_basis.strip() and plan.access.strip()):
        missing = " en ".join(
            w for w, v in (("grondslag", plan.legal_basis), ("wie-ziet-wat", plan.access)) if not v.strip()
        )
        gaps.append(_gap("no_privacy", f"De privacyparagraaf is niet compleet: {missing} ontbreekt."))
    if not plan.exit_criteria.strip() or not plan.safeguarding.strip():
        gaps.append(_gap("no_exit_criteria", "Afschaal- en stopcriteria of de borging ontbreken."))
    if not plan.risks.strip():
        gaps.append(_gap("no_risks", "De risico's van de aanpak (zoals verplaatsing) zijn niet beschreven."))
    if case.retention_date is None:
        gaps.append(_gap("no_retention", "Er is geen bewaartermijn (datum van verwijderen) vastgelegd."))
    order = list(dict.fromkeys(GAP_KINDS.values()))
    return sorted(gaps, key=lambda g: order.index(g.section))
