"""Notebooks in the original course's (v2) format, graded fairly (see COMPAT.md).

The notebooks are built here as learners hold them: Markdown headers, graded cells
(tag, ``# GRADED`` comment, or both), ``None`` placeholders, ``import w2_unittest``
and its test calls, prints and plots in graded cells, ``utils`` calls, and the
steady state computed in cells that are not graded.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import typer
from rich.console import Console

from mathforml import curriculum
from mathforml.cli._assignment import grade_command
from mathforml.grading.assignments import NotebookError, grade_notebook
from mathforml.grading.assignments._notebook import (
    MAX_CELL_CHARS,
    MAX_CELL_LINES,
    MAX_CELLS,
    MAX_CODE_CELLS,
    MAX_CODE_CHARS,
    Cell,
    _choose,
    build_program,
    graded_cells,
    graded_variables,
    read_cells,
)
from mathforml.grading.sandbox import default_sandbox


def md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text: str, *, graded: bool = False) -> dict:
    meta = {"tags": ["graded"]} if graded else {}
    lines = text.strip("\n").splitlines(keepends=True)
    return {
        "cell_type": "code",
        "metadata": meta,
        "source": lines,
        "outputs": [],
        "execution_count": None,
    }


def notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def grade_nb(aid: str, cells: list[dict]):
    return grade_notebook(curriculum.assignment(aid), notebook(cells), sandbox=default_sandbox())


def by_name(report) -> dict[str, tuple[bool, str]]:
    return {t.name: (t.passed, t.feedback) for t in report.tests}


# ---------------------------------------------------------------- c1w2

REF_BODY = """
    A = A.copy().astype('float64')
    B = B.copy().astype('float64')
    num_rows = len(A)
    ### START CODE HERE ###
    det_A = np.linalg.det(A)
    if np.isclose(det_A, 0) == True:
        return 'Singular system'
    M = augmented_matrix(A, B)
    for row in range(num_rows):
        pivot_candidate = M[row, row]
        if np.isclose(pivot_candidate, 0) == True:
            first = get_index_first_non_zero_value_from_column(M, row, row)
            M = swap_rows(M, row, first)
            pivot = M[row, row]
        else:
            pivot = pivot_candidate
        M[row] = 1/pivot * M[row]
        for j in range(row + 1, num_rows):
            value_below_pivot = M[j, row]
            M[j] = M[j] SIGN value_below_pivot * M[row]
    ### END CODE HERE ###
    return M
"""

BACK = """# GRADED FUNCTION: back_substitution
def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    ### START CODE HERE ###
    for row in reversed(range(num_rows)):
        substitution_row = M[row]
        index = get_index_first_non_zero_value_from_row(M, row, augmented=True)
        for j in range(row):
            row_to_reduce = M[j]
            value = row_to_reduce[index]
            row_to_reduce = row_to_reduce - value * substitution_row
            M[j, :] = row_to_reduce
    solution = M[:, -1]
    ### END CODE HERE ###
    return solution
"""

BACK_STARTER = """# GRADED FUNCTION: back_substitution
def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    ### START CODE HERE ###
    for row in reversed(range(None)):
        substitution_row = None
        index = None
        for j in range(None):
            M[j, :] = None
    solution = None
    ### END CODE HERE ###
    return solution
"""

GAUSS = """# GRADED FUNCTION: gaussian_elimination
def gaussian_elimination(A, B):
    ### START CODE HERE ###
    row_echelon_M = row_echelon_form(A, B)
    if not isinstance(row_echelon_M, str):
        solution = back_substitution(row_echelon_M)
    else:
        solution = row_echelon_M
    ### END CODE HERE ###
    return solution
"""


def c1w2_cells(*, sign: str = "-", back: str = BACK) -> list[dict]:
    return [
        md("# Gaussian Elimination\n## 1 - Packages"),
        code("import numpy as np\n\n# Load the unit tests\nimport w2_unittest"),
        md("## 2 - Helper functions"),
        code(
            "def swap_rows(M, row_index_1, row_index_2):\n    M = M.copy()\n"
            "    M[[row_index_1, row_index_2]] = M[[row_index_2, row_index_1]]\n    return M"
        ),
        code("A = np.array([[1, 2], [0, 1]])\nprint(swap_rows(A, 0, 1))"),
        md("<a name='ex01'></a>\n### Exercise 1"),
        code(
            "# GRADED FUNCTION: row_echelon_form\ndef row_echelon_form(A, B):"
            + REF_BODY.replace("SIGN", sign),
            graded=True,
        ),
        code("w2_unittest.test_row_echelon_form(row_echelon_form)"),
        code(back, graded=True),
        code("w2_unittest.test_back_substitution(back_substitution)"),
        code(GAUSS, graded=True),
        code("w2_unittest.test_gaussian_elimination(gaussian_elimination)"),
    ]


def test_c1w2_correct_v2_notebook_scores_full_marks():
    report = grade_nb("c1w2", c1w2_cells())
    assert (report.score, report.max_score, report.outcome) == (10, 10, "passed")


def test_c1w2_wrong_sign_is_named_in_the_learners_terms():
    report = grade_nb("c1w2", c1w2_cells(sign="+"))
    assert report.score == 5
    feedback = by_name(report)["row_echelon_form: zero pivots need a row swap"][1]
    assert "you added value_below_pivot · pivot_row" in feedback


def test_c1w2_half_finished_gets_the_finished_part_and_a_none_hint():
    report = grade_nb("c1w2", c1w2_cells(back=BACK_STARTER))
    assert report.score == 6  # row echelon form right; back substitution and its use not
    passed, feedback = by_name(report)["back_substitution"]
    assert not passed
    assert "None placeholder" in feedback
    assert "submission.py" not in feedback  # lines are given in cells


# ---------------------------------------------------------------- c1w3

TRANSFORMS = """
# GRADED FUNCTION: T_stretch
def T_stretch(a, v):
    ### START CODE HERE ###
    T = np.array([[a, 0], [0, a]])
    w = T @ v
    ### END CODE HERE ###
    return w
"""

TRANSFORMS_WRONG = TRANSFORMS.replace("T @ v", "v * a * a")

NETWORK = """
# GRADED FUNCTION: forward_propagation
def forward_propagation(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    ### START CODE HERE ###
    Z = W @ X + b
    Y_hat = Z
    ### END CODE HERE ###
    return Y_hat
"""

REST = """
# GRADED FUNCTION: compute_cost
def compute_cost(Y_hat, Y):
    m = Y_hat.shape[1]
    cost = np.sum((Y_hat - Y)**2)/(2*m)
    return cost
"""

NN = """
# GRADED FUNCTION: nn_model
def nn_model(X, Y, num_iterations=1000, print_cost=False):
    n_x = X.shape[0]
    parameters = utils.initialize_parameters(n_x)
    for i in range(0, num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate = 1.2)
        if print_cost:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters
"""

PREDICT = """
# GRADED FUNCTION: predict
def predict(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    Y_hat = np.matmul(W, X) + b
    return Y_hat
"""


def c1w3_cells(*, transforms: str = TRANSFORMS, network: str = NETWORK) -> list[dict]:
    others = (
        curriculum.assignment("c1w3").reference.split("def T_hshear")[1].split("def forward")[0]
    )
    return [
        md("# Single Perceptron Neural Networks for Linear Regression"),
        code(
            "import numpy as np\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
            "import utils\nimport w3_unittest\n%matplotlib inline"
        ),
        code(transforms, graded=True),
        code("w3_unittest.test_T_stretch(T_stretch)"),
        code("def T_hshear" + others, graded=True),
        code("v = np.array([[1, 2], [3, 4]])\nplt.plot(T_stretch(2, v)[0])\nplt.show()"),
        md("## Neural network"),
        code(
            "# GRADED cell\nm = 30\nX = np.random.randn(2, m)\nY = X[0:1] + 2 * X[1:2]\n"
            "print('X shape', X.shape)\nplt.scatter(X[0], Y)\nplt.show()",
            graded=True,
        ),
        code(network, graded=True),
        code("w3_unittest.test_forward_propagation(forward_propagation)"),
        code(REST, graded=True),
        code(NN, graded=True),
        code("parameters = nn_model(X, Y, num_iterations=5, print_cost=True)", graded=True),
        code(PREDICT, graded=True),
    ]


def test_c1w3_correct_v2_notebook_with_utils_and_plots_scores_full_marks():
    report = grade_nb("c1w3", c1w3_cells())
    assert (report.score, report.max_score, report.outcome) == (12, 12, "passed")
    assert report.notes == []


def test_c1w3_wrong_stretch_costs_its_point_only():
    report = grade_nb("c1w3", c1w3_cells(transforms=TRANSFORMS_WRONG))
    assert report.score == 11
    assert not by_name(report)["T_stretch"][0]


def test_c1w3_half_finished_notebook_with_a_missing_function_says_which():
    report = grade_nb("c1w3", c1w3_cells(network="# GRADED FUNCTION: forward_propagation\n"))
    tests = by_name(report)
    assert not tests["forward_propagation"][0]
    assert "no cell of the notebook defines forward_propagation" in tests["forward_propagation"][1]
    assert not tests["nn_model"][0]
    assert tests["T_stretch"][0]
    # the cell that trains the network failed, and the learner is told where and why
    assert any("failed" in n and "forward_propagation" in n for n in report.notes)


# ---------------------------------------------------------------- c1w4

P_CELL = """# GRADED cell
P = np.array([
    [0, 0.75, 0.35, 0.25, 0.85],
    [0.15, 0, 0.35, 0.25, 0.05],
    [0.15, 0.15, 0, 0.25, 0.05],
    [0.15, 0.05, 0.05, 0, 0.05],
    [0.55, 0.05, 0.25, 0.25, 0]
])
X0 = np.array([[0],[0],[0],[1],[0]])
### START CODE HERE ###
X1 = X1_VALUE
### END CODE HERE ###
print(sum(P))
print(X1)
"""

PCA = """
# GRADED FUNCTION: center_data
def center_data(Y):
    mean_vector = np.mean(Y, axis=0)
    mean_matrix = np.repeat(mean_vector, ROWS)
    mean_matrix = np.reshape(mean_matrix, SHAPE, order='F')
    X = Y - mean_matrix
    return X
"""


def c1w4_cells(
    *, x1: str = "np.matmul(P, X0)", rows: str = "Y.shape[0]", shape: str = "Y.shape"
) -> list[dict]:
    ref = curriculum.assignment("c1w4").reference
    rest = "def get_cov_matrix" + ref.split("def get_cov_matrix")[1]
    return [
        md("# Page ranking and PCA"),
        code(
            "import numpy as np\nimport matplotlib.pyplot as plt\nimport scipy.sparse.linalg\n"
            "import utils\nimport w4_unittest"
        ),
        code(P_CELL.replace("X1_VALUE", x1), graded=True),
        code("w4_unittest.test_matrix(P, X0, X1)"),
        code("eigenvals, eigenvecs = np.linalg.eig(P)\nprint(eigenvals)"),
        code("X_inf = eigenvecs[:,0]\nprint(X_inf[:, np.newaxis])"),
        code(
            "# GRADED FUNCTION: check_eigenvector\ndef check_eigenvector(P, X_inf):\n"
            "    X_check = P @ X_inf\n    return X_check\n\n"
            "X_check = check_eigenvector(P, X_inf)\nprint(X_check)",
            graded=True,
        ),
        code("X_inf = X_inf/sum(X_inf)\nprint(X_inf)"),
        code(
            "imgs = utils.load_images('./data/')\nimgs_flatten = np.array([i.reshape(-1) "
            "for i in imgs])"
        ),
        code(PCA.replace("ROWS", rows).replace("SHAPE", shape), graded=True),
        code("X = center_data(imgs_flatten)\nplt.imshow(X[0].reshape(64, 64))"),
        code(rest, graded=True),
    ]


def test_c1w4_correct_v2_notebook_gets_the_steady_state_from_ungraded_cells():
    report = grade_nb("c1w4", c1w4_cells())
    assert (report.score, report.max_score) == (12, 12)
    assert any("X_inf is set outside the graded cells" in n for n in report.notes)


def test_c1w4_wrong_first_click_is_named():
    report = grade_nb("c1w4", c1w4_cells(x1="P.T @ X0"))
    assert report.score == 11
    assert "X1 is Pᵀ X0" in by_name(report)["X1 after one click"][1]


def test_c1w4_half_finished_with_hard_coded_shape_says_it_works_only_for_the_original():
    report = grade_nb("c1w4", c1w4_cells(x1="None", rows="55", shape="(55, 4096)"))
    tests = by_name(report)
    assert not tests["X1 after one click"][0]
    assert tests["center_data"][1].startswith("works for 55×4096 data, fails for 30×64")
    assert report.score == 12 - 1 - 2


# ---------------------------------------------------------------- malformed


def test_a_notebook_that_is_not_json_is_explained(tmp_path):
    with pytest.raises(NotebookError, match="not valid JSON"):
        grade_notebook(curriculum.assignment("c1w2"), '{"cells": [')
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(typer.Exit):
        grade_command(Console(record=True), "c1w2", path, False)


def test_json_that_is_not_a_notebook_is_explained():
    with pytest.raises(NotebookError, match="not a Jupyter notebook"):
        grade_notebook(curriculum.assignment("c1w2"), "[1, 2]")
    with pytest.raises(NotebookError, match="no code cells"):
        grade_notebook(curriculum.assignment("c1w2"), notebook([md("# only text")]))


def test_a_graded_cell_with_a_syntax_error_is_named_and_the_rest_is_graded():
    cells = c1w2_cells()
    cells[8] = code(
        "# GRADED FUNCTION: back_substitution\ndef back_substitution(M):\n    return M[:, -1\n",
        graded=True,
    )
    report = grade_nb("c1w2", cells)
    passed, feedback = by_name(report)["back_substitution"]
    assert not passed
    assert "cell 9" in feedback
    assert "SyntaxError" in feedback
    assert report.score == 6  # row_echelon_form and the singular systems still count


def test_cli_grades_a_notebook_and_prints_the_notes(tmp_path):
    path = Path(tmp_path) / "C1W4_Assignment.ipynb"
    path.write_text(notebook(c1w4_cells()), encoding="utf-8")
    console = Console(record=True, width=200)
    report = grade_command(console, "c1w4", path, False)
    assert report.score == 12
    text = console.export_text()
    assert "note: X_inf is set outside the graded cells" in text
    assert "Score: 12/12" in text


# ---------------------------------------------------------------- hostile


def _best_ms(action, runs: int = 3) -> float:
    """The fastest of a few runs, in milliseconds: a busy machine only slows some runs."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, 1000 * (time.perf_counter() - started))
    return best


def _refused(text: str):
    """A function that reads ``text`` and expects a NotebookError, for timing."""

    def read() -> None:
        with pytest.raises(NotebookError):
            read_cells(text)

    return read


def _chain(n: int, *, pad_to: int = 0) -> str:
    """One graded cell, then ``n`` ungraded cells in reverse order where each sets the
    name the previous one reads, starting from c1w4's ``X_inf``: the cell choice must
    follow the whole chain. This shape took the old choice 5–9 s at 52 KiB."""
    names = ["X_inf"] + [f"v{i}" for i in range(1, n)]
    cells = []
    for i, name in enumerate(names):
        source = f"{name} = {names[i + 1] if i + 1 < n else 1}"
        if pad_to:
            source += "\n#" + "x" * max(0, pad_to - len(source) - 2)
        cells.append({"cell_type": "code", "metadata": {}, "source": source})
    cells.reverse()
    return notebook([code("def f():\n    return 1", graded=True), *cells])


def test_a_crafted_chain_notebook_is_decided_at_once():
    text = _chain(820)
    assert 50 * 1024 < len(text) < 56 * 1024  # the size that took 5-9 s before
    with pytest.raises(NotebookError, match=f"more than {MAX_CODE_CELLS} code cells"):
        graded_cells(curriculum.assignment("c1w4"), text)
    assert _best_ms(_refused(text)) < 50


def test_the_cell_choice_is_linear_in_the_number_of_cells():
    """The choice itself, without the caps on reading: a chain 20 times longer than
    any allowed notebook is followed to its end in linear time (the old search took
    seconds at 800 cells and grew with the cube)."""

    def chain_cells(n: int) -> list[Cell]:
        names = ["X_inf"] + [f"v{i}" for i in range(1, n)]
        cells = [Cell(1, "", True, "", frozenset({"f"}))]
        for i, name in enumerate(reversed(names)):
            reads = frozenset({names[len(names) - i]} if i else set())
            cells.append(Cell(i + 2, "", False, "", frozenset({name}), reads))
        return cells

    small, large = chain_cells(1_500), chain_cells(12_000)
    assert len(_choose(large, ("X_inf",))[0]) == 12_001
    ratio = _best_ms(lambda: _choose(large, ("X_inf",))) / _best_ms(
        lambda: _choose(small, ("X_inf",))
    )
    assert ratio < 24  # 8 times the cells: about 8 times the time; quadratic would be 64
    assert _best_ms(lambda: _choose(large, ("X_inf",))) < 250


def _wide() -> str:
    """As much code as allowed in few cells, every line reading two names that the
    next line sets: thousands of names for the choice to follow."""
    cells, k = [], 0
    while sum(len(c["source"]) for c in cells) < MAX_CODE_CHARS - MAX_CELL_CHARS // 2:
        lines: list[str] = []
        while sum(map(len, lines)) + len(lines) < MAX_CELL_CHARS // 2 - 40:
            lines.append(f"{'X_inf' if k == 0 else f'w{k}'} = w{k + 1} + w{k + 2}")
            k += 1
        cells.append({"cell_type": "code", "metadata": {}, "source": "\n".join(lines)})
    return notebook([code("def f():\n    return 1", graded=True), *reversed(cells)])


@pytest.mark.parametrize("shape", ["chain", "wide"])
def test_the_worst_notebook_of_the_allowed_size_is_decided_within_200_ms(shape):
    """As many code cells as allowed, together holding as much code as allowed, each
    needed by the next (chain); or few cells with thousands of names (wide)."""
    n = MAX_CODE_CELLS - 1
    text = _chain(n, pad_to=MAX_CODE_CHARS // MAX_CODE_CELLS - 1) if shape == "chain" else _wide()
    variables = graded_variables(curriculum.assignment("c1w4"))
    program = build_program(text, variables)
    assert len(program.run) == (n + 1 if shape == "chain" else len(program.cells))
    assert len(program.source) > MAX_CODE_CHARS * 0.9
    assert _best_ms(lambda: build_program(text, variables)) < 200


def test_one_more_cell_than_allowed_is_refused_with_a_clear_message():
    text = notebook([md("text")] * (MAX_CELLS + 1))
    with pytest.raises(NotebookError, match=f"at most {MAX_CELLS:,}"):
        read_cells(text)
    text = notebook([code("x = 1")] * (MAX_CODE_CELLS + 1))
    with pytest.raises(NotebookError, match=f"at most {MAX_CODE_CELLS:,}"):
        read_cells(text)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1\n" * 100_000, "a cell may hold at most"),  # the 100k-line cell of issue 9
        ("x=1\n" * (MAX_CELL_LINES + 1), f"a cell may have at most {MAX_CELL_LINES:,}"),
    ],
)
def test_a_huge_cell_is_refused_before_it_is_parsed(source, message):
    text = notebook([code(source, graded=True)])
    with pytest.raises(NotebookError, match=message):
        read_cells(text)
    assert _best_ms(_refused(text)) < 50


def test_too_much_code_in_all_cells_together_is_refused():
    cell = "x = 1  # " + "." * (MAX_CELL_CHARS - 20)
    text = notebook([code(cell)] * (MAX_CODE_CHARS // len(cell) + 1))
    assert MAX_CODE_CHARS // len(cell) + 1 <= MAX_CODE_CELLS
    with pytest.raises(NotebookError, match="characters of code"):
        read_cells(text)


def test_a_200k_deep_json_document_is_refused_quickly():
    text = "[" * 200_000 + "]" * 200_000
    with pytest.raises(NotebookError, match="nested far deeper"):
        grade_notebook(curriculum.assignment("c1w2"), text)
    nested_in_a_cell = notebook([code("x = 1")]).replace('"x = 1"', "[" * 200_000 + "]" * 200_000)
    with pytest.raises(NotebookError, match="nested far deeper"):
        read_cells(nested_in_a_cell)
    assert _best_ms(_refused(text)) < 100


def _cell_with(**fields) -> str:
    cell = {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []}
    cell.update(fields)
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metadata": []}, "cell 1's metadata is not a JSON object"),
        ({"metadata": ["graded"]}, "cell 1's metadata is not a JSON object"),
        ({"metadata": {"tags": {}}}, "cell 1's tags are not a list"),
        ({"metadata": {"tags": "ungraded"}}, "cell 1's tags are not a list"),
        ({"metadata": {"tags": "graded"}}, "cell 1's tags are not a list"),
        ({"metadata": {"tags": [1, None]}}, "cell 1's tags are not a list"),
        ({"source": 5}, "cell 1's source is not text"),
        ({"source": {"code": "x = 1"}}, "cell 1's source is not text"),
        ({"source": ["x = 1\n", 2]}, "cell 1's source is not text"),
    ],
)
def test_malformed_cells_end_in_a_notebook_error_naming_the_cell(fields, message):
    with pytest.raises(NotebookError, match=message):
        grade_notebook(curriculum.assignment("c1w2"), _cell_with(**fields))


def test_tags_are_compared_exactly_not_by_substring():
    cells = read_cells(
        notebook(
            [
                code("a = 1") | {"metadata": {"tags": ["ungraded"]}},
                code("b = 1") | {"metadata": {"tags": ["graded-later", "notgraded"]}},
                code("c = 1") | {"metadata": {"tags": ["solution", "graded"]}},
            ]
        )
    )
    assert [c.graded for c in cells] == [False, False, True]


def test_a_cli_run_on_a_malformed_notebook_exits_with_the_message(tmp_path, capsys):
    path = tmp_path / "bad.ipynb"
    path.write_text(_cell_with(metadata={"tags": "ungraded"}), encoding="utf-8")
    with pytest.raises(typer.Exit):
        grade_command(Console(record=True, width=200), "c1w2", path, False)
    err = capsys.readouterr().err
    assert "tags are not a list" in err
    assert "Traceback" not in err


def test_lone_surrogates_and_nul_bytes_are_graded_not_raised():
    cells = c1w2_cells()
    cells.append(code("# GRADED\nnote = 'half a pair: \ud800'\n", graded=True))
    cells.append(code("# GRADED \udfff label\nother = 1\x00\n", graded=True))
    report = grade_nb("c1w2", cells)
    assert report.score == report.max_score  # the solution's cells still count
    assert any("could not run" in n and "null bytes" in n for n in report.notes)
    program = build_program(notebook(cells))
    assert "\ud800" not in program.source
    assert "\ufffd" in program.source
    program.source.encode("utf-8")  # what the sandbox is sent is valid text


def test_a_cell_nested_too_deeply_for_the_parser_is_named():
    cells = c1w2_cells()
    cells.append(code("# GRADED\nx = " + "+".join(["1"] * 10_000), graded=True))
    report = grade_nb("c1w2", cells)
    assert report.score == report.max_score
    assert any("nested too deeply" in n for n in report.notes)


def test_control_characters_in_a_cell_label_are_not_shown():
    (cell,) = read_cells(notebook([code("# GRADED \x1b[2J\x1b]0;owned\x07 x\nx = 1\n")]))
    assert "\x1b" not in cell.name()
    assert "\x07" not in cell.name()
    assert cell.name().startswith("cell 1 (# GRADED")
