"""The Netwerk and Duiding pages on the sample case: what the meeting sees, and what it decides is stored."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import streamlit as st
from helpers_apptest import SAMPLE_ID, all_text, button, editor_state, names_in, start_app

from duiding import visuals
from duiding.analysis.layers import compare_layers
from duiding.sample import load_sample_case
from duiding.store import CaseStore
from ui import analysis as ana

SAMPLE_NAMES = [m.name for m in load_sample_case().members if m.name]
TODAY = date(2026, 11, 20)  # a fixed peildatum after every sample date: tests do not depend on the clock


def _network_nodes(at, index: int = 0) -> list[dict]:
    srcdoc = at.get("iframe")[index].proto.srcdoc
    return json.loads(re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", srcdoc).group(1))


def _visible_text(at) -> str:
    """Page text plus what the network page shows (its data, not the inlined vis-network library,
    whose minified code is full of short identifiers such as ``Mo`` and ``Bo``)."""
    text = all_text(at)
    for frame in at.get("iframe"):
        text = text.replace(str(frame.proto), "")
        text += json.dumps(_data_of(frame.proto.srcdoc), ensure_ascii=False)
    return text


def _data_of(srcdoc: str) -> list:
    return [json.loads(m) for m in re.findall(r"new vis\.DataSet\((.*?)\);\n", srcdoc)]


def _netwerk(sqlite_url, as_of: date = TODAY):
    at = start_app()
    at.switch_page("pages/netwerk.py").run()
    at.slider(key="_net_as_of").set_value(as_of).run()
    assert not at.exception, at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _open_tab(at, label: str):
    at.session_state["_net_tab"] = label
    at.run()
    assert not at.exception, at.exception
    return at


# --- Netwerk -------------------------------------------------------------------------------------


def test_netwerk_draws_the_sample_group_with_pseudonyms_only(sqlite_url):
    at = _netwerk(sqlite_url)
    nodes = _network_nodes(at)
    assert sorted(n["label"] for n in nodes) == [f"J{i:02d}" for i in range(1, 26) if i not in (9, 21)]
    assert _metrics(at) == {"Leden": "23", "Banden": "54", "Subgroepen": "2"}
    assert names_in(_visible_text(at), SAMPLE_NAMES) == []
    assert "popup.innerHTML" not in at.get("iframe")[0].proto.srcdoc
    assert at.get("iframe")[0].proto.alt == "Netwerktekening van de groep"  # the frame's accessible name
    legend = next(h.proto.body for h in at.get("html") if "duiding-legend" in h.proto.body)
    assert re.findall(r"<span>([^<]*)</span></li>", legend) == [
        "Subgroep 1",
        "Subgroep 2",
        "Geen subgroep",
        "Omgang (offline)",
        "Online contact",
        "Samen delicten plegen",
        "Familie",
        "Conflict",
        "Stuurt aan",
    ]


def test_colour_choice_recolours_without_recomputing_the_layout(sqlite_url):
    st.cache_data.clear()
    before = ana.LAYOUT_RUNS["count"]
    at = _netwerk(sqlite_url)
    assert ana.LAYOUT_RUNS["count"] == before + 1
    first = _network_nodes(at)
    at.selectbox(key="_net_colour").set_value("typing").run()
    second = _network_nodes(at)
    assert ana.LAYOUT_RUNS["count"] == before + 1  # same layout, from the cache
    assert [(n["x"], n["y"]) for n in first] == [(n["x"], n["y"]) for n in second]
    colours = {n["label"]: n["color"]["background"] for n in second}
    assert colours["J08"] == colours["J17"] == colours["J22"]  # the three zorgjongeren share a colour
    assert colours["J08"] != colours["J01"]  # criminal vs care
    assert [n["color"]["background"] for n in first] != [n["color"]["background"] for n in second]
    at.multiselect(key="_net_layers").unselect("conflict").run()
    assert ana.LAYOUT_RUNS["count"] == before + 1  # conflict ties do not shape the picture
    at.multiselect(key="_net_layers").unselect("online").run()
    assert ana.LAYOUT_RUNS["count"] == before + 2  # other layers: a new layout


def test_size_choice_orders_the_table_and_names_the_ranking(sqlite_url):
    at = _netwerk(sqlite_url)
    at.selectbox(key="_net_size").set_value("betweenness").run()
    table = at.dataframe[0].value
    assert table.iloc[0]["Lid"] == "J11"
    assert table.iloc[0]["Voorgestelde positie"] == "Verbinder tussen subgroepen"
    sizes = {n["label"]: n["size"] for n in _network_nodes(at)}
    assert sizes["J11"] == 27.0 and max(sizes.values()) == 27.0


def test_highlighting_a_member_keeps_its_ego_network_and_dims_the_rest(sqlite_url):
    at = _netwerk(sqlite_url)
    at.selectbox(key="_net_highlight").set_value("m11").run()
    nodes = _network_nodes(at)
    lit = sorted(n["label"] for n in nodes if n["color"]["background"] != visuals.DIM_COLOUR)
    assert lit == ["J02", "J04", "J11", "J12", "J14"]
    at.radio(key="_net_radius").set_value(2).run()
    lit2 = [n for n in _network_nodes(at) if n["color"]["background"] != visuals.DIM_COLOUR]
    assert len(lit2) > len(lit)


def test_date_slider_shows_the_group_as_it_was_without_moving_anyone(sqlite_url):
    at = _netwerk(sqlite_url)
    now = {n["label"]: (n["x"], n["y"]) for n in _network_nodes(at)}
    at.slider(key="_net_as_of").set_value(date(2026, 3, 1)).run()
    then = {n["label"]: (n["x"], n["y"]) for n in _network_nodes(at)}
    assert set(then) - set(now) == {"J09", "J21"}  # left later
    assert set(now) - set(then) == {"J19", "J20", "J25"}  # joined later
    assert all(then[k] == now[k] for k in set(now) & set(then))
    assert _metrics(at)["Leden"] == "22"


def test_what_if_removing_the_broker_splits_the_group(sqlite_url):
    at = _open_tab(_netwerk(sqlite_url), "Wat als?")
    at.multiselect(key="_net_remove").set_value(["m11"]).run()
    assert not at.exception
    metrics = {m.label: (m.value, m.delta) for m in at.metric}
    assert metrics["Losse delen"] == ("3", "1")
    labels = sorted(n["label"] for n in _network_nodes(at))
    assert "J11" not in labels and len(labels) == 22
    takes = at.dataframe[0].value
    assert list(takes.columns) == ["Lid", "Wat verandert"] and len(takes) >= 1


def test_layers_tab_shows_online_and_offline_side_by_side_with_overlap(sqlite_url):
    at = _open_tab(_netwerk(sqlite_url), "Lagen vergelijken")
    expected = compare_layers(load_sample_case(), "online", "offline", TODAY)
    metrics = _metrics(at)
    assert metrics["Banden Online contact"] == str(expected["ties_a"])
    assert metrics["Banden Omgang (offline)"] == str(expected["ties_b"])
    assert metrics["In beide"] == str(expected["shared"])
    assert metrics["Overlap (Jaccard)"] == f"{round(100 * expected['jaccard'])} %"
    assert len(at.get("iframe")) == 2
    only_online = at.dataframe[0].value["Band"].tolist()
    assert "J03 – J10" in only_online and "J20 – J25" in only_online


def test_change_tab_lists_who_joined_and_left_since_a_date(sqlite_url):
    at = _open_tab(_netwerk(sqlite_url), "Verandering")
    at.date_input(key="_net_before").set_value(date(2026, 3, 1)).run()
    metrics = _metrics(at)
    assert (metrics["Erbij gekomen"], metrics["Vertrokken"]) == ("3", "2")
    text = " ".join(m.value for m in at.markdown)
    assert "Erbij gekomen: J19, J20, J25" in text and "Vertrokken: J09, J21" in text


def test_change_tab_compares_with_a_frozen_version(sqlite_url):
    start_app()  # creates the store with the sample case
    store = CaseStore(sqlite_url)
    store.freeze(SAMPLE_ID, "Overleg oktober", "tester")
    case = store.load(SAMPLE_ID)
    case.member("m22").last_seen = date(2026, 11, 1)  # Stan left since the frozen version
    store.save(case, "tester", what="test")
    at = _open_tab(_netwerk(sqlite_url), "Verandering")
    at.radio(key="_net_change_kind").set_value("snapshot").run()
    assert not at.exception, at.exception
    assert _metrics(at)["Vertrokken"] == "1"
    assert "Vertrokken: J22" in " ".join(m.value for m in at.markdown)


def test_revealed_names_reach_the_network_labels(sqlite_url):
    at = _netwerk(sqlite_url)
    at.toggle[0].set_value(False).run()  # meeting mode off
    button(at, "Namen tonen…").click().run()
    button(at, "Ja, tonen").click().run()
    labels = {n["label"] for n in _network_nodes(at)}
    assert "Dex (J01)" in labels
    assert any(e.action == "reveal" for e in CaseStore(sqlite_url).audit_entries(SAMPLE_ID))


# --- Duiding -------------------------------------------------------------------------------------


def _duiding(sqlite_url):
    at = start_app()
    at.switch_page("pages/duiding.py").run()
    assert not at.exception, at.exception
    return at


def test_duiding_answers_the_four_questions_with_evidence_and_no_names(sqlite_url):
    at = _duiding(sqlite_url)
    subheaders = [s.value for s in at.subheader]
    assert subheaders[:4] == [
        "Waardoor wordt het problematisch groepsgedrag veroorzaakt?",
        "Is er sprake van hiërarchie?",
        "Zijn de leden te typeren (zorgjongeren, risicojongeren e.d.)?",
        "Wat zijn mogelijkheden en kansen van de leden?",
    ]
    text = " ".join(m.value for m in at.markdown)
    assert "J11 heeft de hoogste betweenness" in text
    assert "Bovenaan\\: J01" in text
    assert names_in(_visible_text(at), SAMPLE_NAMES) == []
    points = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert [p[4:7] for p in points] == ["J03", "J11", "J15"]


def test_saved_conclusion_is_stored_and_shown_after_reload(sqlite_url):
    at = _duiding(sqlite_url)
    version = CaseStore(sqlite_url).load(SAMPLE_ID).version
    at.text_area(key=f"_duiding_conclusion_hierarchy_{version}").input("Duidelijke top: J01 stuurt aan.")
    button(at, "Conclusies opslaan").click().run()
    assert not at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert stored.conclusions == {"hierarchy": "Duidelijke top: J01 stuurt aan."}
    assert stored.version == version + 1
    fresh = _duiding(sqlite_url)
    assert fresh.text_area(key=f"_duiding_conclusion_hierarchy_{version + 1}").value == (
        "Duidelijke top: J01 stuurt aan."
    )


def test_changing_a_team_role_is_stored_and_ends_the_discussion_point(sqlite_url):
    at = _duiding(sqlite_url)
    store = CaseStore(sqlite_url)
    version = store.load(SAMPLE_ID).version
    row = [m.id for m in store.load(SAMPLE_ID).members].index("m11")
    at.session_state[f"_duiding_roles_{version}"] = editor_state(
        edited={row: {"Rol volgens team": "hard_core"}}
    )
    at.run()
    button(at, "Rollen opslaan (1 gewijzigd)").click().run()
    assert not at.exception
    stored = store.load(SAMPLE_ID)
    assert stored.member("m11").team_role == "hard_core"
    assert stored.member("m03").team_role == "follower"  # nothing else changed
    details = [e.detail for e in store.audit_entries(SAMPLE_ID)]
    assert "Teamrollen gewijzigd in overleg (versie 2): m11: team_role peripheral → hard_core" in details, (
        details
    )
    fresh = _duiding(sqlite_url)
    points = [m.value[4:7] for m in fresh.markdown if m.value.startswith("- **")]
    assert points == ["J03", "J15"]


def test_confirming_roles_unchanged_is_logged(sqlite_url):
    at = _duiding(sqlite_url)
    store = CaseStore(sqlite_url)
    version = store.load(SAMPLE_ID).version
    button(at, "Rollen bevestigen").click().run()
    assert not at.exception
    assert store.load(SAMPLE_ID).version == version + 1
    assert any("Teamrollen bevestigd" in e.detail for e in store.audit_entries(SAMPLE_ID))


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"])
def test_hostile_pseudonym_is_escaped_on_both_pages(sqlite_url, hostile):
    at = start_app()
    store = CaseStore(sqlite_url)
    case = store.load(SAMPLE_ID)
    case.member("m11").pseudonym = hostile
    store.save(case, "tester", what="test")
    at = start_app()
    at.switch_page("pages/netwerk.py").run()
    assert not at.exception
    srcdoc = at.get("iframe")[0].proto.srcdoc
    assert hostile not in srcdoc
    assert hostile.replace("<", "&lt;").replace(">", "&gt;") in {n["label"] for n in _network_nodes(at)}
    at.switch_page("pages/duiding.py").run()
    assert not at.exception
    assert all(hostile not in m.value for m in at.markdown)


def test_long_analysis_shows_progress_then_reruns_from_the_cache(sqlite_url, monkeypatch):
    """Groups above PROGRESS_FROM members get a progress bar; a rerun replays the cached analysis
    (updating a bar from inside st.cache_data would break that replay)."""
    monkeypatch.setattr(ana, "PROGRESS_FROM", 10)
    st.cache_data.clear()
    ana._DONE.clear()
    calls: list[bool] = []
    real = ana.analyse

    def counting(case, options, progress=None):
        calls.append(progress is not None)
        return real(case, options, progress=progress)

    monkeypatch.setattr(ana, "analyse", counting)
    at = _netwerk(sqlite_url)  # today, then the fixed peildatum: two analyses, both with a bar
    at.run()
    at.run()
    assert not at.exception, at.exception
    assert calls == [True, True]
    assert _metrics(at)["Leden"] == "23"


def test_tooltips_hide_sensitive_fields_in_meeting_mode(sqlite_url):
    at = _netwerk(sqlite_url)
    titles = {n["label"]: n["title"] for n in _network_nodes(at)}
    assert "Risicofactoren" not in " ".join(titles.values())
    assert "Bron:" not in " ".join(titles.values())
    at.toggle[0].set_value(False).run()  # meeting mode off: the sensitive fields may be shown
    titles = {n["label"]: n["title"] for n in _network_nodes(at)}
    assert "Risicofactoren: Gezinsproblemen" in titles["J07"]
    assert "Bron: " in titles["J07"]


def test_supportive_layer_draws_contacts_as_squares(sqlite_url):
    at = _netwerk(sqlite_url)
    at.multiselect(key="_net_layers").select("supportive").run()
    squares = sorted(n["label"] for n in _network_nodes(at) if n.get("shape", "dot") == "square")
    expected = sorted(c.role for c in load_sample_case().contacts)
    assert squares == expected
    legend = next(h.proto.body for h in at.get("html") if "duiding-legend" in h.proto.body)
    assert "Steunfiguur (contact)" in legend and "Steunfiguur</span>" in legend


@pytest.mark.parametrize("members", [0, 1], ids=["empty-case", "one-member"])
def test_pages_work_for_a_case_with_no_or_one_member(sqlite_url, members):
    from duiding.model import Case, Member

    start_app()
    CaseStore(sqlite_url).create(Case("Klein", id="klein", members=[Member("a", "J01")][:members]), "tester")
    at = start_app()
    at.session_state["case_id"] = "klein"
    for page in ("pages/netwerk.py", "pages/duiding.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    for tab in ("Wat als?", "Lagen vergelijken", "Verandering"):
        at.switch_page("pages/netwerk.py")
        _open_tab(at, tab)
    at.switch_page("pages/netwerk.py")
    _open_tab(at, "Netwerk")
    assert len(_network_nodes(at)) == members


def test_conclusion_saved_over_someone_elses_change_is_refused_and_kept_on_screen(sqlite_url):
    at = _duiding(sqlite_url)
    store = CaseStore(sqlite_url)
    seen = store.load(SAMPLE_ID)
    other = store.load(SAMPLE_ID)
    other.conclusions["causes"] = "Door een ander vastgelegd."
    store.save(other, "collega", what="test")
    key = f"_duiding_conclusion_hierarchy_{seen.version}"
    at.text_area(key=key).input("Mijn conclusie.")
    button(at, "Conclusies opslaan").click().run()
    assert not at.exception
    assert any("niet opgeslagen" in e.value.lower() for e in at.error)
    assert store.load(SAMPLE_ID).conclusions == {"causes": "Door een ander vastgelegd."}
    assert at.text_area(key=key).value == "Mijn conclusie."


def test_duiding_shows_risk_factor_counts_only_outside_meeting_mode(sqlite_url):
    at = _duiding(sqlite_url)
    assert not any("Risicofactoren per domein" in m.value for m in at.markdown)
    at.toggle[0].set_value(False).run()
    facts = [m.value for m in at.markdown if m.value.startswith("Risicofactoren per domein")]
    assert len(facts) == 1 and "Gezin" in facts[0]


def test_what_if_names_key_players_before_anyone_is_removed(sqlite_url):
    at = _open_tab(_netwerk(sqlite_url), "Wat als?")
    info = next(i.value for i in at.info if "Sleutelfiguren" in i.value)
    assert "versplintert: J11, " in info  # the broker holds the two subgroups together


def test_new_version_keeps_the_picture_and_places_new_members_by_their_ties(sqlite_url):
    from duiding.analysis import build_graph
    from duiding.model import Member, Tie

    at = _netwerk(sqlite_url)
    at.button(key="_net_relayout").click().run()  # a fresh picture, whatever earlier tests drew
    first = {n["label"]: (n["x"], n["y"]) for n in _network_nodes(at)}
    store = CaseStore(sqlite_url)
    case = store.load(SAMPLE_ID)
    case.ties.append(Tie("m22", "m01", "offline"))  # the isolate gets a tie
    case.members.append(Member("m26", "J26", first_seen=date(2026, 11, 1)))
    case.ties.append(Tie("m26", "m01", "offline"))
    store.save(case, "tester", what="test")
    at = _netwerk(sqlite_url)
    second = {n["label"]: (n["x"], n["y"]) for n in _network_nodes(at)}
    assert {k: second[k] for k in first} == first  # nobody moved, not even J22 with its new tie
    (x, y), (x1, y1) = second["J26"], second["J01"]
    assert ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5 == pytest.approx(60.0, abs=0.2)
    at.button(key="_net_relayout").click().run()
    fresh = {n["label"]: (n["x"], n["y"]) for n in _network_nodes(at)}
    graph = build_graph(store.load(SAMPLE_ID), layers=ana.layout_layers(tuple(ana.COHESION_LAYERS)))
    expected = visuals.layout_positions(graph, seed=7)
    labels = {m.id: m.pseudonym for m in store.load(SAMPLE_ID).members}
    assert fresh == {labels[k]: xy for k, xy in expected.items() if labels[k] in fresh}


def test_team_role_changed_from_the_network_is_stored(sqlite_url):
    at = _netwerk(sqlite_url)
    at.selectbox(key="_net_highlight").set_value("m11").run()
    version = CaseStore(sqlite_url).load(SAMPLE_ID).version
    text = " ".join(m.value for m in at.markdown)
    assert "**J11** — voorgestelde positie: Verbinder tussen subgroepen" in text
    at.selectbox(key=f"_net_role_m11_{version}").set_value("hard_core")
    button(at, "Rol opslaan").click().run()
    assert not at.exception, at.exception
    stored = CaseStore(sqlite_url).load(SAMPLE_ID)
    assert stored.member("m11").team_role == "hard_core" and stored.version == version + 1
    fresh = _netwerk(sqlite_url)
    fresh.selectbox(key="_net_highlight").set_value("m11").run()
    assert fresh.selectbox(key=f"_net_role_m11_{version + 1}").value == "hard_core"
