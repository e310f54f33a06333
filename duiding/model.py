"""The case and everything in it: plain dataclasses, serialisable to and from JSON-ready dicts.

A :class:`Case` is one problematic youth group (or fluid network). Codes in fields named after a
vocabulary (layer, typing, team_role, partner, ...) are the ASCII codes of :mod:`duiding.vocab`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "Action",
    "Assessment",
    "Capacity",
    "Attendee",
    "Case",
    "Contact",
    "Context",
    "Decision",
    "Goal",
    "Incident",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "Meeting",
    "MeetingDecision",
    "Member",
    "Plan",
    "PlanContact",
    "PointClosure",
    "StatusUpdate",
    "Tie",
    "derived_ties",
    "new_id",
    "next_pseudonym",
]

BUNDLE_FORMAT = "groepsduiding-case"
BUNDLE_VERSION = 1

STEP_ORDER = ["1", "2A", "2B", "3", "4", "5", "6", "7"]
BEKE_ASPECTS = ["severity", "risks", "development", "impact"]
DOMAINS = ["individual", "family", "school_work", "peers", "neighbourhood"]
# Layers whose ties mean "these members are close"; conflict is kept apart from cohesion.
DIRECTED_LAYERS = {"directs"}


def _active(first_seen: date | None, last_seen: date | None, day: date | None) -> bool:
    """Seen on ``day``: not first seen after it and not last seen before it (None: always)."""
    if day is None:
        return True
    if first_seen and first_seen > day:
        return False
    return not (last_seen and last_seen < day)


def new_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


@dataclass
class Decision:
    """A recorded decision in the 7-stappenmodel (e.g. the 2B decision that allows a namenlijst)."""

    step: str
    date: date | None = None
    note: str = ""


@dataclass
class Assessment:
    """One aspect of the Beke duiding: a level code and an explanation."""

    level: str = "unknown"
    text: str = ""


@dataclass
class Context:
    description: str = ""
    locations: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    times: str = ""


@dataclass
class Member:
    id: str
    pseudonym: str = ""
    name: str = ""
    birth_year: int | None = None
    typing: str | None = None
    team_role: str | None = None
    problems: list[str] = field(default_factory=list)
    risk_factors: list[str] = field(default_factory=list)
    protective_factors: list[str] = field(default_factory=list)
    opportunities: str = ""
    first_seen: date | None = None
    last_seen: date | None = None
    source: str | None = None
    review_date: date | None = None
    note: str = ""

    def active_on(self, day: date | None) -> bool:
        return _active(self.first_seen, self.last_seen, day)

    def display(self, reveal: bool = False) -> str:
        """Pseudonym, or 'name (pseudonym)' when names are revealed and known."""
        label = self.pseudonym or self.id
        if reveal and self.name:
            return f"{self.name} ({label})"
        return label


@dataclass
class Contact:
    """Someone outside the group known by role only ('trainer voetbalclub', 'oom')."""

    id: str
    role: str = ""
    note: str = ""


@dataclass
class Tie:
    source: str
    target: str
    layer: str = "offline"
    strength: int = 1
    confidence: str = "confirmed"
    partner: str | None = None
    first_seen: date | None = None
    last_seen: date | None = None
    note: str = ""
    id: str = field(default_factory=lambda: new_id("t"))
    derived: bool = False

    def active_on(self, day: date | None) -> bool:
        return _active(self.first_seen, self.last_seen, day)


@dataclass
class Incident:
    id: str
    date: date | None = None
    type: str | None = None
    place: str = ""
    members: list[str] = field(default_factory=list)
    partner: str | None = None
    note: str = ""


@dataclass
class Goal:
    id: str
    code: str | None = None  # one of the model's six goals, or None for an own goal
    text: str = ""
    # SMART: what is reached, by when, for whom (members or places)
    result: str = ""
    term: date | None = None
    target_group: str = ""


@dataclass
class StatusUpdate:
    date: date | None = None
    status: str = "planned"
    note: str = ""


@dataclass
class Measure:
    id: str
    track: str = "group"
    title: str = ""
    description: str = ""
    goal_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    place: str = ""
    owner: str | None = None
    start: date | None = None
    deadline: date | None = None
    evaluation: date | None = None
    status: str = "planned"
    intervention: str | None = None  # id in the intervention catalogue, when adopted from it
    updates: list[StatusUpdate] = field(default_factory=list)
    # juridische toets (filled from the catalogue on adoption, editable)
    legal_nature: str | None = None  # vocabulary legal_nature
    authority: str = ""  # bevoegd gezag
    legal_ground: str = ""  # wettelijke grondslag
    proportionality: str = ""  # why proportional and why no lighter means suffices


@dataclass
class IndicatorValue:
    date: date | None = None
    value: float | None = None


@dataclass
class Indicator:
    id: str
    name: str = ""
    baseline: float | None = None
    target: float | None = None
    unit: str = ""
    problem: str | None = None  # incidents of this type per month, when computed from incidents
    values: list[IndicatorValue] = field(default_factory=list)
    kind: str | None = None  # vocabulary indicator_kind


@dataclass
class PlanContact:
    """Who drew up the plan or speaks for a partner (procesregisseur, contact at police or OM), and
    when that partner agreed with the concept (None: not yet)."""

    partner: str | None = None
    role: str = ""
    organisation: str = ""
    name: str = ""
    agreed_on: date | None = None


@dataclass
class Capacity:
    """What one partner puts into the approach ('8 uur per week', 'twee avonden surveillance')."""

    partner: str | None = None
    effort: str = ""


@dataclass
class Plan:
    """The concept plan van aanpak; section texts keyed by section code."""

    problem_definition: str = ""
    goals: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    legal_basis: str = ""
    access: str = ""
    advice: str = ""  # the argument of the priority advice
    texts: dict[str, str] = field(default_factory=dict)
    # front page for the driehoek
    summary_group: str = ""
    summary_situation: str = ""
    summary_proposal: str = ""
    priority: str | None = None  # vocabulary priority
    decisions_asked: list[str] = field(default_factory=list)
    # regie and agreement
    regie: list[PlanContact] = field(default_factory=list)
    organisation: str = ""  # meeting cycle, escalation to driehoek and PGA / Zorg- en Veiligheidshuis
    communication: dict[str, str] = field(default_factory=dict)  # vocabulary audience -> text
    capacity: list[Capacity] = field(default_factory=list)
    exit_criteria: str = ""  # afschaal- en stopcriteria
    safeguarding: str = ""  # borging
    risks: str = ""  # risico's van de aanpak
    track_reasons: dict[str, str] = field(default_factory=dict)  # track -> why it has no measure


@dataclass
class Attendee:
    """An organisation at the table (partner code), optionally with the professional's role or name."""

    partner: str
    role: str = ""


@dataclass
class MeetingDecision:
    """A decision taken in a meeting, optionally linked to an agenda item (its key)."""

    id: str = field(default_factory=lambda: new_id("b"))
    text: str = ""
    item: str = ""


@dataclass
class Action:
    """An agreed action: what, which organisation owns it, by when; ``done`` once reported done."""

    id: str = field(default_factory=lambda: new_id("a"))
    what: str = ""
    owner: str | None = None
    due: date | None = None
    done: date | None = None
    item: str = ""


@dataclass
class PointClosure:
    """A bespreekpunt (team role vs. suggested position) closed in a meeting.

    The point stays closed while the member's team role and the suggested position are the ones
    recorded here; when the structure changes again, it comes back."""

    member_id: str
    team_role: str | None = None
    suggested_role: str = ""
    outcome: str = "role_kept"  # "role_kept" (besproken, rol blijft) or "role_changed" (rol aangepast)
    note: str = ""


@dataclass
class Meeting:
    """One jeugdgroepenoverleg about the case: who was there, notes per agenda item, decisions,
    actions and closed bespreekpunten. Closing it freezes a version under ``label``."""

    id: str = field(default_factory=lambda: new_id("o"))
    date: date | None = None
    chair: str = ""
    label: str = ""
    status: str = "open"  # "open" or "closed"
    attendees: list[Attendee] = field(default_factory=list)
    agenda_position: int = 0
    notes: dict[str, str] = field(default_factory=dict)  # agenda item key -> note
    decisions: list[MeetingDecision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    closures: list[PointClosure] = field(default_factory=list)
    closed_on: date | None = None


@dataclass
class Case:
    name: str
    id: str = field(default_factory=lambda: new_id("c"))
    municipality: str = ""
    area: str = ""
    step: str = "1"
    decisions: list[Decision] = field(default_factory=list)
    context: Context = field(default_factory=Context)
    beke: dict[str, Assessment] = field(default_factory=dict)
    legacy_class: str | None = None
    classification: str = "Vertrouwelijk"
    retention_date: date | None = None
    members: list[Member] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    conclusions: dict[str, str] = field(default_factory=dict)
    plan: Plan = field(default_factory=Plan)
    meetings: list[Meeting] = field(default_factory=list)
    version: int = 0

    # --- lookups -------------------------------------------------------------------------------
    def has_decision(self, step: str) -> bool:
        return any(d.step == step for d in self.decisions)

    @property
    def names_allowed(self) -> bool:
        """Names may be recorded only after a recorded 2B decision (no names in 2A)."""
        return self.has_decision("2B")

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def member_index(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    def contact_index(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}

    def all_ties(self, include_derived: bool = True) -> list[Tie]:
        """Hand-entered ties plus (optionally) co-offending ties derived from incidents."""
        return self.ties + derived_ties(self) if include_derived else list(self.ties)

    # --- serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        return _load(cls, data)

    def copy(self) -> Case:
        return Case.from_dict(self.to_dict())


def next_pseudonym(existing: typing.Iterable[str], prefix: str = "J") -> str:
    """The first free code J01, J02, ... not in ``existing``."""
    taken = set(existing)
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def derived_ties(case: Case) -> list[Tie]:
    """Co-offending ties implied by incidents with two or more known members.

    One tie per pair; strength is the number of shared incidents capped at 3; first and last seen
    span the incidents' dates. Marked ``derived=True`` and never stored with the hand-entered ties.
    """
    known = {m.id for m in case.members}
    pairs: dict[tuple[str, str], list[date | None]] = {}
    for inc in case.incidents:
        involved = sorted({m for m in inc.members if m in known})
        for i, a in enumerate(involved):
            for b in involved[i + 1 :]:
                pairs.setdefault((a, b), []).append(inc.date)
    ties = []
    for (a, b), dates in sorted(pairs.items()):
        known_dates = [d for d in dates if d is not None]
        ties.append(
            Tie(
                source=a,
                target=b,
                layer="co_offending",
                strength=min(3, len(dates)),
                confidence="confirmed",
                partner=None,
                first_seen=min(known_dates) if known_dates else None,
                last_seen=None,
                note=f"Afgeleid uit {len(dates)} incident(en)",
                id=f"d-{a}-{b}",
                derived=True,
            )
        )
    return ties


# --- generic (de)serialisation of the dataclasses above ------------------------------------------


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _load(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(inner[0], data)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_load(item, v) for v in data]
    if origin is dict:
        _, val = typing.get_args(tp)
        return {str(k): _load(val, v) for k, v in data.items()}
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: _load(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data
        }
        return tp(**kwargs)
    if tp is date:
        return data if isinstance(data, date) else date.fromisoformat(str(data)[:10])
    if tp is int:
        return int(data)
    if tp is float:
        return float(data)
    if tp is bool:
        return bool(data)
    if tp is str:
        return str(data)
    return data
