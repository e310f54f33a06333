"""Frozen versions ('vastleggen'): record one on the Versies page, reopen it read-only, see what changed."""

from __future__ import annotations

from datetime import date

from helpers_apptest import SAMPLE_ID, all_text, button, start_app

from duiding.history import compare_cases
from duiding.model import Case, Decision, Incident, Member, Tie
from duiding.store import CaseStore


def test_compare_cases_lists_joined_left_ties_incidents_roles_and_decisions():
    before = Case(
        "x",
        step="2B",
        members=[Member("m1", "J01", team_role="follower"), Member("m2", "J02"), Member("m3", "J03")],
        ties=[Tie("m1", "m2", strength=1), Tie("m2", "m3", layer="online")],
        incidents=[Incident("i1", members=["m1"])],
    )
    after = Case(
        "x",
        step="3",
        decisions=[Decision("3", date(2026, 11, 1))],
        members=[Member("m1", "J01", team_role="leader"), Member("m2", "J02"), Member("m4", "J04")],
        ties=[Tie("m2", "m1", strength=2), Tie("m1", "m4", layer="online")],
        incidents=[Incident("i1", members=["m1"]), Incident("i2"), Incident("i3")],
    )
    diff = compare_cases(before, after)
    assert diff.members_added == ["J04"]
    assert diff.members_removed == ["J03"]
    assert (diff.ties_added, diff.ties_removed, diff.ties_changed) == (
        1,
        1,
        1,
    )  # m1-m2 matched either way round
    assert (diff.incidents_added, diff.incidents_removed) == (2, 0)
    assert [c.describe() for c in diff.role_changes] == ["J01: teamrol van Meeloper naar Kopstuk"]
    assert diff.decisions_added == ["3"]
    assert (diff.step_before, diff.step_after) == ("2B", "3")
    assert not diff.unchanged
    assert compare_cases(after, after).unchanged


def test_directed_ties_are_matched_with_their_direction():
    a = Case("x", ties=[Tie("m1", "m2", layer="directs")])
    b = Case("x", ties=[Tie("m2", "m1", layer="directs")])
    diff = compare_cases(a, b)
    assert (diff.ties_added, diff.ties_removed) == (1, 1)


def test_freeze_on_the_versions_page_is_stored_and_reopens_read_only(sqlite_url):
    at = start_app()
    at.switch_page("pages/versies.py").run()
    assert not at.exception
    at.text_input(key="_freeze_label").input("Overleg 12 maart")
    button(at, "Versie vastleggen").click().run()
    assert not at.exception

    store = CaseStore(sqlite_url)
    (snapshot,) = store.snapshots(SAMPLE_ID)
    assert snapshot.label == "Overleg 12 maart"
    frozen_members = len(store.load_snapshot(snapshot.id).members)

    # A member added afterwards is in the case, not in the frozen version, and shows as a difference.
    case = store.load(SAMPLE_ID)
    case.members.append(Member("m99", "J99"))
    store.save(case, "test")

    again = start_app()  # a new session, as after a refresh
    again.switch_page("pages/versies.py").run()
    assert not again.exception
    assert again.metric[0].value == str(frozen_members)
    text = all_text(again)
    assert "Erbij gekomen: J99" in text
    assert len(store.load_snapshot(snapshot.id).members) == frozen_members
    assert any(e.action == "freeze" for e in store.audit_entries(SAMPLE_ID))
