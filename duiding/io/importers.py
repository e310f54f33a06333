"""Import members, ties and incidents from a table into a case: preview every problem, then all or nothing.

The flow: :func:`duiding.io.tables.read_table` turns the upload into a DataFrame of strings;
:func:`preview_import` maps its headers to the Dutch columns (see :mod:`duiding.io.columns`), reads
every row, merges the rows into a copy of the case and validates the result; :func:`apply_import`
returns the new case only when there is no problem at all. The case passed in is never changed.

Merging: a row whose ``id`` matches an existing member (or incident, or tie) updates it; only the
columns present in the file are changed, so a file with just ``id`` and ``typering`` updates the
typing. Other rows are added. Members without a pseudonym get the next free code (J01, J02, ...).
In ``van``, ``naar`` and ``leden`` a member may be named by id or by pseudonym.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from duiding import vocab
from duiding.io.columns import (
    COLUMNS,
    KIND_LABELS,
    SHEETS,
    Column,
    kind_of,
    normalise_header,
    parse_date,
    unneutralise,
)
from duiding.io.tables import TableError, read_table
from duiding.model import Case, Incident, Member, Tie, next_pseudonym
from duiding.validate import (
    VOCAB_NOUN,
    Problem,
    message,
    validate_incidents,
    validate_members,
    validate_ties,
)

__all__ = [
    "MAX_CELL",
    "ImportPreview",
    "apply_import",
    "import_files",
    "import_incidents",
    "import_members",
    "import_ties",
    "preview_import",
    "resolve_mapping",
    "suggest_mapping",
]

MAX_CELL = 10_000  # characters in one cell
STRENGTH_WORDS = {"zwak": 1, "gemiddeld": 2, "middel": 2, "sterk": 3}
_MODEL = {"members": Member, "ties": Tie, "incidents": Incident}
_VALIDATE = {"members": validate_members, "ties": validate_ties, "incidents": validate_incidents}
_CASE_LIST = {"members": "members", "ties": "ties", "incidents": "incidents"}


@dataclass
class ImportPreview:
    """What an import would do: the rows read, every problem, and the merged case when there are none."""

    kind: str
    rows: list[Any] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_case: Case | None = None
    added: int = 0
    updated: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.new_case is not None

    def frame(self, reveal_names: bool = True) -> pd.DataFrame:
        """The rows as read, in the Dutch columns, indexed by the file's row numbers (for display)."""
        from duiding.io.export import table_frame

        holder = Case("voorbeeld")
        setattr(holder, _CASE_LIST[self.kind], list(self.rows))
        frame = table_frame(holder, self.kind, reveal_names)
        frame.index = pd.Index(self.row_numbers, name="rij")
        return frame


# --- header mapping ------------------------------------------------------------------------------


def _keys(column: Column) -> list[str]:
    return [normalise_header(k) for k in (column.name, *column.aliases)]


def suggest_mapping(headers: list[str], kind: str) -> dict[str, str | None]:
    """For each header the Dutch column it most likely means, or None.

    Exact matches (ignoring case, accents, spaces and punctuation; aliases included) come first,
    then close spellings. Each column is suggested for at most one header.

    >>> suggest_mapping(["Lid", "Eerst gezien", "Leeftijd"], "leden")
    {'Lid': 'id', 'Eerst gezien': 'eerst_gezien', 'Leeftijd': None}
    """
    columns = COLUMNS[kind_of(kind)]
    by_key = {key: col.name for col in columns for key in _keys(col)}
    result: dict[str, str | None] = {str(h): None for h in headers}
    taken: set[str] = set()
    for header in result:
        name = by_key.get(normalise_header(header))
        if name and name not in taken:
            result[header] = name
            taken.add(name)
    for header in result:
        if result[header] is not None:
            continue
        key = normalise_header(header)
        if len(key) < 3:
            continue
        for match in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.8):
            if by_key[match] not in taken:
                result[header] = by_key[match]
                taken.add(by_key[match])
                break
    return result


def resolve_mapping(
    headers: list[str], kind: str, mapping: Mapping[str, str | None] | None = None
) -> tuple[dict[str, str], list[str], list[Problem]]:
    """(header -> column name, ignored headers, problems) for a file's headers.

    Headers named in ``mapping`` go to the column given there (None or '' ignores them); the others
    are matched exactly (case, accents and spaces ignored). Problems: a mapping to an unknown column,
    two headers for one column, a required column missing.
    """
    kind = kind_of(kind)
    columns = COLUMNS[kind]
    names = [c.name for c in columns]
    by_key = {key: col.name for col in columns for key in _keys(col)}
    problems: list[Problem] = []
    chosen: dict[str, str] = {}
    ignored: list[str] = []
    mapping = dict(mapping or {})
    for header in headers:
        header = str(header)
        if header in mapping:
            target = mapping[header]
            if target is None or str(target).strip() == "":
                ignored.append(header)
                continue
            target_name = by_key.get(normalise_header(str(target)))
            if target_name is None:
                problems.append(
                    Problem(
                        None,
                        str(target),
                        message(
                            None,
                            str(target),
                            f"geen bekende kolom voor {KIND_LABELS[kind]} (gekozen voor '{header}'). "
                            f"Kies uit: {', '.join(names)}.",
                        ),
                    )
                )
                continue
        else:
            target_name = by_key.get(normalise_header(header))
            if target_name is None:
                ignored.append(header)
                continue
        chosen[header] = target_name
    by_target: dict[str, list[str]] = {}
    for header, target in chosen.items():
        by_target.setdefault(target, []).append(header)
    for target, hs in by_target.items():
        if len(hs) > 1:
            listed = ", ".join(f"'{h}'" for h in hs)
            problems.append(
                Problem(
                    None,
                    target,
                    message(
                        None, target, f"de kolommen {listed} horen allemaal bij deze kolom; kies er één."
                    ),
                )
            )
    for col in columns:
        if col.required and col.name not in by_target:
            problems.append(
                Problem(
                    None,
                    col.name,
                    message(
                        None,
                        col.name,
                        f"deze verplichte kolom ontbreekt in het bestand met {KIND_LABELS[kind]}.",
                    ),
                )
            )
    return chosen, ignored, problems


# --- cell parsing --------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _max_separators(name: str) -> int:
    return max((text.count(",") + text.count(";") for text in vocab.labels(name).values()), default=0)


def _split_codes(name: str, text: str) -> tuple[list[str], list[str]]:
    """(codes, unknown values) in a cell like 'Drugs, Online (bedreiging, drill, sexting); wapens'."""
    parts = re.split(r"([;,])", text)
    tokens, seps = parts[0::2], parts[1::2]
    span = _max_separators(name) + 1
    codes: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].strip():
            i += 1
            continue
        for j in range(min(len(tokens), i + span), i, -1):
            candidate = tokens[i] + "".join(seps[k] + tokens[k + 1] for k in range(i, j - 1))
            code = vocab.to_code(name, candidate)
            if code:
                if code not in codes:
                    codes.append(code)
                i = j
                break
        else:
            unknown.append(tokens[i].strip())
            i += 1
    return codes, unknown


class _RowReader:
    """Reads one row's cells into model values, collecting problems."""

    def __init__(self, kind: str, member_ids: set[str], pseudonyms: dict[str, str]) -> None:
        self.kind = kind
        self.member_ids = member_ids
        self.pseudonyms = pseudonyms  # pseudonym -> id, for members named by pseudonym
        self.problems: list[Problem] = []

    def problem(self, row: int, col: Column, text: str) -> None:
        self.problems.append(Problem(row, col.name, message(row, col.name, text)))

    def member_ref(self, token: str) -> str:
        if token in self.member_ids:
            return token
        return self.pseudonyms.get(token, token)

    def value(self, row: int, col: Column, raw: str) -> tuple[bool, Any]:
        """(ok, value); on a problem the value is not used."""
        if len(raw) > MAX_CELL:
            self.problem(row, col, f"de tekst is te lang ({len(raw)} tekens; maximaal {MAX_CELL}).")
            return False, None
        raw = unneutralise(raw)
        text = raw.strip()
        if col.type == "text":
            return True, raw
        if col.type == "id":
            if col.name in ("van", "naar"):
                return True, self.member_ref(text)
            return True, text
        if col.type == "year":
            if not text:
                return True, None
            if not re.fullmatch(r"\d{1,4}", text):
                self.problem(row, col, f"'{text}' is geen jaartal.")
                return False, None
            return True, int(text)
        if col.type == "strength":
            if not text:
                return True, 1
            if text.casefold() in STRENGTH_WORDS:
                return True, STRENGTH_WORDS[text.casefold()]
            if not re.fullmatch(r"-?\d{1,6}", text):
                self.problem(row, col, f"'{text}' is geen geldige sterkte (1, 2 of 3).")
                return False, None
            return True, int(text)
        if col.type == "date":
            try:
                return True, parse_date(text)
            except ValueError:
                self.problem(row, col, f"'{text}' is geen geldige datum (gebruik jjjj-mm-dd of dd-mm-jjjj).")
                return False, None
        if col.type == "code":
            assert col.vocab is not None
            if not text:
                return True, _default(self.kind, col)
            code = vocab.to_code(col.vocab, text)
            if code is None:
                choices = ", ".join(list(vocab.labels(col.vocab).values())[:12])
                self.problem(
                    row, col, f"'{text}' is geen bekende {VOCAB_NOUN[col.vocab]}. Kies uit: {choices}."
                )
                return False, None
            return True, code
        if col.type == "codes":
            assert col.vocab is not None
            codes, unknown = _split_codes(col.vocab, text)
            if unknown:
                listed = ", ".join(f"'{u}'" for u in unknown[:10])
                self.problem(
                    row,
                    col,
                    f"{listed} {'is geen bekende' if len(unknown) == 1 else 'zijn geen bekende'} "
                    f"{VOCAB_NOUN[col.vocab]}. Gebruik codes of namen uit de lijst, gescheiden door , of ;.",
                )
                return False, None
            return True, codes
        if col.type == "ids":
            return True, [self.member_ref(t.strip()) for t in re.split(r"[;,]", text) if t.strip()]
        raise AssertionError(col.type)  # pragma: no cover


def _default(kind: str, col: Column) -> Any:
    model = _MODEL[kind]
    f = next(f for f in dataclasses.fields(model) if f.name == col.attr)
    if f.default is not dataclasses.MISSING:
        return f.default
    return None


def _table_rows(table: pd.DataFrame) -> list[tuple[int, dict[str, str]]]:
    index = list(table.index)
    numbered = all(isinstance(i, int) and not isinstance(i, bool) for i in index)
    rows = []
    for pos, (idx, record) in enumerate(zip(index, table.to_dict("records"), strict=True), start=1):
        cells = {str(k): _cell(v) for k, v in record.items()}
        if not any(c.strip() for c in cells.values()):
            continue
        rows.append((int(idx) if numbered else pos, cells))
    return rows


# --- preview and apply ---------------------------------------------------------------------------


def preview_import(
    case: Case, kind: str, table: pd.DataFrame, mapping: Mapping[str, str | None] | None = None
) -> ImportPreview:
    """Read ``table`` as ``kind`` (members/leden, ties/relaties, incidents/incidenten) into a copy of ``case``.

    Returns every problem (row, Dutch column, Dutch message); ``new_case`` is the merged case when
    there are none, else None. ``case`` itself is never changed.
    """
    kind = kind_of(kind)
    columns = {c.name: c for c in COLUMNS[kind]}
    headers = [str(h) for h in table.columns]
    chosen, ignored, problems = resolve_mapping(headers, kind, mapping)
    preview = ImportPreview(kind=kind, mapping=dict(chosen), ignored_columns=ignored)
    if problems:
        preview.problems = problems
        return preview

    new_case = case.copy()
    existing: list[Any] = getattr(new_case, _CASE_LIST[kind])
    by_id = {item.id: i for i, item in enumerate(existing)}
    member_ids = {m.id for m in new_case.members}
    pseudonyms = {m.pseudonym: m.id for m in new_case.members if m.pseudonym}
    reader = _RowReader(kind, member_ids, pseudonyms)
    # Row numbers reported for each position in the merged list; None for untouched existing items.
    row_of: list[int | None] = [None] * len(existing)
    merged = list(existing)
    matched: set[str] = set()
    taken_pseudonyms = set(pseudonyms)
    if kind == "members" and "pseudoniem" in chosen.values():
        header = next(h for h, t in chosen.items() if t == "pseudoniem")
        taken_pseudonyms |= {unneutralise(_cell(v)).strip() for v in table[header]}

    for row, cells in _table_rows(table):
        values: dict[str, Any] = {}
        for header, target in chosen.items():
            col = columns[target]
            ok, value = reader.value(row, col, cells.get(header, ""))
            if ok:
                values[col.attr] = value
        key = values.get("id")
        if key and key in by_id and key not in matched:
            matched.add(key)
            pos = by_id[key]
            if kind == "members" and not values.get("pseudonym", "x"):
                del values["pseudonym"]  # an empty cell keeps the member's pseudonym
            item = dataclasses.replace(merged[pos], **values)
            merged[pos] = item
            row_of[pos] = row
            preview.updated += 1
        else:
            if kind == "ties":
                if not key:
                    values.pop("id", None)
                values.setdefault("source", "")
                values.setdefault("target", "")
            else:
                values.setdefault("id", "")
            item = _MODEL[kind](**values)
            merged.append(item)
            row_of.append(row)
            preview.added += 1
        if kind == "members" and not item.pseudonym:
            item.pseudonym = next_pseudonym(taken_pseudonyms)
            taken_pseudonyms.add(item.pseudonym)
        preview.rows.append(item)
        preview.row_numbers.append(row)

    setattr(new_case, _CASE_LIST[kind], merged)
    imported = set(preview.row_numbers)
    checked = _VALIDATE[kind](merged, new_case, rows=row_of)
    # A cell that could not be read already has its problem; validating its placeholder adds nothing.
    unread = {(p.row, p.field) for p in reader.problems}
    problems = reader.problems + [p for p in checked if p.row in imported and (p.row, p.field) not in unread]
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    preview.problems = problems
    preview.new_case = None if problems else new_case
    return preview


def apply_import(
    case: Case, kind: str, table: pd.DataFrame, mapping: Mapping[str, str | None] | None = None
) -> tuple[Case | None, list[Problem]]:
    """(new case, []) when the table imports cleanly, else (None, problems): nothing half-applied."""
    preview = preview_import(case, kind, table, mapping)
    return preview.new_case, preview.problems


def import_members(
    case: Case, table: pd.DataFrame, mapping: Mapping[str, str | None] | None = None
) -> tuple[list[Member], list[Problem]]:
    """(rows, problems) for a members table."""
    preview = preview_import(case, "members", table, mapping)
    return preview.rows, preview.problems


def import_ties(
    case: Case, table: pd.DataFrame, mapping: Mapping[str, str | None] | None = None
) -> tuple[list[Tie], list[Problem]]:
    """(rows, problems) for a ties table."""
    preview = preview_import(case, "ties", table, mapping)
    return preview.rows, preview.problems


def import_incidents(
    case: Case, table: pd.DataFrame, mapping: Mapping[str, str | None] | None = None
) -> tuple[list[Incident], list[Problem]]:
    """(rows, problems) for an incidents table."""
    preview = preview_import(case, "incidents", table, mapping)
    return preview.rows, preview.problems


FileArg = str | Path | tuple[bytes, str] | None


def import_files(
    case: Case, members: FileArg = None, ties: FileArg = None, incidents: FileArg = None
) -> tuple[Case | None, list[Problem]]:
    """Import up to three files (paths, or (bytes, filename) pairs) in the order members, ties, incidents.

    One workbook may serve for all three: its sheets Leden, Relaties and Incidenten are used.
    Returns (new case, []) or (None, problems); each message starts with the file name.
    """
    current = case
    problems: list[Problem] = []
    for kind, source in (("members", members), ("ties", ties), ("incidents", incidents)):
        if source is None:
            continue
        if isinstance(source, tuple):
            data, name = source
        else:
            name = Path(source).name
            try:
                data = Path(source).read_bytes()
            except OSError:
                problems.append(Problem(None, "bestand", f"{name}: het bestand kan niet worden geopend."))
                continue
        try:
            table = read_table(data, name, sheet=SHEETS[kind])
        except TableError as exc:
            problems.append(Problem(exc.row, "bestand", f"{name}: {exc}"))
            continue
        preview = preview_import(current, kind, table)
        if preview.problems:
            problems += [Problem(p.row, p.field, f"{name}: {p.message}") for p in preview.problems]
            continue
        assert preview.new_case is not None
        current = preview.new_case
    if problems:
        return None, problems
    return (current if current is not case else case.copy()), []
