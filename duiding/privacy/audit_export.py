"""The audit log as a spreadsheet-safe CSV download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from duiding.io.formulas import neutralise_cell

__all__ = ["audit_csv", "neutralise_cell"]


def audit_csv(entries: Iterable) -> bytes:
    """The audit log as CSV (UTF-8 with BOM, ``;``), formulas neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(["nr", "tijdstip", "gebruiker", "casus", "actie", "omschrijving"])
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "",
                neutralise_cell(e.user),
                neutralise_cell(e.case_id or ""),
                neutralise_cell(e.action),
                neutralise_cell(e.detail),
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
