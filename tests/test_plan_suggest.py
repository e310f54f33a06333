"""Suggestions follow from members' factors and the group's problems; adopting one lands in the store."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.model import Case, Goal, Incident, Member
from duiding.plan.catalogue import Intervention, load_catalogue
from duiding.plan.suggest import adopt, join_dutch, suggest_interventions

TODAY = date(2026, 11, 30)
FAMILY_INTERVENTIONS = {"P-MST", "P-FFT", "P-MDFT", "P-WIJKTEAM"}
WEAPON_MEASURES = {"G-WAPENVOORLICHTING", "D-FOUILLEREN", "D-WAPENVERBOD"}


def _case(**kwargs) -> Case:
    return Case(name="Testgroep", **kwargs)


def test_member_with_family_problems_gets_family_interventions_with_reason():
    case = _case(
        members=[
            Member("a", pseudonym="J03", birth_year=2010, risk_factors=["family_problems"]),
            Member("b", pseudonym="J07", birth_year=2011, risk_factors=["family_problems"]),
            Member("c", pseudonym="J09", birth_year=2010, risk_factors=[]),
        ]
    )
    found = {s.id: s for s in suggest_interventions(case, today=TODAY)}
    assert FAMILY_INTERVENTIONS <= set(found)
    fft = found["P-FFT"]
    assert fft.member_ids == ("a", "b")
    assert fft.because == "voorgesteld omdat: J03 en J07 hebben gezinsproblemen"
    assert fft.because_counted == "voorgesteld omdat: 2 leden hebben gezinsproblemen"


def test_member_without_factors_gets_no_person_interventions():
    case = _case(members=[Member("a", pseudonym="J01", birth_year=2010)])
    assert [s for s in suggest_interventions(case, today=TODAY) if s.track == "person"] == []


def test_group_with_weapon_incidents_gets_weapon_measures():
    case = _case(
        members=[
            Member("a", pseudonym="J01", birth_year=2009),
            Member("b", pseudonym="J02", birth_year=2009),
        ],
        incidents=[
            Incident("i1", date(2026, 3, 14), "weapons", "Stationsplein", ["a", "b"]),
            Incident("i2", date(2026, 10, 17), "weapons", "Stationsplein", ["a"]),
        ],
    )
    found = {s.id: s for s in suggest_interventions(case, today=TODAY)}
    assert WEAPON_MEASURES <= set(found)
    assert found["D-FOUILLEREN"].reasons == ("de groep heeft 2 incidenten met wapens (mrt 2026 – okt 2026)",)
    assert found["D-FOUILLEREN"].place == "Stationsplein"
    assert found["G-WAPENVOORLICHTING"].member_ids == ("a", "b")
    assert "P-MST" not in found


def test_online_incidents_suggest_the_digital_community_officer():
    case = _case(
        members=[Member("a", pseudonym="J01", birth_year=2010)],
        incidents=[Incident("i1", date(2026, 4, 25), "online", "TikTok", ["a"])],
    )
    found = {s.id for s in suggest_interventions(case, today=TODAY)}
    assert {"D-DIGITALEWIJKAGENT", "D-ONLINEJW"} <= found


def test_age_range_is_respected():
    mst = next(iv for iv in load_catalogue() if iv.id == "P-MST")  # 12 to 18
    too_old = _case(members=[Member("a", pseudonym="J01", birth_year=2000, risk_factors=["family_problems"])])
    fits = _case(members=[Member("a", pseudonym="J01", birth_year=2010, risk_factors=["family_problems"])])
    assert suggest_interventions(too_old, catalogue=[mst], today=TODAY) == []
    assert [s.id for s in suggest_interventions(fits, catalogue=[mst], today=TODAY)] == ["P-MST"]


def test_typing_limits_person_interventions():
    only_criminal = Intervention(
        "X",
        "Alleen voor criminele jongeren",
        "person",
        risk_factors=("early_offending",),
        typings=("criminal",),
    )
    case = _case(
        members=[
            Member("a", pseudonym="J01", birth_year=2009, typing="care", risk_factors=["early_offending"]),
            Member(
                "b", pseudonym="J02", birth_year=2009, typing="criminal", risk_factors=["early_offending"]
            ),
        ]
    )
    (s,) = suggest_interventions(case, catalogue=[only_criminal], today=TODAY)
    assert s.member_ids == ("b",)
    assert s.reasons == ("J02 is vroeg begonnen met delicten", "J02 is getypeerd als criminele jongere")


def test_members_who_left_are_not_suggested_for():
    case = _case(
        members=[
            Member(
                "a",
                pseudonym="J01",
                birth_year=2010,
                risk_factors=["family_problems"],
                last_seen=date(2026, 1, 1),
            )
        ]
    )
    assert suggest_interventions(case, today=TODAY) == []


def test_suggesting_changes_nothing():
    case = _case(members=[Member("a", pseudonym="J01", birth_year=2010, risk_factors=["family_problems"])])
    before = case.to_dict()
    assert suggest_interventions(case, today=TODAY)
    assert case.to_dict() == before
    assert case.plan.measures == []


def test_adopt_adds_a_linked_measure_and_removes_the_suggestion():
    case = _case(
        members=[Member("a", pseudonym="J03", birth_year=2010, risk_factors=["family_problems"])],
    )
    case.plan.goals = [Goal("g1", code="social_position"), Goal("g2", code="prevent_inflow")]
    fft = next(s for s in suggest_interventions(case, today=TODAY) if s.id == "P-FFT")
    new = adopt(case, fft)
    assert case.plan.measures == []  # the original is untouched
    (measure,) = new.plan.measures
    assert (
        measure.intervention,
        measure.track,
        measure.member_ids,
        measure.goal_ids,
        measure.owner,
        measure.status,
    ) == ("P-FFT", "person", ["a"], ["g1"], "care", "planned")
    assert measure.title == "Functional Family Therapy (FFT)"
    assert measure.description.endswith("\n\nVoorgesteld omdat: 1 lid heeft gezinsproblemen.")
    assert "P-FFT" not in {s.id for s in suggest_interventions(new, today=TODAY)}


def test_adopt_refuses_unknown_goal():
    case = _case(members=[Member("a", pseudonym="J03", birth_year=2010, risk_factors=["family_problems"])])
    suggestion = suggest_interventions(case, today=TODAY)[0]
    with pytest.raises(ValueError, match="Onbekend doel: g9"):
        adopt(case, suggestion, goal_ids=["g9"])


def test_adopted_suggestion_lands_in_the_stored_plan(sqlite_url):
    from duiding.sample import load_sample_case
    from duiding.store import CaseStore

    store = CaseStore(sqlite_url)
    store.migrate()
    case = store.create(load_sample_case(), "tester")
    weapons = next(s for s in suggest_interventions(case, today=TODAY) if s.id == "G-WAPENVOORLICHTING")
    saved = store.save(adopt(case, weapons), "tester", what="maatregel overgenomen")
    loaded = store.load(case.id)
    assert loaded.version == saved.version == case.version + 1
    assert [m.intervention for m in loaded.plan.measures] == ["G-WAPENVOORLICHTING"]
    assert loaded.plan.measures[0].member_ids == list(weapons.member_ids)


def test_sample_case_suggestions_cover_all_tracks_and_name_only_pseudonyms():
    from duiding.sample import load_sample_case

    case = load_sample_case()
    found = suggest_interventions(case, today=TODAY)
    assert {s.track for s in found} == {"group", "person", "domain"}
    names = {m.name for m in case.members}
    for s in found:
        assert s.because.startswith("voorgesteld omdat: ")
        assert not any(f" {n} " in f" {s.because} " for n in names), s.because


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([], ""),
        (["J01"], "J01"),
        (["J01", "J02"], "J01 en J02"),
        (["J01", "J02", "J03"], "J01, J02 en J03"),
        ([f"J{i:02d}" for i in range(1, 9)], "J01, J02, J03, J04, J05, J06 en 2 anderen"),
    ],
)
def test_join_dutch(items, text):
    assert join_dutch(items) == text
