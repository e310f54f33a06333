"""Store errors; ``str(error)`` is a Dutch message fit for the user."""

from __future__ import annotations

from datetime import datetime

__all__ = ["CaseExists", "CaseNotFound", "SnapshotNotFound", "StoreError", "VersionConflict", "local_time"]


class StoreError(Exception):
    """Base class of store errors; ``str(error)`` is a Dutch message fit for the user."""


class CaseNotFound(StoreError):
    def __init__(self, case_id: str):
        self.case_id = case_id
        super().__init__(
            f"Casus '{case_id}' bestaat niet (meer). Misschien is hij intussen verwijderd; kies een andere casus."
        )


class SnapshotNotFound(StoreError):
    def __init__(self, snapshot_id: int):
        self.snapshot_id = snapshot_id
        super().__init__(f"Vastgelegde versie {snapshot_id} bestaat niet (meer).")


class CaseExists(StoreError):
    def __init__(self, case_id: str):
        self.case_id = case_id
        super().__init__(f"Er bestaat al een casus met id '{case_id}'. De casus is niet opnieuw aangemaakt.")


class VersionConflict(StoreError):
    """The case was changed by someone else since it was loaded; nothing was written."""

    def __init__(
        self,
        case_id: str,
        expected: int,
        current: int,
        updated_by: str = "",
        updated_at: datetime | None = None,
    ):
        self.case_id = case_id
        self.expected = expected
        self.current = current
        self.updated_by = updated_by
        self.updated_at = updated_at
        who = f"door {updated_by}" if updated_by else "door iemand anders"
        when = f" om {local_time(updated_at)}" if updated_at else ""
        super().__init__(
            f"Deze casus is intussen {who}{when} gewijzigd (nu versie {current}, u werkte met versie "
            f"{expected}). Uw wijziging is niet opgeslagen. Laad de casus opnieuw en voer uw wijziging "
            f"daarna nog eens in."
        )


def local_time(value: datetime) -> str:
    """Dutch wall-clock time for messages (Europe/Amsterdam when the time zone database is there)."""
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo("Europe/Amsterdam")
    except Exception:  # no tz database on this machine: use the server's local time
        zone = None
    return value.astimezone(zone).strftime("%d-%m-%Y %H:%M")
