"""The runnable examples in the store docstrings are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mathforml.store",
    "mathforml.store._config",
    "mathforml.store._store",
    "mathforml.store._values",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
