"""Interactive visuals: which week shows which, their server-computed initial
data, a standalone page per visual, and the elimination-steps JSON endpoint.

The drawing lives in ``static/visuals/<name>.js`` (our own SVG code); the
server only supplies the starting state, computed with the toolkit, so the
first frame a learner sees agrees with the course's own answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from mathforml.web._app import page

router = APIRouter()

#: The largest matrix the steps endpoint accepts (rows, columns).
MAX_ROWS, MAX_COLS = 4, 5
#: Longest ``matrix=`` query value we parse, and the most digits in one entry.
MAX_MATRIX_CHARS = 200
MAX_DIGITS = 6
#: One entry: an integer, a decimal or a fraction such as ``-3/4``.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:/\d+)?")


@dataclass(frozen=True)
class Visual:
    """A visual's name (its script is ``static/visuals/<name>.js``), title and one-line summary."""

    name: str
    title: str
    summary: str


VISUALS: dict[str, Visual] = {
    v.name: v
    for v in (
        Visual("lines", "Two lines, one system",
               "Drag the points that define each line and watch the solution set change."),
        Visual("elimination", "Elimination, step by step",
               "Play Gaussian elimination one row operation at a time, on any small matrix."),
        Visual("transform", "A matrix moves the plane",
               "Drag the basis vectors î and ĵ; the grid and the letter F follow."),
        Visual("eigen", "Determinant and eigenvectors",
               "The determinant is a signed area; eigenvectors stay on their own line."),
    )
}

#: The visuals each week's lesson shows in its “Explore” section.
WEEK_VISUALS: dict[str, tuple[str, ...]] = {
    "c1w1": ("lines",),
    "c1w2": ("elimination",),
    "c1w3": ("transform",),
    "c1w4": ("eigen",),
}

#: Starting states. Lines are given by two grid points each.
LINES_START = (((-4, -1), (4, 3)), ((-3, 4), (3, -2)))
ELIMINATION_START = [[2, 4, -2, 2], [4, 9, -3, 8], [-2, -3, 7, 10]]
TRANSFORM_START = [[1, 1], [0, 1]]
EIGEN_START = [[2, 1], [1, 2]]


def number_text(x: Fraction) -> str:
    """``3``, ``-1/2``: exact and short, for JSON (the browser parses it back)."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _line_through(p: tuple[int, int], q: tuple[int, int]) -> tuple[int, int, int]:
    """``(a, b, c)`` with ``a x + b y = c`` through grid points ``p`` and ``q``."""
    a, b = q[1] - p[1], p[0] - q[0]
    return a, b, a * p[0] + b * p[1]


def lines_data() -> dict[str, Any]:
    from mathforml.toolkit.linalg import determinant, solve

    (l1, l2) = (_line_through(*LINES_START[0]), _line_through(*LINES_START[1]))
    A, c = [[l1[0], l1[1]], [l2[0], l2[1]]], [l1[2], l2[2]]
    result = solve(A, c)
    point = [number_text(Fraction(v)) for v in result.solution] if result.kind == "unique" else None
    return {
        "points": [[list(p) for p in line] for line in LINES_START],
        "coefficients": [list(l1), list(l2)],
        "det": number_text(Fraction(determinant(A).value)),
        "kind": result.kind,
        "point": point,
    }


def steps_data(matrix: list[list[Fraction]]) -> dict[str, Any]:
    """The toolkit's row echelon steps for ``matrix`` as JSON-ready strings."""
    from mathforml.toolkit.linalg import row_echelon_form

    result = row_echelon_form(matrix, exact=True)

    def rows(m: Any) -> list[list[str]]:
        return [[number_text(Fraction(x)) for x in r] for r in m]

    return {
        "matrix": rows(matrix),
        "steps": [
            {"operation": s.operation, "note": s.note,
             "matrix": rows(s.matrix) if s.matrix is not None else None}
            for s in result.steps
        ],
        "echelon": rows(result.matrix),
        "rank": result.rank,
        "pivot_columns": list(result.pivot_columns),
    }


def transform_data() -> dict[str, Any]:
    from mathforml.toolkit.linalg import determinant

    return {"matrix": TRANSFORM_START,
            "det": number_text(Fraction(determinant(TRANSFORM_START).value))}


def eigen_data() -> dict[str, Any]:
    from mathforml.toolkit.linalg import determinant, eigen

    e = eigen(EIGEN_START)
    return {
        "matrix": EIGEN_START,
        "det": number_text(Fraction(determinant(EIGEN_START).value)),
        "eigenvalues": [number_text(Fraction(v)) for v in e.values],
        "eigenvectors": [[number_text(Fraction(x)) for x in basis[0]] for basis in e.vectors],
    }


def initial_data(name: str) -> dict[str, Any]:
    """The starting state of visual ``name``, computed with the toolkit."""
    if name == "lines":
        return lines_data()
    if name == "elimination":
        return steps_data([[Fraction(x) for x in r] for r in ELIMINATION_START])
    if name == "transform":
        return transform_data()
    if name == "eigen":
        return eigen_data()
    raise KeyError(name)


def visuals_for(week_id: str) -> list[dict[str, Any]]:
    """What the week template's “Explore” section embeds: one entry per visual."""
    return [
        {"visual": VISUALS[name], "data": initial_data(name)}
        for name in WEEK_VISUALS.get(week_id, ())
    ]


def install(app: FastAPI) -> None:
    """Add the routes and the ``visuals_for`` template global to ``app``."""
    app.include_router(router)
    app.state.templates.globals["visuals_for"] = visuals_for


# -- parsing the learner's matrix --------------------------------------------------


class MatrixInputError(ValueError):
    """The ``matrix=`` text is not a small matrix of numbers; the message says why."""


def parse_matrix(text: str) -> list[list[Fraction]]:
    """Rows separated by ``;`` (or new lines), entries by commas or spaces.

    >>> parse_matrix("1 2; 3 -1/2")
    [[Fraction(1, 1), Fraction(2, 1)], [Fraction(3, 1), Fraction(-1, 2)]]
    """
    if len(text) > MAX_MATRIX_CHARS:
        raise MatrixInputError(f"the matrix is too long (at most {MAX_MATRIX_CHARS} characters)")
    raw_rows = [r.strip() for r in re.split(r"[;\n]", text.strip().strip("[]"))]
    raw_rows = [r.strip("[] ") for r in raw_rows]
    if raw_rows and raw_rows[-1] == "":
        raw_rows.pop()  # a trailing ";" is harmless
    if not raw_rows or raw_rows == [""]:
        raise MatrixInputError("type a matrix, e.g. 2 4 -2; 4 9 -3")
    if len(raw_rows) > MAX_ROWS:
        raise MatrixInputError(f"at most {MAX_ROWS} rows, got {len(raw_rows)}")
    rows: list[list[Fraction]] = []
    for i, raw in enumerate(raw_rows, start=1):
        entries = [e for e in re.split(r"[,\s]+", raw) if e]
        if not entries:
            raise MatrixInputError(f"row {i} is empty")
        if len(entries) > MAX_COLS:
            raise MatrixInputError(f"at most {MAX_COLS} columns, row {i} has {len(entries)}")
        rows.append([_entry(e, i) for e in entries])
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        lengths = ", ".join(str(len(r)) for r in rows)
        raise MatrixInputError(f"every row needs the same number of entries, got {lengths}")
    return rows


def _entry(text: str, row: int) -> Fraction:
    shown = text[:12]
    if not _NUMBER.fullmatch(text):
        raise MatrixInputError(f"“{shown}” in row {row} is not a number")
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        raise MatrixInputError(f"“{shown}” in row {row} has too many digits (at most {MAX_DIGITS})")
    number, _, denominator = text.partition("/")
    if denominator and int(denominator) == 0:
        raise MatrixInputError(f"“{shown}” in row {row} divides by zero")
    value = Fraction(number)
    return value / int(denominator) if denominator else value


# -- routes ------------------------------------------------------------------------


@router.get("/api/steps")
def api_steps(matrix: str | None = None) -> Response:
    """Row echelon steps for ``?matrix=2 4; 1 3`` (at most 4×5), or 400 with a reason."""
    if matrix is None:
        return JSONResponse({"error": "give a matrix, e.g. ?matrix=2 4; 1 3", "status": 400},
                            status_code=400)
    try:
        rows = parse_matrix(matrix)
    except MatrixInputError as exc:
        return JSONResponse({"error": f"That matrix can't be used: {exc}.", "status": 400},
                            status_code=400)
    return JSONResponse(steps_data(rows))


@router.get("/visual", response_class=HTMLResponse)
def visual_index(request: Request) -> Response:
    return page(request, "visual_index.html", visuals=list(VISUALS.values()),
                week_of={n: w for w, names in WEEK_VISUALS.items() for n in names},
                title="Visuals")


@router.get("/visual/{name}", response_class=HTMLResponse)
def visual_page(request: Request, name: str) -> Response:
    visual = VISUALS.get(name)
    if visual is None:
        raise HTTPException(404, f"There is no visual called “{name[:40]}”.")
    week_id = next((w for w, names in WEEK_VISUALS.items() if name in names), None)
    return page(request, "visual_page.html", item={"visual": visual, "data": initial_data(name)},
                week_id=week_id, title=visual.title)
