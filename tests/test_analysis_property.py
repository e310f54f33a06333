"""Any small case can be analysed: valid roles, shares in [0, 1], strict JSON (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from duiding.analysis import ROLES, AnalysisOptions, analyse, to_json
from duiding.model import Case, Incident, Member, Tie

LAYERS = ["offline", "online", "co_offending", "family", "conflict", "directs"]
START = date(2026, 1, 1)


@st.composite
def cases(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    ids = [f"m{i}" for i in range(n)]
    day = st.one_of(st.none(), st.integers(0, 300).map(lambda d: START + timedelta(days=d)))
    members = [Member(id=i, pseudonym=f"J{k:02d}", first_seen=draw(day)) for k, i in enumerate(ids)]
    ties = []
    if n >= 2:
        for k in range(draw(st.integers(0, 30))):
            a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            ties.append(
                Tie(
                    a,
                    b,
                    layer=draw(st.sampled_from(LAYERS)),
                    strength=draw(st.integers(1, 3)),
                    confidence=draw(st.sampled_from(["confirmed", "suspected"])),
                    id=f"t{k}",
                    last_seen=draw(day),
                )
            )
    incidents = (
        [
            Incident(id=f"i{k}", date=draw(day), members=draw(st.lists(st.sampled_from(ids), max_size=4)))
            for k in range(draw(st.integers(0, 5)))
        ]
        if ids
        else []
    )
    return Case("Eigenschap", members=members, ties=ties, incidents=incidents)


@settings(max_examples=60, deadline=None)
@given(
    case=cases(),
    as_of=st.one_of(st.none(), st.just(date(2026, 6, 1))),
    remove_first=st.booleans(),
    confirmed=st.booleans(),
)
def test_any_small_case_can_be_analysed(case, as_of, remove_first, confirmed):
    active = [m.id for m in case.members if m.active_on(as_of)]
    options = AnalysisOptions(
        as_of=as_of,
        robustness_runs=5,
        min_confidence="confirmed" if confirmed else None,
        remove=(active[0],) if remove_first and active else (),
        compare_layers=("online", "offline"),
        compare_as_of=date(2026, 3, 1) if as_of else None,
    )
    a = analyse(case, options)
    assert [m.id for m in a.members] == active
    for m in a.members:
        assert m.suggested_role in ROLES
        assert m.role_reasons
        assert 0.0 <= m.measures["betweenness"] <= 1.0 + 1e-12
        assert 0.0 <= m.measures["closeness"] <= 1.0 + 1e-12
        assert 0.0 <= m.robustness.role_agreement <= 1.0
        assert (m.suggested_role == "isolated") == (m.measures["degree"] == 0)
    assert sorted(v for c in a.communities for v in c) == sorted(
        m.id for m in a.members if m.measures["degree"]
    )
    json.loads(to_json(a))  # strict JSON: NaN or infinity would fail below
    json.dumps(json.loads(to_json(a)), allow_nan=False)
