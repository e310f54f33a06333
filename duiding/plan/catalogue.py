"""The intervention catalogue: load and validate ``data/interventies.csv``.

The file is maintained by hand (see ``data/README-interventies.md``). Codes in it are the codes
of :mod:`duiding.vocab`; recognition levels are written out in Dutch, as the databank does.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from duiding import vocab

__all__ = [
    "CATALOGUE_PATH",
    "COLUMNS",
    "PROPORTIONALITY_NATURES",
    "RECOGNITION",
    "CatalogueError",
    "Intervention",
    "load_catalogue",
    "parse_catalogue",
]

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "interventies.csv"

COLUMNS = [
    "id",
    "naam",
    "spoor",
    "domeinen",
    "risicofactoren",
    "beschermende_factoren",
    "problematiek",
    "typering",
    "doelen",
    "leeftijd_min",
    "leeftijd_max",
    "erkenning",
    "uitvoerder",
    "beschrijving",
    "bron",
    "aard",
    "bevoegd_gezag",
    "wettelijke_grondslag",
]
REQUIRED = ["id", "naam", "spoor", "erkenning", "beschrijving", "bron"]

# Recognition levels of the Erkenningscommissie Interventies, plus "not assessed" for measures that
# are no programme (gebiedsverbod) or whose level this catalogue does not claim. Order: weakest first.
RECOGNITION: dict[str, str] = {
    "not_assessed": "Niet beoordeeld",
    "well_founded": "Goed onderbouwd",
    "first_evidence": "Effectief volgens eerste aanwijzingen",
    "good_evidence": "Effectief volgens goede aanwijzingen",
    "strong_evidence": "Effectief volgens sterke aanwijzingen",
}

# Legal natures whose measures need a written proportionality and subsidiarity argument.
PROPORTIONALITY_NATURES = frozenset({"administrative", "judicial"})

# Which vocabulary each list column draws its codes from.
_LIST_COLUMNS = {
    "domeinen": ("domain", "domains"),
    "risicofactoren": ("risk_factor", "risk_factors"),
    "beschermende_factoren": ("protective_factor", "protective_factors"),
    "problematiek": ("problem", "problems"),
    "typering": ("typing", "typings"),
    "doelen": ("goal", "goals"),
}


class CatalogueError(ValueError):
    """The catalogue file has problems; ``problems`` lists them in Dutch, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("De interventiecatalogus bevat fouten:\n" + "\n".join(problems))


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    track: str
    domains: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    protective_factors: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    typings: tuple[str, ...] = ()  # empty: meant for any member
    goals: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    recognition: str = "not_assessed"
    owner: str | None = None  # the partner that usually carries it out
    description: str = ""
    source: str = ""
    legal_nature: str | None = None  # vocabulary legal_nature (aard)
    authority: str = ""  # bevoegd gezag
    legal_ground: str = ""  # wettelijke grondslag

    @property
    def needs_proportionality(self) -> bool:
        """Bestuurlijke and justitiële measures need a proportionality argument in the plan."""
        return self.legal_nature in PROPORTIONALITY_NATURES

    @property
    def recognition_label(self) -> str:
        return RECOGNITION.get(self.recognition, self.recognition)

    @property
    def track_label(self) -> str:
        return vocab.label("track", self.track)

    def fits_age(self, age: int) -> bool:
        """True when ``age`` lies in the intervention's range (open ends allowed)."""
        if self.age_min is not None and age < self.age_min:
            return False
        return not (self.age_max is not None and age > self.age_max)


def _recognition_code(value: str) -> str | None:
    text = value.strip().casefold()
    for code, label in RECOGNITION.items():
        if text in (code.casefold(), label.casefold()):
            return code
    return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("|", ",").split(",") if part.strip()]


def _age(value: str, line: int, column: str, problems: list[str]) -> int | None:
    text = value.strip()
    if not text:
        return None
    try:
        age = int(text)
    except ValueError:
        problems.append(f"Regel {line}: '{column}' moet een heel getal zijn, niet '{text}'.")
        return None
    if not 0 <= age <= 99:
        problems.append(f"Regel {line}: '{column}' moet tussen 0 en 99 liggen, niet {age}.")
        return None
    return age


def parse_catalogue(text: str) -> list[Intervention]:
    """Parse catalogue CSV text (``;``-separated); raise :class:`CatalogueError` on any problem.

    >>> parse_catalogue("id;naam;spoor;erkenning;beschrijving;bron\\nX;Toezicht;domain;niet beoordeeld;Meer toezicht.;CCV")[0].track
    'domain'
    """
    text = text.lstrip("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
        header = [(h or "").strip() for h in (reader.fieldnames or [])]
        rows = list(reader)
    except csv.Error as exc:
        raise CatalogueError(
            [f"Het bestand is geen geldig CSV-bestand met ';' als scheidingsteken ({exc})."]
        ) from exc
    problems: list[str] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CatalogueError([f"Kolom ontbreekt: {', '.join(missing)}."])
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        problems.append(f"Onbekende kolom(men): {', '.join(unknown)}.")

    items: list[Intervention] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append(f"Regel {line}: te veel velden (staat er een ';' in de tekst?).")
            continue
        if not any(row.values()):
            continue
        for column in REQUIRED:
            if not row.get(column):
                problems.append(f"Regel {line}: '{column}' is leeg.")
        iid = row.get("id", "")
        if iid in seen:
            problems.append(f"Regel {line}: id '{iid}' komt al eerder voor.")
        seen.add(iid)
        track = row.get("spoor", "")
        track_code = vocab.to_code("track", track) if track else None
        if track and track_code is None:
            problems.append(
                f"Regel {line}: onbekend spoor '{track}' (kies uit {', '.join(vocab.codes('track'))})."
            )
        recognition = _recognition_code(row.get("erkenning", "")) if row.get("erkenning") else None
        if row.get("erkenning") and recognition is None:
            problems.append(
                f"Regel {line}: onbekend erkenningsniveau '{row['erkenning']}' "
                f"(kies uit: {', '.join(label.lower() for label in RECOGNITION.values())})."
            )
        lists: dict[str, tuple[str, ...]] = {}
        for column, (vocabulary, attr) in _LIST_COLUMNS.items():
            values = []
            for value in _split(row.get(column, "")):
                code = vocab.to_code(vocabulary, value)
                if code is None:
                    problems.append(f"Regel {line}: onbekende code '{value}' in '{column}'.")
                else:
                    values.append(code)
            lists[attr] = tuple(values)
        age_min = _age(row.get("leeftijd_min", ""), line, "leeftijd_min", problems)
        age_max = _age(row.get("leeftijd_max", ""), line, "leeftijd_max", problems)
        if age_min is not None and age_max is not None and age_min > age_max:
            problems.append(f"Regel {line}: leeftijd_min ({age_min}) is groter dan leeftijd_max ({age_max}).")
        owner_text = row.get("uitvoerder", "")
        owner = vocab.to_code("partner", owner_text) if owner_text else None
        if owner_text and owner is None:
            problems.append(f"Regel {line}: onbekende uitvoerder '{owner_text}'.")
        nature_text = row.get("aard", "")
        nature = vocab.to_code("legal_nature", nature_text) if nature_text else None
        if nature_text and nature is None:
            problems.append(
                f"Regel {line}: onbekende aard '{nature_text}' (kies uit {', '.join(vocab.codes('legal_nature'))})."
            )
        items.append(
            Intervention(
                id=iid,
                name=row.get("naam", ""),
                track=track_code or track,
                age_min=age_min,
                age_max=age_max,
                recognition=recognition or "not_assessed",
                owner=owner,
                description=row.get("beschrijving", ""),
                source=row.get("bron", ""),
                legal_nature=nature,
                authority=row.get("bevoegd_gezag", ""),
                legal_ground=row.get("wettelijke_grondslag", ""),
                **lists,
            )
        )
    if problems:
        raise CatalogueError(problems)
    if not items:
        raise CatalogueError(["De catalogus bevat geen interventies."])
    return items


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> tuple[Intervention, ...]:
    return tuple(parse_catalogue(Path(path).read_text(encoding="utf-8")))


def load_catalogue(path: Path | str | None = None) -> list[Intervention]:
    """The catalogue from ``path`` (default ``data/interventies.csv``), cached until the file changes."""
    target = Path(path) if path is not None else CATALOGUE_PATH
    if not target.exists():
        raise CatalogueError([f"Interventiecatalogus niet gevonden: {target}."])
    return list(_load_cached(str(target), target.stat().st_mtime))
