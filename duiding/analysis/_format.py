"""Dutch number formatting and competition ranks, shared by the reasons and the narrative."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

__all__ = ["nl", "pct", "ordinal", "ranks", "top_count"]


def nl(value: float | int | None, digits: int = 2) -> str:
    """Dutch notation: a decimal comma and a dot for thousands (``1.234,56``).

    >>> nl(0.4217), nl(1500, 0)
    ('0,42', '1.500')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def pct(share: float, digits: int = 0) -> str:
    """A share as a Dutch percentage: ``pct(0.5) == '50 %'``."""
    return f"{nl(100 * share, digits)} %"


def ordinal(rank: int) -> str:
    """Dutch ordinal: 1e, 2e, 3e."""
    return f"{rank}e"


def ranks(values: Mapping[str, float | int | None], *, digits: int = 9) -> dict[str, int]:
    """Competition ranks, highest value first (1, 2, 2, 4); equal within ``digits`` decimals share a rank.

    Missing values rank last.

    >>> ranks({"a": 3, "b": 5, "c": 3})
    {'a': 2, 'b': 1, 'c': 2}
    """
    if not values:
        return {}
    keys = list(values)
    raw = np.array([-np.inf if v is None else float(v) for v in values.values()], dtype=float)
    raw[np.isnan(raw)] = -np.inf
    rounded = np.round(raw, digits)
    # Competition rank = 1 + number of strictly greater values.
    ordered = np.sort(rounded)
    greater = len(ordered) - np.searchsorted(ordered, rounded, side="right")
    return dict(zip(keys, (greater + 1).tolist(), strict=True))


def top_count(n: int, share: float) -> int:
    """How many ranks count as 'the top ``share``' of ``n`` members: at least 1."""
    return max(1, math.floor(share * n))
