"""Steps 6–7: measure status over time, indicator values, what is late, incidents per month.

Every function that changes something returns a new case; the case passed in is never changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from duiding import vocab
from duiding.model import Case, Indicator, IndicatorValue, StatusUpdate, new_id

__all__ = [
    "IndicatorState",
    "LateItem",
    "add_indicator",
    "incident_indicator_values",
    "incidents_per_month",
    "indicator_frame",
    "indicator_states",
    "late_measures",
    "month_range",
    "propose_incident_indicators",
    "propose_other_indicators",
    "record_status",
    "record_value",
    "refresh_incident_indicators",
]

CLOSED = {"done", "stopped"}


def _nl(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def month_range(first: date, last: date) -> list[date]:
    """First days of every month from ``first`` to ``last`` inclusive."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def incidents_per_month(case: Case, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """Counts of incidents per month and type, months without incidents included as zero.

    Columns: ``maand`` (first day of the month), ``type`` (code), ``soort`` (Dutch label), ``aantal``.
    Empty frame (same columns) when no incident has a date.
    """
    columns = ["maand", "type", "soort", "aantal"]
    dated = [i for i in case.incidents if i.date and i.type]
    if start:
        dated = [i for i in dated if i.date >= start]
    if end:
        dated = [i for i in dated if i.date <= end]
    if not dated:
        return pd.DataFrame(columns=columns)
    counts = Counter((date(i.date.year, i.date.month, 1), i.type) for i in dated)
    months = month_range(start or min(i.date for i in dated), end or max(i.date for i in dated))
    types = [t for t in vocab.codes("problem") if any(k[1] == t for k in counts)]
    types += sorted({k[1] for k in counts} - set(types))
    rows = [
        {
            "maand": m,
            "type": t,
            "soort": vocab.label("problem", t).split(" (")[0],
            "aantal": counts.get((m, t), 0),
        }
        for m in months
        for t in types
    ]
    return pd.DataFrame(rows, columns=columns)


def incident_indicator_values(
    case: Case, problem: str | None, until: date | None = None
) -> list[IndicatorValue]:
    """Incidents of one type (or all, when ``problem`` is None) per month, as indicator values."""
    dated = [i for i in case.incidents if i.date and i.type and (problem is None or i.type == problem)]
    all_dated = [i.date for i in case.incidents if i.date]
    if not all_dated:
        return []
    last = until or max(all_dated)
    counts = Counter(date(i.date.year, i.date.month, 1) for i in dated if i.date <= last)
    return [IndicatorValue(date=m, value=float(counts.get(m, 0))) for m in month_range(min(all_dated), last)]


def refresh_incident_indicators(case: Case, until: date | None = None) -> Case:
    """A copy whose incident-based indicators (``problem`` set) carry values computed from incidents."""
    new = case.copy()
    for indicator in new.plan.indicators:
        if indicator.problem:
            problem = None if indicator.problem == "all" else indicator.problem
            indicator.values = incident_indicator_values(new, problem, until)
    return new


def propose_incident_indicators(case: Case, problems: list[str] | None = None) -> list[Indicator]:
    """'Incidenten per maand: <type>' indicators with the monthly average so far as baseline.

    No target is proposed: the meeting chooses it (and registered incidents often rise at first when
    supervision increases).
    Without ``problems``, the three most frequent incident types are used.
    """
    counts = Counter(i.type for i in case.incidents if i.type and i.date)
    if problems is None:
        problems = [code for code, _ in counts.most_common(3)]
    dated = [i.date for i in case.incidents if i.date]
    months = len(month_range(min(dated), max(dated))) if dated else 0
    indicators = []
    for code in problems:
        baseline = round(counts.get(code, 0) / months, 1) if months else None
        indicators.append(
            Indicator(
                id=new_id("k"),
                name=f"Incidenten per maand: {vocab.label('problem', code).split(' (')[0].lower()}",
                baseline=baseline,
                target=None,
                unit="per maand",
                problem=code,
                kind="incidents",
                values=incident_indicator_values(case, code),
            )
        )
    return indicators


def add_indicator(case: Case, indicator: Indicator) -> Case:
    new = case.copy()
    new.plan.indicators.append(indicator)
    return new


def record_status(case: Case, measure_id: str, status: str, day: date, note: str = "") -> Case:
    """A copy with a status update on one measure (its current status becomes ``status``)."""
    if status not in vocab.codes("measure_status"):
        raise ValueError(f"Onbekende status '{status}'.")
    new = case.copy()
    measure = next((m for m in new.plan.measures if m.id == measure_id), None)
    if measure is None:
        raise ValueError(f"Maatregel '{measure_id}' bestaat niet in dit plan.")
    measure.updates.append(StatusUpdate(date=day, status=status, note=note))
    measure.updates.sort(key=lambda u: u.date or date.min)
    measure.status = measure.updates[-1].status
    return new


def record_value(case: Case, indicator_id: str, day: date, value: float) -> Case:
    """A copy with one measured value on an indicator (a value on the same date is replaced)."""
    new = case.copy()
    indicator = next((k for k in new.plan.indicators if k.id == indicator_id), None)
    if indicator is None:
        raise ValueError(f"Indicator '{indicator_id}' bestaat niet in dit plan.")
    indicator.values = [v for v in indicator.values if v.date != day]
    indicator.values.append(IndicatorValue(date=day, value=float(value)))
    indicator.values.sort(key=lambda v: v.date or date.min)
    return new


@dataclass(frozen=True)
class LateItem:
    measure_id: str
    title: str
    kind: str  # "deadline", "evaluation" or "start"
    due: date
    days_late: int
    message: str


def late_measures(case: Case, as_of: date) -> list[LateItem]:
    """What is late on ``as_of``: open measures past their deadline, evaluations without an update
    since the evaluation date, and planned measures whose start date has passed. Most late first."""
    items: list[LateItem] = []
    for m in case.plan.measures:
        if m.status in CLOSED:
            continue
        title = m.title or "(maatregel zonder titel)"
        if m.deadline and m.deadline < as_of:
            items.append(
                LateItem(
                    m.id,
                    title,
                    "deadline",
                    m.deadline,
                    (as_of - m.deadline).days,
                    f"'{title}': deadline {_nl(m.deadline)} verstreken, status "
                    f"{vocab.label('measure_status', m.status).lower()}.",
                )
            )
        if (
            m.evaluation
            and m.evaluation < as_of
            and not any(u.date and u.date >= m.evaluation for u in m.updates)
        ):
            items.append(
                LateItem(
                    m.id,
                    title,
                    "evaluation",
                    m.evaluation,
                    (as_of - m.evaluation).days,
                    f"'{title}': evaluatiemoment {_nl(m.evaluation)} verstreken zonder statusupdate.",
                )
            )
        if m.status == "planned" and m.start and m.start < as_of:
            items.append(
                LateItem(
                    m.id,
                    title,
                    "start",
                    m.start,
                    (as_of - m.start).days,
                    f"'{title}': zou starten op {_nl(m.start)}, maar staat nog op gepland.",
                )
            )
    items.sort(key=lambda i: (-i.days_late, i.title))
    return items


@dataclass(frozen=True)
class IndicatorState:
    indicator: Indicator
    latest: IndicatorValue | None
    on_target: bool | None  # None when there is no target or no value yet
    message: str


def indicator_states(case: Case) -> list[IndicatorState]:
    """Per indicator: the latest value and whether it meets the target.

    Lower is better when the target is below the baseline (incidents), higher otherwise.
    """
    states = []
    for k in case.plan.indicators:
        values = [v for v in k.values if v.value is not None]
        latest = max(values, key=lambda v: v.date or date.min) if values else None
        if latest is None:
            states.append(IndicatorState(k, None, None, f"{k.name}: nog geen meting."))
            continue
        shown = f"{latest.value:g}" + (f" {k.unit}" if k.unit else "")
        if k.target is None:
            states.append(
                IndicatorState(k, latest, None, f"{k.name}: {shown} ({_nl(latest.date)}); geen doel.")
            )
            continue
        lower_better = k.baseline is None or k.target <= k.baseline
        ok = latest.value <= k.target if lower_better else latest.value >= k.target
        verdict = "doel gehaald" if ok else "doel nog niet gehaald"
        states.append(
            IndicatorState(
                k, latest, ok, f"{k.name}: {shown} ({_nl(latest.date)}), doel {k.target:g}: {verdict}."
            )
        )
    return states


def indicator_frame(case: Case) -> pd.DataFrame:
    """Long frame for charts: ``indicator``, ``datum``, ``waarde``, ``reeks`` (gemeten/doel/nulmeting)."""
    rows = []
    for k in case.plan.indicators:
        values = [v for v in k.values if v.date and v.value is not None]
        for v in values:
            rows.append({"indicator": k.name, "datum": v.date, "waarde": v.value, "reeks": "gemeten"})
        if values:
            first, last = values[0].date, values[-1].date
            for value, series in ((k.target, "doel"), (k.baseline, "nulmeting")):
                if value is not None:
                    rows += [
                        {"indicator": k.name, "datum": d, "waarde": value, "reeks": series}
                        for d in (first, last)
                    ]
    return pd.DataFrame(rows, columns=["indicator", "datum", "waarde", "reeks"])


def propose_other_indicators(
    case: Case, core_size: int | None = None, as_of: date | None = None
) -> list[Indicator]:
    """Indicators of other kinds than incidents, with a baseline from the case where it has one:
    school attendance, contact with youth work, members in the core of the group (``core_size`` from
    the analysis at the peildatum) and measures on schedule. The meeting sets every target."""
    active = [m for m in case.members if m.active_on(as_of)]
    at_school = sum(1 for m in active if "school_engaged" in m.protective_factors)
    youth_work = sum(1 for m in active if "youth_work" in m.protective_factors)
    return [
        Indicator(
            new_id("k"),
            name="Leden die naar school gaan",
            baseline=float(at_school),
            unit="leden",
            kind="school",
        ),
        Indicator(
            new_id("k"),
            name="Leden met contact met het jongerenwerk",
            baseline=float(youth_work),
            unit="leden",
            kind="youth_work",
        ),
        Indicator(
            new_id("k"),
            name="Leden in de kern van de groep",
            baseline=float(core_size) if core_size is not None else None,
            unit="leden",
            kind="core",
        ),
        Indicator(new_id("k"), name="Maatregelen volgens planning", baseline=None, unit="%", kind="schedule"),
    ]
