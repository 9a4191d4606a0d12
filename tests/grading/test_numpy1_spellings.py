"""NumPy 1.x spellings (the original course's) grade as right, with a note naming the
modern spelling; a name that never existed in NumPy still fails (see _numpy1.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from mathforml import curriculum
from mathforml.grading import Call, Job, Limits, Sandbox
from mathforml.grading.assignments import grade_notebook
from mathforml.grading.assignments._grade import grade
from mathforml.grading.sandbox import default_sandbox

SOLUTIONS = Path(__file__).parent / "solutions"
FAST = Limits(cpu_seconds=2, wall_seconds=5, memory_bytes=512 << 20)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=1, limits=FAST) as sandbox:
        yield sandbox


def _notes(text: str) -> str:
    return " | ".join(text) if isinstance(text, tuple | list) else text


# A c1w4 solution as a course learner on NumPy 1 wrote it.
C1W4_NUMPY1 = (SOLUTIONS / "c1w4_correct.py").read_text().replace(
    """def center_data(Y):
    X = Y - Y.mean(axis=0)
    return X""",
    """def center_data(Y):
    mean_vector = np.mean(Y, axis=0)
    mean_matrix = np.repeat(mean_vector, Y.shape[0])
    mean_matrix = np.reshape(mean_matrix, newshape=Y.shape, order='F')
    X = Y - mean_matrix
    return X""",
).replace(
    """    cov_matrix = cov_matrix / (X.shape[0] - 1)""",
    """    cov_matrix = cov_matrix / np.float(X.shape[0] - 1)
    assert np.alltrue(np.isfinite(cov_matrix)) and not np.isnan(np.NaN * 0) is np.NaN""",
).replace(
    """    Xred = np.dot(X, V)""",
    """    Xred = np.dot(X, V) * np.product([1.0])""",
)


def test_the_c1w4_solution_really_uses_the_numpy1_spellings() -> None:
    for spelling in ("newshape=", "np.float(", "np.alltrue", "np.NaN", "np.product"):
        assert spelling in C1W4_NUMPY1


def test_a_numpy1_c1w4_py_gets_full_marks_and_the_sandbox_names_the_modern_spellings(
    box: Sandbox,
) -> None:
    report = grade(curriculum.assignment("c1w4"), C1W4_NUMPY1, sandbox=default_sandbox())
    assert report.score == report.max_score, [t.feedback for t in report.tests]
    # The notes the sandbox brings back (GradeReport.notes gets them from _grade).
    source = C1W4_NUMPY1 + "\nY = np.arange(12.0).reshape(3, 4)\n"
    result = box.run(Job(source, (Call("c", "center_data", (np.arange(12.0).reshape(3, 4),)),
                                  Call("v", "get_cov_matrix", (np.eye(3),)),
                                  Call("p", "perform_PCA", (np.eye(3), np.eye(3), 2)))))
    assert result.outcome == "ok"
    assert all(c.ok for c in result.calls), result.calls
    notes = _notes(result.notes)
    assert "np.reshape(a, shape=...)" in notes
    assert "np.float no longer exists in NumPy 2: use float " in notes
    assert "use np.all " in notes
    assert "use np.nan " in notes
    assert "use np.prod " in notes


def test_a_numpy1_c1w2_notebook_gets_full_marks_and_notes_in_the_report() -> None:
    source = (SOLUTIONS / "c1w2_correct_partial_pivoting.py").read_text()
    assert "def row_echelon_form(" in source
    numpy1 = source.replace("import numpy as np", "import numpy as np\nEPS = np.float(0)", 1)
    unused = "def _unused():\n    return np.NINF\n\n\n"
    numpy1 = numpy1.replace("def row_echelon_form(", unused + "def row_echelon_form(")
    numpy1 += "\n\nassert np.alltrue([np.product([1, 2]) == 2])\n"
    report = grade_notebook(
        curriculum.assignment("c1w2"), _py_notebook(numpy1), sandbox=default_sandbox()
    )
    assert report.score == report.max_score, [t.feedback for t in report.tests] + report.notes
    notes = " | ".join(report.notes)
    assert "np.float no longer exists in NumPy 2: use float" in notes
    assert "np.alltrue no longer exists in NumPy 2: use np.all" in notes
    assert "np.product no longer exists in NumPy 2: use np.prod" in notes
    assert "np.NINF" not in notes  # never touched: never mentioned


def _py_notebook(source: str) -> str:
    """A .py as one graded notebook cell (the whole solution)."""
    cell = {
        "cell_type": "code",
        "metadata": {"tags": ["graded"]},
        "source": source.splitlines(keepends=True),
        "outputs": [],
        "execution_count": None,
    }
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_name_numpy_never_had_still_fails_with_its_attribute_error(box: Sandbox) -> None:
    source = (
        "import numpy as np\ndef f():\n    return np.floatt\ndef g():\n    return np.float_(2)\n"
    )
    result = box.run(Job(source, (Call("a", "f"), Call("b", "g"))))
    bad, good = result.calls
    assert not bad.ok
    assert bad.error is not None
    assert bad.error.type == "AttributeError"
    assert "floatt" in bad.error.message
    assert good.ok
    assert good.value == 2.0
    assert result.notes == (
        "np.float_ no longer exists in NumPy 2: use np.float64 "
        "(your code ran as if you had written that)",
    )


def test_aliases_behave_as_in_numpy1(box: Sandbox) -> None:
    source = (
        "import numpy as np\n"
        "def f():\n"
        "    return [np.float is float, np.int is int, np.object is object, np.str is str,\n"
        "            np.complex is complex, np.product is np.prod, np.cumproduct is np.cumprod,\n"
        "            np.alltrue is np.all, np.sometrue is np.any, np.round_ is np.round,\n"
        "            np.float_ is np.float64, np.complex_ is np.complex128,\n"
        "            np.unicode_ is np.str_, np.string_ is np.bytes_, np.Inf == np.inf,\n"
        "            np.Infinity == np.inf, np.PINF == np.inf, np.NINF == -np.inf,\n"
        "            np.infty == np.inf, bool(np.isnan(np.NaN)), bool(np.isnan(np.NAN)),\n"
        "            np.asfarray([1, 2]).dtype == np.float64, np.mat is np.asmatrix,\n"
        "            np.msort(np.array([[2, 1], [1, 2]])).tolist() == [[1, 1], [2, 2]],\n"
        "            np.in1d([[1, 5]], [1]).tolist() == [True, False],\n"
        "            float(np.trapz([1, 1], dx=2)) == 2.0, hasattr(np, 'float')]\n"
        "def r():\n"
        "    return np.reshape(a=np.arange(6), newshape=(3, 2), order='F')\n"
    )
    result = box.run(Job(source, (Call("a", "f"), Call("b", "r"))))
    assert result.outcome == "ok"
    assert all(c.ok for c in result.calls), result.calls
    assert result.calls[0].value == [True] * 27
    np.testing.assert_array_equal(result.calls[1].value, np.arange(6).reshape(3, 2, order="F"))


def test_libraries_still_see_numpy2(box: Sandbox) -> None:
    """Only the learner's code sees the old names: a library probing hasattr(np, ...)
    to tell NumPy 1 from 2 is answered as NumPy 2 answers it."""
    module = "import numpy as np\ndef probe():\n    return hasattr(np, 'float_')\n"
    source = "import helper\ndef f():\n    return helper.probe()\n"
    result = box.run(Job(source, (Call("a", "f"),), modules={"helper": module}))
    assert result.calls[0].value is True  # helper.py is the learner's own module too
    import numpy

    assert not hasattr(numpy, "float_")  # and never in this process
    lib = "import numpy as np\nimport json\ndef f():\n    return json.loads('1.5')\n"
    assert box.run(Job(lib, (Call("a", "f"),))).notes == ()


def test_a_forbidden_function_cannot_be_reached_through_a_shim(box: Sandbox) -> None:
    via_alias = "import numpy as np\ndef f():\n    return np.product([1, 2])\n"
    result = box.run(Job(via_alias, (Call("a", "f"),), forbidden=("np.prod",)))
    assert result.outcome == "forbidden"
    via_wrapper = (
        "import numpy as np, sys\n"
        "def f():\n    return np.reshape([1, 2], newshape=(2, 1))\n"
        "def g():\n"
        "    shim = sys.modules['_mfml_sandbox_numpy1']\n"
        "    return shim._ORIGINALS['reshape'][0]([1, 2], (2,))\n"
    )
    for fn in ("f", "g"):
        result = box.run(Job(via_wrapper, (Call("a", fn),), forbidden=("np.reshape",)))
        assert result.outcome == "forbidden", fn


def test_a_hostile_flood_of_note_frames_is_bounded(box: Sandbox) -> None:
    source = (
        "import sys\n"
        "n1 = sys.modules['_mfml_sandbox_numpy1']\n"
        "for i in range(500):\n"
        "    n1._REPORT(str(i) + 'x' * 5000)\n"
    )
    result = box.run(Job(source))
    assert result.outcome == "ok"
    assert len(result.notes) == 20
    assert all(len(n) <= 400 for n in result.notes)


def test_the_per_job_cost_stays_negligible(box: Sandbox) -> None:
    """Installed once in the worker; a job pays two assignments (measured: well under
    0.5 ms; here bounded loosely, the machine being shared)."""
    source = "import numpy as np\ndef f(x):\n    return np.asarray(x) * 2\n"
    job = Job(source, (Call("a", "f", ([1.0],)),))
    box.run(job)
    best = min(_timed(box, job) for _ in range(5))
    assert best < 60  # ms: a job on a warm worker
    assert box.run(job).notes == ()


def _timed(box: Sandbox, job: Job) -> float:
    started = time.perf_counter()
    box.run(job)
    return (time.perf_counter() - started) * 1000
