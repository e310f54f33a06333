"""Charts of a case's own records (incidents over time). Functions return ``alt.Chart`` values.

No user-typed text goes into a chart: only dates, vocabulary labels and counts, so tooltips can never
carry markup.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from duiding import vocab
from duiding.model import Case

__all__ = ["incident_timeline", "incidents_per_month"]

_UNKNOWN = "Onbekend"


def _incident_rows(case: Case) -> pd.DataFrame:
    rows = [
        {
            "datum": pd.Timestamp(inc.date),
            "soort": vocab.label("problem", inc.type) or _UNKNOWN,
            "leden": len(inc.members),
        }
        for inc in case.incidents
        if inc.date is not None
    ]
    return pd.DataFrame(rows, columns=["datum", "soort", "leden"])


def _type_order(frame: pd.DataFrame) -> list[str]:
    known = [vocab.label("problem", c) for c in vocab.codes("problem")]
    present = set(frame["soort"])
    return [t for t in known if t in present] + sorted(present - set(known))


def incident_timeline(case: Case) -> alt.Chart:
    """One dot per dated incident: date across, problem type down, dot size = members involved.

    >>> from duiding.model import Case, Incident
    >>> from datetime import date
    >>> spec = incident_timeline(Case("x", incidents=[Incident("i1", date(2026, 1, 5), "violence")])).to_dict()
    >>> spec["mark"]["type"]
    'circle'
    """
    frame = _incident_rows(case)
    order = _type_order(frame)
    return (
        alt.Chart(frame, title="Incidenten in de tijd, per soort")
        .mark_circle(opacity=0.85, stroke="#111827", strokeWidth=0.5)
        .encode(
            x=alt.X("datum:T", title="Datum", axis=alt.Axis(format="%m-%Y", labelAngle=0)),
            y=alt.Y("soort:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            size=alt.Size(
                "leden:Q",
                title="Betrokken leden",
                scale=alt.Scale(range=[60, 400]),
                legend=alt.Legend(
                    orient="bottom", format="d", values=sorted({int(n) for n in frame["leden"]}) or [0]
                ),
            ),
            color=alt.Color("soort:N", sort=order, legend=None, scale=alt.Scale(scheme="dark2")),
            tooltip=[
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("soort:N", title="Soort"),
                alt.Tooltip("leden:Q", title="Betrokken leden"),
            ],
        )
        .properties(height=max(120, 36 * max(1, len(order))))
    )


def incidents_per_month(case: Case) -> pd.DataFrame:
    """Number of dated incidents per month (``maand`` as 'jjjj-mm') and problem type (wide table)."""
    frame = _incident_rows(case)
    if frame.empty:
        return pd.DataFrame(columns=["maand"])
    frame["maand"] = frame["datum"].dt.strftime("%Y-%m")
    table = frame.pivot_table(index="maand", columns="soort", values="leden", aggfunc="count", fill_value=0)
    return table.reset_index()
