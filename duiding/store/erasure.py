"""AVG art. 17 in a stored case: a case body without one member, their name and pseudonym blanked out
of free text. (Kept beside the store until the privacy rules have a package of their own.)"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ERASED", "erase_member_from_body", "erase_words"]

ERASED = "[verwijderd]"
# Keys whose values are identifiers, never free text that could mention a person.
_ID_KEYS = {"id", "source", "target", "members", "member_ids", "goal_ids", "intervention"}
# Other members' own identity fields are theirs, even when they happen to equal the erased words.
_MEMBER_OWN_KEYS = _ID_KEYS | {"name", "pseudonym"}


def erase_member_from_body(data: dict[str, Any], member_id: str, words: list[str]) -> dict[str, Any]:
    """A case body (dict) without ``member_id`` and with ``words`` blanked out in free text."""
    data = dict(data)
    data["members"] = [m for m in data.get("members", []) if m.get("id") != member_id]
    data["ties"] = [t for t in data.get("ties", []) if member_id not in (t.get("source"), t.get("target"))]
    data["incidents"] = [
        {**inc, "members": [m for m in inc.get("members", []) if m != member_id]}
        for inc in data.get("incidents", [])
    ]
    plan = data.get("plan")
    if isinstance(plan, dict):
        plan = dict(plan)
        plan["measures"] = [
            {**ms, "member_ids": [m for m in ms.get("member_ids", []) if m != member_id]}
            for ms in plan.get("measures", [])
        ]
        data["plan"] = plan
    if not words:
        return data
    pattern = _pattern(words)

    def scrub(value: Any, key: str | None = None, keep: set[str] = _ID_KEYS) -> Any:
        if isinstance(value, str):
            return value if key in keep else pattern.sub(ERASED, value)
        if isinstance(value, dict):
            return {k: scrub(v, k, keep) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v, key, keep) for v in value]
        return value

    members = [scrub(m, None, _MEMBER_OWN_KEYS) for m in data["members"]]
    return {k: (members if k == "members" else scrub(v, k)) for k, v in data.items()}


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )


def erase_words(text: str, words: list[str]) -> str:
    """``text`` with each of ``words`` (whole words, any case) replaced by "[verwijderd]".

    >>> erase_words("Overleg over Dex", ["Dex", "J01"])
    'Overleg over [verwijderd]'
    """
    return _pattern(words).sub(ERASED, text) if words and text else text
