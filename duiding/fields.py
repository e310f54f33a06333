"""Which fields of a case hold identifiers or codes, and which hold free text a person may have typed.

One home for the rule, used wherever free text is rewritten: names replaced by pseudonyms
(:mod:`duiding.privacy.pseudonyms`), anonymisation, and erasure of a member (``duiding.store``).

*Identifier* keys hold ids of members, contacts, goals or catalogue entries; *code* keys hold
vocabulary codes (:mod:`duiding.vocab`). Neither is ever free text, so no rewrite touches them. A
member's own ``name`` and ``pseudonym`` are its identity, not free text: they are changed (or
blanked) on purpose by the caller, never by a text rewrite. Every other string in a case dict is
free text, including the case's own name and an indicator's name.

>>> sorted(IDENTIFIER_KEYS)[:4]
['goal_ids', 'id', 'intervention', 'member_ids']
>>> map_free_text({"name": "Groep Dex", "members": [{"id": "m1", "name": "Dex", "note": "Dex"}]},
...               lambda s: s.replace("Dex", "J01"))
{'name': 'Groep J01', 'members': [{'id': 'm1', 'name': 'Dex', 'note': 'J01'}]}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CODE_KEYS", "IDENTIFIER_KEYS", "MEMBER_IDENTITY_KEYS", "NOT_FREE_TEXT", "map_free_text"]

IDENTIFIER_KEYS = frozenset(
    {"id", "source", "target", "members", "member_ids", "goal_ids", "intervention", "pseudonym"}
)
CODE_KEYS = frozenset(
    {
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
        "problems",
        "risk_factors",
        "protective_factors",
        "owner",
        "legacy_class",
        "code",
    }
)
NOT_FREE_TEXT = IDENTIFIER_KEYS | CODE_KEYS
# A member's own identity fields: changed by the caller on purpose, never by a rewrite of free text.
MEMBER_IDENTITY_KEYS = NOT_FREE_TEXT | {"name"}


def map_free_text(data: dict[str, Any], fn: Callable[[str], str]) -> dict[str, Any]:
    """A copy of a case dict (``Case.to_dict()``) with ``fn`` applied to every free-text string."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "members" and isinstance(value, list):
            out[key] = [_walk(m, fn, None, MEMBER_IDENTITY_KEYS) for m in value]
        else:
            out[key] = _walk(value, fn, key, NOT_FREE_TEXT)
    return out


def _walk(value: Any, fn: Callable[[str], str], key: str | None, keep: frozenset[str]) -> Any:
    if isinstance(value, str):
        return value if key in keep else fn(value)
    if isinstance(value, dict):
        return {k: _walk(v, fn, k, keep) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, fn, key, keep) for v in value]
    return value
