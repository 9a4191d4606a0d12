"""Notebooks that ran on Colab (Drive mounts, ``!pip``, zips under /content) grade
here: what cannot run is skipped with a note per cell, the imports and the rest run."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from mathforml import curriculum
from mathforml.grading.assignments import grade_notebook
from mathforml.grading.assignments._notebook import build_program, read_cells
from mathforml.grading.sandbox import default_sandbox

SOLUTION = (Path(__file__).parent / "solutions" / "c1w2_correct_partial_pivoting.py").read_text()

COLAB_IMPORTS = """from google.colab import drive
drive.mount('/content/drive')
!pip install -q numpy==1.24.4 \\
    matplotlib
%pip install w2_unittest
!unzip -q /content/drive/MyDrive/C1W2.zip -d /content/C1W2
import zipfile
with zipfile.ZipFile('/content/drive/MyDrive/C1W2/files.zip', 'r') as archive:
    archive.extractall('/content/C1W2')
%cd /content/C1W2
import os
os.chdir('/content/C1W2')
import numpy as np
import w2_unittest
"""


def cell(text: str, *, graded: bool = False) -> dict:
    return {
        "cell_type": "code",
        "metadata": {"tags": ["graded"]} if graded else {},
        "source": text.strip("\n").splitlines(keepends=True),
        "outputs": [],
        "execution_count": None,
    }


def notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def c1w2(import_cell_graded: bool) -> str:
    body = SOLUTION.split("import numpy as np", 1)[1]
    functions = ["def " + part for part in body.split("\ndef ")[1:]]
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# Gaussian Elimination"},
        cell(COLAB_IMPORTS, graded=import_cell_graded),
    ]
    for function in functions:
        name = function.split("(")[0].removeprefix("def ")
        cells.append(cell(f"# GRADED FUNCTION: {name}\n{function}", graded=True))
        cells.append(cell(f"w2_unittest.test_{name}({name})"))
    return notebook(cells)


def test_the_solution_is_split_into_the_three_graded_functions() -> None:
    names = [c.label for c in read_cells(c1w2(False)) if c.graded]
    assert names == [
        "# GRADED FUNCTION: row_echelon_form",
        "# GRADED FUNCTION: back_substitution",
        "# GRADED FUNCTION: gaussian_elimination",
    ]


def test_a_colab_import_cell_that_is_not_graded_still_gives_np_and_a_note() -> None:
    report = grade_notebook(curriculum.assignment("c1w2"), c1w2(False), sandbox=default_sandbox())
    assert report.score == report.max_score, [t.feedback for t in report.tests] + report.notes
    [note] = [n for n in report.notes if "skipped what cannot run here" in n]
    assert note.startswith("cell 2: ")
    for named in ("!pip install", "%pip install", "!unzip", "drive.mount", "zipfile.ZipFile",
                  "%cd /content", "os.chdir", "from google.colab import drive"):
        assert named in note, named
    assert "The rest of the cell ran." in note


def test_a_graded_colab_import_cell_runs_its_imports_and_the_rest() -> None:
    report = grade_notebook(curriculum.assignment("c1w2"), c1w2(True), sandbox=default_sandbox())
    assert report.score == report.max_score, [t.feedback for t in report.tests] + report.notes
    assert sum("skipped what cannot run here" in n for n in report.notes) == 1
    assert not any("failed" in n for n in report.notes), report.notes


def test_no_magic_reaches_the_parser_and_imports_stay() -> None:
    program = build_program(c1w2(True))
    tree = ast.parse(program.source)  # parses: nothing of IPython's is left
    code = [ln.strip() for ln in program.source.splitlines() if not ln.strip().startswith("#")]
    assert not [ln for ln in code if ln.startswith(("!", "%"))]
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {"numpy", "os", "zipfile"} <= imported
    assert "google.colab" not in program.source.replace("# from google.colab", "")


def test_magics_inside_blocks_and_cell_magics() -> None:
    text = notebook([
        cell(
            "import sys\nif 'google.colab' in sys.modules:\n    !pip install x\n"
            "import numpy as np",
            graded=True,
        ),
        cell("%%bash\npip install x\nunzip y.zip", graded=True),
        cell("%%time\n# GRADED FUNCTION: f\ndef f(x):\n    return x", graded=False),
        cell("%time y = 1 + 1\n%matplotlib inline\nz = y", graded=True),
    ])
    cells = read_cells(text)
    assert [c.syntax_error for c in cells] == ["", "", "", ""]
    assert cells[2].graded  # the header under %%time still marks it
    assert cells[1].skipped
    assert "%%bash" in cells[1].skipped[0]
    assert cells[3].skipped == ()  # %time keeps its statement; %matplotlib is silent
    assert "y = 1 + 1" in cells[3].code
    program = build_program(text)
    assert any(n.startswith("cell 1") and "!pip install x" in n for n in program.notes)


def test_what_a_skipped_statement_would_have_set_is_skipped_after_it_until_set_again() -> None:
    text = notebook([
        cell(
            "import numpy as np\n"
            "path = '/content/drive/MyDrive/data/'\n"
            "data = np.load(path + 'x.npy')\n"
            "path = 'data/'\n"
            "files = path + 'y'\n"
            "def load(name):\n    return np.load('/content/' + name)\n",
            graded=True,
        )
    ])
    [only] = read_cells(text)
    assert "# path = '/content" in only.code
    assert "# data = np.load" in only.code
    assert "\npath = 'data/'\nfiles = path + 'y'\n" in only.code + "\n"
    assert "def load(name):" in only.code
    assert "# def load" not in only.code
    assert len(only.skipped) == 2
