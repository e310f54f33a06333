"""The whole case as a versioned JSON bundle: ``{"format", "format_version", "case"}``.

The bundle is the lossless backup and transfer format: ``from_bundle(to_bundle(case)) == case``.
Bundles from a newer app version, of another format or damaged are refused with a Dutch message.
"""

from __future__ import annotations

import json
from typing import Any

from duiding.model import BUNDLE_FORMAT, BUNDLE_VERSION, Case

__all__ = ["BundleError", "bundle_json", "from_bundle", "read_bundle", "to_bundle"]


class BundleError(ValueError):
    """The data is not a case bundle this app can read; the message is Dutch and meant for the user."""


def to_bundle(case: Case) -> dict[str, Any]:
    """A JSON-ready dict holding the whole case, tagged with format name and version."""
    return {"format": BUNDLE_FORMAT, "format_version": BUNDLE_VERSION, "case": case.to_dict()}


def bundle_json(case: Case) -> bytes:
    """The bundle as UTF-8 JSON bytes (indented, readable, non-ASCII kept)."""
    return json.dumps(to_bundle(case), ensure_ascii=False, indent=1).encode("utf-8")


def from_bundle(data: dict[str, Any]) -> Case:
    """The case in a bundle dict; :class:`BundleError` (Dutch) when it cannot be read.

    >>> from_bundle(to_bundle(Case("Test", id="c1"))) == Case("Test", id="c1")
    True
    """
    if not isinstance(data, dict) or "format" not in data:
        raise BundleError("Dit is geen casusbestand van Groepsduiding: de formaatnaam ontbreekt.")
    if data.get("format") != BUNDLE_FORMAT:
        raise BundleError(
            f"Dit bestand heeft formaat '{data.get('format')}'; verwacht is '{BUNDLE_FORMAT}' (een Groepsduiding-casus)."
        )
    version = data.get("format_version", data.get("version"))
    if isinstance(version, bool) or not isinstance(version, int):
        raise BundleError("De formaatversie van dit casusbestand ontbreekt of is ongeldig.")
    if version > BUNDLE_VERSION:
        raise BundleError(
            f"Dit casusbestand heeft formaatversie {version} en is gemaakt met een nieuwere versie van de app; "
            f"deze versie leest tot en met formaatversie {BUNDLE_VERSION}. Werk de app bij."
        )
    if version < 1:
        raise BundleError(f"Formaatversie {version} bestaat niet.")
    body = data.get("case")
    if not isinstance(body, dict):
        raise BundleError("Het casusbestand bevat geen casus.")
    try:
        case = Case.from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        raise BundleError("Het casusbestand is beschadigd: de casus kan niet worden gelezen.") from None
    if not isinstance(case.name, str):
        raise BundleError("Het casusbestand is beschadigd: de casus heeft geen geldige naam.")
    return case


def read_bundle(data: bytes | str) -> Case:
    """The case in JSON bundle bytes (an uploaded .json file)."""
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError("Dit bestand is geen geldig JSON-bestand.") from None
    return from_bundle(parsed)
