"""Members, ties, incidents and contacts as editable tables, and back.

A table holds codes (the editor shows Dutch labels) and only the columns the viewer may see: columns
that are left out (names before a reveal, sensitive fields in meeting mode) are taken over unchanged
from the stored case when the table is read back. New rows get ids from ``token`` + row number, so
the same edit read twice gives the same ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

from duiding.model import Case, Contact, Incident, Member, Tie, next_pseudonym

__all__ = [
    "CONTACT_COLUMNS",
    "INCIDENT_COLUMNS",
    "MEMBER_COLUMNS",
    "TIE_COLUMNS",
    "contacts_frame",
    "contacts_from_frame",
    "incidents_frame",
    "incidents_from_frame",
    "members_frame",
    "members_from_frame",
    "remove_contacts",
    "remove_members",
    "ties_frame",
    "ties_from_frame",
]

MEMBER_COLUMNS = [
    "id",
    "pseudoniem",
    "naam",
    "geboortejaar",
    "typering",
    "rol",
    "problematiek",
    "eerst_gezien",
    "laatst_gezien",
    "bron",
    "notitie",
]
TIE_COLUMNS = [
    "id",
    "van",
    "naar",
    "laag",
    "sterkte",
    "zekerheid",
    "bron",
    "eerst_gezien",
    "laatst_gezien",
    "notitie",
]
INCIDENT_COLUMNS = ["id", "datum", "type", "plaats", "leden", "bron", "notitie"]
CONTACT_COLUMNS = ["id", "rol", "notitie"]

SENSITIVE = {"bron", "notitie"}


# --- cells ---------------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, tuple, set)):
        return False
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value).strip()


def _code(value: Any) -> str | None:
    return _text(value) or None


def _int(value: Any) -> Any:
    """An int, None when empty, or the value as given when it is no whole number (validation says so)."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else value


def _date(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for parse in (date.fromisoformat, lambda s: datetime.strptime(s, "%d-%m-%Y").date()):
            try:
                return parse(text[:10])
            except ValueError:
                continue
        return value
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return value


def _list(value: Any) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(v) for v in value if not _missing(v)]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for col in columns:
        if col in {"eerst_gezien", "laatst_gezien", "datum"}:
            # datetime64 so that empty dates show as empty cells (not "None") in the editor.
            frame[col] = pd.to_datetime(pd.Series([r.get(col) for r in rows], dtype="object"))
    return frame


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False, name=None)]


def _visible(columns: list[str], names: bool, sensitive: bool) -> list[str]:
    return [c for c in columns if (names or c != "naam") and (sensitive or c not in SENSITIVE)]


# --- members -------------------------------------------------------------------------------------


def members_frame(case: Case, *, names: bool = False, sensitive: bool = False) -> pd.DataFrame:
    """One row per member; the name column only when ``names``, source and note only when ``sensitive``."""
    rows = [
        {
            "id": m.id,
            "pseudoniem": m.pseudonym,
            "naam": m.name,
            "geboortejaar": m.birth_year,
            "typering": m.typing,
            "rol": m.team_role,
            "problematiek": list(m.problems),
            "eerst_gezien": m.first_seen,
            "laatst_gezien": m.last_seen,
            "bron": m.source,
            "notitie": m.note,
        }
        for m in case.members
    ]
    frame = _frame(rows, _visible(MEMBER_COLUMNS, names, sensitive))
    if "geboortejaar" in frame:
        frame["geboortejaar"] = frame["geboortejaar"].astype("Int64")
    return frame


def members_from_frame(frame: pd.DataFrame, case: Case, token: str = "n") -> list[Member]:
    """Members as edited; hidden columns and detail fields come from the stored member with that id."""
    stored = case.member_index()
    taken = {_text(p) for p in frame.get("pseudoniem", pd.Series(dtype=object))}
    members = []
    for n, row in enumerate(_records(frame), start=1):
        member_id = _text(row.get("id")) or f"m{token}{n:03d}"
        old = stored.get(member_id) or Member(id=member_id)
        pseudonym = _text(row.get("pseudoniem")) if "pseudoniem" in row else old.pseudonym
        if not pseudonym:
            pseudonym = next_pseudonym(taken)
            taken.add(pseudonym)
        members.append(
            Member(
                id=member_id,
                pseudonym=pseudonym,
                name=_text(row["naam"]) if "naam" in row else old.name,
                birth_year=_int(row["geboortejaar"]) if "geboortejaar" in row else old.birth_year,
                typing=_code(row["typering"]) if "typering" in row else old.typing,
                team_role=_code(row["rol"]) if "rol" in row else old.team_role,
                problems=_list(row["problematiek"]) if "problematiek" in row else list(old.problems),
                risk_factors=list(old.risk_factors),
                protective_factors=list(old.protective_factors),
                opportunities=old.opportunities,
                first_seen=_date(row["eerst_gezien"]) if "eerst_gezien" in row else old.first_seen,
                last_seen=_date(row["laatst_gezien"]) if "laatst_gezien" in row else old.last_seen,
                source=_code(row["bron"]) if "bron" in row else old.source,
                review_date=old.review_date,
                note=_text(row["notitie"]) if "notitie" in row else old.note,
            )
        )
    return members


def remove_members(case: Case, member_ids: Iterable[str]) -> dict[str, int]:
    """Take members out of ``case`` everywhere: their ties, incident lists and plan links.

    Returns how many ties, incidents and measures were touched (for the message to the user).
    """
    gone = set(member_ids)
    if not gone:
        return {"ties": 0, "incidents": 0, "measures": 0}
    before = len(case.ties)
    case.members = [m for m in case.members if m.id not in gone]
    case.ties = [t for t in case.ties if t.source not in gone and t.target not in gone]
    incidents = measures = 0
    for inc in case.incidents:
        if gone & set(inc.members):
            inc.members = [m for m in inc.members if m not in gone]
            incidents += 1
    for measure in case.plan.measures:
        if gone & set(measure.member_ids):
            measure.member_ids = [m for m in measure.member_ids if m not in gone]
            measures += 1
    return {"ties": before - len(case.ties), "incidents": incidents, "measures": measures}


# --- ties ----------------------------------------------------------------------------------------


def ties_frame(ties: Iterable[Tie], *, sensitive: bool = False) -> pd.DataFrame:
    rows = [
        {
            "id": t.id,
            "van": t.source,
            "naar": t.target,
            "laag": t.layer,
            "sterkte": t.strength,
            "zekerheid": t.confidence,
            "bron": t.partner,
            "eerst_gezien": t.first_seen,
            "laatst_gezien": t.last_seen,
            "notitie": t.note,
        }
        for t in ties
    ]
    frame = _frame(rows, _visible(TIE_COLUMNS, False, sensitive))
    frame["sterkte"] = frame["sterkte"].astype("Int64")
    return frame


def ties_from_frame(
    frame: pd.DataFrame, case: Case, token: str = "n", default_layer: str = "offline"
) -> list[Tie]:
    """Ties as edited (hand-entered only); hidden columns come from the stored tie with that id."""
    stored = {t.id: t for t in case.ties}
    ties = []
    for n, row in enumerate(_records(frame), start=1):
        tie_id = _text(row.get("id")) or f"t{token}{n:03d}"
        old = stored.get(tie_id) or Tie(source="", target="", id=tie_id, layer=default_layer)
        strength = _int(row["sterkte"]) if "sterkte" in row else old.strength
        ties.append(
            Tie(
                id=tie_id,
                source=_text(row["van"]) if "van" in row else old.source,
                target=_text(row["naar"]) if "naar" in row else old.target,
                layer=(_code(row["laag"]) or default_layer) if "laag" in row else old.layer,
                strength=1 if strength is None else strength,
                confidence=(_code(row["zekerheid"]) or "confirmed") if "zekerheid" in row else old.confidence,
                partner=_code(row["bron"]) if "bron" in row else old.partner,
                first_seen=_date(row["eerst_gezien"]) if "eerst_gezien" in row else old.first_seen,
                last_seen=_date(row["laatst_gezien"]) if "laatst_gezien" in row else old.last_seen,
                note=_text(row["notitie"]) if "notitie" in row else old.note,
            )
        )
    return ties


# --- incidents -----------------------------------------------------------------------------------


def incidents_frame(case: Case, *, sensitive: bool = False) -> pd.DataFrame:
    rows = [
        {
            "id": i.id,
            "datum": i.date,
            "type": i.type,
            "plaats": i.place,
            "leden": list(i.members),
            "bron": i.partner,
            "notitie": i.note,
        }
        for i in case.incidents
    ]
    return _frame(rows, _visible(INCIDENT_COLUMNS, False, sensitive))


def incidents_from_frame(frame: pd.DataFrame, case: Case, token: str = "n") -> list[Incident]:
    stored = {i.id: i for i in case.incidents}
    incidents = []
    for n, row in enumerate(_records(frame), start=1):
        incident_id = _text(row.get("id")) or f"i{token}{n:03d}"
        old = stored.get(incident_id) or Incident(id=incident_id)
        incidents.append(
            Incident(
                id=incident_id,
                date=_date(row["datum"]) if "datum" in row else old.date,
                type=_code(row["type"]) if "type" in row else old.type,
                place=_text(row["plaats"]) if "plaats" in row else old.place,
                members=_list(row["leden"]) if "leden" in row else list(old.members),
                partner=_code(row["bron"]) if "bron" in row else old.partner,
                note=_text(row["notitie"]) if "notitie" in row else old.note,
            )
        )
    return incidents


# --- contacts ------------------------------------------------------------------------------------


def contacts_frame(case: Case, *, sensitive: bool = False) -> pd.DataFrame:
    rows = [{"id": c.id, "rol": c.role, "notitie": c.note} for c in case.contacts]
    return _frame(rows, _visible(CONTACT_COLUMNS, False, sensitive))


def contacts_from_frame(frame: pd.DataFrame, case: Case, token: str = "n") -> list[Contact]:
    stored = case.contact_index()
    contacts = []
    for n, row in enumerate(_records(frame), start=1):
        contact_id = _text(row.get("id")) or f"c{token}{n:03d}"
        old = stored.get(contact_id) or Contact(id=contact_id)
        contacts.append(
            Contact(
                id=contact_id,
                role=_text(row["rol"]) if "rol" in row else old.role,
                note=_text(row["notitie"]) if "notitie" in row else old.note,
            )
        )
    return contacts


def remove_contacts(case: Case, contact_ids: Iterable[str]) -> int:
    """Take contacts out of ``case`` with their ties; returns the number of ties removed."""
    gone = set(contact_ids)
    before = len(case.ties)
    case.contacts = [c for c in case.contacts if c.id not in gone]
    case.ties = [t for t in case.ties if t.source not in gone and t.target not in gone]
    return before - len(case.ties)
