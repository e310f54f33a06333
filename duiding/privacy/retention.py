"""Retention and proportionality reviews: cases kept too long, members due for a review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duiding.model import Case

__all__ = ["ReviewDue", "cases_past_retention", "reviews_due"]


def cases_past_retention(store, today: date | None = None) -> list:
    """Case summaries whose retention date lies before ``today`` (from the store)."""
    return store.cases_past_retention(today or date.today())


@dataclass(frozen=True)
class ReviewDue:
    member_id: str
    pseudonym: str
    review_date: date | None  # None: no review date recorded (a review is due now)
    days_overdue: int | None


def reviews_due(case: Case, today: date | None = None, within_days: int = 0) -> list[ReviewDue]:
    """Members whose proportionality review date is on or before ``today`` + ``within_days``, and
    members without a review date; members without a date first, then the most overdue first."""
    today = today or date.today()
    due = []
    for m in case.members:
        if m.review_date is None:
            due.append(ReviewDue(m.id, m.pseudonym or m.id, None, None))
        elif (m.review_date - today).days <= within_days:
            due.append(ReviewDue(m.id, m.pseudonym or m.id, m.review_date, (today - m.review_date).days))
    return sorted(due, key=lambda r: (r.review_date is not None, r.review_date or date.min, r.pseudonym))
