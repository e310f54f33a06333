"""The jeugdgroepenoverleg: who is at the table, what the shared screen may show, agenda, decisions,
actions, closed bespreekpunten, the verslag and what changed since the previous meeting.

No Streamlit here. Meetings are stored in the case (:attr:`duiding.model.Case.meetings`); every
function that changes something returns a **new** case and leaves the one passed in alone.

What the screen may show
    While a meeting is open, the screen is for everyone at the table: it shows only facts from
    sources that *every* organisation present may see under the zichtbaarheidsmatrix (the
    intersection, :func:`table_sources`), and never more than the logged-in user may see. An
    organisation that is not in the matrix sees no sources at all: only pseudonyms and group-level
    counts. :func:`table_viewer` gives the viewer that :func:`duiding.privacy.redact_case` uses.

Saving while the screen is narrowed
    Pages get the narrowed copy of the case. :func:`merge_hidden` puts the facts held back from the
    screen back before a save, so working in a meeting never deletes what the table may not see.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from duiding import privacy, vocab
from duiding.model import Action, Attendee, Case, Meeting, MeetingDecision, PointClosure

__all__ = [
    "MONTHS",
    "OUTCOMES",
    "AgendaItem",
    "MeetingError",
    "SinceLast",
    "TableViewer",
    "action_state",
    "add_action",
    "add_decision",
    "agenda",
    "all_actions",
    "attendance_text",
    "close_meeting",
    "close_point",
    "dutch_date",
    "hidden_counts",
    "hidden_lines",
    "close_confirmed_points",
    "meeting_change",
    "meeting_label",
    "meeting_viewer",
    "verslag_bytes",
    "verslag_case",
    "verslag_document",
    "verslag_filename",
    "merge_hidden",
    "move_agenda",
    "open_meeting",
    "partner_phrase",
    "point_closed",
    "previous_meeting",
    "set_action_done",
    "set_attendance",
    "set_note",
    "since_last",
    "start_meeting",
    "table_sources",
    "table_viewer",
]

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
OUTCOMES = {"role_kept": "besproken, rol blijft", "role_changed": "rol aangepast"}
# How a source reads in "12 feiten van de politie niet getoond"; other codes use their label.
_OF_SOURCE = {
    "police": "de politie",
    "om": "het OM",
    "municipality": "de gemeente",
    "youth_work": "het jongerenwerk",
    "boa": "de boa's / handhaving",
    "compulsory_education": "leerplicht",
    "youth_probation": "de jeugdreclassering",
    "care": "het wijkteam / de zorg",
    "school": "school",
    "housing": "de woningcorporatie",
    "other": "andere organisaties",
    privacy.UNKNOWN_SOURCE: "zonder bron",
}


class MeetingError(ValueError):
    """A meeting action that cannot be done; ``str(error)`` is a Dutch message for the user."""


# --- words ---------------------------------------------------------------------------------------


def dutch_date(day: date) -> str:
    """'2 december 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def meeting_label(case: Case, day: date) -> str:
    """'Overleg 2 december 2026'; a second meeting on the same day gets ' (2)', and so on."""
    base = f"Overleg {dutch_date(day)}"
    taken = {m.label for m in case.meetings}
    if base not in taken:
        return base
    n = 2
    while f"{base} ({n})" in taken:
        n += 1
    return f"{base} ({n})"


def partner_phrase(code: str) -> str:
    """An organisation in running text: 'politie', 'gemeente', 'OM' (acronyms keep their capitals)."""
    label = vocab.label("partner", code) or code
    return label if label.isupper() else label[:1].lower() + label[1:]


def attendance_text(meeting: Meeting) -> str:
    """'politie, gemeente, jongerenwerk' in the order they joined."""
    return ", ".join(partner_phrase(a.partner) for a in meeting.attendees)


# --- finding meetings ----------------------------------------------------------------------------


def open_meeting(case: Case | None) -> Meeting | None:
    """The meeting that is open on ``case`` (at most one), or None."""
    if case is None:
        return None
    return next((m for m in case.meetings if m.status == "open"), None)


def previous_meeting(case: Case, meeting: Meeting | None = None) -> Meeting | None:
    """The last closed meeting before ``meeting`` (or the last closed one at all)."""
    closed = [m for m in case.meetings if m.status == "closed" and m is not meeting]
    if meeting is not None and meeting in case.meetings:
        index = case.meetings.index(meeting)
        closed = [m for m in closed if case.meetings.index(m) < index]
    return closed[-1] if closed else None


def _meeting(case: Case, meeting_id: str | None = None) -> Meeting:
    found = (
        open_meeting(case)
        if meeting_id is None
        else next((m for m in case.meetings if m.id == meeting_id), None)
    )
    if found is None:
        raise MeetingError("Er is geen overleg geopend. Start eerst een overleg.")
    return found


def _open(case: Case) -> Meeting:
    found = _meeting(case)
    if found.status != "open":  # pragma: no cover - _meeting only returns open ones
        raise MeetingError("Dit overleg is al gesloten.")
    return found


# --- attendance and what the screen may show -------------------------------------------------------


def _attendees(attendees) -> list[Attendee]:
    known = set(vocab.codes("partner"))
    out: list[Attendee] = []
    seen: set[str] = set()
    for a in attendees:
        a = a if isinstance(a, Attendee) else Attendee(str(a))
        if a.partner not in known:
            raise MeetingError(f"Onbekende organisatie '{a.partner}': kies een partner uit de lijst.")
        if a.partner in seen:
            continue
        seen.add(a.partner)
        out.append(Attendee(a.partner, (a.role or "").strip()[:200]))
    return out


def start_meeting(case: Case, attendees, chair: str = "", day: date | None = None) -> Case:
    """A copy of ``case`` with a new open meeting.

    Refused (:class:`MeetingError`) when nobody is present or another meeting is still open.
    """
    present = _attendees(attendees)
    if not present:
        raise MeetingError("Er is niemand aanwezig: kies minstens één organisatie aan tafel.")
    if open_meeting(case) is not None:
        raise MeetingError(
            f"Er loopt al een overleg ({open_meeting(case).label}). Sluit dat eerst; er kan maar één "
            "overleg tegelijk open zijn."
        )
    day = day or date.today()
    new = copy.deepcopy(case)
    new.meetings.append(
        Meeting(
            date=day, chair=(chair or "").strip()[:200], label=meeting_label(case, day), attendees=present
        )
    )
    return new


def set_attendance(case: Case, attendees) -> Case:
    """A copy with the open meeting's attendance replaced (someone joined or left)."""
    present = _attendees(attendees)
    if not present:
        raise MeetingError(
            "Er moet minstens één organisatie aanwezig blijven. Sluit het overleg als iedereen weg is."
        )
    new = copy.deepcopy(case)
    _open(new).attendees = present
    return new


def table_sources(attendees, matrix=None) -> set[str]:
    """The sources every organisation in ``attendees`` may see (their intersection).

    An organisation the matrix does not know sees no source at all.

    >>> sorted(table_sources(["police", "youth_work"], ({"police": {"om"}, "youth_work": {"om"}}, {})))
    ['om']
    """
    partners, _roles = matrix or privacy.load_matrix()
    sets = []
    for a in attendees:
        code = a.partner if isinstance(a, Attendee) else str(a)
        sets.append(set(partners[code]) | {code} if code in partners else set())
    return set.intersection(*sets) if sets else set()


@dataclass(frozen=True)
class TableViewer:
    """The shared screen during a meeting: sees ``sources`` only (see :func:`privacy.visible_sources`)."""

    sources: frozenset[str]
    meeting_id: str
    partners: tuple[str, ...] = ()
    name: str = ""
    role: str = "overleg"
    partner: str | None = None


def meeting_viewer(meeting: Meeting | None, user, matrix=None):
    """Who the screen (or a verslag) of ``meeting`` is for: ``user`` narrowed to its table."""
    if meeting is None or user is None:
        return user
    sources = table_sources(meeting.attendees, matrix)
    own = privacy.visible_sources(user, matrix)
    if own is not None:
        sources &= own
    return TableViewer(
        frozenset(sources),
        meeting.id,
        tuple(a.partner for a in meeting.attendees),
        getattr(user, "name", ""),
    )


def table_viewer(case: Case | None, user, matrix=None):
    """Who the screen is for: ``user``, narrowed to the open meeting's table when there is one."""
    return meeting_viewer(open_meeting(case), user, matrix)


def _fact_sources(case: Case) -> list[str]:
    """The source of every personal fact: members (their source), ties and incidents."""
    unknown = privacy.UNKNOWN_SOURCE
    return (
        [m.source or unknown for m in case.members]
        + [t.partner or unknown for t in case.ties]
        + [i.partner or unknown for i in case.incidents]
    )


def hidden_counts(case: Case, viewer) -> dict[str, int]:
    """Per source: how many facts (member details, ties, incidents) ``viewer`` does not see.

    Sources in vocabulary order, facts without a source last."""
    sources = privacy.visible_sources(viewer)
    if sources is None:
        return {}
    counted = Counter(s for s in _fact_sources(case) if s not in sources)
    order = [*vocab.codes("partner"), privacy.UNKNOWN_SOURCE]
    return {s: counted[s] for s in order + sorted(set(counted) - set(order)) if counted.get(s)}


def hidden_lines(case: Case, viewer) -> list[str]:
    """'12 feiten van de politie niet getoond', one line per source."""
    lines = []
    for source, n in hidden_counts(case, viewer).items():
        facts = "1 feit" if n == 1 else f"{n} feiten"
        if source == privacy.UNKNOWN_SOURCE:
            lines.append(f"{facts} zonder bron niet getoond")
        else:
            lines.append(f"{facts} van {_OF_SOURCE.get(source) or partner_phrase(source)} niet getoond")
    return lines


_BLANKED = (
    "name",
    "birth_year",
    "typing",
    "problems",
    "risk_factors",
    "protective_factors",
    "opportunities",
    "note",
    "source",
)


def merge_hidden(edited: Case, stored: Case, viewer) -> Case:
    """``edited`` (made from a copy redacted for ``viewer``) with what the redaction held back put back
    from ``stored``: hidden ties and incidents, and the blanked fields of hidden members that the edit
    left blank. Members the edit removed stay removed."""
    sources = privacy.visible_sources(viewer)
    if sources is None:
        return edited
    out = copy.deepcopy(edited)

    def hidden(source: str | None) -> bool:
        return not privacy.may_see(viewer, source, _sources=sources)

    present = {m.id for m in out.members} | {c.id for c in out.contacts}
    removed = {m.id for m in stored.members} - present
    tie_ids = {t.id for t in out.ties}
    incident_ids = {i.id for i in out.incidents}
    out.ties += [
        copy.deepcopy(t)
        for t in stored.ties
        if hidden(t.partner) and t.id not in tie_ids and t.source in present and t.target in present
    ]
    for incident in stored.incidents:
        if hidden(incident.partner) and incident.id not in incident_ids:
            kept = copy.deepcopy(incident)
            kept.members = [x for x in kept.members if x not in removed]
            out.incidents.append(kept)
    blank = {"birth_year": None, "typing": None, "source": None}
    old = stored.member_index()
    for m in out.members:
        before = old.get(m.id)
        if before is None or not hidden(before.source):
            continue
        for name in _BLANKED:
            if getattr(m, name) in (blank.get(name, ""), [], None):
                setattr(m, name, copy.deepcopy(getattr(before, name)))
    old_contacts = stored.contact_index()
    for c in out.contacts:
        if not c.note and c.id in old_contacts:
            c.note = old_contacts[c.id].note
    return out


# --- agenda ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item: ``key`` (stable, for notes and decisions), title, and where it is discussed
    (``page`` file, optionally a tab: session key and tab label)."""

    key: str
    title: str
    page: str
    lines: tuple[str, ...] = ()
    tab_key: str = ""
    tab: str = ""


def agenda(case: Case, points: list[tuple[str, str]] = ()) -> list[AgendaItem]:
    """The agenda built from the case: since the previous meeting, the four voorbeeldvragen, the open
    bespreekpunten (``points``: (pseudonym, text)), the plan's measures per track, the afspraken."""
    items = [
        AgendaItem(
            "since",
            "Sinds het vorige overleg",
            "pages/overleg.py",
            ("Wie kwam erbij of vertrok, nieuwe en verdwenen banden, nieuwe incidenten, afspraken.",),
        )
    ]
    for code, question in vocab.labels("question").items():
        conclusion = case.conclusions.get(code, "")
        items.append(
            AgendaItem(
                f"question:{code}",
                question,
                "pages/duiding.py",
                (f"Conclusie tot nu toe: {conclusion}",) if conclusion else ("Nog geen conclusie.",),
            )
        )
    items.append(
        AgendaItem(
            "points",
            "Bespreekpunten: rol in de groep en voorgestelde positie",
            "pages/duiding.py",
            tuple(f"{who}: {text}" for who, text in points) or ("Geen open bespreekpunten.",),
        )
    )
    for track, label in vocab.labels("track").items():
        measures = [m for m in case.plan.measures if m.track == track]
        items.append(
            AgendaItem(
                f"track:{track}",
                f"Plan van aanpak: {label.lower()}e maatregelen",
                "pages/plan.py",
                tuple(
                    f"{m.title or '(zonder titel)'} — {vocab.label('measure_status', m.status).lower()}"
                    + (f", {partner_phrase(m.owner)}" if m.owner else "")
                    for m in measures
                )
                or ("Nog geen maatregelen op dit spoor.",),
                "_plan_tab",
                "Maatregelen",
            )
        )
    items.append(
        AgendaItem(
            "actions",
            "Afspraken: wie doet wat, wanneer",
            "pages/overleg.py",
            ("Besluiten en acties vastleggen; daarna het overleg sluiten.",),
        )
    )
    return items


def move_agenda(case: Case, step: int, size: int) -> Case:
    """A copy with the open meeting's agenda position moved by ``step`` (kept within 0 … size-1)."""
    new = copy.deepcopy(case)
    meeting = _open(new)
    meeting.agenda_position = max(0, min(size - 1, meeting.agenda_position + step))
    return new


def set_note(case: Case, item: str, text: str) -> Case:
    new = copy.deepcopy(case)
    meeting = _open(new)
    text = (text or "").strip()
    if text:
        meeting.notes[item] = text[:4000]
    else:
        meeting.notes.pop(item, None)
    return new


# --- decisions, actions, bespreekpunten -----------------------------------------------------------


def add_decision(case: Case, text: str, item: str = "") -> Case:
    text = (text or "").strip()
    if not text:
        raise MeetingError("Beschrijf het besluit.")
    new = copy.deepcopy(case)
    _open(new).decisions.append(MeetingDecision(text=text[:2000], item=item))
    return new


def add_action(case: Case, what: str, owner: str | None, due: date | None, item: str = "") -> Case:
    what = (what or "").strip()
    if not what:
        raise MeetingError("Beschrijf wat er moet gebeuren.")
    if owner not in vocab.codes("partner"):
        raise MeetingError("Kies welke organisatie de actie uitvoert.")
    if due is None:
        raise MeetingError("Geef aan wanneer de actie uiterlijk gereed is.")
    new = copy.deepcopy(case)
    _open(new).actions.append(Action(what=what[:2000], owner=owner, due=due, item=item))
    return new


def all_actions(case: Case) -> list[tuple[Meeting, Action]]:
    """Every action of every meeting, oldest meeting first."""
    return [(m, a) for m in case.meetings for a in m.actions]


def set_action_done(case: Case, action_id: str, day: date | None) -> Case:
    """A copy with an action reported done on ``day`` (None: open again)."""
    new = copy.deepcopy(case)
    for _m, a in all_actions(new):
        if a.id == action_id:
            a.done = day
            return new
    raise MeetingError("Deze actie bestaat niet (meer).")


def action_state(action: Action, as_of: date) -> tuple[str, str]:
    """(code, Dutch text): done, late (past its due date), due (today) or open."""
    if action.done:
        return "done", f"afgerond op {action.done:%d-%m-%Y}"
    if action.due is None:
        return "open", "loopt"
    if action.due < as_of:
        days = (as_of - action.due).days
        return (
            "late",
            f"te laat: uiterlijk gereed {action.due:%d-%m-%Y} ({days} {'dag' if days == 1 else 'dagen'})",
        )
    if action.due == as_of:
        return "due", "uiterlijk vandaag gereed"
    return "open", f"loopt, uiterlijk gereed {action.due:%d-%m-%Y}"


def point_closed(case: Case, member_id: str, team_role: str | None, suggested_role: str) -> bool:
    """True when a meeting closed this member's bespreekpunt for exactly this team role and suggested
    position (a new structure or role brings the point back)."""
    return any(
        c.member_id == member_id and c.team_role == team_role and c.suggested_role == suggested_role
        for m in case.meetings
        for c in m.closures
    )


def close_point(
    case: Case, member_id: str, suggested_role: str, outcome: str, new_role: str | None = None, note: str = ""
) -> Case:
    """A copy with a bespreekpunt closed in the open meeting: ``role_kept`` (besproken, rol blijft) or
    ``role_changed`` (rol aangepast to ``new_role``, which becomes the member's team role)."""
    if outcome not in OUTCOMES:
        raise MeetingError(f"Onbekende afhandeling '{outcome}'.")
    new = copy.deepcopy(case)
    meeting = _open(new)
    member = new.member(member_id)
    if member is None:
        raise MeetingError("Dit lid bestaat niet (meer).")
    if outcome == "role_changed":
        if new_role not in vocab.codes("team_role"):
            raise MeetingError("Kies de nieuwe rol in de groep.")
        if new_role == member.team_role:
            raise MeetingError("De rol is niet veranderd: kies ‘besproken, rol blijft’.")
        member.team_role = new_role
    meeting.closures.append(
        PointClosure(member_id, member.team_role, suggested_role, outcome, (note or "").strip()[:1000])
    )
    return new


def close_confirmed_points(case: Case, points: list[tuple[str, str]], changed: set[str]) -> Case:
    """A copy with the open meeting's bespreekpunten ``points`` ((member id, suggested position))
    closed after the roles were confirmed: 'rol aangepast' for members in ``changed``, else
    'besproken, rol blijft'. Without an open meeting the case is returned unchanged (a copy)."""
    new = copy.deepcopy(case)
    meeting = open_meeting(new)
    if meeting is None:
        return new
    for member_id, suggested in points:
        member = new.member(member_id)
        if member is None:
            continue
        outcome = "role_changed" if member_id in changed else "role_kept"
        meeting.closures.append(PointClosure(member_id, member.team_role, suggested, outcome))
    return new


def close_meeting(case: Case, day: date | None = None) -> Case:
    """A copy with the open meeting closed. Closing again (no open meeting) changes nothing."""
    new = copy.deepcopy(case)
    meeting = open_meeting(new)
    if meeting is None:
        return new
    meeting.status = "closed"
    meeting.closed_on = day or date.today()
    return new


# --- since the previous meeting --------------------------------------------------------------------


@dataclass(frozen=True)
class SinceLast:
    """What changed since the version frozen at the previous meeting (pseudonyms only)."""

    previous_label: str
    members_joined: list[str] = field(default_factory=list)
    members_left: list[str] = field(default_factory=list)
    ties_new: int = 0
    ties_ended: int = 0
    incidents_by_type: dict[str, int] = field(default_factory=dict)  # Dutch label -> count
    rank_changes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            "Erbij gekomen: " + (", ".join(self.members_joined) or "niemand"),
            "Vertrokken: " + (", ".join(self.members_left) or "niemand"),
            f"Relaties: {self.ties_new} nieuw, {self.ties_ended} beëindigd",
            "Nieuwe incidenten: "
            + (", ".join(f"{k} {v}" for k, v in self.incidents_by_type.items()) or "geen"),
        ]
        out += self.rank_changes or ["Geen opvallende verschuivingen in wie tussen anderen in staat."]
        out += self.actions or ["Geen open acties uit eerdere overleggen."]
        return out


def _plain_rank(pseudonym: str, before: int, after: int) -> str:
    more = after < before
    return (
        f"{pseudonym} staat nu {'vaker' if more else 'minder vaak'} tussen anderen in "
        f"(brugfunctie: van plaats {before} naar plaats {after})."
    )


def since_last(
    now: Case, before: Case, previous_label: str, as_of: date, ranks: dict | None = None
) -> SinceLast:
    """Compare the case ``now`` with ``before`` (the version frozen at the previous meeting).

    ``ranks`` is an analysis ``change`` dict (``rose`` and ``fell`` with rank_before/rank_after);
    the caller computes it (see :func:`duiding.analysis.analyse` with ``previous``). Open actions of
    earlier meetings are listed as late, due today or running on ``as_of``.
    """
    from duiding.history import compare_cases

    diff = compare_cases(before, now)
    old_incidents = {i.id for i in before.incidents}
    counted = Counter(i.type for i in now.incidents if i.id not in old_incidents)
    by_type = {
        (vocab.label("problem", t) or "soort onbekend").split(" (")[0]: counted[t]
        for t in [
            *vocab.codes("problem"),
            *sorted(k for k in counted if k and k not in vocab.codes("problem")),
            None,
        ]
        if counted.get(t)
    }
    index = now.member_index()
    moves = []
    for entry in [*(ranks or {}).get("rose", []), *(ranks or {}).get("fell", [])]:
        member = index.get(entry["id"])
        if member is not None:
            moves.append(
                _plain_rank(member.pseudonym or member.id, entry["rank_before"], entry["rank_after"])
            )
    actions = []
    for meeting, action in all_actions(now):
        if meeting.status != "closed" or action.done:
            continue
        _code, text = action_state(action, as_of)
        actions.append(
            f"{action.what} ({partner_phrase(action.owner) if action.owner else 'geen eigenaar'}): {text}"
        )
    return SinceLast(
        previous_label,
        list(diff.members_added),
        list(diff.members_removed),
        diff.ties_added,
        diff.ties_removed,
        by_type,
        moves,
        actions,
    )


def meeting_change(now: Case, before: Case, previous_label: str, as_of: date) -> SinceLast:
    """:func:`since_last` with the rank changes computed by the network analysis (all cohesion layers,
    peildatum ``as_of``, no robustness runs)."""
    from duiding.analysis import AnalysisOptions, analyse

    result = analyse(now, AnalysisOptions(as_of=as_of, robustness_runs=0), previous=before)
    return since_last(now, before, previous_label, as_of, result.change)


# --- the verslag ---------------------------------------------------------------------------------


def verslag_case(case: Case, viewer) -> Case:
    """``case`` as a verslag may show it: only what ``viewer`` (the meeting's table) may see, and
    pseudonyms only (also where a name of a member the table may not see was typed in a note)."""
    shown = privacy.redact_case(case, viewer)
    names = {m.id: m.name for m in case.members}
    for m in shown.members:
        m.name = names.get(m.id, "")  # only for replacing names in free text; blanked again below
    return privacy.pseudonymise(shown)


def verslag_document(case: Case, meeting: Meeting, since: SinceLast | None, viewer):
    """The verslag of ``meeting`` as a plan document (rendered by :mod:`duiding.plan.report`):
    the full ``case`` narrowed to ``viewer`` (see :func:`meeting_viewer`), pseudonyms only."""
    from duiding.plan.assemble import Bullets, Paragraph, PlanDocument, Section, Table

    shown = verslag_case(case, viewer)
    agenda_items = agenda(shown)
    meeting = next((m for m in shown.meetings if m.id == meeting.id), meeting)
    index = shown.member_index()
    titles = {item.key: item.title for item in agenda_items}

    def who(member_id: str) -> str:
        member = index.get(member_id)
        return (member.pseudonym or member.id) if member else "(lid niet meer in de casus)"

    present = [
        partner_phrase(a.partner)[:1].upper()
        + partner_phrase(a.partner)[1:]
        + (f" ({a.role})" if a.role else "")
        for a in meeting.attendees
    ]
    sections = [
        Section(
            1,
            "present",
            "Datum en aanwezigen",
            [
                Paragraph(f"{dutch_date(meeting.date)}" if meeting.date else "onbekend", "Datum"),
                Paragraph(meeting.chair or "niet vastgelegd", "Voorzitter (procesregisseur)"),
                Bullets(present, "Aanwezige organisaties"),
                Paragraph(
                    "Dit verslag bevat alleen wat alle aanwezige organisaties volgens het convenant mogen "
                    "zien, en alleen pseudoniemen.",
                ),
            ],
        )
    ]
    if since is not None:
        sections.append(
            Section(
                2, "since", f"Sinds het vorige overleg ({since.previous_label})", [Bullets(since.lines())]
            )
        )
    agenda_blocks = []
    for item in agenda_items:
        note = meeting.notes.get(item.key, "")
        agenda_blocks.append(Paragraph(note or "Geen notitie.", item.title))
    sections.append(Section(len(sections) + 1, "agenda", "Agendapunten en notities", agenda_blocks))
    sections.append(
        Section(
            len(sections) + 1,
            "decisions",
            "Besluiten",
            [
                Table(
                    ["Besluit", "Agendapunt"],
                    [[d.text, titles.get(d.item, "")] for d in meeting.decisions],
                )
            ]
            if meeting.decisions
            else [Paragraph("Er zijn geen besluiten vastgelegd.")],
        )
    )
    sections.append(
        Section(
            len(sections) + 1,
            "actions",
            "Acties",
            [
                Table(
                    ["Actie", "Wie", "Uiterlijk gereed"],
                    [
                        [
                            a.what,
                            partner_phrase(a.owner) if a.owner else "",
                            a.due.strftime("%d-%m-%Y") if a.due else "",
                        ]
                        for a in meeting.actions
                    ],
                )
            ]
            if meeting.actions
            else [Paragraph("Er zijn geen acties vastgelegd.")],
        )
    )
    sections.append(
        Section(
            len(sections) + 1,
            "points",
            "Bespreekpunten",
            [
                Table(
                    ["Lid", "Rol in de groep", "Afgehandeld als"],
                    [
                        [
                            who(c.member_id),
                            vocab.label("team_role", c.team_role) or "geen",
                            OUTCOMES.get(c.outcome, c.outcome),
                        ]
                        for c in meeting.closures
                    ],
                )
            ]
            if meeting.closures
            else [Paragraph("Er zijn geen bespreekpunten afgehandeld.")],
        )
    )
    return PlanDocument(
        title="Verslag jeugdgroepenoverleg",
        case=shown,
        case_name=f"{shown.name} — {meeting.label}",
        municipality=shown.municipality,
        made_on=meeting.date or date.today(),
        version=case.version,
        classification=shown.classification,
        marking=f"{shown.classification} — alleen voor convenantpartners",
        reveal_names=False,
        sections=sections,
    )


def verslag_bytes(document, fmt: str) -> bytes:
    """The verslag as Word (``docx``) or Markdown (``md``)."""
    from duiding.plan import report

    if fmt == "docx":
        return report.to_docx(document, images={})
    if fmt == "md":
        return report.to_markdown(document, images={}, embed_images=False).encode("utf-8")
    raise ValueError(f"Onbekend formaat '{fmt}'.")


def verslag_filename(meeting: Meeting, fmt: str) -> str:
    day = meeting.date.isoformat() if meeting.date else "onbekend"
    return f"verslag-overleg-{day}.{fmt}"
