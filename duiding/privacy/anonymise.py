"""Anonymised copies for evaluation after closure (step 7), also of every frozen version in the store.

:func:`anonymise_case`
    Names, birth years, notes, risk and protective factors, kansen, review dates and member-level
    sources removed; every pseudonym replaced by a new code (``A01``, ``A02``, … in random order)
    and every member id by a new random id, so earlier exports cannot be linked; old names and
    pseudonyms in any free text replaced by the new code. Kept for evaluation: the structure (ties
    with layer, strength, dates; incidents with date, type, place; typing and team role; problems;
    the plan and its indicators). Deleting a case instead is ``CaseStore.delete``.
"""

from __future__ import annotations

import random

from duiding.fields import map_free_text
from duiding.model import Case, Member, new_id
from duiding.privacy.pseudonyms import NameScrubber

__all__ = ["anonymisation_mapping", "anonymise_case", "anonymise_stored_case"]


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
    scrubber = NameScrubber(words.items())
    data = case.to_dict()
    if scrubber:
        data = map_free_text(data, scrubber)
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
    words: dict[str, str] = {}  # old name or pseudonym -> new code
    for c in cases:
        for m in c.members:
            for w in (m.name, m.pseudonym):
                if w and w.strip():
                    words.setdefault(w.strip(), new_code[m.id])
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
