"""Read an uploaded CSV or XLSX file into a DataFrame of strings, or refuse it with a Dutch message.

CSV: the encoding is tried in the order UTF-16 (by its byte-order mark, Excel's "Unicode-tekst"),
UTF-8 with or without BOM, then cp1252 (Dutch Excel's default); the delimiter is the one of ``;``,
``,`` and tab that occurs most in the header line. XLSX is read with openpyxl (cached values, never
formulas). The result has one column per header, every cell a ``str`` ('' when empty), control
characters other than tab and line breaks removed, rows that are entirely empty dropped, and as
index the 1-based data row number the user sees (row 1 is the first row under the header).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import PurePath

import pandas as pd

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "TableError", "read_table"]

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx is a zip file: refuse zip bombs before opening it

# Characters XML (and so XLSX) cannot hold; they never belong in a case anyway.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DELIMITERS = (";", ",", "\t")

csv.field_size_limit(MAX_BYTES)


class TableError(ValueError):
    """The file cannot be read as a table; the message is Dutch and meant for the user.

    ``row`` is the data row the message names, when it names one.
    """

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


def read_table(data: bytes, filename: str, sheet: str | None = None) -> pd.DataFrame:
    """The first (or the named) table in ``data``, read according to the file name's extension.

    Raises :class:`TableError` with a Dutch message for files that are too large, of an unknown
    type, damaged, or not a table.

    >>> read_table("id;naam\\r\\nm01;Dex\\r\\n".encode("cp1252"), "leden.csv").loc[1, "naam"]
    'Dex'
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TableError("Het bestand kon niet worden gelezen.")
    if len(data) > MAX_BYTES:
        raise TableError(
            f"Het bestand is te groot ({len(data) / 1024 / 1024:.1f} MB); "
            f"het maximum is {MAX_BYTES // 1024 // 1024} MB."
        )
    if not data.strip():
        raise TableError("Het bestand is leeg.")
    suffix = PurePath(filename or "").suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix in (".xlsx", ".xlsm") or (is_zip and suffix in ("", ".csv", ".txt")):
        if not is_zip:
            raise TableError(
                "Dit is geen geldig Excel-bestand (.xlsx); het bestand is beschadigd of heeft een ander formaat."
            )
        rows = _xlsx_rows(bytes(data), sheet)
    elif suffix == ".xls":
        raise TableError(
            "Het oude Excel-formaat (.xls) wordt niet ondersteund. Sla het bestand op als .xlsx of CSV."
        )
    elif suffix in (".csv", ".txt", ".tsv", ""):
        rows = _csv_rows(bytes(data))
    else:
        raise TableError(
            f"Bestandstype '{suffix}' wordt niet ondersteund. Gebruik CSV (.csv) of Excel (.xlsx)."
        )
    return _frame(rows)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError("Het bestand heeft een onleesbare tekencodering (UTF-16).") from None
    if b"\x00" in data:
        raise TableError(
            "Dit lijkt geen tekstbestand: het bevat binaire gegevens. Gebruik CSV of Excel (.xlsx)."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        "De tekencodering van het bestand is onbekend. Sla het op als 'CSV UTF-8' of als Excel-bestand (.xlsx)."
    )


def _sniff_delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the first in DELIMITERS, ';'
    return best if counts[best] else ";"


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    hint = re.match(r"sep=(.)\r?\n", text)
    if hint:
        text = text[hint.end() :]
    delimiter = hint[1] if hint else _sniff_delimiter(text)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise TableError(
                    f"Het bestand heeft meer dan {MAX_ROWS} rijen; splits het op in kleinere bestanden."
                )
    except csv.Error:
        raise TableError(
            f"Het bestand is geen geldige CSV (fout rond regel {len(rows) + 1}). "
            "Controleer aanhalingstekens en scheidingstekens."
        ) from None
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _xlsx_rows(data: bytes, sheet: str | None) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TableError("Dit Excel-bestand is beschadigd of geen .xlsx-bestand.") from None
    if unpacked > MAX_UNPACKED:
        raise TableError(
            f"Dit Excel-bestand is uitgepakt te groot (meer dan {MAX_UNPACKED // 1024 // 1024} MB). "
            "Sla alleen de tabel op, als CSV of als een kleiner .xlsx-bestand."
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        SyntaxError,
    ):
        raise TableError("Dit Excel-bestand is beschadigd of geen .xlsx-bestand.") from None
    except Exception:  # openpyxl raises many kinds of errors on hostile files
        raise TableError("Dit Excel-bestand kon niet worden gelezen.") from None
    try:
        names = book.sheetnames
        if not names:
            raise TableError("Het Excel-bestand bevat geen werkbladen.")
        chosen = next((n for n in names if sheet and n.casefold() == sheet.casefold()), names[0])
        rows: list[list[str]] = []
        for values in book[chosen].iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values[: MAX_COLUMNS + 1]])
            if len(rows) > MAX_ROWS + 1:
                raise TableError(
                    f"Het werkblad heeft meer dan {MAX_ROWS} rijen; splits het op in kleinere bestanden."
                )
        return rows
    except TableError:
        raise
    except Exception:
        raise TableError("Dit Excel-bestand is beschadigd en kon niet helemaal worden gelezen.") from None
    finally:
        book.close()


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    rows = [[CONTROL_CHARS.sub("", cell) for cell in row] for row in rows]
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise TableError("Het bestand is leeg.")
    header = [cell.strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise TableError("De eerste rij van het bestand (de kopregel met kolomnamen) is leeg.")
    if len(header) > MAX_COLUMNS:
        raise TableError(f"Het bestand heeft meer dan {MAX_COLUMNS} kolommen.")
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise TableError(f"Kolom '{name}' komt twee keer voor in de kopregel.")
        seen.add(name)
    width = len(header)
    body: list[list[str]] = []
    index: list[int] = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise TableError(
                f"Rij {number} heeft {len(row)} waarden, maar de kopregel heeft {width} kolommen. "
                "Controleer het scheidingsteken en de aanhalingstekens.",
                row=number,
            )
        body.append((row + [""] * width)[:width])
        index.append(number)
    for i, name in enumerate(header):
        if not name and any(row[i].strip() for row in body):
            raise TableError(f"Kolom {i + 1} in de kopregel heeft geen naam, maar bevat wel gegevens.")
    keep = [i for i, name in enumerate(header) if name]
    body = [[row[i] for i in keep] for row in body]
    header = [header[i] for i in keep]
    return pd.DataFrame(body, columns=header, index=pd.Index(index, name="rij"), dtype=object)
