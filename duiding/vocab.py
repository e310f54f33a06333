"""Controlled vocabularies: stable ASCII codes with Dutch labels, overridable per deployment.

Codes are what the store keeps; labels are what users see. A deployment can add or rename entries
with a YAML file named by ``DUIDING_VOCAB_FILE`` (default ``config/vocabularies.yaml`` when present)::

    team_role:
      top_dog: Topdog          # adds a code
      follower: Volger         # renames a label

Imports accept codes and labels, case-insensitively (see :func:`to_code`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = [
    "DEFAULTS",
    "FACTOR_DOMAIN",
    "all_vocabularies",
    "codes",
    "label",
    "labels",
    "reload",
    "to_code",
]

# Each vocabulary: code -> Dutch label. Order is the display order.
DEFAULTS: dict[str, dict[str, str]] = {
    "step": {
        "1": "1 — Signalen over groepsgedrag delen",
        "2A": "2A — Is er een problematische groep?",
        "2B": "2B — Informatiepositie verbreden (namenlijst)",
        "3": "3 — Groepsduiding en concept plan van aanpak",
        "4": "4 — Adviseren en prioriteren",
        "5": "5 — Integraal plan van aanpak",
        "6": "6 — Uitvoeren en monitoren",
        "7": "7 — Afronden en evalueren",
    },
    "layer": {
        "offline": "Omgang (offline)",
        "online": "Online contact",
        "co_offending": "Samen delicten plegen",
        "family": "Familie",
        "conflict": "Conflict",
        "directs": "Stuurt aan",
        "supportive": "Steunfiguur",
    },
    "typing": {
        "care": "Zorgjongere",
        "risk": "Risicojongere",
        "criminal": "Criminele jongere",
        "unknown": "Nog niet getypeerd",
    },
    "team_role": {
        "leader": "Kopstuk",
        "hard_core": "Harde kern",
        "follower": "Meeloper",
        "peripheral": "Randlid",
        "former": "Oud-lid",
    },
    "problem": {
        "nuisance": "Overlast",
        "vandalism": "Vernieling",
        "violence": "Geweld",
        "property": "Vermogensdelicten",
        "drugs": "Drugs",
        "weapons": "Wapens",
        "online": "Online (bedreiging, drill, sexting)",
        "traffic": "Verkeersoverlast",
        "organised_crime": "Doorgroei naar georganiseerde criminaliteit",
    },
    "domain": {
        "individual": "Individu",
        "family": "Gezin",
        "school_work": "School/werk",
        "peers": "Vrienden",
        "neighbourhood": "Buurt",
    },
    "risk_factor": {
        "impulsivity": "Impulsiviteit / agressie",
        "substance_use": "Middelengebruik",
        "mental_health": "Psychische problemen",
        "lvb": "Licht verstandelijke beperking",
        "early_offending": "Vroeg begonnen met delicten",
        "family_problems": "Gezinsproblemen",
        "weak_supervision": "Weinig ouderlijk toezicht",
        "family_crime": "Criminaliteit in het gezin",
        "truancy": "Schoolverzuim",
        "dropout": "Voortijdig schoolverlaten",
        "no_work": "Geen werk of dagbesteding",
        "debts": "Schulden",
        "delinquent_peers": "Delinquente vrienden",
        "group_pressure": "Groepsdruk",
        "online_feuds": "Online conflicten / drill",
        "neighbourhood_crime": "Criminaliteit in de buurt",
        "hangout_culture": "Hangcultuur op straat",
    },
    "protective_factor": {
        "social_skills": "Sociale vaardigheden",
        "motivation": "Motivatie om te veranderen",
        "family_support": "Betrokken ouders / gezin",
        "school_engaged": "Gaat naar school",
        "work_internship": "Werk of stage",
        "positive_peers": "Positieve vrienden",
        "sports_club": "Sportclub / vereniging",
        "supportive_adult": "Steunfiguur (volwassene)",
        "youth_work": "Contact met jongerenwerk",
    },
    "partner": {
        "police": "Politie",
        "om": "OM",
        "municipality": "Gemeente",
        "youth_work": "Jongerenwerk",
        "boa": "Boa's / handhaving",
        "compulsory_education": "Leerplicht",
        "youth_probation": "Jeugdreclassering",
        "care": "Wijkteam / zorg",
        "school": "School",
        "housing": "Woningcorporatie",
        "other": "Anders",
    },
    "confidence": {
        "confirmed": "Bevestigd",
        "suspected": "Vermoeden",
    },
    "level": {
        "low": "Laag",
        "medium": "Gemiddeld",
        "high": "Hoog",
        "unknown": "Onbekend",
    },
    "beke_aspect": {
        "severity": "Ernst",
        "risks": "Risico's",
        "development": "Ontwikkeling",
        "impact": "Impact",
    },
    "legacy_class": {
        "annoying": "Hinderlijk",
        "nuisance": "Overlastgevend",
        "criminal": "Crimineel",
    },
    "track": {
        "group": "Groepsgericht",
        "person": "Persoonsgericht",
        "domain": "Domeingericht",
    },
    "measure_status": {
        "planned": "Gepland",
        "running": "Lopend",
        "done": "Afgerond",
        "stopped": "Gestopt",
    },
    "goal": {
        "end_behaviour": "Problematisch groepsgedrag beëindigen of verminderen",
        "reduce_crime": "Criminaliteit en overlast terugdringen",
        "social_position": "Sociale positie en perspectief van de jongeren versterken",
        "break_dynamics": "Negatieve groepsdynamiek doorbreken",
        "prevent_inflow": "Aanwas van nieuwe leden voorkomen",
        "prevent_growth": "Doorgroei naar criminele netwerken voorkomen",
    },
    "priority": {
        "high": "Hoog",
        "medium": "Middel",
        "low": "Laag",
    },
    "legal_nature": {
        "administrative": "Bestuurlijk",
        "judicial": "Justitieel (strafrecht)",
        "enforcement": "Toezicht en handhaving",
        "care": "Zorg en hulpverlening",
        "voluntary": "Vrijwillig en preventief",
    },
    "indicator_kind": {
        "incidents": "Geregistreerde incidenten",
        "school": "Schoolaanwezigheid",
        "youth_work": "Contact met jongerenwerk",
        "core": "Leden in de kern van de groep",
        "schedule": "Maatregelen volgens planning",
        "other": "Anders",
    },
    "audience": {
        "residents": "Bewoners",
        "shopkeepers": "Ondernemers en winkeliers",
        "youths_parents": "Jongeren en hun ouders (informatieplicht)",
        "media": "Media",
    },
    "question": {
        "causes": "Waardoor wordt het problematisch groepsgedrag veroorzaakt?",
        "hierarchy": "Is er sprake van hiërarchie?",
        "typing": "Zijn de leden te typeren (zorgjongeren, risicojongeren e.d.)?",
        "opportunities": "Wat zijn mogelijkheden en kansen van de leden?",
    },
}

# Which life domain each risk or protective factor belongs to (for "factors per domain").
FACTOR_DOMAIN: dict[str, str] = {
    "impulsivity": "individual",
    "substance_use": "individual",
    "mental_health": "individual",
    "lvb": "individual",
    "early_offending": "individual",
    "social_skills": "individual",
    "motivation": "individual",
    "family_problems": "family",
    "weak_supervision": "family",
    "family_crime": "family",
    "family_support": "family",
    "truancy": "school_work",
    "dropout": "school_work",
    "no_work": "school_work",
    "debts": "school_work",
    "school_engaged": "school_work",
    "work_internship": "school_work",
    "delinquent_peers": "peers",
    "group_pressure": "peers",
    "online_feuds": "peers",
    "positive_peers": "peers",
    "sports_club": "peers",
    "neighbourhood_crime": "neighbourhood",
    "hangout_culture": "neighbourhood",
    "supportive_adult": "neighbourhood",
    "youth_work": "neighbourhood",
}


def _config_path() -> Path | None:
    env = os.environ.get("DUIDING_VOCAB_FILE")
    if env:
        return Path(env)
    default = Path(__file__).resolve().parent.parent / "config" / "vocabularies.yaml"
    return default if default.exists() else None


@lru_cache(maxsize=1)
def all_vocabularies() -> dict[str, dict[str, str]]:
    """Defaults merged with the deployment's override file (codes added or relabelled)."""
    merged = {name: dict(entries) for name, entries in DEFAULTS.items()}
    path = _config_path()
    if path is not None and path.exists():
        extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(extra, dict):
            raise ValueError(f"Vocabulairebestand {path} moet een lijst van vocabulaires bevatten.")
        for name, entries in extra.items():
            if not isinstance(entries, dict):
                raise ValueError(f"Vocabulaire '{name}' in {path} moet code: label-paren bevatten.")
            merged.setdefault(str(name), {}).update({str(k): str(v) for k, v in entries.items()})
    return merged


def reload() -> None:
    """Forget the cached vocabularies (after the override file changed, or in tests)."""
    all_vocabularies.cache_clear()
    _lookup.cache_clear()


def labels(name: str) -> dict[str, str]:
    """The code -> label mapping of one vocabulary."""
    return all_vocabularies()[name]


def codes(name: str) -> list[str]:
    return list(labels(name))


def label(name: str, code: str | None) -> str:
    """Dutch label for a code; unknown codes are shown as they are, empty as ''."""
    if not code:
        return ""
    return labels(name).get(code, code)


@lru_cache(maxsize=64)
def _lookup(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, text in labels(name).items():
        table[code.casefold()] = code
        table[text.casefold()] = code
        # Accept the short label too, e.g. "3" for "3 — Groepsduiding ..." or "Online" for "Online (...)".
        short = text.split(" — ")[0].split(" (")[0].casefold()
        table.setdefault(short, code)
    return table


def to_code(name: str, value: object) -> str | None:
    """Code for a code or Dutch label (case-insensitive); None when the value is not known."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return _lookup(name).get(text.casefold())
