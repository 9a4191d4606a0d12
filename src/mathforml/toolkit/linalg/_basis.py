"""Bases and span: is a set of vectors a basis, is a vector in a span, coordinates, change of basis.

Every question is a linear system whose columns are the given vectors, so
everything here is :func:`solve` or :func:`rank` underneath.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._elimination import RowReducer
from mathforml.toolkit.linalg._exact import (
    Mat,
    Vec,
    decide_exact,
    finish_matrix,
    vector_items,
)
from mathforml.toolkit.linalg._solve import solve
from mathforml.toolkit.linalg._steps import Step, render_steps


@dataclass(frozen=True)
class SpanTest:
    """Whether ``v`` is a combination of the vectors; ``coefficients`` of one such combination."""

    in_span: bool
    coefficients: Vec | None
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps, augmented_at=self._width())

    def _width(self) -> int | None:
        for step in self.steps:
            if step.matrix is not None:
                return len(step.matrix[0]) - 1
        return None


def _vector_list(vectors: Any, exact: bool, what: str) -> list[list[Any]]:
    if isinstance(vectors, np.ndarray) and vectors.ndim == 2:
        vectors = list(vectors)
    vecs = list(vectors)
    if not vecs:
        raise ValueError(f"{what} must contain at least one vector")
    items = [vector_items(v, exact, f"{what} vector {i + 1}") for i, v in enumerate(vecs)]
    d = len(items[0])
    for i, v in enumerate(items):
        if len(v) != d:
            raise ShapeError(
                f"all {what} vectors must have the same length: vector 1 has {d} entries "
                f"but vector {i + 1} has {len(v)}"
            )
    return items


def _columns(items: list[list[Any]]) -> list[list[Any]]:
    return [[v[i] for v in items] for i in range(len(items[0]))]


def _flatten(vectors: Any) -> list[Any]:
    if isinstance(vectors, np.ndarray):
        return [vectors]
    return list(vectors)


def is_basis(vectors: Any, dim: int | None = None) -> bool:
    """True when the vectors form a basis of ℝ^dim (``dim`` defaults to their length).

    That needs exactly ``dim`` vectors of length ``dim`` that are linearly independent.

    >>> is_basis([[1, 1], [1, -1]])
    True
    """
    exact = decide_exact(None, *_flatten(vectors))
    items = _vector_list(vectors, exact, "basis")
    d = len(items[0]) if dim is None else dim
    if len(items) != d or len(items[0]) != d:
        return False
    reducer = RowReducer(_columns(items), exact=exact)
    return len(reducer.forward(unit_pivots=False, skip_note=False)) == d


def in_span(v: Any, vectors: Any) -> SpanTest:
    """Is ``v`` a linear combination of ``vectors``? Solves ``[v1 … vk] c = v``.

    ``coefficients`` is one combination (free coefficients set to 0) or ``None``.

    >>> in_span([3, 5], [[1, 1], [1, 2]]).coefficients
    [Fraction(1, 1), Fraction(2, 1)]
    """
    exact = decide_exact(None, v, *_flatten(vectors))
    items = _vector_list(vectors, exact, "spanning")
    target = vector_items(v, exact, "v")
    if len(target) != len(items[0]):
        raise ShapeError(
            f"v has {len(target)} entries but the vectors have {len(items[0])}: "
            "they live in different spaces"
        )
    columns = _columns(items)
    result = solve(columns, target, exact=exact)
    setup = Step(
        "write v as c1·v1 + … + ck·vk: the augmented matrix [v1 … vk | v]",
        r"c_1 v_1 + \cdots + c_k v_k = v",
        [[*row, t] for row, t in zip(columns, target, strict=True)],
        "v is in the span exactly when this system has a solution",
    )
    verdict = Step(
        "v is in the span" if result.kind != "none" else "v is not in the span",
        r"v \in \operatorname{span}" if result.kind != "none" else r"v \notin \operatorname{span}",
        None,
        result.reason,
    )
    return SpanTest(
        in_span=result.kind != "none",
        coefficients=result.solution,
        steps=(setup, *result.steps, verdict),
    )


def coordinates(v: Any, basis: Any) -> Vec:
    """The coordinates of ``v`` in ``basis``: the ``c`` with ``v = sum(c_i b_i)``.

    Raises ValueError when ``basis`` is not a basis of the space of ``v``.

    >>> coordinates([3, 1], [[1, 1], [1, -1]])
    [Fraction(2, 1), Fraction(1, 1)]
    """
    exact = decide_exact(None, v, *_flatten(basis))
    items = _vector_list(basis, exact, "basis")
    target = vector_items(v, exact, "v")
    if len(target) != len(items[0]):
        raise ShapeError(f"v has {len(target)} entries but the basis vectors have {len(items[0])}")
    if not is_basis(items):
        raise ValueError(
            f"these {len(items)} vectors of length {len(items[0])} are not a basis "
            f"of ℝ^{len(items[0])}, so coordinates are not defined"
        )
    result = solve(_columns(items), target, exact=exact)
    assert result.solution is not None
    return result.solution


def change_of_basis_matrix(from_basis: Any, to_basis: Any) -> Mat:
    """The matrix ``P`` turning coordinates in ``from_basis`` into coordinates in ``to_basis``.

    ``[v]_to = P [v]_from``; column j of ``P`` holds the ``to_basis``
    coordinates of the j-th ``from_basis`` vector (so ``P = T⁻¹ F``).

    >>> change_of_basis_matrix([[1, 0], [0, 1]], [[1, 1], [1, -1]])
    [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(-1, 2)]]
    """
    exact = decide_exact(None, *_flatten(from_basis), *_flatten(to_basis))
    source = _vector_list(from_basis, exact, "from_basis")
    target = _vector_list(to_basis, exact, "to_basis")
    for name, items in (("from_basis", source), ("to_basis", target)):
        if not is_basis(items):
            raise ValueError(f"{name} is not a basis: its vectors are dependent or too few")
    if len(source[0]) != len(target[0]):
        raise ShapeError(
            f"the bases live in different spaces: ℝ^{len(source[0])} and ℝ^{len(target[0])}"
        )
    columns = [coordinates(f, target) for f in source]
    n = len(columns)
    return finish_matrix([[columns[j][i] for j in range(n)] for i in range(n)], exact)
