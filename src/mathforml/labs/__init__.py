"""Labs: Jupyter notebooks for each week, and the checks learners call inside them.

>>> from mathforml.labs import check, question        # doctest: +SKIP
>>> question("c1w2.rank-of-matrix")                   # shows a fixed variant's prompt
>>> check("c1w2.rank-of-matrix", 2)                   # the same feedback as the browser

``public_checks`` runs an assignment's public checks on a function in a notebook;
``explore`` gives a figure sliders where widgets work. Building, opening and
resetting the week's notebooks lives in the private modules (``_build``,
``_workspace``, ``_jupyter``) used by ``mathforml lab``.
"""

from __future__ import annotations

from mathforml.labs._checks import PublicChecks, public_checks
from mathforml.labs._explore import explore, widgets_available
from mathforml.labs._questions import LAB_SEED, Checked, check, question

__all__ = [
    "LAB_SEED",
    "Checked",
    "PublicChecks",
    "check",
    "explore",
    "public_checks",
    "question",
    "widgets_available",
]
