"""Hostile import files never crash the importer, never half-apply, and every problem is Dutch with row and field.

300 examples here; bench/fuzz_import.py runs the same property on 10,000+.
"""

from __future__ import annotations

import pandas as pd
from fuzz_files import base_case, check_import, hostile_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duiding.io import preview_import
from duiding.io.columns import COLUMNS

NAMES = sorted({c.name for cols in COLUMNS.values() for c in cols})

CASE = base_case()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_files())
def test_hostile_files_are_refused_or_imported_whole(file):
    kind, data, filename = file
    check_import(CASE, kind, data, filename)


def test_the_property_catches_a_broken_file():
    problems = check_import(CASE, "ties", b"van;naar\r\nm01;m01\r\nm01;=1+1\r\n", "relaties.csv")
    assert [(p.row, p.field) for p in problems] == [(1, "naar"), (2, "naar")]


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    headers=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5, unique=True),
    targets=st.lists(
        st.one_of(st.none(), st.text(max_size=12), st.sampled_from(NAMES)), min_size=5, max_size=5
    ),
    kind=st.sampled_from(["members", "ties", "incidents"]),
    cells=st.lists(st.text(max_size=10), min_size=5, max_size=5),
)
def test_any_column_mapping_is_refused_or_applied_whole(headers, targets, kind, cells):
    table = pd.DataFrame([cells[: len(headers)]], columns=headers, index=[1], dtype=object)
    mapping = dict(zip(headers, targets, strict=False))
    before = CASE.to_dict()
    preview = preview_import(CASE, kind, table, mapping)
    assert CASE.to_dict() == before
    assert (preview.new_case is None) == bool(preview.problems)
    for p in preview.problems:
        assert p.field and f"olom '{p.field}'" in p.message  # 'Kolom' or 'kolom'
        if p.row is not None:
            assert f"rij {p.row}," in p.message.lower()
