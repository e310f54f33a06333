"""Names in free text: the one scrubber, pseudonymised copies, and the shared screen's copy.

:class:`NameScrubber` replaces every member's name in free text by the member's pseudonym: the full
name, and also the first name and the surname on their own (with and without a tussenvoegsel:
"Sami van der Berg" is also found as "Sami", "van der Berg" and "Berg"); case-insensitive, whole
words only, any run of spaces inside a name. A part two members share ("Mo") becomes both codes.

:func:`pseudonymise` (default exports)
    Names blank; notes (members, ties, incidents, contacts) removed; risk factors and the source
    partners removed; any member name that appears in other free text (conclusions, plan texts,
    kansen, ...) is replaced by the member's pseudonym.

:func:`meeting_copy` (the shared screen in meeting mode)
    Decision notes, plan status notes and the notes of members, ties, incidents and contacts
    blank; unless names are revealed also the names, and names in every other free text replaced by
    pseudonyms. :func:`restore_hidden` puts back what the shared screen did not show, so saving an
    edit made on that screen never loses a note or a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from duiding.fields import map_free_text
from duiding.model import Case

__all__ = [
    "TUSSENVOEGSELS",
    "NameScrubber",
    "meeting_copy",
    "name_words",
    "names_typed",
    "pseudonymise",
    "restore_hidden",
    "scrub_case",
]

# Surname particles: never a name on their own, and left off to find the surname's core.
TUSSENVOEGSELS = frozenset(
    "van de der den het ter ten te op in 't d' el al la le du da das dos di del bin ben von zu".split()
)


def name_words(name: str) -> list[str]:
    """The words that name a person: full name, first name, surname with and without particles.

    >>> name_words("Sami van der Berg")
    ['Sami van der Berg', 'Sami', 'van der Berg', 'Berg']
    >>> name_words("Bo")
    ['Bo']
    """
    parts = name.split()
    if not parts:
        return []
    words = [" ".join(parts)]
    if len(parts) > 1:
        words.append(parts[0])
        words.append(" ".join(parts[1:]))
        core = list(parts[1:])
        while core and core[0].casefold() in TUSSENVOEGSELS:
            core.pop(0)
        if core:
            words.append(" ".join(core))
    out: list[str] = []
    for w in words:
        if len(w) >= 2 and w.casefold() not in TUSSENVOEGSELS and w not in out:
            out.append(w)
    return out


_SPACES = r"\s+"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class NameScrubber:
    """Replaces names by codes in free text (see the module text); ``bool()`` is False without names.

    >>> s = NameScrubber([("Dex de Vries", "J01"), ("Mo", "J02")])
    >>> s("dex zag MO en De Vries; Dexter niet.")
    'J01 zag J02 en J01; Dexter niet.'
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        codes: dict[str, list[str]] = {}
        for name, code in pairs:
            for word in name_words(name or ""):
                found = codes.setdefault(_key(word), [])
                if code not in found:
                    found.append(code)
        self._codes = {k: "/".join(v) for k, v in codes.items()}
        words = sorted(self._codes, key=len, reverse=True)
        self._pattern = (
            re.compile(
                "|".join(r"(?<!\w)" + _SPACES.join(map(re.escape, w.split())) + r"(?!\w)" for w in words),
                re.IGNORECASE,
            )
            if words
            else None
        )

    @classmethod
    def for_case(cls, case: Case) -> NameScrubber:
        return cls((m.name, m.pseudonym or m.id) for m in case.members if m.name and m.name.strip())

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda mt: self._codes[_key(mt.group(0))], text)

    def codes_in(self, text: str) -> list[str]:
        """The codes of the members whose name occurs in ``text`` (in order of appearance)."""
        if self._pattern is None or not text:
            return []
        return list(dict.fromkeys(self._codes[_key(mt.group(0))] for mt in self._pattern.finditer(text)))


def scrub_case(case: Case, scrubber: NameScrubber | None = None) -> Case:
    """A copy of ``case`` with member names in every free text replaced by pseudonyms (names kept)."""
    scrubber = scrubber or NameScrubber.for_case(case)
    if not scrubber:
        return case.copy()
    out = Case.from_dict(map_free_text(case.to_dict(), scrubber))
    out.version = case.version
    return out


def _blank_notes(case: Case) -> None:
    for m in case.members:
        m.note = ""
    for t in case.ties:
        t.note = ""
    for i in case.incidents:
        i.note = ""
    for c in case.contacts:
        c.note = ""


def pseudonymise(case: Case) -> Case:
    """A copy for default exports (see the module text)."""
    out = scrub_case(case)
    _blank_notes(out)
    for m in out.members:
        m.name = ""
        m.risk_factors = []
        m.source = None
    for t in out.ties:
        t.partner = None
    for i in out.incidents:
        i.partner = None
    return out


def meeting_copy(case: Case, reveal_names: bool = False) -> Case:
    """What the shared screen in meeting mode may show of ``case`` (see the module text)."""
    out = case.copy() if reveal_names else scrub_case(case)
    out.version = case.version
    _blank_notes(out)
    for d in out.decisions:
        d.note = ""
    for ms in out.plan.measures:
        for u in ms.updates:
            u.note = ""
    if not reveal_names:
        for m in out.members:
            m.name = ""
    return out


def restore_hidden(edited: Case, shown: Case, original: Case) -> Case:
    """``edited`` (made from ``shown``, a :func:`meeting_copy` of ``original``) with every text that the
    user left as shown put back as it is in ``original``; what the user changed stays as typed."""
    out = Case.from_dict(_restore(edited.to_dict(), shown.to_dict(), original.to_dict()))
    out.version = edited.version
    return out


def _restore(new: Any, shown: Any, orig: Any) -> Any:
    if isinstance(new, str):
        return orig if isinstance(shown, str) and isinstance(orig, str) and new == shown else new
    if isinstance(new, dict):
        if not isinstance(shown, dict) or not isinstance(orig, dict):
            return new
        return {k: _restore(v, shown[k], orig[k]) if k in shown and k in orig else v for k, v in new.items()}
    if isinstance(new, list):
        if not isinstance(shown, list) or not isinstance(orig, list) or len(shown) != len(orig):
            return new
        pairs = list(zip(shown, orig, strict=True))
        if all(isinstance(s, str) for s in shown):
            by_text = {s: o for s, o in pairs}
            return [by_text.get(v, v) if isinstance(v, str) else v for v in new]
        by_id = {s["id"]: (s, o) for s, o in pairs if isinstance(s, dict) and isinstance(s.get("id"), str)}
        out = []
        used: set[int] = set()
        for n, v in enumerate(new):
            if isinstance(v, dict) and v.get("id") in by_id:
                out.append(_restore(v, *by_id[v["id"]]))
                continue
            same = next((j for j, (s, _) in enumerate(pairs) if j not in used and s == v), None)
            if same is not None:
                used.add(same)
                out.append(pairs[same][1])
            elif len(new) == len(shown) and not isinstance(v, dict | list):
                out.append(v)
            elif len(new) == len(shown):
                out.append(_restore(v, *pairs[n]))
            else:
                out.append(v)
        return out
    return new


_FIELD_LABELS = {
    "description": "omschrijving",
    "locations": "locaties",
    "platforms": "platforms",
    "times": "tijden",
    "text": "toelichting",
    "opportunities": "kansen",
    "note": "notitie",
    "title": "titel",
    "place": "plaats",
    "role": "omschrijving contact",
    "problem_definition": "probleemomschrijving",
    "legal_basis": "grondslag",
    "access": "wie ziet wat",
    "advice": "advies",
    "name": "naam",
    "municipality": "gemeente",
    "area": "gebied",
    "unit": "eenheid",
}


def names_typed(before: Case, after: Case) -> list[tuple[str, str]]:
    """(Dutch field, member code) for every member name that ``after`` newly has in free text.

    For the warning "u typte een naam"; the name itself is never part of the answer.

    >>> from duiding.model import Member
    >>> old = Case("x", members=[Member("m1", "J01", "Dex")])
    >>> new = old.copy(); new.context.description = "Dex hangt rond"
    >>> names_typed(old, new)
    [('omschrijving', 'J01')]
    """
    scrubber = NameScrubber.for_case(after)
    if not scrubber:
        return []
    old_texts: set[str] = set()
    map_free_text(before.to_dict(), lambda s: old_texts.add(s) or s)
    found: list[tuple[str, str]] = []

    def check(key: str | None, value: str) -> None:
        if value in old_texts:
            return
        for code in scrubber.codes_in(value):
            item = (_FIELD_LABELS.get(key or "", "tekst"), code)
            if item not in found:
                found.append(item)

    marked = map_free_text(after.to_dict(), _Marked)
    _visit(marked, check)
    return found


class _Marked(str):
    """A free-text string (so the walk below skips ids, codes and the members' own names)."""


def _visit(data: Any, check, key: str | None = None) -> None:
    if isinstance(data, _Marked):
        check(key, str(data))
    elif isinstance(data, dict):
        for k, v in data.items():
            _visit(v, check, k if k in _FIELD_LABELS else key)
    elif isinstance(data, list):
        for v in data:
            _visit(v, check, key)
