"""The runnable examples in the progress docstrings are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mathforml.progress",
    "mathforml.progress._mastery",
    "mathforml.progress._review",
    "mathforml.progress._report",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
