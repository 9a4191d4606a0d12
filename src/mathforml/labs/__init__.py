"""Labs: Jupyter notebooks for each week, and the checks learners call inside them.

>>> from mathforml.labs import check, question        # doctest: +SKIP
>>> question("c1w2.rank-of-matrix")                   # shows a fixed variant's prompt
>>> check("c1w2.rank-of-matrix", 2)                   # the same feedback as the browser

``public_checks`` runs an assignment's public checks on a function in a notebook;
``explore`` gives a figure sliders where widgets work.

For the front ends: ``prepare`` copies a week's notebooks (its lab, built from the
week folder's ``lab.py``, and its assignment notebook) into the learner's lab
folder, ``start_lab`` opens JupyterLab on it, and ``notebook_text`` writes an
assignment as a notebook. Labs sit above the curriculum and grading: the notebooks
and their checks come from the week folders through the catalogue.
"""

from __future__ import annotations

from mathforml.labs._assignment import notebook_text
from mathforml.labs._checks import PublicChecks, public_checks
from mathforml.labs._explore import explore, widgets_available
from mathforml.labs._jupyter import LabStartError, start_lab
from mathforml.labs._questions import LAB_SEED, Checked, check, question
from mathforml.labs._workspace import Workspace, prepare

__all__ = [
    "LAB_SEED",
    "Checked",
    "LabStartError",
    "PublicChecks",
    "Workspace",
    "check",
    "explore",
    "notebook_text",
    "prepare",
    "public_checks",
    "question",
    "start_lab",
    "widgets_available",
]
