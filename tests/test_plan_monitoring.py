"""Monitoring: status updates, indicator values, what is late, incidents per month as indicator values."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Case, Incident, Indicator, IndicatorValue, Measure
from duiding.plan.monitoring import (
    incident_indicator_values,
    incidents_per_month,
    indicator_states,
    late_measures,
    propose_incident_indicators,
    record_status,
    record_value,
    refresh_incident_indicators,
)


def incident_case() -> Case:
    return Case(
        name="x",
        incidents=[
            Incident("i1", date(2026, 1, 5), "weapons"),
            Incident("i2", date(2026, 1, 20), "nuisance"),
            Incident("i3", date(2026, 3, 2), "weapons"),
            Incident("i4", None, "weapons"),
        ],
    )


def test_incidents_per_month_includes_empty_months():
    frame = incidents_per_month(incident_case())
    weapons = frame[frame["type"] == "weapons"]
    assert list(weapons["maand"]) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert list(weapons["aantal"]) == [1, 0, 1]
    assert set(frame["soort"]) == {"Wapens", "Overlast"}


def test_incident_indicator_values_per_month():
    values = incident_indicator_values(incident_case(), "weapons")
    assert [(v.date, v.value) for v in values] == [
        (date(2026, 1, 1), 1.0),
        (date(2026, 2, 1), 0.0),
        (date(2026, 3, 1), 1.0),
    ]


def test_proposed_indicator_has_monthly_average_as_baseline_and_leaves_the_target_to_the_meeting():
    (k,) = propose_incident_indicators(incident_case(), ["weapons"])
    assert (k.name, k.baseline, k.target, k.problem, k.kind, len(k.values)) == (
        "Incidenten per maand: wapens",
        0.7,
        None,
        "weapons",
        "incidents",
        3,
    )


def test_refresh_recomputes_incident_indicators_only():
    case = incident_case()
    case.plan.indicators = [
        Indicator("k1", name="wapens", problem="weapons"),
        Indicator("k2", name="schoolverzuim", values=[IndicatorValue(date(2026, 1, 1), 5.0)]),
    ]
    new = refresh_incident_indicators(case)
    assert [v.value for v in new.plan.indicators[0].values] == [1.0, 0.0, 1.0]
    assert [v.value for v in new.plan.indicators[1].values] == [5.0]
    assert case.plan.indicators[0].values == []


def test_record_status_sets_current_status_and_keeps_history():
    case = Case(name="x")
    case.plan.measures = [Measure("m1", title="Toezicht")]
    new = record_status(case, "m1", "running", date(2026, 12, 1), "gestart")
    new = record_status(new, "m1", "done", date(2027, 2, 1))
    (m,) = new.plan.measures
    assert m.status == "done"
    assert [(u.date, u.status) for u in m.updates] == [
        (date(2026, 12, 1), "running"),
        (date(2027, 2, 1), "done"),
    ]
    assert case.plan.measures[0].updates == []


def test_record_status_refuses_unknown_status_or_measure():
    case = Case(name="x")
    case.plan.measures = [Measure("m1")]
    with pytest.raises(ValueError, match="Onbekende status 'klaar'"):
        record_status(case, "m1", "klaar", date(2026, 1, 1))
    with pytest.raises(ValueError, match="Maatregel 'm9' bestaat niet"):
        record_status(case, "m9", "done", date(2026, 1, 1))


def test_record_value_replaces_same_date_and_keeps_order():
    case = Case(name="x")
    case.plan.indicators = [Indicator("k1", name="wapens", baseline=2, target=1)]
    new = record_value(case, "k1", date(2026, 3, 1), 3)
    new = record_value(new, "k1", date(2026, 1, 1), 2)
    new = record_value(new, "k1", date(2026, 3, 1), 1)
    assert [(v.date, v.value) for v in new.plan.indicators[0].values] == [
        (date(2026, 1, 1), 2.0),
        (date(2026, 3, 1), 1.0),
    ]
    (state,) = indicator_states(new)
    assert state.on_target is True
    assert state.message == "wapens: 1 (01-03-2026), doel 1: doel gehaald."


def test_late_measures_as_of_a_date():
    case = Case(name="x")
    case.plan.measures = [
        Measure("m1", title="Toezicht", status="running", deadline=date(2026, 11, 1)),
        Measure("m2", title="Brief", status="planned", start=date(2026, 11, 20)),
        Measure("m3", title="MST", status="running", evaluation=date(2026, 11, 15)),
        Measure("m4", title="Klaar", status="done", deadline=date(2026, 1, 1)),
        Measure("m5", title="Later", status="running", deadline=date(2027, 1, 1)),
    ]
    late = late_measures(case, date(2026, 11, 30))
    assert [(i.measure_id, i.kind, i.days_late) for i in late] == [
        ("m1", "deadline", 29),
        ("m3", "evaluation", 15),
        ("m2", "start", 10),
    ]
    assert late[0].message == "'Toezicht': deadline 01-11-2026 verstreken, status lopend."
    updated = record_status(case, "m3", "running", date(2026, 11, 20), "geëvalueerd")
    assert "m3" not in {i.measure_id for i in late_measures(updated, date(2026, 11, 30))}
