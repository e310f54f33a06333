"""The examples in the docstrings of validation and import/export run as written."""

from __future__ import annotations

import doctest

import pytest

import duiding.io.bundle
import duiding.io.columns
import duiding.io.importers
import duiding.io.tables
import duiding.validate


@pytest.mark.parametrize(
    "module",
    [duiding.validate, duiding.io.tables, duiding.io.columns, duiding.io.importers, duiding.io.bundle],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
