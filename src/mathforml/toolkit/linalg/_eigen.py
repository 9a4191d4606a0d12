"""Eigenvalues and eigenvectors as the course computes them by hand.

For 2×2 and 3×3 matrices with exact entries: the characteristic polynomial from
the trace, the principal minors and the determinant; its roots exactly (rational
roots by the rational root theorem, the rest by the quadratic formula, in SymPy
so ``1 + √2`` and ``2 ± i`` stay exact); each eigenspace as the null space of
``A − λI``. Anything else falls back to :func:`eigen_numeric`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._determinant import _cofactor, _paren, _paren_latex
from mathforml.toolkit.linalg._elimination import RowReducer
from mathforml.toolkit.linalg._exact import decide_exact, matrix_rows, shape_text
from mathforml.toolkit.linalg._numeric_eigen import (
    clusters,
    eigen_numeric,
    eigenspace,
    sort_key,
)
from mathforml.toolkit.linalg._steps import (
    Step,
    latex_matrix,
    latex_number,
    latex_vector,
    number_text,
    render_steps,
)

#: Largest |constant term| for which rational candidates p/q are enumerated.
MAX_RATIONAL_SEARCH = 10**9
#: The name of the polynomial variable (``λ`` in LaTeX).
LAMBDA_NAME = "lambda"


@dataclass(frozen=True)
class CharPoly:
    """``det(A − λI)``: ``coefficients`` highest degree first (monic), ``sympy_expr`` in λ."""

    coefficients: list[Any]
    sympy_expr: Any
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps)


@dataclass(frozen=True)
class Eigen:
    """Eigen-decomposition: one entry per *distinct* eigenvalue.

    ``vectors[i]`` is a basis (a list of vectors) of the eigenspace of
    ``values[i]``; ``algebraic_multiplicity[i]`` is its multiplicity as a root,
    ``geometric_multiplicity[i]`` the dimension of its eigenspace.
    """

    values: list[Any]
    vectors: list[list[Any]]
    algebraic_multiplicity: tuple[int, ...]
    geometric_multiplicity: tuple[int, ...]
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps)


def _lam() -> Any:
    import sympy

    return sympy.Symbol(LAMBDA_NAME)


def _to_sympy(x: Any) -> Any:
    import sympy

    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    if isinstance(x, float):
        return sympy.Float(x)
    return sympy.sympify(x)  # our own numbers only, never learner text


def _square(A: Any, exact: bool | None = None) -> tuple[list[list[Any]], bool]:
    mode = decide_exact(exact, A)
    rows = matrix_rows(A, mode, "A")
    n = len(rows)
    if len(rows[0]) != n:
        raise ShapeError(f"eigenvalues need a square matrix, got {shape_text((n, len(rows[0])))}")
    return rows, mode


def _poly_text(coefficients: list[Any]) -> tuple[str, str]:
    """``[1, -5, 6]`` -> ``λ² − 5λ + 6`` and its LaTeX."""
    deg = len(coefficients) - 1
    sup = {2: "²", 3: "³"}
    text, latex = "", ""
    for k, c in enumerate(coefficients):
        power = deg - k
        if c == 0 and power != deg:
            continue
        mag = -c if c < 0 else c
        var = "" if power == 0 else "λ" + (sup.get(power, f"^{power}") if power > 1 else "")
        lvar = "" if power == 0 else r"\lambda" + (f"^{{{power}}}" if power > 1 else "")
        coef = "" if (mag == 1 and power) else number_text(mag)
        lcoef = "" if (mag == 1 and power) else latex_number(mag)
        if not text:
            text = ("−" if c < 0 else "") + coef + var
            latex = ("-" if c < 0 else "") + lcoef + lvar
        else:
            text += (" − " if c < 0 else " + ") + coef + var
            latex += (" - " if c < 0 else " + ") + lcoef + lvar
    return text or "0", latex or "0"


def _shifted_matrix(rows: list[list[Any]]) -> list[list[Any]]:
    lam = _lam()
    n = len(rows)
    return [[_to_sympy(rows[i][j]) - (lam if i == j else 0) for j in range(n)] for i in range(n)]


def characteristic_polynomial(A: Any) -> CharPoly:
    """The characteristic polynomial ``det(A − λI)`` of a square matrix, monic, with steps.

    2×2: ``λ² − tr(A) λ + det A``; 3×3: ``λ³ − tr(A) λ² + (sum of the principal
    2×2 minors) λ − det A``; larger: the Faddeev–LeVerrier recursion. Exact
    (Fraction) coefficients for exact input.

    >>> characteristic_polynomial([[2, 1], [1, 2]]).coefficients
    [Fraction(1, 1), Fraction(-4, 1), Fraction(3, 1)]
    """
    rows, exact = _square(A)
    n = len(rows)
    one = Fraction(1) if exact else 1.0
    steps = [
        Step(
            "form A − λI (subtract λ on the diagonal)",
            r"A - \lambda I",
            _shifted_matrix(rows),
            "the eigenvalues are the λ that make A − λI singular, i.e. det(A − λI) = 0",
        )
    ]
    trace = sum((rows[i][i] for i in range(1, n)), rows[0][0])
    det = _cofactor(rows, exact, None) if n <= 3 else None
    if n == 1:
        coefficients = [one, -trace]
    elif n == 2:
        steps.append(_trace_step(rows, trace))
        (a, b), (c, d) = rows
        steps.append(
            Step(
                f"det A = ad − bc = {number_text(det)}",
                rf"\det A = {_paren_latex(a)} \cdot {_paren_latex(d)} - "
                rf"{_paren_latex(b)} \cdot {_paren_latex(c)} = {latex_number(det)}",
                None,
                "for a 2×2 matrix, det(A − λI) = λ² − tr(A)·λ + det A",
            )
        )
        coefficients = [one, -trace, det]
    elif n == 3:
        steps.append(_trace_step(rows, trace))
        minors = []
        for skip in (2, 1, 0):
            keep = [i for i in range(3) if i != skip]
            (a, b), (c, d) = ([rows[i][j] for j in keep] for i in keep)
            minors.append(a * d - b * c)
        total = minors[0] + minors[1] + minors[2]
        steps.append(
            Step(
                "sum of the principal 2×2 minors = "
                + " + ".join(_paren(m) for m in minors)
                + f" = {number_text(total)}",
                r"M_{11} + M_{22} + M_{33} = "
                + " + ".join(_paren_latex(m) for m in minors)
                + f" = {latex_number(total)}",
                None,
                "each principal minor deletes row i and column i; they give the λ coefficient",
            )
        )
        steps.append(
            Step(
                f"det A = {number_text(det)}",
                rf"\det A = {latex_number(det)}",
                None,
                "expanding along the first row",
            )
        )
        coefficients = [one, -trace, total, -det]
    else:
        coefficients = _faddeev_leverrier(rows, exact)
    if not exact:
        coefficients = [float(c) for c in coefficients]
    text, latex = _poly_text(coefficients)
    steps.append(
        Step(
            f"p(λ) = det(A − λI) = {text}" if n % 2 == 0 else f"p(λ) = det(λI − A) = {text}",
            rf"p(\lambda) = {latex}",
            None,
            "the characteristic polynomial; its roots are the eigenvalues"
            + ("" if n % 2 == 0 else " (det(A − λI) is its negative for odd n)"),
        )
    )
    lam = _lam()
    expr = sum(_to_sympy(c) * lam ** (n - k) for k, c in enumerate(coefficients))
    return CharPoly(list(coefficients), expr, tuple(steps))


def _trace_step(rows: list[list[Any]], trace: Any) -> Step:
    n = len(rows)
    return Step(
        "tr A = " + " + ".join(_paren(rows[i][i]) for i in range(n)) + f" = {number_text(trace)}",
        r"\operatorname{tr} A = "
        + " + ".join(_paren_latex(rows[i][i]) for i in range(n))
        + f" = {latex_number(trace)}",
        None,
        "the trace (sum of the diagonal) is the sum of the eigenvalues",
    )


def _faddeev_leverrier(rows: list[list[Any]], exact: bool) -> list[Any]:
    """Coefficients of det(λI − A) for any n, with exact arithmetic when the entries are exact."""
    n = len(rows)
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    coefficients = [one]
    M = [[zero] * n for _ in range(n)]
    for k in range(1, n + 1):
        c_prev = coefficients[-1]
        M = [[M[i][j] + (c_prev if i == j else zero) for j in range(n)] for i in range(n)]
        AM = [
            [sum((rows[i][t] * M[t][j] for t in range(n)), zero) for j in range(n)]
            for i in range(n)
        ]
        tr = sum((AM[i][i] for i in range(n)), zero)
        coefficients.append(-tr / k)
        M = AM
    return coefficients


def _rational_roots(coefficients: list[Fraction]) -> tuple[list[Fraction], list[Fraction]]:
    """Split off rational roots (rational root theorem + deflation); return (roots, remainder)."""
    poly = list(coefficients)
    roots: list[Fraction] = []
    while len(poly) > 1:
        if poly[-1] == 0:
            roots.append(Fraction(0))
            poly = poly[:-1]
            continue
        denominators = math.lcm(*(c.denominator for c in poly))
        ints = [int(c * denominators) for c in poly]
        lead, const = abs(ints[0]), abs(ints[-1])
        if const > MAX_RATIONAL_SEARCH or lead > MAX_RATIONAL_SEARCH:
            break
        found = None
        for p in _divisors(const):
            for q in _divisors(lead):
                for cand in (Fraction(p, q), Fraction(-p, q)):
                    if _horner(poly, cand) == 0:
                        found = cand
                        break
                if found is not None:
                    break
            if found is not None:
                break
        if found is None:
            break
        roots.append(found)
        poly = _deflate(poly, found)
    return roots, poly


def _divisors(k: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(k) + 1) if k % d == 0]
    return sorted({*small, *(k // d for d in small)})


def _horner(poly: list[Fraction], x: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in poly:
        acc = acc * x + c
    return acc


def _deflate(poly: list[Fraction], root: Fraction) -> list[Fraction]:
    """Divide by (λ − root) by synthetic division (the remainder is 0)."""
    out = [poly[0]]
    for c in poly[1:-1]:
        out.append(c + out[-1] * root)
    return out


def _quadratic_roots(a: Fraction, b: Fraction, c: Fraction) -> list[Any]:
    """Roots of a λ² + b λ + c, exactly: rational when the discriminant is a square."""
    import sympy

    disc = b * b - 4 * a * c
    if disc >= 0:
        rn, rd = math.isqrt(disc.numerator), math.isqrt(disc.denominator)
        if rn * rn == disc.numerator and rd * rd == disc.denominator:
            r = Fraction(rn, rd)
            return [_to_sympy((-b + r) / (2 * a)), _to_sympy((-b - r) / (2 * a))]
    centre = _to_sympy(-b / (2 * a))
    spread = sympy.sqrt(_to_sympy(disc)) / _to_sympy(2 * a)
    return [centre + spread, centre - spread]


def _exact_eigenvalues(coefficients: list[Fraction]) -> list[Any] | None:
    """All roots exactly as SymPy numbers, or None when a cubic factor has no rational root."""
    roots, rest = _rational_roots(coefficients)
    values = [_to_sympy(r) for r in roots]
    if len(rest) == 3:
        values += _quadratic_roots(*rest)
    elif len(rest) == 2:
        values.append(_to_sympy(-rest[1] / rest[0]))
    elif len(rest) > 3:
        return None
    return sorted(values, key=lambda v: sort_key(complex(v.evalf(30))))


def _numeric_list(values: np.ndarray) -> list[Any]:
    if values.dtype.kind == "c":
        return [complex(v) for v in values]
    return [float(v) for v in values]


def eigenvalues(A: Any) -> list[Any]:
    """The eigenvalues of a square matrix, repeated by multiplicity, largest real part first.

    For exact 1×1–3×3 input they are exact SymPy numbers (``2``, ``1 + sqrt(2)``,
    ``1 - 2*I``); otherwise floats, or complex numbers when some are not real.

    >>> eigenvalues([[2, 1], [1, 2]])
    [3, 1]
    """
    rows, exact = _square(A)
    if exact and len(rows) <= 3:
        values = _exact_eigenvalues(characteristic_polynomial(rows).coefficients)
        if values is not None:
            return values
    vals, _ = eigen_numeric(rows)
    return _numeric_list(vals)


def _exact_null_space(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[list[Any]]]:
    """Integer-scaled basis of the null space of an exact matrix, and its reduced form."""
    n = len(rows[0])
    reducer = RowReducer(rows, exact=True)
    pivots = reducer.forward(unit_pivots=True, skip_note=False)
    reducer.backward(pivots)
    basis = []
    for f in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for r, p in enumerate(pivots):
            v[p] = -reducer.rows[r][f]
        scale = math.lcm(*(x.denominator for x in v))
        basis.append([x * scale for x in v])
    return basis, reducer.rows


def _symbolic_null_vector(rows: list[list[Any]], lam: Any) -> list[Any]:
    """The eigenvector of a simple irrational/complex eigenvalue (eigenspace of dimension 1).

    2×2: ``(b, λ − a)`` from the first non-zero row; 3×3: the cross product of
    two independent rows of ``A − λI``, which is orthogonal to every row.
    """
    import sympy

    n = len(rows)
    B = [[_to_sympy(rows[i][j]) - (lam if i == j else 0) for j in range(n)] for i in range(n)]

    def size(vec: list[Any]) -> float:
        return sum(abs(complex(sympy.N(x, 30))) for x in vec)

    if n == 2:
        candidates = [[B[i][1], -B[i][0]] for i in range(2)]
    else:
        candidates = []
        for i, j in ((0, 1), (0, 2), (1, 2)):
            u, w = B[i], B[j]
            candidates.append(
                [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]]
            )
    best = max(candidates, key=size)
    vec = [sympy.expand(x) for x in best]
    # Scale so one entry is 1, choosing the entry that leaves the simplest vector.
    options = [vec]
    for d in vec:
        if d != 0:
            options.append([sympy.expand(sympy.radsimp(x / d)) for x in vec])
    return min(options, key=lambda v: sum(sympy.count_ops(x) for x in v))


def eigen(A: Any) -> Eigen:
    """Eigenvalues (distinct), a basis of each eigenspace, both multiplicities, and the steps.

    Exact 1×1–3×3 matrices are solved by hand: the characteristic polynomial,
    its roots, and the null space of ``A − λI`` for each root (rational
    eigenvectors scaled to whole numbers). Other matrices use
    :func:`eigen_numeric` (unit vectors).

    >>> e = eigen([[2, 0], [0, 2]])
    >>> e.values, e.algebraic_multiplicity, e.geometric_multiplicity
    ([2], (2,), (2,))
    """
    rows, exact = _square(A)
    n = len(rows)
    poly = characteristic_polynomial(rows) if n <= 3 or exact else None
    steps = list(poly.steps) if poly is not None else []
    values = _exact_eigenvalues(poly.coefficients) if (exact and poly and n <= 3) else None
    if values is None:
        return _numeric_eigen(rows, steps)
    distinct: list[Any] = []
    algebraic: list[int] = []
    for v in values:
        if distinct and v == distinct[-1]:
            algebraic[-1] += 1
        else:
            distinct.append(v)
            algebraic.append(1)
    roots_text = ", ".join(f"λ = {v}" for v in distinct)
    roots_latex = r",\quad ".join(rf"\lambda = {latex_number(v)}" for v in distinct)
    steps.append(Step(f"solve p(λ) = 0: {roots_text}", roots_latex, None, "the eigenvalues"))
    vectors: list[list[Any]] = []
    for v, mult in zip(distinct, algebraic, strict=True):
        if v.is_Rational:
            lam = Fraction(int(v.p), int(v.q))
            shifted = [[rows[i][j] - (lam if i == j else 0) for j in range(n)] for i in range(n)]
            basis, reduced = _exact_null_space(shifted)
            steps.append(
                Step(
                    f"λ = {v}: form A − {_paren(lam)}·I",
                    rf"A - {_paren_latex(lam)} I",
                    [list(r) for r in shifted],
                    "subtract the eigenvalue on the diagonal",
                )
            )
            steps.append(
                Step(
                    f"λ = {v}: reduce A − {_paren(lam)}·I to find its null space",
                    rf"A - {_paren_latex(lam)} I \to {latex_matrix(reduced)}",
                    reduced,
                    "the eigenvectors are the non-zero solutions of (A − λI)v = 0; "
                    "each free variable gives one basis vector",
                )
            )
        else:
            basis = [_symbolic_null_vector(rows, v)]
            shifted = [
                [_to_sympy(rows[i][j]) - (v if i == j else 0) for j in range(n)] for i in range(n)
            ]
            steps.append(
                Step(
                    f"λ = {v}: solve (A − λI)v = 0",
                    rf"A - \left({latex_number(v)}\right)I",
                    shifted,
                    "this eigenvalue is a simple root, so its eigenspace is a line",
                )
            )
        vectors.append(basis)
        kind = "a basis of the eigenspace" if len(basis) > 1 else "an eigenvector"
        steps.append(
            Step(
                f"λ = {v}: {kind}: " + ", ".join(_vec_text(b) for b in basis),
                r",\ ".join(latex_vector(b) for b in basis),
                None,
                f"algebraic multiplicity {mult}, geometric multiplicity {len(basis)}"
                + (
                    " (fewer eigenvectors than the multiplicity: A is defective)"
                    if len(basis) < mult
                    else ""
                ),
            )
        )
    return Eigen(
        values=distinct,
        vectors=vectors,
        algebraic_multiplicity=tuple(algebraic),
        geometric_multiplicity=tuple(len(b) for b in vectors),
        steps=tuple(steps),
    )


def _vec_text(v: list[Any]) -> str:
    return "(" + ", ".join(number_text(x) for x in v) + ")"


def _numeric_eigen(rows: list[list[Any]], steps: list[Step]) -> Eigen:
    M = np.array([[float(x) for x in r] for r in rows], dtype=float)
    vals, _ = eigen_numeric(M)
    scale = float(abs(M).max())
    values = [complex(v) for v in vals]
    groups = clusters(values, scale)
    real = vals.dtype.kind == "f"
    distinct: list[Any] = []
    vectors: list[list[Any]] = []
    for g in groups:
        lam = complex(np.mean([values[i] for i in g]))
        basis = eigenspace(M, lam, scale)
        distinct.append(lam.real if real else lam)
        vectors.append([b.real.astype(float) if real else b for b in basis])
    steps.append(
        Step(
            "eigenvalues and eigenvectors numerically (QR iteration / Jacobi rotations)",
            r"\lambda \approx " + r",\ ".join(latex_number(v) for v in distinct),
            None,
            "no exact roots are available for this matrix, so they are computed numerically",
        )
    )
    return Eigen(
        values=distinct,
        vectors=vectors,
        algebraic_multiplicity=tuple(len(g) for g in groups),
        geometric_multiplicity=tuple(len(b) for b in vectors),
        steps=tuple(steps),
    )
