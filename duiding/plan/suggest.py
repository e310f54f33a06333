"""Suggest interventions from the case, with the reasons in plain Dutch; adopt one into the plan.

The app suggests, it never prescribes: :func:`suggest_interventions` only returns suggestions and
:func:`adopt` is the one place that turns a suggestion into a measure, on an explicit user action.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from duiding import vocab
from duiding.model import Case, Incident, Measure, Member, new_id
from duiding.plan.catalogue import RECOGNITION, Intervention, load_catalogue

__all__ = [
    "Suggestion",
    "adopt",
    "age_range",
    "group_problems",
    "join_dutch",
    "suggest_interventions",
]

MAX_NAMED = 6  # pseudonyms spelled out in one reason before "en N anderen"
MAX_PROBLEM_REASONS = 3  # incident-type reasons shown for one group or domain measure

# "heeft"/"hebben" sentences for factors whose label does not read well after "heeft".
# code -> (singular verb phrase, plural verb phrase)
_PHRASES: dict[str, tuple[str, str]] = {
    "impulsivity": ("is impulsief of agressief", "zijn impulsief of agressief"),
    "early_offending": ("is vroeg begonnen met delicten", "zijn vroeg begonnen met delicten"),
    "truancy": ("verzuimt van school", "verzuimen van school"),
    "dropout": ("heeft school voortijdig verlaten", "hebben school voortijdig verlaten"),
    "no_work": ("heeft geen werk of dagbesteding", "hebben geen werk of dagbesteding"),
    "group_pressure": ("is gevoelig voor groepsdruk", "zijn gevoelig voor groepsdruk"),
    "neighbourhood_crime": (
        "woont in een buurt met veel criminaliteit",
        "wonen in een buurt met veel criminaliteit",
    ),
    "hangout_culture": ("hangt veel op straat", "hangen veel op straat"),
    "online_feuds": (
        "is betrokken bij online conflicten of drill",
        "zijn betrokken bij online conflicten of drill",
    ),
    "lvb": ("heeft een licht verstandelijke beperking", "hebben een licht verstandelijke beperking"),
    "substance_use": ("gebruikt middelen", "gebruiken middelen"),
    "social_skills": ("heeft goede sociale vaardigheden", "hebben goede sociale vaardigheden"),
    "motivation": ("is gemotiveerd om te veranderen", "zijn gemotiveerd om te veranderen"),
    "family_support": ("heeft betrokken ouders", "hebben betrokken ouders"),
    "school_engaged": ("gaat naar school", "gaan naar school"),
    "work_internship": ("heeft werk of een stage", "hebben werk of een stage"),
    "positive_peers": ("heeft positieve vrienden", "hebben positieve vrienden"),
    "sports_club": ("sport bij een club of vereniging", "sporten bij een club of vereniging"),
    "supportive_adult": ("heeft een steunfiguur", "hebben een steunfiguur"),
    "youth_work": ("heeft contact met het jongerenwerk", "hebben contact met het jongerenwerk"),
}

_TYPING_PHRASE = {
    "care": "zorgjongere",
    "risk": "risicojongere",
    "criminal": "criminele jongere",
}

# How much a problem type weighs when ranking group and domain measures: escalation risks first.
PROBLEM_WEIGHT: dict[str, float] = {
    "weapons": 3.0,
    "organised_crime": 3.0,
    "violence": 2.0,
    "drugs": 2.0,
    "online": 1.5,
    "property": 1.5,
}

# Noun phrase after a count of incidents, when "incidenten met <label>" does not read well.
_INCIDENT_PHRASE: dict[str, tuple[str, str]] = {
    "online": ("online incident met bedreiging of drill", "online incidenten met bedreiging of drill"),
    "organised_crime": (
        "signaal van doorgroei naar georganiseerde criminaliteit",
        "signalen van doorgroei naar georganiseerde criminaliteit",
    ),
}

_RECOGNITION_RANK = {code: rank for rank, code in enumerate(RECOGNITION)}


@dataclass(frozen=True)
class Suggestion:
    """One catalogue intervention proposed for this case, with who it is for and why."""

    intervention: Intervention
    member_ids: tuple[str, ...] = ()
    place: str = ""
    reasons: tuple[str, ...] = ()
    score: float = 0.0
    counted: tuple[str, ...] = ()  # the same reasons with counts instead of pseudonyms ("2 leden hebben …")

    @property
    def id(self) -> str:
        return self.intervention.id

    @property
    def track(self) -> str:
        return self.intervention.track

    @property
    def because(self) -> str:
        """'voorgesteld omdat: …' — the reasons as one Dutch sentence."""
        return "voorgesteld omdat: " + "; ".join(self.reasons)

    @property
    def because_counted(self) -> str:
        """The reasons without pseudonyms, for a shared screen or stored text."""
        return "voorgesteld omdat: " + "; ".join(self.counted or self.reasons)


# --- small Dutch helpers -------------------------------------------------------------------------


def join_dutch(items: list[str], limit: int = MAX_NAMED) -> str:
    """'J01', 'J01 en J02', 'J01, J02 en J03', or 'J01, …, J06 en 3 anderen'."""
    if not items:
        return ""
    if len(items) > limit:
        rest = len(items) - limit
        return ", ".join(items[:limit]) + f" en {rest} {'andere' if rest == 1 else 'anderen'}"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def _short_label(vocabulary: str, code: str) -> str:
    return vocab.label(vocabulary, code).split(" (")[0].lower()


def _subject(who: list[str], counted: bool) -> str:
    if counted:
        return "1 lid" if len(who) == 1 else f"{len(who)} leden"
    return join_dutch(who)


def _factor_sentence(vocabulary: str, code: str, who: list[str], counted: bool = False) -> str:
    names = _subject(who, counted)
    plural = len(who) > 1
    if code in _PHRASES:
        return f"{names} {_PHRASES[code][1 if plural else 0]}"
    return f"{names} {'hebben' if plural else 'heeft'} {_short_label(vocabulary, code)}"


def _month(day: date) -> str:
    months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    return f"{months[day.month - 1]} {day.year}"


def _label(member: Member) -> str:
    return member.pseudonym or member.id


# --- facts about the case ------------------------------------------------------------------------


def _possible_ages(member: Member, today: date) -> tuple[int, ...]:
    """From a birth year alone the age is one of two values (before or after the birthday)."""
    if member.birth_year is None:
        return ()
    age = today.year - member.birth_year
    return (age - 1, age)


def age_range(case: Case, today: date | None = None) -> tuple[int, int] | None:
    """Youngest and oldest possible age of the active members; None when no birth year is known."""
    today = today or date.today()
    ages = [a for m in case.members if m.active_on(today) for a in _possible_ages(m, today)]
    return (min(ages), max(ages)) if ages else None


def group_problems(case: Case) -> dict[str, dict]:
    """Problem code -> incidents (list), members with the problem (list of ids)."""
    result: dict[str, dict] = {}
    for inc in case.incidents:
        if inc.type:
            result.setdefault(inc.type, {"incidents": [], "members": []})["incidents"].append(inc)
    for member in case.members:
        for code in member.problems:
            result.setdefault(code, {"incidents": [], "members": []})["members"].append(member.id)
    return result


def _incident_reason(code: str, incidents: list[Incident]) -> str:
    dated = sorted(i.date for i in incidents if i.date)
    count = len(incidents)
    if code in _INCIDENT_PHRASE:
        phrase = _INCIDENT_PHRASE[code][0 if count == 1 else 1]
    else:
        phrase = f"{'incident' if count == 1 else 'incidenten'} met {_short_label('problem', code)}"
    text = f"de groep heeft {count} {phrase}"
    if dated:
        first, last = _month(dated[0]), _month(dated[-1])
        text += f" ({first})" if first == last else f" ({first} – {last})"
    return text


# --- suggestions ---------------------------------------------------------------------------------


def _person_suggestion(iv: Intervention, members: list[Member], today: date) -> Suggestion | None:
    chosen: list[Member] = []
    score = 0.0
    by_risk: dict[str, list[str]] = {}
    by_lever: dict[str, list[str]] = {}
    by_typing: dict[str, list[str]] = {}
    for m in members:
        ages = _possible_ages(m, today)
        if ages and not any(iv.fits_age(a) for a in ages):
            continue
        if (
            iv.typings
            and m.typing in vocab.codes("typing")
            and m.typing != "unknown"
            and m.typing not in iv.typings
        ):
            continue
        risks = [f for f in iv.risk_factors if f in m.risk_factors]
        if not risks:
            continue
        chosen.append(m)
        levers = [f for f in iv.protective_factors if f in m.protective_factors]
        problems = [p for p in iv.problems if p in m.problems]
        score += 2 * len(risks) + len(levers) + 0.5 * len(problems)
        for f in risks:
            by_risk.setdefault(f, []).append(_label(m))
        for f in levers:
            by_lever.setdefault(f, []).append(_label(m))
        if len(iv.typings) == 1 and m.typing in iv.typings:
            by_typing.setdefault(m.typing, []).append(_label(m))
            score += 1
    if not chosen:
        return None

    def render(counted: bool) -> tuple[str, ...]:
        reasons = [_factor_sentence("risk_factor", f, who, counted) for f, who in by_risk.items()]
        for typing, who in by_typing.items():
            noun = _TYPING_PHRASE.get(typing, _short_label("typing", typing))
            reasons.append(
                f"{_subject(who, counted)} {'zijn' if len(who) > 1 else 'is'} getypeerd als {noun}"
            )
        for f, who in by_lever.items():
            reasons.append("aanknopingspunt: " + _factor_sentence("protective_factor", f, who, counted))
        return tuple(reasons)

    return Suggestion(iv, tuple(m.id for m in chosen), "", render(False), score, render(True))


def _collective_suggestion(
    iv: Intervention,
    case: Case,
    members: list[Member],
    problems: dict[str, dict],
    ages: tuple[int, int] | None,
) -> Suggestion | None:
    if (
        ages
        and iv.age_min is not None
        and iv.age_max is not None
        and (ages[1] < iv.age_min or ages[0] > iv.age_max)
    ):
        return None
    active = {m.id for m in members}
    index = case.member_index()
    weighed: list[tuple[float, str, str]] = []
    involved: set[str] = set()
    places: Counter[str] = Counter()
    score = 0.0
    for code in iv.problems:
        found = problems.get(code)
        if not found:
            continue
        incidents = found["incidents"]
        with_problem = [mid for mid in found["members"] if mid in active]
        weight = PROBLEM_WEIGHT.get(code, 1.0) * (len(incidents) + len(with_problem))
        if incidents:
            text = _incident_reason(code, incidents)
            weighed.append((weight, text, text))
            for inc in incidents:
                involved.update(mid for mid in inc.members if mid in active)
                if inc.place:
                    places[inc.place] += 1
        elif with_problem:
            who = [_label(index[mid]) for mid in with_problem]
            verb = "hebben" if len(who) > 1 else "heeft"
            problem = _short_label("problem", code)
            weighed.append(
                (
                    weight,
                    f"{join_dutch(who)} {verb} {problem} als problematiek",
                    f"{_subject(who, True)} {verb} {problem} als problematiek",
                )
            )
        involved.update(with_problem)
        score += weight
    # A measure aimed at few problems that all occur ranks above a broad one that matches a few.
    if iv.problems:
        score /= len(iv.problems) ** 0.5
    weighed.sort(key=lambda pair: -pair[0])
    reasons = [text for _, text, _ in weighed[:MAX_PROBLEM_REASONS]]
    counted = [text for _, _, text in weighed[:MAX_PROBLEM_REASONS]]
    # Group-level risk factors count when at least two members share them.
    for factor in iv.risk_factors:
        who = [m for m in members if factor in m.risk_factors]
        if len(who) >= 2:
            labels = [_label(m) for m in who]
            reasons.append(_factor_sentence("risk_factor", factor, labels))
            counted.append(_factor_sentence("risk_factor", factor, labels, counted=True))
            involved.update(m.id for m in who)
            score += len(who)
    if not reasons:
        return None
    if "online" in iv.problems and case.context.platforms and "online" in problems:
        platforms = "de groep is actief op " + join_dutch(list(case.context.platforms))
        reasons.append(platforms)
        counted.append(platforms)
    member_ids = tuple(m.id for m in members if m.id in involved) if iv.track == "group" else ()
    place = ""
    if iv.track == "domain":
        place = ", ".join(p for p, _ in places.most_common(3))
    return Suggestion(iv, member_ids, place, tuple(reasons), score, tuple(counted))


def suggest_interventions(
    case: Case,
    catalogue: list[Intervention] | None = None,
    today: date | None = None,
    limit: int | None = None,
) -> list[Suggestion]:
    """Interventions that fit the case, best first, each with its reasons.

    Person-track interventions follow the risk factors of individual members (within the age range
    and typing the intervention is meant for); group and domain measures follow the group's problems
    (incident types and members' problems) and risk factors shared by two or more members.
    Interventions already adopted into the plan are left out. Nothing is changed.
    """
    catalogue = load_catalogue() if catalogue is None else catalogue
    today = today or date.today()
    members = [m for m in case.members if m.active_on(today)]
    if not members and not case.incidents:
        return []
    adopted = {m.intervention for m in case.plan.measures if m.intervention}
    problems = group_problems(case)
    ages = age_range(case, today)
    found: list[Suggestion] = []
    for iv in catalogue:
        if iv.id in adopted:
            continue
        if iv.track == "person":
            suggestion = _person_suggestion(iv, members, today)
        else:
            suggestion = _collective_suggestion(iv, case, members, problems, ages)
        if suggestion is not None:
            found.append(suggestion)
    found.sort(
        key=lambda s: (-s.score, -_RECOGNITION_RANK.get(s.intervention.recognition, 0), s.intervention.name)
    )
    return found[:limit] if limit else found


def adopt(case: Case, suggestion: Suggestion, goal_ids: list[str] | None = None) -> Case:
    """A copy of ``case`` with the suggestion added to the plan as a planned measure.

    The measure keeps the intervention id, its track, the suggested members or place and the
    owner the catalogue names; it is linked to the plan goals whose code the intervention serves
    (or to ``goal_ids`` when given). Start, deadline and evaluation are left for the meeting to set.
    The reasons are stored with counts, not pseudonyms: who it is for is in the member links.
    """
    iv = suggestion.intervention
    new = case.copy()
    if goal_ids is None:
        goal_ids = [g.id for g in new.plan.goals if g.code and g.code in iv.goals]
    known_goals = {g.id for g in new.plan.goals}
    unknown = [g for g in goal_ids if g not in known_goals]
    if unknown:
        raise ValueError(f"Onbekend doel: {', '.join(unknown)}.")
    description = iv.description
    if suggestion.reasons:
        because = suggestion.because_counted
        description += f"\n\n{because[0].upper()}{because[1:]}."
    new.plan.measures.append(
        Measure(
            id=new_id("m"),
            track=iv.track,
            title=iv.name,
            description=description,
            goal_ids=list(goal_ids),
            member_ids=list(suggestion.member_ids),
            place=suggestion.place,
            owner=iv.owner,
            status="planned",
            intervention=iv.id,
            legal_nature=iv.legal_nature,
            authority=iv.authority,
            legal_ground=iv.legal_ground,
        )
    )
    return new
