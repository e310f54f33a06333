"""Edits the plan page makes, as pure functions: each returns a changed copy of the case.

Validation is done here (Dutch messages) so the page only shows problems and keeps the input.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from duiding import vocab
from duiding.model import Capacity, Case, Goal, Indicator, Measure, PlanContact, new_id

__all__ = [
    "REGIE_SLOTS",
    "TEXT_FIELDS",
    "set_capacity",
    "set_communication",
    "set_decisions",
    "set_goal_smart",
    "set_priority",
    "set_regie",
    "set_track_reasons",
    "measure_problems",
    "remove_indicator",
    "remove_measure",
    "set_goals",
    "set_texts",
    "upsert_indicator",
    "upsert_measure",
]

# Plan fields that are free text, with their Dutch names.
TEXT_FIELDS = {
    "problem_definition": "Probleemdefinitie",
    "advice": "Advies aan de driehoek",
    "legal_basis": "Grondslag (privacy)",
    "access": "Wie ziet wat (privacy)",
    "summary_group": "Samenvatting: de groep",
    "summary_situation": "Samenvatting: wat er speelt",
    "summary_proposal": "Samenvatting: wat wordt voorgesteld",
    "organisation": "Overlegstructuur en opschaling",
    "exit_criteria": "Afschaal- en stopcriteria",
    "safeguarding": "Borging",
    "risks": "Risico's van de aanpak",
}
# The three people the plan names: (partner, default role).
REGIE_SLOTS = [
    ("municipality", "Procesregisseur"),
    ("police", "Contactpersoon politie"),
    ("om", "Contactpersoon OM"),
]
MAX_TEXT = 10_000


def set_texts(
    case: Case,
    fields: dict[str, str] | None = None,
    sections: dict[str, str] | None = None,
    retention_date: date | None = None,
) -> Case:
    """A copy with plan text fields, extra section texts (empty text removes it) and retention set."""
    new = case.copy()
    for name, value in (fields or {}).items():
        if name not in TEXT_FIELDS:
            raise ValueError(f"Onbekend tekstveld '{name}'.")
        if len(value) > MAX_TEXT:
            raise ValueError(f"{TEXT_FIELDS[name]} is te lang (meer dan {MAX_TEXT} tekens).")
        setattr(new.plan, name, value.strip())
    for code, value in (sections or {}).items():
        if len(value) > MAX_TEXT:
            raise ValueError(f"De tekst bij sectie '{code}' is te lang (meer dan {MAX_TEXT} tekens).")
        if value.strip():
            new.plan.texts[code] = value.strip()
        else:
            new.plan.texts.pop(code, None)
    if retention_date is not None:
        new.retention_date = retention_date
    return new


def set_goals(case: Case, codes: list[str], own: list[str]) -> Case:
    """A copy whose goals are the chosen model goals plus own goals (one text each).

    Goals that stay keep their id, so measures stay linked; measures lose links to removed goals.
    """
    unknown = [c for c in codes if c not in vocab.codes("goal")]
    if unknown:
        raise ValueError(f"Onbekend doel: {', '.join(unknown)}.")
    new = case.copy()
    by_code = {g.code: g for g in new.plan.goals if g.code}
    by_text = {g.text.strip().casefold(): g for g in new.plan.goals if not g.code}
    goals = [by_code.get(code) or Goal(new_id("g"), code=code) for code in codes]
    seen: set[str] = set()
    for text in own:
        text = text.strip()
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        goals.append(by_text.get(text.casefold()) or Goal(new_id("g"), code=None, text=text))
    new.plan.goals = goals
    kept = {g.id for g in goals}
    for m in new.plan.measures:
        m.goal_ids = [g for g in m.goal_ids if g in kept]
    return new


def measure_problems(case: Case, measure: Measure) -> list[str]:
    """What is wrong with a measure before it can be saved (Dutch), empty when it is fine."""
    problems = []
    if not measure.title.strip():
        problems.append("Geef de maatregel een titel.")
    if measure.track not in vocab.codes("track"):
        problems.append(f"Onbekend spoor '{measure.track}'.")
    if measure.status not in vocab.codes("measure_status"):
        problems.append(f"Onbekende status '{measure.status}'.")
    if measure.owner and measure.owner not in vocab.codes("partner"):
        problems.append(f"Onbekende eigenaar '{measure.owner}'.")
    members = {m.id for m in case.members}
    if any(mid not in members for mid in measure.member_ids):
        problems.append("Een gekoppeld lid bestaat niet (meer) in deze casus.")
    goals = {g.id for g in case.plan.goals}
    if any(gid not in goals for gid in measure.goal_ids):
        problems.append("Een gekoppeld doel bestaat niet (meer) in het plan.")
    if measure.start and measure.deadline and measure.deadline < measure.start:
        problems.append("De deadline ligt vóór de startdatum.")
    if measure.start and measure.evaluation and measure.evaluation < measure.start:
        problems.append("Het evaluatiemoment ligt vóór de startdatum.")
    return problems


def upsert_measure(case: Case, measure: Measure) -> Case:
    """A copy with ``measure`` added (new id) or replacing the measure with the same id.

    Raises ``ValueError`` with all problems (one per line) when the measure is not valid.
    """
    problems = measure_problems(case, measure)
    if problems:
        raise ValueError("\n".join(problems))
    new = case.copy()
    item = dataclasses.replace(measure, title=measure.title.strip(), description=measure.description.strip())
    if not item.id:
        item.id = new_id("m")
    for i, existing in enumerate(new.plan.measures):
        if existing.id == item.id:
            item.updates = existing.updates if not measure.updates else measure.updates
            new.plan.measures[i] = item
            break
    else:
        new.plan.measures.append(item)
    return new


def remove_measure(case: Case, measure_id: str) -> Case:
    new = case.copy()
    before = len(new.plan.measures)
    new.plan.measures = [m for m in new.plan.measures if m.id != measure_id]
    if len(new.plan.measures) == before:
        raise ValueError(f"Maatregel '{measure_id}' bestaat niet in dit plan.")
    return new


def upsert_indicator(case: Case, indicator: Indicator) -> Case:
    """A copy with ``indicator`` added (new id) or updated (name, unit, baseline, target, problem;
    measured values are kept)."""
    if not indicator.name.strip():
        raise ValueError("Geef de indicator een naam.")
    if indicator.problem and indicator.problem not in (*vocab.codes("problem"), "all"):
        raise ValueError(f"Onbekende soort incident '{indicator.problem}'.")
    for value, label in ((indicator.baseline, "nulmeting"), (indicator.target, "doel")):
        if value is not None and value < 0:
            raise ValueError(f"De {label} kan niet negatief zijn.")
    new = case.copy()
    item = dataclasses.replace(indicator, name=indicator.name.strip(), unit=indicator.unit.strip())
    for i, existing in enumerate(new.plan.indicators):
        if existing.id == item.id:
            item.values = existing.values
            new.plan.indicators[i] = item
            break
    else:
        item.id = item.id or new_id("k")
        new.plan.indicators.append(item)
    return new


def remove_indicator(case: Case, indicator_id: str) -> Case:
    new = case.copy()
    before = len(new.plan.indicators)
    new.plan.indicators = [k for k in new.plan.indicators if k.id != indicator_id]
    if len(new.plan.indicators) == before:
        raise ValueError(f"Indicator '{indicator_id}' bestaat niet in dit plan.")
    return new


def _check_length(label: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise ValueError(f"{label} is te lang (meer dan {MAX_TEXT} tekens).")
    return value.strip()


def set_priority(case: Case, priority: str | None) -> Case:
    """A copy with the priority advice level (hoog, middel, laag) set or cleared."""
    if priority and priority not in vocab.codes("priority"):
        raise ValueError(f"Onbekende prioriteit '{priority}': kies hoog, middel of laag.")
    new = case.copy()
    new.plan.priority = priority or None
    return new


def set_decisions(case: Case, lines: list[str]) -> Case:
    """A copy whose gevraagd besluit is these decisions (one per line, empty lines dropped)."""
    new = case.copy()
    new.plan.decisions_asked = [_check_length("Een besluit", line) for line in lines if line.strip()]
    return new


def set_regie(case: Case, contacts: list[PlanContact], keep_names: bool = False) -> Case:
    """A copy whose regie is ``contacts``; with ``keep_names`` (meeting mode: names are not on screen)
    each contact keeps the name already stored for its partner."""
    unknown = [c.partner for c in contacts if c.partner and c.partner not in vocab.codes("partner")]
    if unknown:
        raise ValueError(f"Onbekende partner: {', '.join(unknown)}.")
    new = case.copy()
    old = {c.partner: c.name for c in new.plan.regie}
    kept = []
    for c in contacts:
        item = dataclasses.replace(
            c,
            role=_check_length("De rol", c.role),
            organisation=_check_length("De organisatie", c.organisation),
            name=old.get(c.partner, "") if keep_names else _check_length("De naam", c.name),
        )
        if item.role or item.organisation or item.name or item.agreed_on:
            kept.append(item)
    new.plan.regie = kept
    return new


def set_capacity(case: Case, efforts: dict[str, str]) -> Case:
    """A copy with the requested effort per partner (empty text removes the partner's line)."""
    new = case.copy()
    new.plan.capacity = [
        Capacity(p, _check_length("De inzet", efforts[p]))
        for p in vocab.codes("partner")
        if efforts.get(p, "").strip()
    ]
    return new


def set_communication(case: Case, texts: dict[str, str]) -> Case:
    new = case.copy()
    new.plan.communication = {
        code: _check_length(vocab.label("audience", code), texts[code])
        for code in vocab.codes("audience")
        if texts.get(code, "").strip()
    }
    return new


def set_track_reasons(case: Case, reasons: dict[str, str]) -> Case:
    """A copy with, per track, the reason it has no measure (empty text removes it)."""
    new = case.copy()
    new.plan.track_reasons = {
        t: _check_length("De reden", reasons[t]) for t in vocab.codes("track") if reasons.get(t, "").strip()
    }
    return new


def set_goal_smart(case: Case, goal_id: str, result: str, term: date | None, target_group: str) -> Case:
    """A copy in which one goal has its result, term and target group (SMART)."""
    new = case.copy()
    goal = next((g for g in new.plan.goals if g.id == goal_id), None)
    if goal is None:
        raise ValueError(f"Doel '{goal_id}' bestaat niet in dit plan.")
    goal.result = _check_length("Het resultaat", result)
    goal.term = term
    goal.target_group = _check_length("De doelgroep", target_group)
    return new
