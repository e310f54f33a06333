"""The completeness check finds each kind of gap, and none in a complete plan."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Assessment, Capacity, Case, Goal, Indicator, Measure, Member, PlanContact
from duiding.plan.completeness import FIX_AT, GAP_KINDS, check_plan, open_points_text

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
    smart = {"result": "Geen geweld meer op het plein", "term": date(2027, 6, 1), "target_group": "de groep"}
    plan.goals = [
        Goal("g1", code="reduce_crime", **smart),
        Goal("g2", text="Eigen doel: ouders betrekken", **smart),
    ]
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
        Measure(
            "m3",
            track="domain",
            title="Gebiedsverbod",
            goal_ids=["g1"],
            owner="municipality",
            deadline=date(2027, 3, 1),
            intervention="D-GEBIEDSVERBOD",
            proportionality="Aanspreken en brief hielpen niet; beperkt tot het plein en drie maanden.",
        ),
    ]
    plan.indicators = [
        Indicator("k1", name="Incidenten per maand", baseline=4, target=2, problem="all"),
        Indicator("k2", name="Leden naar school", baseline=1, target=2, kind="school"),
    ]
    plan.legal_basis = "AVG art. 6 lid 1 sub e"
    plan.access = "Alleen convenantpartners"
    plan.advice = "Wapens en escalatie wegen zwaar."
    plan.priority = "high"
    plan.summary_group = "Twee groepjes."
    plan.summary_situation = "Geweld op het plein."
    plan.summary_proposal = "Drie sporen."
    plan.decisions_asked = ["Prioriteit hoog vaststellen."]
    plan.regie = [
        PlanContact("municipality", "Procesregisseur", "Gemeente"),
        PlanContact("police", "Wijkagent", "Politie", agreed_on=date(2026, 11, 24)),
        PlanContact("om", "Officier van justitie", "OM", agreed_on=date(2026, 11, 25)),
    ]
    plan.organisation = "Elke vier weken overleg; opschalen naar de driehoek bij escalatie."
    plan.capacity = [Capacity("municipality", "12 uur per week"), Capacity("care", "gezinscoach")]
    plan.communication = {
        code: "Brief en bijeenkomst." for code in ("residents", "shopkeepers", "youths_parents", "media")
    }
    plan.exit_criteria = "Drie maanden geen geweld."
    plan.safeguarding = "Overdracht aan wijkagent."
    plan.risks = "Verplaatsing naar het station."
    case.conclusions = {code: "Beantwoord." for code in ("causes", "hierarchy", "typing", "opportunities")}
    case.beke = {
        code: Assessment("high", "Toelichting.") for code in ("severity", "risks", "development", "impact")
    }
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
        Measure("m4", track="domain", title="Cameratoezicht", owner="municipality", deadline=date(2027, 1, 1))
    )


def _person_without_member(c):
    c.plan.measures.append(
        Measure(
            "m4", track="person", title="Mentor", goal_ids=["g1"], owner="care", deadline=date(2027, 1, 1)
        )
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


def _no_summary(c):
    c.plan.summary_situation = " "


def _no_priority(c):
    c.plan.priority = None


def _no_decisions_asked(c):
    c.plan.decisions_asked = ["  "]


def _question_unanswered(c):
    del c.conclusions["hierarchy"]


def _beke_not_argued(c):
    c.beke["impact"] = Assessment("unknown", "")


def _goal_not_smart(c):
    c.plan.goals[1].term = None
    c.plan.goals[1].target_group = ""


def _track_not_covered(c):
    c.plan.measures = [m for m in c.plan.measures if m.track != "domain"]


def _track_with_reason_is_covered(c):
    c.plan.measures = [m for m in c.plan.measures if m.track != "domain"]
    c.plan.track_reasons["domain"] = "De plek is al aangepakt."


def _no_proportionality(c):
    c.plan.measures[2].proportionality = ""


def _no_regie(c):
    c.plan.regie = [x for x in c.plan.regie if x.partner != "om"]


def _no_agreement(c):
    c.plan.regie[1].agreed_on = None


def _no_organisation(c):
    c.plan.organisation = ""


def _no_capacity(c):
    c.plan.capacity = [x for x in c.plan.capacity if x.partner != "care"]


def _no_communication(c):
    del c.plan.communication["youths_parents"]


def _indicators_one_kind(c):
    c.plan.indicators = c.plan.indicators[:1]


def _no_exit_criteria(c):
    c.plan.safeguarding = ""


def _no_risks(c):
    c.plan.risks = ""


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
    (_no_deadline, "measure_without_deadline", "Maatregel 'MST' heeft geen datum 'uiterlijk gereed'."),
    (_measure_without_goal, "measure_without_goal", "Maatregel 'Cameratoezicht' is aan geen doel gekoppeld."),
    (
        _person_without_member,
        "person_measure_without_member",
        "Persoonsgerichte maatregel 'Mentor' is aan geen lid gekoppeld.",
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
        "Indicator 'Incidenten per maand' heeft geen streefwaarde.",
    ),
    (_no_privacy, "no_privacy", "De privacyparagraaf is niet compleet: wie-ziet-wat ontbreekt."),
    (_no_retention, "no_retention", "Er is geen bewaartermijn (datum van verwijderen) vastgelegd."),
    (_no_advice, "no_advice", "De afweging bij het prioriteitsadvies ontbreekt."),
    (_no_summary, "no_summary", "De samenvatting mist nog: wat er speelt."),
    (_no_priority, "no_priority", "Kies het prioriteitsadvies: hoog, middel of laag."),
    (_no_decisions_asked, "no_decisions_asked", "Het gevraagd besluit van de driehoek is nog leeg."),
    (
        _question_unanswered,
        "question_unanswered",
        "Voorbeeldvraag nog niet beantwoord: 'Is er sprake van hiërarchie?'.",
    ),
    (
        _beke_not_argued,
        "beke_not_argued",
        "Beke-aspect 'Impact' heeft nog geen niveau met toelichting.",
    ),
    (
        _goal_not_smart,
        "goal_not_smart",
        "Doel 'Eigen doel: ouders betrekken' mist nog: termijn, doelgroep.",
    ),
    (
        _track_not_covered,
        "track_not_covered",
        "Spoor 'Domeingericht' heeft geen maatregel en geen reden waarom niet.",
    ),
    (
        _no_proportionality,
        "measure_without_proportionality",
        "Maatregel 'Gebiedsverbod' (bestuurlijk) heeft geen onderbouwing van proportionaliteit en subsidiariteit.",
    ),
    (_no_regie, "no_regie", "Leg de contactpersoon OM vast (rol en organisatie)."),
    (_no_agreement, "no_agreement", "Politie heeft nog geen akkoord gegeven op dit concept."),
    (
        _no_organisation,
        "no_organisation",
        "Beschrijf de overlegstructuur en de opschaling naar driehoek en PGA / Zorg- en Veiligheidshuis.",
    ),
    (_no_capacity, "no_capacity", "De gevraagde inzet van Wijkteam / zorg ontbreekt."),
    (
        _no_communication,
        "no_communication",
        "Communicatie met jongeren en hun ouders (informatieplicht) ontbreekt.",
    ),
    (
        _indicators_one_kind,
        "indicators_one_kind",
        "Alle indicatoren zijn van één soort; voeg er een van een andere soort toe (bijvoorbeeld "
        "schoolaanwezigheid, contact met jongerenwerk of leden in de kern).",
    ),
    (_no_exit_criteria, "no_exit_criteria", "Afschaal- en stopcriteria of de borging ontbreken."),
    (_no_risks, "no_risks", "De risico's van de aanpak (zoals verplaatsing) zijn niet beschreven."),
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
    page, _ = next(g for g in gaps if g.kind == kind).fix_at
    assert page in ("pages/plan.py", "pages/duiding.py", "pages/groep.py")


def test_a_track_with_a_reason_needs_no_measure():
    case = complete_case()
    _track_with_reason_is_covered(case)
    assert check_plan(case, today=TODAY) == []


def test_open_points_link_to_where_they_are_fixed():
    case = complete_case()
    _question_unanswered(case)
    _beke_not_argued(case)
    _no_regie(case)
    assert [g.fix_at for g in check_plan(case, today=TODAY)] == [
        ("pages/duiding.py", None),
        ("pages/groep.py", None),
        ("pages/plan.py", "Regie en akkoord"),
    ]
    assert set(FIX_AT) == set(GAP_KINDS.values())


@pytest.mark.parametrize(
    ("n", "text"), [(0, "Geen open punten in de controle"), (1, "1 open punt"), (3, "3 open punten")]
)
def test_open_points_text_never_claims_completeness(n, text):
    assert open_points_text(n) == text


def test_care_member_who_left_needs_no_measure():
    case = complete_case()
    case.plan.measures[1].member_ids = ["b"]
    case.members[0].last_seen = date(2026, 6, 1)
    assert [g.kind for g in check_plan(case, today=TODAY)] == []
