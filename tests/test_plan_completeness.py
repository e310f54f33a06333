"""The completeness check finds each kind of gap, and none in a complete plan."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Case, Goal, Indicator, Measure, Member
from duiding.plan.completeness import GAP_KINDS, check_plan

TODAY = date(2026, 11, 30)


def complete_case() -> Case:
    """A small case whose plan has no gaps."""
    case = Case(name="Compleet", retention_date=date(2028, 1, 1))
    case.members = [
        Member("a", pseudonym="J01", typing="care"),
        Member("b", pseudonym="J02", typing="risk"),
    ]
    plan = case.plan
    plan.problem_definition = "Overlast en geweld op het plein."
    plan.goals = [Goal("g1", code="reduce_crime"), Goal("g2", text="Eigen doel: ouders betrekken")]
    plan.measures = [
        Measure(
            "m1",
            track="group",
            title="Brief aan ouders",
            goal_ids=["g2"],
            owner="municipality",
            deadline=date(2027, 1, 1),
            evaluation=date(2027, 2, 1),
        ),
        Measure(
            "m2",
            track="person",
            title="MST",
            goal_ids=["g1"],
            member_ids=["a"],
            owner="care",
            deadline=date(2027, 3, 1),
        ),
    ]
    plan.indicators = [Indicator("k1", name="Incidenten per maand", baseline=4, target=2)]
    plan.legal_basis = "AVG art. 6 lid 1 sub e"
    plan.access = "Alleen convenantpartners"
    plan.advice = "Prioriteit hoog."
    return case


def _no_problem_definition(c):
    c.plan.problem_definition = "  "


def _no_goals(c):
    c.plan.goals = []
    for m in c.plan.measures:
        m.goal_ids = []


def _goal_without_measure(c):
    c.plan.goals.append(Goal("g3", code="prevent_inflow"))


def _no_measures(c):
    c.plan.measures = []


def _no_owner(c):
    c.plan.measures[0].owner = None


def _no_deadline(c):
    c.plan.measures[1].deadline = None


def _measure_without_goal(c):
    c.plan.measures.append(
        Measure("m3", track="domain", title="Cameratoezicht", owner="municipality", deadline=date(2027, 1, 1))
    )


def _person_without_member(c):
    c.plan.measures.append(
        Measure("m3", track="person", title="Tools4U", goal_ids=["g1"], owner="om", deadline=date(2027, 1, 1))
    )


def _care_without_person_measure(c):
    c.plan.measures[1].member_ids = ["b"]


def _no_evaluation(c):
    c.plan.measures[0].evaluation = None


def _no_indicators(c):
    c.plan.indicators = []


def _indicator_without_target(c):
    c.plan.indicators[0].target = None


def _no_privacy(c):
    c.plan.access = ""


def _no_retention(c):
    c.retention_date = None


def _no_advice(c):
    c.plan.advice = ""


CASES = [
    (_no_problem_definition, "no_problem_definition", "De probleemdefinitie is nog leeg."),
    (_no_goals, "no_goals", "Er zijn nog geen doelen gekozen."),
    (
        _goal_without_measure,
        "goal_without_measure",
        "Doel 'Aanwas van nieuwe leden voorkomen' heeft geen maatregel.",
    ),
    (_no_measures, "no_measures", "Er zijn nog geen maatregelen."),
    (_no_owner, "measure_without_owner", "Maatregel 'Brief aan ouders' heeft geen eigenaar."),
    (_no_deadline, "measure_without_deadline", "Maatregel 'MST' heeft geen deadline."),
    (_measure_without_goal, "measure_without_goal", "Maatregel 'Cameratoezicht' is aan geen doel gekoppeld."),
    (
        _person_without_member,
        "person_measure_without_member",
        "Persoonsgerichte maatregel 'Tools4U' is aan geen lid gekoppeld.",
    ),
    (
        _care_without_person_measure,
        "care_without_person_measure",
        "J01 is getypeerd als zorgjongere maar heeft geen persoonsgerichte maatregel.",
    ),
    (
        _no_evaluation,
        "no_evaluation",
        "Er is geen evaluatiemoment gepland (vul bij een maatregel een evaluatiedatum in).",
    ),
    (_no_indicators, "no_indicators", "Er zijn geen indicatoren om de voortgang te volgen."),
    (
        _indicator_without_target,
        "indicator_without_target",
        "Indicator 'Incidenten per maand' heeft geen doel.",
    ),
    (_no_privacy, "no_privacy", "De privacyparagraaf is niet compleet: wie-ziet-wat ontbreekt."),
    (_no_retention, "no_retention", "Er is geen bewaartermijn (datum van verwijderen) vastgelegd."),
    (_no_advice, "no_advice", "Het advies over prioriteit voor de driehoek ontbreekt."),
]


def test_complete_plan_has_no_gaps():
    assert check_plan(complete_case(), today=TODAY) == []


def test_every_gap_kind_is_tested():
    assert {kind for _, kind, _ in CASES} == set(GAP_KINDS)


@pytest.mark.parametrize(("breaks", "kind", "message"), CASES, ids=[k for _, k, _ in CASES])
def test_each_gap_is_found(breaks, kind, message):
    case = complete_case()
    breaks(case)
    gaps = check_plan(case, today=TODAY)
    assert message in [g.message for g in gaps if g.kind == kind]
    assert all(g.section == GAP_KINDS[g.kind] for g in gaps)


def test_care_member_who_left_needs_no_measure():
    case = complete_case()
    case.plan.measures[1].member_ids = ["b"]
    case.members[0].last_seen = date(2026, 6, 1)
    assert [g.kind for g in check_plan(case, today=TODAY)] == []
