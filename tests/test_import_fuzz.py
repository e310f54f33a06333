"""Hostile import files never crash the importer, never half-apply, and every problem is Dutch with row and field.

300 examples here; bench/fuzz_import.py runs the same property on 10,000+.
"""

from __future__ import annotations

from fuzz_files import base_case, check_import, hostile_files
from hypothesis import HealthCheck, given, settings

CASE = base_case()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_files())
def test_hostile_files_are_refused_or_imported_whole(file):
    kind, data, filename = file
    check_import(CASE, kind, data, filename)


def test_the_property_catches_a_broken_file():
    problems = check_import(CASE, "ties", b"van;naar\r\nm01;m01\r\nm01;=1+1\r\n", "relaties.csv")
    assert [(p.row, p.field) for p in problems] == [(1, "naar"), (2, "naar")]
