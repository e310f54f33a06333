"""Who may see which facts, pseudonymised and anonymised copies, art. 15 reports, retention and reviews.

No Streamlit here. Every function returns a **new** case; the case passed in is never changed.

Visibility by source
    Every personal fact carries the partner it came from (``Member.source``, ``Tie.partner``,
    ``Incident.partner``). The *zichtbaarheidsmatrix* (from the convenant) says, per partner
    organisation, from which sources it may see facts. Defaults are in :data:`DEFAULT_MATRIX`; a
    deployment overrides them in ``config/zichtbaarheid.yaml`` (or the file named by
    ``DUIDING_VISIBILITY_FILE``)::

        partners:              # partner organisation -> sources whose facts it may see
          police: [police, om, boa]
          youth_work: [youth_work]
        roles:                 # roles that see everything ("all") or nothing extra ([])
          procesregisseur: all
          beheerder: all

    A partner always sees facts from its own organisation. Facts without a recorded source
    (code ``unknown`` in the matrix) are hidden from partners unless the matrix lists ``unknown``.

:func:`redact_case` (what one viewer may see)
    For a member whose source the viewer may not see: name, birth year, typing, problems, risk and
    protective factors, kansen, note and the source itself are blanked; the pseudonym, team role
    and dates stay, so the group's structure can still be discussed. Ties and incidents from
    sources the viewer may not see are left out (and with them the co-offending ties derived from
    those incidents). Notes of contacts (no source recorded) are blanked for partners.

:func:`pseudonymise` (meeting mode, default exports)
    Names blank; notes (members, ties, incidents, contacts) removed; risk factors and the source
    partners removed; any member name that appears in other free text (conclusions, plan texts,
    kansen, ...) is replaced by the member's pseudonym.

:func:`anonymise_case` (closure at step 7, for evaluation)
    Names, birth years, notes, risk and protective factors, kansen, review dates and member-level
    sources removed; every pseudonym replaced by a new code (``A01``, ``A02``, … in random order)
    and every member id by a new random id, so earlier exports cannot be linked; old names and
    pseudonyms in any free text replaced by the new code. Kept for evaluation: the structure (ties
    with layer, strength, dates; incidents with date, type, place; typing and team role; problems;
    the plan and its indicators). Deleting a case instead is ``CaseStore.delete``.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from duiding import vocab
from duiding.model import Case, Member, new_id

__all__ = [
    "ALL",
    "DEFAULT_MATRIX",
    "DEFAULT_ROLES",
    "UNKNOWN_SOURCE",
    "ReviewDue",
    "Viewer",
    "anonymisation_mapping",
    "anonymise_case",
    "anonymise_stored_case",
    "audience",
    "audit_csv",
    "cases_past_retention",
    "load_matrix",
    "may_see",
    "member_report",
    "neutralise_cell",
    "pseudonymise",
    "redact_case",
    "reviews_due",
    "view_key",
    "visible_sources",
]

ALL = "all"
UNKNOWN_SOURCE = "unknown"
VISIBILITY_ENV = "DUIDING_VISIBILITY_FILE"
ROOT = Path(__file__).resolve().parent.parent

# An example convenant: adjust per deployment in config/zichtbaarheid.yaml.
DEFAULT_MATRIX: dict[str, list[str]] = {
    "police": ["police", "om", "boa", "municipality"],
    "om": ["om", "police", "youth_probation", "municipality"],
    "municipality": ["municipality", "boa", "compulsory_education", "youth_work", "school", "housing"],
    "boa": ["boa", "police", "municipality"],
    "youth_work": ["youth_work", "municipality"],
    "compulsory_education": ["compulsory_education", "school", "municipality"],
    "youth_probation": ["youth_probation", "om", "care", "municipality"],
    "care": ["care", "youth_work", "municipality"],
    "school": ["school", "compulsory_education"],
    "housing": ["housing", "municipality"],
    "other": ["other"],
}
DEFAULT_ROLES: dict[str, str | list[str]] = {"beheerder": ALL, "procesregisseur": ALL, "partner": []}


class Viewer(Protocol):
    """Anything with a role and a partner organisation (``duiding.auth.User`` fits)."""

    role: str
    partner: str | None


@dataclass(frozen=True)
class Audience:
    """The reader of an export: a partner organisation, or everyone (``partner=None``, role procesregisseur)."""

    role: str
    partner: str | None
    name: str = ""


def audience(partner: str | None) -> Audience:
    """An export audience: ``None`` for the whole case team, else a partner organisation code."""
    if partner is None:
        return Audience("procesregisseur", None, "export")
    if partner not in vocab.codes("partner"):
        raise ValueError(f"Onbekende partnerorganisatie '{partner}'.")
    return Audience("partner", partner, f"export:{partner}")


# --- the matrix ----------------------------------------------------------------------------------


def _matrix_path() -> Path | None:
    env = os.environ.get(VISIBILITY_ENV)
    if env:
        return Path(env)
    default = ROOT / "config" / "zichtbaarheid.yaml"
    return default if default.exists() else None


def load_matrix(path: Path | None = None) -> tuple[dict[str, set[str]], dict[str, set[str] | None]]:
    """(partner -> visible sources, role -> visible sources or None for all), defaults plus overrides.

    Re-read only when the override file changes (checked on every call: cheap)."""
    path = path or _matrix_path()
    stamp = None
    if path is not None:
        try:
            st_ = path.stat()
            stamp = (st_.st_ino, st_.st_mtime_ns, st_.st_size)
        except OSError:
            stamp = None
    return _load_matrix(str(path) if path else None, stamp)


@lru_cache(maxsize=8)
def _load_matrix(path_text: str | None, stamp) -> tuple[dict[str, set[str]], dict[str, set[str] | None]]:
    path = Path(path_text) if path_text else None
    partners = {k: set(v) for k, v in DEFAULT_MATRIX.items()}
    roles: dict[str, set[str] | None] = {k: (None if v == ALL else set(v)) for k, v in DEFAULT_ROLES.items()}
    if path is not None and stamp is not None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ValueError(f"Zichtbaarheidsbestand {path} is niet te lezen: {exc}") from exc
        if not isinstance(data, dict):
            raise ValueError(f"Zichtbaarheidsbestand {path}: verwacht 'partners:' en/of 'roles:'.")
        for key, value in (data.get("partners") or {}).items():
            if value == ALL:
                raise ValueError(
                    f"Zichtbaarheidsbestand {path}: partner '{key}' kan niet 'all' zien; "
                    "geef een lijst van bronnen."
                )
            if not isinstance(value, list):
                raise ValueError(
                    f"Zichtbaarheidsbestand {path}: partner '{key}' moet een lijst van bronnen hebben."
                )
            partners[str(key)] = {str(v) for v in value}
        for key, value in (data.get("roles") or {}).items():
            if value == ALL:
                roles[str(key)] = None
            elif isinstance(value, list):
                roles[str(key)] = {str(v) for v in value}
            else:
                raise ValueError(f"Zichtbaarheidsbestand {path}: rol '{key}' moet 'all' of een lijst hebben.")
    return partners, roles


def visible_sources(viewer: Viewer | None, matrix=None) -> set[str] | None:
    """The source codes ``viewer`` may see facts from; None means every source (and unsourced facts)."""
    if viewer is None:
        return set()
    fixed = getattr(viewer, "sources", None)  # a fixed set, e.g. the table of an open meeting
    if fixed is not None:
        return set(fixed)
    partners, roles = matrix or load_matrix()
    role_sources = roles.get(viewer.role, set())
    if role_sources is None:
        return None
    allowed = set(role_sources)
    if viewer.role == "partner" and viewer.partner:
        allowed |= partners.get(viewer.partner, set())
        allowed.add(viewer.partner)
    return allowed


def may_see(viewer: Viewer | None, source: str | None, matrix=None, _sources=None) -> bool:
    allowed = _sources if _sources is not None else visible_sources(viewer, matrix)
    if allowed is None:
        return True
    return (source or UNKNOWN_SOURCE) in allowed


def view_key(viewer: Viewer | None) -> str:
    """A short key for caches: results computed for one view must never be served to another."""
    if viewer is None:
        return "none"
    sources = visible_sources(viewer)
    if sources is None:
        return "all"
    return "src:" + ",".join(sorted(sources))


# --- redaction -----------------------------------------------------------------------------------


def _blank_member(m: Member) -> None:
    m.name = ""
    m.birth_year = None
    m.typing = None
    m.problems = []
    m.risk_factors = []
    m.protective_factors = []
    m.opportunities = ""
    m.note = ""
    m.source = None


def redact_case(case: Case, viewer: Viewer | None, matrix=None) -> Case:
    """A copy of ``case`` with only what ``viewer`` may see (see the module text)."""
    out = copy.deepcopy(case)
    sources = visible_sources(viewer, matrix)
    if sources is None:
        return out
    for m in out.members:
        if not may_see(viewer, m.source, _sources=sources):
            _blank_member(m)
    out.ties = [t for t in out.ties if may_see(viewer, t.partner, _sources=sources)]
    out.incidents = [i for i in out.incidents if may_see(viewer, i.partner, _sources=sources)]
    for c in out.contacts:
        c.note = ""
    return out


def _name_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)


_ID_KEYS = {
    "id",
    "source",
    "target",
    "members",
    "member_ids",
    "goal_ids",
    "intervention",
    "pseudonym",
    "name",
    "code",
    "step",
    "layer",
    "typing",
    "team_role",
    "partner",
    "type",
    "track",
    "status",
    "level",
    "confidence",
    "problem",
    "owner",
    "legacy_class",
}


def _replace_in_text(data: Any, replace, key: str | None = None) -> Any:
    """Apply ``replace`` to every free-text string in a case dict (not to ids and codes)."""
    if isinstance(data, str):
        return data if key in _ID_KEYS else replace(data)
    if isinstance(data, dict):
        return {k: _replace_in_text(v, replace, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace_in_text(v, replace, key) for v in data]
    return data


def pseudonymise(case: Case) -> Case:
    """A copy for meeting mode and default exports (see the module text)."""
    by_name = {m.name.strip().casefold(): (m.pseudonym or m.id) for m in case.members if m.name.strip()}
    pattern = _name_pattern(m.name for m in case.members)
    data = case.to_dict()
    if pattern is not None:
        data = _replace_in_text(data, lambda s: pattern.sub(lambda mt: by_name[mt.group(0).casefold()], s))
    out = Case.from_dict(data)
    out.version = case.version
    for m in out.members:
        m.name = ""
        m.note = ""
        m.risk_factors = []
        m.source = None
    for t in out.ties:
        t.note = ""
        t.partner = None
    for i in out.incidents:
        i.note = ""
        i.partner = None
    for c in out.contacts:
        c.note = ""
    return out


def _anonymous_codes(members: list[Member], rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    """(member id -> new code A01.., member id -> new random id), codes in random order."""
    order = list(range(len(members)))
    rng.shuffle(order)
    codes = {members[i].id: f"A{n + 1:02d}" for n, i in enumerate(order)}
    return codes, {m.id: new_id("a") for m in members}


def anonymise_case(
    case: Case,
    rng: random.Random | None = None,
    mapping: tuple[dict[str, str], dict[str, str], dict[str, str]] | None = None,
) -> Case:
    """A copy for evaluation after closure (see the module text). Same case id and version.

    ``mapping`` (codes, ids, words) lets frozen versions of the same case get the same new codes.
    """
    if mapping is None:
        mapping = anonymisation_mapping([case], rng)
    new_code, new_ids, words = mapping
    pattern = _name_pattern(words)
    data = case.to_dict()
    if pattern is not None:
        data = _replace_in_text(data, lambda s: pattern.sub(lambda mt: words[mt.group(0).casefold()], s))
    out = Case.from_dict(data)
    out.version = case.version

    def remap(mid: str) -> str:
        return new_ids.get(mid, mid)

    for m in out.members:
        code = new_code.get(m.id, "A??")
        m.id = remap(m.id)
        m.pseudonym = code
        m.name = ""
        m.birth_year = None
        m.note = ""
        m.risk_factors = []
        m.protective_factors = []
        m.opportunities = ""
        m.review_date = None
        m.source = None
    for t in out.ties:
        t.source, t.target = remap(t.source), remap(t.target)
        t.note = ""
    for i in out.incidents:
        i.members = [remap(x) for x in i.members]
        i.note = ""
    for c in out.contacts:
        c.note = ""
    for ms in out.plan.measures:
        ms.member_ids = [remap(x) for x in ms.member_ids]
    out.members.sort(key=lambda m: m.pseudonym)
    return out


def anonymisation_mapping(cases: list[Case], rng: random.Random | None = None):
    """One mapping for a case and its frozen versions: every member seen in any of them."""
    rng = rng or random.SystemRandom()
    seen: dict[str, Member] = {}
    for c in cases:
        for m in c.members:
            seen.setdefault(m.id, m)
    new_code, new_ids = _anonymous_codes(list(seen.values()), rng)
    words: dict[str, str] = {}
    for c in cases:
        for m in c.members:
            for w in (m.name, m.pseudonym):
                if w and w.strip():
                    words.setdefault(w.strip().casefold(), new_code[m.id])
    return new_code, new_ids, words


def anonymise_stored_case(store, case_id: str, user: str, rng: random.Random | None = None) -> Case:
    """Anonymise a case in the store: the current version (saved as a new version) **and** every
    frozen version, in one transaction with one audit entry, using the same new codes everywhere.
    Returns the anonymised case. (Uses the store's transaction helpers; see duiding/store.py.)"""
    import json
    from datetime import UTC, datetime

    import sqlalchemy as sa

    from duiding.store import CaseNotFound, _body, case_snapshots, cases

    now = datetime.now(UTC)
    with store._write() as conn:
        row = conn.execute(sa.select(cases.c.body, cases.c.version).where(cases.c.id == case_id)).first()
        if row is None:
            raise CaseNotFound(case_id)
        current = Case.from_dict(json.loads(row[0]))
        version = int(row[1])
        snaps = conn.execute(
            sa.select(case_snapshots.c.id, case_snapshots.c.body).where(case_snapshots.c.case_id == case_id)
        ).all()
        snap_cases = [(sid, Case.from_dict(json.loads(body))) for sid, body in snaps]
        mapping = anonymisation_mapping([current] + [c for _, c in snap_cases], rng)
        for sid, snap in snap_cases:
            conn.execute(
                case_snapshots.update()
                .where(case_snapshots.c.id == sid)
                .values(body=_body(anonymise_case(snap, mapping=mapping))[1])
            )
        anon = anonymise_case(current, mapping=mapping)
        anon.version = version + 1
        conn.execute(
            cases.update()
            .where(cases.c.id == case_id, cases.c.version == version)
            .values(
                version=version + 1,
                updated_at=now,
                updated_by=str(user)[:200],
                body=_body(anon)[1],
                **store._row_columns(anon),
            )
        )
        store._audit(
            conn,
            user,
            "anonymise",
            case_id,
            f"Casus geanonimiseerd (versie {version + 1}), ook {len(snap_cases)} vastgelegde versie(s)",
            now,
        )
    store._checkpoint()
    return anon


# --- retention and reviews -----------------------------------------------------------------------


def cases_past_retention(store, today: date | None = None) -> list:
    """Case summaries whose retention date lies before ``today`` (from the store)."""
    return store.cases_past_retention(today or date.today())


@dataclass(frozen=True)
class ReviewDue:
    member_id: str
    pseudonym: str
    review_date: date | None  # None: no review date recorded (a review is due now)
    days_overdue: int | None


def reviews_due(case: Case, today: date | None = None, within_days: int = 0) -> list[ReviewDue]:
    """Members whose proportionality review date is on or before ``today`` + ``within_days``, and
    members without a review date; members without a date first, then the most overdue first."""
    today = today or date.today()
    due = []
    for m in case.members:
        if m.review_date is None:
            due.append(ReviewDue(m.id, m.pseudonym or m.id, None, None))
        elif (m.review_date - today).days <= within_days:
            due.append(ReviewDue(m.id, m.pseudonym or m.id, m.review_date, (today - m.review_date).days))
    return sorted(due, key=lambda r: (r.review_date is not None, r.review_date or date.min, r.pseudonym))


# --- art. 15: everything about one member --------------------------------------------------------


def _d(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "onbekend"


_MARKDOWN = re.compile(r"([\\`*_\[\]!])")


def _t(text: object) -> str:
    """User text on one line for a Markdown list item: no raw HTML ('<', '>', '&' as entities) and no
    links, images or emphasis (``[ ] ! * _ ` \\`` backslash-escaped); reads the same once rendered."""
    flat = " ".join(str(text or "").split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", flat) or "—"


def _l(name: str, code: str | None) -> str:
    """A vocabulary label, escaped (unknown codes are shown as they are: user text)."""
    return _t(vocab.label(name, code)) if code else ""


def _labels(name: str, items: Iterable[str]) -> str:
    values = [_l(name, c) for c in items]
    return ", ".join(values) if values else "geen"


def member_report(case: Case, member_id: str, audit: Iterable = (), today: date | None = None) -> str:
    """A readable Dutch Markdown document of everything the case holds about one member (art. 15
    AVG): personal facts with their source, ties, incidents, plan measures, and (when ``audit``
    entries of the case are given) when the case was exported or names were shown."""
    m = case.member(member_id)
    if m is None:
        raise ValueError(f"Lid '{member_id}' komt niet voor in deze casus.")
    today = today or date.today()
    idx = case.member_index()
    contacts = case.contact_index()

    def who(other: str) -> str:
        if other in idx:
            return f"lid {_t(idx[other].pseudonym or other)}"
        if other in contacts:
            return f"contactpersoon ({_t(contacts[other].role)})"
        return _t(other)

    lines = [
        f"# Overzicht van gegevens over {_t(m.pseudonym or m.id)}",
        "",
        f"Inzageverzoek (artikel 15 AVG). Opgesteld op {_d(today)}.",
        "",
        f"Dit overzicht bevat alle gegevens die in de casus **{_t(case.name)}**"
        f"{f' (gemeente {_t(case.municipality)})' if case.municipality else ''} over deze persoon zijn "
        "vastgelegd, met de organisatie (bron) die elk gegeven heeft aangeleverd. Namen van andere "
        "personen staan er niet in; zij worden met hun code aangeduid.",
        "",
        "## Persoonsgegevens",
        "",
        f"- Code (pseudoniem): {_t(m.pseudonym or m.id)}",
        f"- Naam: {_t(m.name) if m.name else 'niet vastgelegd'}",
        f"- Geboortejaar: {m.birth_year or 'niet vastgelegd'}",
        f"- Bron van deze gegevens: {_l('partner', m.source) or 'niet vastgelegd'}",
        f"- Voor het eerst gezien in de groep: {_d(m.first_seen)}",
        f"- Voor het laatst gezien in de groep: {_d(m.last_seen) if m.last_seen else 'nog actief'}",
        f"- Volgende toets of vastleggen nog nodig is (proportionaliteit): {_d(m.review_date)}",
        "",
        "## Duiding",
        "",
        f"- Typering: {_l('typing', m.typing) or 'niet vastgelegd'}",
        f"- Rol in de groep: {_l('team_role', m.team_role) or 'niet vastgelegd'}",
        f"- Problematiek: {_labels('problem', m.problems)}",
        f"- Risicofactoren: {_labels('risk_factor', m.risk_factors)}",
        f"- Beschermende factoren: {_labels('protective_factor', m.protective_factors)}",
        f"- Kansen en mogelijkheden: {_t(m.opportunities) if m.opportunities else 'niet vastgelegd'}",
        f"- Notitie: {_t(m.note) if m.note else 'geen'}",
        "",
    ]
    ties = [t for t in case.all_ties() if member_id in (t.source, t.target)]
    lines += [f"## Relaties ({len(ties)})", ""]
    if not ties:
        lines.append("Er zijn geen relaties vastgelegd.")
    for t in ties:
        other = t.target if t.source == member_id else t.source
        relation = f"{_l('layer', t.layer)} met"
        if t.layer == "directs":
            relation = "Stuurt aan:" if t.source == member_id else "Wordt aangestuurd door"
        period = f"{_d(t.first_seen)} – {_d(t.last_seen) if t.last_seen else 'heden'}"
        kind = (
            "afgeleid uit gezamenlijke incidenten"
            if t.derived
            else f"bron: {_l('partner', t.partner) or 'niet vastgelegd'}"
        )
        lines.append(
            f"- {relation} {who(other)}; sterkte {t.strength}; "
            f"{_l('confidence', t.confidence).lower()}; {period}; {kind}"
            + (f"; notitie: {_t(t.note)}" if t.note and not t.derived else "")
        )
    incidents = [i for i in case.incidents if member_id in i.members]
    lines += ["", f"## Incidenten ({len(incidents)})", ""]
    if not incidents:
        lines.append("Er zijn geen incidenten vastgelegd.")
    for i in sorted(incidents, key=lambda x: (x.date or date.min, x.id)):
        others = len([x for x in i.members if x != member_id])
        lines.append(
            f"- {_d(i.date)}: {_l('problem', i.type) or 'soort onbekend'}"
            f"{f' bij {_t(i.place)}' if i.place else ''}; met {others} andere(n); "
            f"bron: {_l('partner', i.partner) or 'niet vastgelegd'}"
            + (f"; notitie: {_t(i.note)}" if i.note else "")
        )
    measures = [ms for ms in case.plan.measures if member_id in ms.member_ids]
    lines += ["", f"## Maatregelen in het plan van aanpak ({len(measures)})", ""]
    if not measures:
        lines.append("Er zijn geen maatregelen aan deze persoon gekoppeld.")
    for ms in measures:
        lines.append(
            f"- {_t(ms.title)} ({_l('track', ms.track).lower()}; "
            f"{_l('measure_status', ms.status).lower()}; start {_d(ms.start)})"
        )
    shared = [e for e in audit if e.action in ("export", "reveal", "art15")]
    lines += ["", "## Wanneer gegevens uit deze casus zijn gedeeld", ""]
    if not shared:
        lines.append("Er zijn geen exporten of het tonen van namen vastgelegd.")
    for e in shared:
        what = {"export": "Export", "reveal": "Namen getoond", "art15": "Inzageoverzicht"}[e.action]
        lines.append(f"- {e.at:%d-%m-%Y %H:%M}: {what} door {_t(e.user)} — {_t(e.detail)}")
    lines += [
        "",
        "## Bewaren en uw rechten",
        "",
        f"- De gegevens worden bewaard tot {_d(case.retention_date)}; daarna worden ze verwijderd of "
        "geanonimiseerd.",
        "- U kunt vragen om onjuiste gegevens te verbeteren (artikel 16 AVG) of om verwijdering "
        "(artikel 17 AVG). Neem daarvoor contact op met de gemeente.",
        "",
    ]
    return "\n".join(lines)


# --- audit export --------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def neutralise_cell(value: object) -> str:
    """A cell value that spreadsheet programs show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def audit_csv(entries: Iterable) -> bytes:
    """The audit log as CSV (UTF-8 with BOM, ``;``), formulas neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(["nr", "tijdstip", "gebruiker", "casus", "actie", "omschrijving"])
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "",
                neutralise_cell(e.user),
                neutralise_cell(e.case_id or ""),
                neutralise_cell(e.action),
                neutralise_cell(e.detail),
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
