"""The runnable examples in the toolkit's docstrings are true."""

import doctest
import importlib

import pytest

MODULES = [
    "_basis",
    "_determinant",
    "_eigen",
    "_elimination",
    "_inverse",
    "_lowrank",
    "_numeric_eigen",
    "_pca",
    "_products",
    "_solve",
    "_transform",
    "_vectors",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(f"mathforml.toolkit.linalg.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0
