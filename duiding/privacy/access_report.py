"""Art. 15 AVG: a readable Dutch Markdown document of everything a case holds about one member."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from duiding import vocab
from duiding.markdown import escape
from duiding.model import Case

__all__ = ["member_report"]


def _d(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "onbekend"


def _t(text: object) -> str:
    """User text on one line for a Markdown list item (see :mod:`duiding.markdown`); '—' when empty."""
    return escape(text) or "—"


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
