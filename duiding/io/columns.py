"""The Dutch columns of the member, tie and incident tables, shared by the importer and the exports.

One :class:`Column` per field: its Dutch name (the header in templates and exports), the model
attribute, how its cells are read and written, and header aliases the importer also recognises.
Also here: the formula-neutralising rule, which must be the exact inverse on export and import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "COLUMNS",
    "INCIDENT_COLUMNS",
    "KIND_LABELS",
    "MEMBER_COLUMNS",
    "SHEETS",
    "TIE_COLUMNS",
    "Column",
    "format_date",
    "kind_of",
    "neutralise",
    "normalise_header",
    "parse_date",
    "unneutralise",
]


@dataclass(frozen=True)
class Column:
    """One column: ``type`` is text, id, year, strength, date, code, codes or ids (member ids)."""

    name: str
    attr: str
    type: str = "text"
    vocab: str | None = None
    required: bool = False
    aliases: tuple[str, ...] = ()
    sensitive: bool = False  # left out of pseudonymised exports
    description: str = ""


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", "id", required=True, aliases=("lid", "lid_id", "code", "nummer", "nr")),
    Column("pseudoniem", "pseudonym", "id", aliases=("pseudonym", "pseudocode", "alias")),
    Column("naam", "name", "text", aliases=("name", "volledige naam", "roepnaam"), sensitive=True),
    Column("geboortejaar", "birth_year", "year", aliases=("birth_year", "jaar", "geb jaar"), sensitive=True),
    Column("typering", "typing", "code", "typing", aliases=("typing", "type jongere", "typeringjongere")),
    Column(
        "rol", "team_role", "code", "team_role", aliases=("teamrol", "team_role", "rol in groep", "groepsrol")
    ),
    Column(
        "problematiek", "problems", "codes", "problem", aliases=("problemen", "problems", "problematieken")
    ),
    Column(
        "risicofactoren",
        "risk_factors",
        "codes",
        "risk_factor",
        aliases=("risk_factors", "risicos"),
        sensitive=True,
    ),
    Column(
        "beschermende_factoren",
        "protective_factors",
        "codes",
        "protective_factor",
        aliases=("protective_factors", "beschermend"),
        sensitive=True,
    ),
    Column(
        "kansen",
        "opportunities",
        "text",
        aliases=("mogelijkheden", "kansen en mogelijkheden", "opportunities"),
        sensitive=True,
    ),
    Column("eerst_gezien", "first_seen", "date", aliases=("first_seen", "vanaf", "sinds", "begindatum")),
    Column("laatst_gezien", "last_seen", "date", aliases=("last_seen", "tot", "einddatum")),
    Column("bron", "source", "code", "partner", aliases=("bronpartner", "source", "partner")),
    Column("toetsdatum", "review_date", "date", aliases=("review_date", "proportionaliteitstoets", "toets")),
    Column(
        "notitie", "note", "text", aliases=("opmerking", "opmerkingen", "toelichting", "note"), sensitive=True
    ),
)

TIE_COLUMNS: tuple[Column, ...] = (
    Column("van", "source", "id", required=True, aliases=("source", "bronlid", "lid 1", "from")),
    Column("naar", "target", "id", required=True, aliases=("target", "doel", "lid 2", "to")),
    Column("laag", "layer", "code", "layer", aliases=("layer", "soort", "soort relatie", "relatie")),
    Column("sterkte", "strength", "strength", aliases=("strength", "gewicht", "weight")),
    Column("zekerheid", "confidence", "code", "confidence", aliases=("confidence", "betrouwbaarheid")),
    Column("bron", "partner", "code", "partner", aliases=("bronpartner", "partner", "source partner")),
    Column("eerst_gezien", "first_seen", "date", aliases=("first_seen", "vanaf", "sinds")),
    Column("laatst_gezien", "last_seen", "date", aliases=("last_seen", "tot")),
    Column("notitie", "note", "text", aliases=("opmerking", "toelichting", "note"), sensitive=True),
    Column("id", "id", "id", aliases=("relatie_id", "tie_id")),
)

INCIDENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "id",
        "id",
        required=True,
        aliases=("incident", "incident_id", "nummer", "nr", "registratienummer"),
    ),
    Column("datum", "date", "date", aliases=("date", "pleegdatum", "dag")),
    Column("type", "type", "code", "problem", aliases=("soort", "problematiek", "incidenttype", "feit")),
    Column("plaats", "place", "text", aliases=("locatie", "plek", "adres", "place")),
    Column("leden", "members", "ids", aliases=("betrokkenen", "betrokken leden", "members", "verdachten")),
    Column("bron", "partner", "code", "partner", aliases=("bronpartner", "partner", "source")),
    Column(
        "notitie",
        "note",
        "text",
        aliases=("opmerking", "omschrijving", "toelichting", "note"),
        sensitive=True,
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "members": MEMBER_COLUMNS,
    "ties": TIE_COLUMNS,
    "incidents": INCIDENT_COLUMNS,
}
SHEETS = {"members": "Leden", "ties": "Relaties", "incidents": "Incidenten"}
KIND_LABELS = {"members": "leden", "ties": "relaties", "incidents": "incidenten"}
_KIND_ALIASES = {
    "members": "members",
    "leden": "members",
    "ties": "ties",
    "relaties": "ties",
    "incidents": "incidents",
    "incidenten": "incidents",
}


def kind_of(kind: str) -> str:
    """'members', 'ties' or 'incidents' for an English or Dutch kind name."""
    try:
        return _KIND_ALIASES[str(kind).strip().lower()]
    except KeyError:
        raise ValueError(f"Onbekende soort tabel '{kind}'; kies leden, relaties of incidenten.") from None


def normalise_header(text: str) -> str:
    """Header key that ignores case, accents, spaces and punctuation: 'Eerst gezien' -> 'eerstgezien'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", plain.casefold())


# --- dates ---------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$")


def parse_date(text: str) -> date | None:
    """A date from ISO (jjjj-mm-dd) or Dutch (dd-mm-jjjj, d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj) text.

    Raises ValueError for text that is not a valid date; returns None for empty text.

    >>> parse_date("3-2-2025"), parse_date("2025-02-03")
    (datetime.date(2025, 2, 3), datetime.date(2025, 2, 3))
    """
    text = text.strip()
    if not text:
        return None
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    else:
        raise ValueError(text)
    return date(year, month, day)


def format_date(value: date | None) -> str:
    """dd-mm-jjjj, as Dutch users write dates (the importer reads it back)."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}" if value else ""


# --- formula neutralising -----------------------------------------------------------------------
# Export prefixes an apostrophe to every cell matching ^'*[=+\-@\t\r]; import strips one apostrophe
# from every cell matching ^'+[=+\-@\t\r]. The second set is exactly the image of the first, so the
# round trip is exact, also for text that itself starts with apostrophes.

_DANGEROUS = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """Make a cell that a spreadsheet would run as a formula plain text: '=1+1' -> \"'=1+1\"."""
    return "'" + text if _DANGEROUS.match(text) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`."""
    return text[1:] if _NEUTRALISED.match(text) else text
