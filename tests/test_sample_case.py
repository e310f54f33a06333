"""The fictional sample case: files in sync with the code, and its documented structure holds."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from duiding.model import Case
from duiding.sample import SAMPLE_DIR, build_sample_case, load_sample_case, sample_files

COHESION = {"offline", "online", "co_offending", "family", "directs"}
GROUP_A = {f"m{i:02d}" for i in range(1, 11)} | {"m23"}
GROUP_B = {f"m{i:02d}" for i in range(12, 22)} | {"m24", "m25"}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_sample_case()


def cohesion_graph(case: Case) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(m.id for m in case.members)
    g.add_edges_from((t.source, t.target) for t in case.all_ties() if t.layer in COHESION)
    return g


@pytest.mark.parametrize("name", ["case.json", "leden.csv", "relaties.csv", "incidenten.csv"])
def test_sample_files_are_in_sync_with_build_sample_case(name):
    assert (SAMPLE_DIR / name).read_bytes() == sample_files()[name], "run: python -m duiding.sample"


def test_loaded_sample_equals_built_sample(case):
    assert case.to_dict() == build_sample_case().to_dict()


def test_csv_files_are_utf8_with_bom_semicolon_and_dutch_dates():
    text = (SAMPLE_DIR / "leden.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert (
        lines[0]
        == "id;pseudoniem;naam;geboortejaar;typering;rol;problematiek;eerst_gezien;laatst_gezien;bron"
    )
    assert lines[1].split(";")[:6] == ["m01", "J01", "Dex", "2008", "Criminele jongere", "Kopstuk"]
    assert len(lines) == 26
    ties = (SAMPLE_DIR / "relaties.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert ties[1] == "m01;m02;Omgang (offline);3;Bevestigd;Politie;01-09-2025;;Altijd samen op het plein"


def test_case_settings(case):
    assert case.name == "Jeugdgroep Stationsplein"
    assert case.municipality == "Gemeente Waterveld"
    assert case.step == "3"
    assert case.names_allowed
    assert set(case.beke) == {"severity", "risks", "development", "impact"}
    assert {"Snapchat", "TikTok", "Telegram"} <= set(case.context.platforms)


def test_size_layers_and_incidents(case):
    assert len(case.members) == 25
    assert {t.layer for t in case.ties} == {
        "offline",
        "online",
        "co_offending",
        "family",
        "conflict",
        "directs",
        "supportive",
    }
    assert len(case.incidents) == 34
    assert all(date(2025, 12, 1) <= i.date <= date(2026, 11, 15) for i in case.incidents)
    assert all(2 <= len(i.members) <= 4 for i in case.incidents)
    assert {"weapons", "drugs", "violence", "nuisance"} <= {i.type for i in case.incidents}
    assert len(case.contacts) == 4
    assert any("family_problems" in m.risk_factors for m in case.members)


def test_broker_is_the_only_member_connecting_the_subgroups(case):
    g = cohesion_graph(case)
    crossing = [
        (a, b) for a, b in g.edges if (a in GROUP_A and b in GROUP_B) or (a in GROUP_B and b in GROUP_A)
    ]
    assert crossing == []
    assert {n for n in g["m11"]} == {"m02", "m04", "m12", "m14"}
    g.remove_node("m11")
    assert not nx.has_path(g, "m01", "m12")


def test_central_figure_isolate_and_peripheral_members(case):
    g = cohesion_graph(case)
    degree = dict(g.degree())
    assert max(degree, key=degree.get) == "m01"
    assert degree["m01"] == 9 and sorted(degree.values())[-2] == 7
    assert list(nx.isolates(g)) == ["m22"]
    assert sorted(n for n, d in degree.items() if d == 1) == ["m23", "m24", "m25"]


def test_chain_of_command_is_a_tree_from_m01(case):
    d = nx.DiGraph((t.source, t.target) for t in case.ties if t.layer == "directs")
    assert nx.is_arborescence(d)
    assert [n for n in d if d.in_degree(n) == 0] == ["m01"]
    assert nx.shortest_path(d, "m01", "m07") == ["m01", "m02", "m05", "m07"]


def test_online_only_ties_differ_from_offline(case):
    def pairs(layer):
        return {frozenset((t.source, t.target)) for t in case.ties if t.layer == layer}

    online_only = pairs("online") - pairs("offline")
    assert frozenset(("m20", "m25")) in online_only and frozenset(("m11", "m14")) in online_only
    assert len(online_only) == 8
    assert pairs("offline") - pairs("online")


def test_members_joined_and_left_during_the_year(case):
    joined = sorted(m.id for m in case.members if m.first_seen and m.first_seen > date(2025, 12, 1))
    left = sorted(m.id for m in case.members if m.last_seen)
    assert joined == ["m19", "m20", "m25"]
    assert left == ["m09", "m21"]
    members = case.member_index()
    for t in case.ties:
        m = members.get(t.source)
        if m and m.last_seen:
            assert t.last_seen and t.last_seen <= m.last_seen
