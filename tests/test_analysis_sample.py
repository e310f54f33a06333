"""The analysis recovers the sample case's documented structure (data/sample/README.md)."""

from __future__ import annotations

from datetime import date

import pytest

from duiding.analysis import AnalysisOptions, analyse, to_dict, to_json
from duiding.sample import load_sample_case

GROUP_A = {f"m{i:02d}" for i in range(1, 11)} | {"m23"}
GROUP_B = {f"m{i:02d}" for i in range(12, 22)} | {"m24", "m25"}
ONLINE_ONLY = [
    ["m03", "m10"],
    ["m05", "m10"],
    ["m08", "m09"],
    ["m11", "m14"],
    ["m12", "m15"],
    ["m13", "m15"],
    ["m15", "m17"],
    ["m20", "m25"],
]


@pytest.fixture(scope="module")
def case():
    return load_sample_case()


@pytest.fixture(scope="module")
def analysis(case):
    return analyse(case)


def test_broker_is_suggested_as_verbinder(analysis):
    kiki = analysis.member("m11")
    assert kiki.suggested_role == "broker"
    assert kiki.suggested_role_label == "Verbinder tussen subgroepen"
    assert [m.id for m in analysis.members if m.suggested_role == "broker"] == ["m11"]
    assert kiki.ranks["betweenness"] == 1
    assert kiki.measures["betweenness"] == pytest.approx(132 / 276)  # all 11 × 12 paths between A and B
    assert (
        kiki.role_reasons[0]
        == "Betweenness 0,48 (1e van 25): ligt op veel kortste verbindingen tussen andere leden."
    )
    assert kiki.role_reasons[1].startswith("2 van de 4 banden (50 %) gaan naar een andere subgroep")
    assert kiki.robustness.status == "stabiel"


def test_isolate_is_suggested_as_geisoleerd(analysis):
    assert analysis.member("m22").suggested_role == "isolated"
    assert [m.id for m in analysis.members if m.suggested_role == "isolated"] == ["m22"]
    assert analysis.group["isolates"] == ["m22"]


def test_two_subgroups_come_out_as_communities(analysis):
    assert len(analysis.communities) == 2
    found = [set(c) - {"m11"} for c in analysis.communities]
    assert sorted(found, key=len) == [GROUP_A, GROUP_B]
    assert analysis.group["modularity"] == pytest.approx(0.46, abs=0.01)


def test_directed_ties_show_hierarchy(analysis):
    h = analysis.group["hierarchy"]
    assert h["directed_ties"] == 5
    assert h["krackhardt"] == 1.0 and h["flow"] == 1.0
    assert h["top"] == ["m01"]
    assert h["chain"] == ["m01", "m02", "m05", "m07"]
    assert analysis.narrative[0].answer.startswith(
        "Ja, de 'stuurt aan'-banden vormen een duidelijke hiërarchie"
    )


def test_central_figure_and_peripheral_members(analysis):
    assert [m.id for m in analysis.members if m.suggested_role == "central"] == ["m01"]
    assert analysis.member("m01").role_reasons[0] == "Heeft de meeste banden: 9 banden (1e van 25)."
    assert sorted(m.id for m in analysis.members if m.suggested_role == "peripheral") == ["m23", "m24", "m25"]
    assert analysis.member("m23").role_reasons[0] == "Heeft maar één band (met J06): staat aan de rand."


def test_team_roles_that_differ_are_discussion_points(analysis):
    points = {m.id: m.discussion_point for m in analysis.members if m.discussion_point}
    assert sorted(points) == ["m03", "m11", "m15"]
    assert points["m11"].startswith("Team noemt dit lid 'Randlid', de netwerkanalyse suggereert 'Verbinder")
    assert analysis.member("m11").team_role == "peripheral"  # never overwritten


def test_narrative_gives_numbers_and_names_only_when_revealed(case, analysis):
    brokers = analysis.narrative[2]
    assert brokers.question == "Wie verbindt de subgroepen?"
    assert "J11 heeft de hoogste betweenness (0,48; 1e van 25)" in brokers.answer
    assert "Kiki" not in to_json(analysis)
    revealed = analyse(case, AnalysisOptions(reveal_names=True, robustness_runs=5))
    assert "Kiki heeft de hoogste betweenness (0,48; 1e van 25)" in revealed.narrative[2].answer


def test_same_input_same_output(case, analysis):
    again = analyse(case)
    assert to_dict(again) == to_dict(analysis)
    forced = [analyse(case, AnalysisOptions(engine="igraph", robustness_runs=10)) for _ in range(2)]
    assert to_dict(forced[0]) == to_dict(forced[1])
    assert forced[0].communities == analysis.communities


def test_igraph_engine_gives_the_same_roles(case, analysis):
    forced = analyse(case, AnalysisOptions(engine="igraph"))
    assert [m.suggested_role for m in forced.members] == [m.suggested_role for m in analysis.members]
    for a, b in zip(forced.members, analysis.members, strict=True):
        assert a.measures["betweenness"] == pytest.approx(b.measures["betweenness"], abs=1e-9)
        assert a.measures["closeness"] == pytest.approx(b.measures["closeness"], abs=1e-9)


def test_progress_is_reported_from_zero_to_one(case):
    seen = []
    analyse(case, AnalysisOptions(robustness_runs=5), progress=lambda f, msg: seen.append((f, msg)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert seen[-1][1] == "Klaar"
    assert any(msg.startswith("Stabiliteit: run 5 van 5") for _, msg in seen)


def test_online_and_offline_compared(case):
    layers = analyse(case, AnalysisOptions(compare_layers=("online", "offline"), robustness_runs=5)).layers
    assert layers["only_a"] == ONLINE_ONLY
    assert layers["shared"] == 21 and layers["ties_a"] == 29 and layers["ties_b"] == 45
    assert layers["jaccard"] == pytest.approx(21 / 53)


def test_what_if_the_broker_is_detained(case):
    a = analyse(case, AnalysisOptions(remove=("m11",), robustness_runs=5))
    w = a.what_if
    assert w["before"]["components"] == 2 and w["after"]["components"] == 3
    assert w["before"]["largest_component"] == 24 and w["after"]["largest_component"] == 12
    assert w["takes_over"], "someone must take over a central or broker position"
    assert w["key_players"]["fragment"][0] == "m11"
    assert len(w["key_players"]["reach"]) == 3
    assert "Wat gebeurt er als leden wegvallen?" in [n.question for n in a.narrative]


def test_as_of_date_keeps_only_active_members(case):
    end = analyse(case, AnalysisOptions(as_of=date(2026, 11, 15), robustness_runs=5))
    ids = {m.id for m in end.members}
    assert {"m09", "m21"}.isdisjoint(ids) and {"m19", "m20", "m25"} <= ids
    start = analyse(case, AnalysisOptions(as_of=date(2026, 1, 1), robustness_runs=5))
    assert {"m19", "m20", "m25"}.isdisjoint({m.id for m in start.members})


def test_change_between_two_dates(case):
    a = analyse(
        case, AnalysisOptions(as_of=date(2026, 11, 15), compare_as_of=date(2026, 3, 1), robustness_runs=5)
    )
    c = a.change
    assert c["joined"] == ["m19", "m20", "m25"]
    assert c["left"] == ["m09", "m21"]
    assert ["m20", "m25"] in c["ties_new"]
    assert c["rose"] and c["rose"][0]["reason"].startswith("J")
    assert a.narrative[-2].answer.startswith("Sinds 01-03-2026: 3 leden erbij, 2 vertrokken")


def test_change_against_an_earlier_version(case):
    earlier = case.copy()
    earlier.ties = [t for t in earlier.ties if not (t.source == "m11" and t.target == "m14")]
    c = analyse(case, AnalysisOptions(robustness_runs=5), previous=earlier).change
    assert c["before"] == "vorige versie"
    assert c["ties_new"] == [["m11", "m14"]] and c["ties_ended"] == []


def test_confirmed_only_drops_suspected_ties(case, analysis):
    confirmed = analyse(case, AnalysisOptions(min_confidence="confirmed", robustness_runs=5))
    assert confirmed.group["ties"] < analysis.group["ties"]


def test_csv_files_give_the_same_analysis(case, analysis):
    io = pytest.importorskip("duiding.io")
    from duiding.model import Case, Decision
    from duiding.sample import SAMPLE_DIR

    imported, problems = io.import_files(
        Case(name="csv", decisions=[Decision("2B")]),
        members=SAMPLE_DIR / "leden.csv",
        ties=SAMPLE_DIR / "relaties.csv",
        incidents=SAMPLE_DIR / "incidenten.csv",
    )
    assert problems == []
    from_csv = analyse(imported)
    assert [(m.id, m.suggested_role, m.measures["degree"]) for m in from_csv.members] == [
        (m.id, m.suggested_role, m.measures["degree"]) for m in analysis.members
    ]


def test_every_suggestion_matches_the_sample_readme(analysis):
    expected = {"m01": "central", "m11": "broker", "m22": "isolated"}
    expected |= {
        m: "core"
        for m in ["m02", "m03", "m04", "m05", "m06", "m07", "m08", "m10", "m12", "m13", "m14", "m16", "m18"]
    }
    expected |= {m: "follower" for m in ["m09", "m15", "m17", "m19", "m20", "m21"]}
    expected |= {m: "peripheral" for m in ["m23", "m24", "m25"]}
    assert {m.id: m.suggested_role for m in analysis.members} == expected
