"""Validation of members, ties and incidents: every problem as (row, field, Dutch message).

Nothing here raises on bad data: each function returns a list of :class:`Problem`, empty when all is
well. ``row`` is the 1-based data row as the user sees it in the table or file (row 1 is the first
row under the header), or None for a problem that concerns the case or a whole column. ``field`` is
the Dutch column name used by the importer and the exports (``id``, ``van``, ``eerst_gezien``, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from duiding import vocab
from duiding.model import Case, Contact, Incident, Member, Tie

__all__ = [
    "NAMES_BEFORE_2B",
    "Problem",
    "birth_year_range",
    "message",
    "validate_case",
    "validate_contacts",
    "validate_incidents",
    "validate_members",
    "validate_ties",
]

NAMES_BEFORE_2B = "Namen mogen pas worden vastgelegd na een besluit in stap 2B."

# Dutch nouns for the vocabularies, used in "... is geen bekende <noun>".
VOCAB_NOUN = {
    "typing": "typering",
    "team_role": "rol",
    "problem": "problematiek",
    "risk_factor": "risicofactor",
    "protective_factor": "beschermende factor",
    "partner": "bronpartner",
    "layer": "laag",
    "confidence": "zekerheid",
    "step": "stap",
}


@dataclass(frozen=True)
class Problem:
    """One problem in user data: where it is (row, field) and what is wrong, in Dutch."""

    row: int | None
    field: str
    message: str


def message(row: int | None, field: str, text: str, table: str = "") -> str:
    """'Rij 3, kolom 'van': ...' — the one shape every problem message has."""
    where = f"rij {row}, kolom '{field}'" if row is not None else f"kolom '{field}'"
    if table:
        return f"{table}, {where}: {text}"
    return f"{where[0].upper()}{where[1:]}: {text}"


def birth_year_range(today: date | None = None) -> tuple[int, int]:
    """Plausible birth years: members are between 6 and 80 years old."""
    year = (today or date.today()).year
    return year - 80, year - 6


class _Collector:
    def __init__(self, table: str) -> None:
        self.table = table
        self._problems: list[Problem] = []

    @property
    def problems(self) -> list[Problem]:
        """Case-level problems first, then by row (stable within a row)."""
        return sorted(self._problems, key=lambda p: (p.row is not None, p.row or 0))

    def add(self, row: int | None, field: str, text: str) -> None:
        self._problems.append(Problem(row, field, message(row, field, text, self.table)))


def _rows(items: Sequence[object], rows: Sequence[int | None] | None) -> list[int | None]:
    return list(rows) if rows is not None else list(range(1, len(items) + 1))


def _choices(name: str) -> str:
    values = list(vocab.labels(name).values())
    shown = ", ".join(values[:12])
    return shown + (", ..." if len(values) > 12 else "")


def _check_code(out: _Collector, row: int | None, field: str, name: str, value: object) -> None:
    if value is None or value == "":
        return
    if not isinstance(value, str) or value not in vocab.labels(name):
        out.add(row, field, f"'{value}' is geen bekende {VOCAB_NOUN[name]}. Kies uit: {_choices(name)}.")


def _check_codes(out: _Collector, row: int | None, field: str, name: str, values: object) -> None:
    if not isinstance(values, list):
        out.add(row, field, f"verwacht een lijst van {VOCAB_NOUN[name]}-codes.")
        return
    for value in values:
        _check_code(out, row, field, name, value)


def _check_dates(
    out: _Collector, row: int | None, first: object, last: object, first_field: str, last_field: str
) -> None:
    ok = True
    for field, value in ((first_field, first), (last_field, last)):
        if value is not None and not isinstance(value, date):
            out.add(row, field, f"'{value}' is geen geldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj).")
            ok = False
    if ok and isinstance(first, date) and isinstance(last, date) and last < first:
        out.add(
            row,
            last_field,
            f"laatst gezien ({last:%d-%m-%Y}) ligt vóór eerst gezien ({first:%d-%m-%Y}).",
        )


def _check_date(out: _Collector, row: int | None, field: str, value: object) -> None:
    if value is not None and not isinstance(value, date):
        out.add(row, field, f"'{value}' is geen geldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj).")


def _check_ids(
    out: _Collector,
    items: Sequence[object],
    rows: list[int | None],
    attr: str,
    field: str,
    noun: str,
    article: str = "de",
) -> None:
    seen: dict[str, int | None] = {}
    for item, row in zip(items, rows, strict=True):
        value = getattr(item, attr)
        if not isinstance(value, str) or not value.strip():
            out.add(row, field, f"{article} {noun} is leeg.")
            continue
        if value in seen:
            first = seen[value]
            also = f" (ook in rij {first})" if first is not None else " (bestaat al in deze casus)"
            out.add(row, field, f"{noun} '{value}' komt dubbel voor{also}.")
        else:
            seen[value] = row


def validate_members(
    members: Sequence[Member], case: Case, rows: Sequence[int | None] | None = None, table: str = ""
) -> list[Problem]:
    """Every problem in a list of members, judged in the context of ``case`` (2B decision).

    ``rows`` gives the row number to report for each member (default 1, 2, ...).

    >>> from duiding.model import Case, Member
    >>> [p.message for p in validate_members([Member(id="a", pseudonym="J01", name="Dex")], Case("x"))]
    ["Rij 1, kolom 'naam': Namen mogen pas worden vastgelegd na een besluit in stap 2B."]
    """
    out = _Collector(table)
    rownums = _rows(members, rows)
    _check_ids(out, members, rownums, "id", "id", "id")
    _check_ids(out, members, rownums, "pseudonym", "pseudoniem", "pseudoniem", "het")
    low, high = birth_year_range()
    contacts = {c.id for c in case.contacts if isinstance(c.id, str)}
    for m, row in zip(members, rownums, strict=True):
        if isinstance(m.id, str) and m.id in contacts:
            out.add(row, "id", f"id '{m.id}' is al in gebruik voor een contactpersoon.")
        if m.name and not case.names_allowed:
            out.add(row, "naam", NAMES_BEFORE_2B)
        if m.birth_year is not None:
            if not isinstance(m.birth_year, int) or isinstance(m.birth_year, bool):
                out.add(row, "geboortejaar", f"'{m.birth_year}' is geen jaartal.")
            elif not low <= m.birth_year <= high:
                out.add(
                    row,
                    "geboortejaar",
                    f"{m.birth_year} is geen aannemelijk geboortejaar (verwacht tussen {low} en {high}).",
                )
        _check_code(out, row, "typering", "typing", m.typing)
        _check_code(out, row, "rol", "team_role", m.team_role)
        _check_codes(out, row, "problematiek", "problem", m.problems)
        _check_codes(out, row, "risicofactoren", "risk_factor", m.risk_factors)
        _check_codes(out, row, "beschermende_factoren", "protective_factor", m.protective_factors)
        _check_code(out, row, "bron", "partner", m.source)
        _check_dates(out, row, m.first_seen, m.last_seen, "eerst_gezien", "laatst_gezien")
        _check_date(out, row, "toetsdatum", m.review_date)
    return out.problems


def validate_ties(
    ties: Sequence[Tie], case: Case, rows: Sequence[int | None] | None = None, table: str = ""
) -> list[Problem]:
    """Every problem in a list of hand-entered ties; ends must be members or contacts of ``case``."""
    out = _Collector(table)
    rownums = _rows(ties, rows)
    members = {m.id for m in case.members if isinstance(m.id, str)}
    contacts = {c.id for c in case.contacts if isinstance(c.id, str)}
    first_row: dict[str, int | None] = {}
    for t, row in zip(ties, rownums, strict=True):
        if isinstance(t.id, str) and t.id:
            if t.id in first_row:
                first = first_row[t.id]
                also = f" (ook in rij {first})" if first is not None else " (bestaat al in deze casus)"
                out.add(row, "id", f"id '{t.id}' komt dubbel voor{also}.")
            else:
                first_row[t.id] = row
        for field, end in (("van", t.source), ("naar", t.target)):
            if not isinstance(end, str) or not end.strip():
                out.add(row, field, "is leeg; vul de id van een lid in.")
            elif end not in members and end not in contacts:
                out.add(row, field, f"lid '{end}' bestaat niet in deze casus.")
        if isinstance(t.source, str) and t.source.strip() and t.source == t.target:
            out.add(row, "naar", f"een relatie van '{t.source}' met zichzelf is niet mogelijk.")
        if isinstance(t.strength, bool) or not isinstance(t.strength, int) or not 1 <= t.strength <= 3:
            out.add(row, "sterkte", f"'{t.strength}' is geen geldige sterkte (1, 2 of 3).")
        if not t.layer:
            out.add(row, "laag", "is leeg.")
        _check_code(out, row, "laag", "layer", t.layer)
        _check_code(out, row, "zekerheid", "confidence", t.confidence)
        _check_code(out, row, "bron", "partner", t.partner)
        _check_dates(out, row, t.first_seen, t.last_seen, "eerst_gezien", "laatst_gezien")
    return out.problems


def validate_incidents(
    incidents: Sequence[Incident], case: Case, rows: Sequence[int | None] | None = None, table: str = ""
) -> list[Problem]:
    """Every problem in a list of incidents; involved members must exist in ``case``."""
    out = _Collector(table)
    rownums = _rows(incidents, rows)
    _check_ids(out, incidents, rownums, "id", "id", "id")
    members = {m.id for m in case.members if isinstance(m.id, str)}
    for inc, row in zip(incidents, rownums, strict=True):
        _check_date(out, row, "datum", inc.date)
        _check_code(out, row, "type", "problem", inc.type)
        _check_code(out, row, "bron", "partner", inc.partner)
        if not isinstance(inc.members, list):
            out.add(row, "leden", "verwacht een lijst van lid-id's.")
            continue
        unknown = [m for m in inc.members if not isinstance(m, str) or m not in members]
        if unknown:
            names = ", ".join(f"'{m}'" for m in unknown)
            noun = "lid" if len(unknown) == 1 else "leden"
            verb = "bestaat" if len(unknown) == 1 else "bestaan"
            out.add(row, "leden", f"{noun} {names} {verb} niet in deze casus.")
        doubles = sorted({m for m in inc.members if isinstance(m, str) and inc.members.count(m) > 1})
        if doubles:
            out.add(row, "leden", f"lid {', '.join(repr(m) for m in doubles)} staat dubbel in de lijst.")
    return out.problems


def validate_contacts(
    contacts: Sequence[Contact], case: Case, rows: Sequence[int | None] | None = None, table: str = ""
) -> list[Problem]:
    """Contacts need a unique id that is not also a member's id."""
    out = _Collector(table)
    rownums = _rows(contacts, rows)
    _check_ids(out, contacts, rownums, "id", "id", "id")
    members = {m.id for m in case.members if isinstance(m.id, str)}
    for c, row in zip(contacts, rownums, strict=True):
        if isinstance(c.id, str) and c.id in members:
            out.add(row, "id", f"contact '{c.id}' heeft dezelfde id als een lid.")
    return out.problems


def validate_case(case: Case) -> list[Problem]:
    """Every problem in the whole case; messages name the table (Leden, Relaties, ...)."""
    out = _Collector("Casus")
    if not case.name or not case.name.strip():
        out.add(None, "naam", "de casus heeft geen naam.")
    _check_code(out, None, "stap", "step", case.step)
    return (
        out.problems
        + validate_members(case.members, case, table="Leden")
        + validate_contacts(case.contacts, case, table="Contacten")
        + validate_ties(case.ties, case, table="Relaties")
        + validate_incidents(case.incidents, case, table="Incidenten")
    )
