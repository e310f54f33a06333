"""The examples in the analysis modules' docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["_format", "graph", "measures", "structure", "robustness", "whatif"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"duiding.analysis.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_package_example():
    import duiding.analysis

    result = doctest.testmod(duiding.analysis)
    assert result.attempted == 3 and result.failed == 0
