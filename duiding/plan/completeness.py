"""Is the concept plan *helder, degelijk en volledig*? A list of what is still missing, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duiding import vocab
from duiding.model import Case

__all__ = ["GAP_KINDS", "Gap", "check_plan"]

# kind -> section code of the plan where it is fixed
GAP_KINDS: dict[str, str] = {
    "no_problem_definition": "problem_definition",
    "no_goals": "goals",
    "goal_without_measure": "goals",
    "no_measures": "measures",
    "measure_without_owner": "measures",
    "measure_without_deadline": "measures",
    "measure_without_goal": "measures",
    "person_measure_without_member": "measures",
    "care_without_person_measure": "measures",
    "no_evaluation": "monitoring",
    "no_indicators": "monitoring",
    "indicator_without_target": "monitoring",
    "no_privacy": "privacy",
    "no_retention": "privacy",
    "no_advice": "advice",
}


@dataclass(frozen=True)
class Gap:
    kind: str
    message: str
    section: str
    ref: str | None = None  # id of the measure, goal, member or indicator concerned


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
    if not plan.problem_definition.strip():
        gaps.append(_gap("no_problem_definition", "De probleemdefinitie is nog leeg."))

    if not plan.goals:
        gaps.append(_gap("no_goals", "Er zijn nog geen doelen gekozen."))
    for goal in plan.goals:
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
            gaps.append(_gap("measure_without_deadline", f"Maatregel '{title}' heeft geen deadline.", m.id))
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

    if not any(m.evaluation for m in plan.measures):
        gaps.append(
            _gap(
                "no_evaluation",
                "Er is geen evaluatiemoment gepland (vul bij een maatregel een evaluatiedatum in).",
            )
        )
    if not plan.indicators:
        gaps.append(_gap("no_indicators", "Er zijn geen indicatoren om de voortgang te volgen."))
    for k in plan.indicators:
        if k.target is None or k.baseline is None:
            missing = " en ".join(w for w, v in (("nulmeting", k.baseline), ("doel", k.target)) if v is None)
            gaps.append(
                _gap("indicator_without_target", f"Indicator '{k.name or k.id}' heeft geen {missing}.", k.id)
            )

    if not (plan.legal_basis.strip() and plan.access.strip()):
        missing = " en ".join(
            w for w, v in (("grondslag", plan.legal_basis), ("wie-ziet-wat", plan.access)) if not v.strip()
        )
        gaps.append(_gap("no_privacy", f"De privacyparagraaf is niet compleet: {missing} ontbreekt."))
    if case.retention_date is None:
        gaps.append(_gap("no_retention", "Er is geen bewaartermijn (datum van verwijderen) vastgelegd."))
    if not plan.advice.strip():
        gaps.append(_gap("no_advice", "Het advies over prioriteit voor de driehoek ontbreekt."))
    return gaps
