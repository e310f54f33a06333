"""Who may see which facts: the zichtbaarheidsmatrix, viewers and export audiences, and redaction.

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
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from duiding import vocab
from duiding.model import Case, Member

__all__ = [
    "ALL",
    "DEFAULT_MATRIX",
    "DEFAULT_ROLES",
    "UNKNOWN_SOURCE",
    "Audience",
    "Viewer",
    "audience",
    "load_matrix",
    "may_see",
    "redact_case",
    "view_key",
    "visible_sources",
]

ALL = "all"
UNKNOWN_SOURCE = "unknown"
VISIBILITY_ENV = "DUIDING_VISIBILITY_FILE"
ROOT = Path(__file__).resolve().parent.parent.parent

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
