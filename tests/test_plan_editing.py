"""Plan edits the page makes: texts, goals (links kept), measures validated in Dutch."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Case, Goal, Measure, Member
from duiding.plan.editing import remove_measure, set_goals, set_texts, upsert_measure


def _case() -> Case:
    case = Case(name="x", members=[Member("a", pseudonym="J01")])
    case.plan.goals = [Goal("g1", code="reduce_crime"), Goal("g2", text="Ouders betrekken")]
    case.plan.measures = [Measure("m1", title="Brief", goal_ids=["g1", "g2"])]
    return case


def test_set_texts_strips_and_removes_empty_section_text():
    case = _case()
    case.plan.texts["signals"] = "oud"
    new = set_texts(
        case, {"problem_definition": "  Overlast.  "}, {"signals": "  ", "advice": "Extra."}, date(2028, 1, 1)
    )
    assert (new.plan.problem_definition, new.plan.texts, new.retention_date) == (
        "Overlast.",
        {"advice": "Extra."},
        date(2028, 1, 1),
    )
    with pytest.raises(ValueError, match="Onbekend tekstveld 'titel'"):
        set_texts(case, {"titel": "x"})


def test_set_goals_keeps_ids_of_kept_goals_and_unlinks_removed_ones():
    new = set_goals(_case(), ["reduce_crime", "prevent_inflow"], ["Ouders betrekken", "", "ouders betrekken"])
    assert [g.code or g.text for g in new.plan.goals] == [
        "reduce_crime",
        "prevent_inflow",
        "Ouders betrekken",
    ]
    assert [g.id for g in new.plan.goals][0::2] == ["g1", "g2"]
    new = set_goals(new, ["prevent_inflow"], [])
    assert new.plan.measures[0].goal_ids == []
    with pytest.raises(ValueError, match="Onbekend doel: rust"):
        set_goals(_case(), ["rust"], [])


def test_upsert_adds_new_measure_and_replaces_existing_keeping_updates():
    case = _case()
    case.plan.measures[0].updates = []
    new = upsert_measure(case, Measure("", track="person", title=" MST ", member_ids=["a"], goal_ids=["g1"]))
    assert [m.title for m in new.plan.measures] == ["Brief", "MST"]
    assert new.plan.measures[1].id.startswith("m")
    changed = upsert_measure(new, Measure("m1", title="Brief aan ouders", owner="municipality"))
    assert [m.title for m in changed.plan.measures] == ["Brief aan ouders", "MST"]


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (Measure("", title=" "), "Geef de maatregel een titel."),
        (Measure("", title="x", member_ids=["zz"]), "Een gekoppeld lid bestaat niet (meer) in deze casus."),
        (Measure("", title="x", goal_ids=["g9"]), "Een gekoppeld doel bestaat niet (meer) in het plan."),
        (Measure("", title="x", owner="bakker"), "Onbekende eigenaar 'bakker'."),
        (
            Measure("", title="x", start=date(2027, 1, 1), deadline=date(2026, 1, 1)),
            "De deadline ligt vóór de startdatum.",
        ),
        (
            Measure("", title="x", start=date(2027, 1, 1), evaluation=date(2026, 1, 1)),
            "Het evaluatiemoment ligt vóór de startdatum.",
        ),
    ],
)
def test_invalid_measure_is_refused_with_dutch_message(measure, message):
    case = _case()
    with pytest.raises(ValueError) as info:
        upsert_measure(case, measure)
    assert message in str(info.value).splitlines()
    assert len(case.plan.measures) == 1


def test_remove_measure():
    assert remove_measure(_case(), "m1").plan.measures == []
    with pytest.raises(ValueError, match="Maatregel 'm9' bestaat niet"):
        remove_measure(_case(), "m9")


def test_upsert_indicator_adds_and_updates_keeping_values():
    from duiding.model import Indicator, IndicatorValue
    from duiding.plan.editing import remove_indicator, upsert_indicator

    case = _case()
    new = upsert_indicator(
        case, Indicator("", name=" Schoolverzuim ", baseline=6, target=2, unit="leerlingen")
    )
    (k,) = new.plan.indicators
    assert (k.name, k.baseline, k.target, k.unit, k.id.startswith("k")) == (
        "Schoolverzuim",
        6,
        2,
        "leerlingen",
        True,
    )
    k.values = [IndicatorValue(date(2026, 12, 1), 5.0)]
    changed = upsert_indicator(new, Indicator(k.id, name="Verzuim", baseline=6, target=3))
    assert (changed.plan.indicators[0].name, changed.plan.indicators[0].target) == ("Verzuim", 3)
    assert changed.plan.indicators[0].values == [IndicatorValue(date(2026, 12, 1), 5.0)]
    assert remove_indicator(changed, k.id).plan.indicators == []
    with pytest.raises(ValueError, match="Geef de indicator een naam."):
        upsert_indicator(case, Indicator("", name=" "))
    with pytest.raises(ValueError, match="Onbekende soort incident 'ruzie'"):
        upsert_indicator(case, Indicator("", name="x", problem="ruzie"))
