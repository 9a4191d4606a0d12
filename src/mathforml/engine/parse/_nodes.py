"""The syntax tree of a typed answer: small frozen dataclasses, compared structurally.

Sums and products are n-ary (``Add``, ``Mul``) so that long chains such as
``1+1+…+1`` give a flat tree: the depth of every tree is bounded by the parser's
nesting limit, and so is the recursion of everything that walks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Num:
    """A literal number, never negative. ``decimal`` records that it was written
    with a point or an exponent (``0.75``, ``3.5e-2``); otherwise it is whole."""

    value: Fraction
    decimal: bool = False

    def __post_init__(self) -> None:
        if self.value < 0 or not (
            self.value.denominator == 1 or (self.decimal and _terminates(self.value.denominator))
        ):
            raise ValueError(f"a literal is a non-negative whole number or a decimal, got {self}")


def _terminates(denominator: int) -> bool:
    """Whether 1/denominator has a finite decimal expansion (only factors 2 and 5)."""
    for p in (2, 5):
        while denominator % p == 0:
            denominator //= p
    return denominator == 1


@dataclass(frozen=True, slots=True)
class Const:
    """A named constant: ``pi`` or ``e``."""

    name: str


@dataclass(frozen=True, slots=True)
class Var:
    """A variable declared by the answer kind (``x``, ``lambda``, ``x1``)."""

    name: str


@dataclass(frozen=True, slots=True)
class Neg:
    """A minus sign in front of ``arg``."""

    arg: Node


@dataclass(frozen=True, slots=True)
class Add:
    """A sum of two or more terms; a subtraction is a ``Neg`` term."""

    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Mul:
    """A chain of products and quotients, read left to right: ``divide[k]`` says
    that ``factors[k]`` divides what precedes it (``divide[0]`` is always False)."""

    factors: tuple[Node, ...]
    divide: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Pow:
    """``base`` to the power ``exp`` (``^`` and ``**`` are right-associative)."""

    base: Node
    exp: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A function applied to its arguments; ``|x|`` is ``Call("abs", (x,))``."""

    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Factorial:
    """``arg!``."""

    arg: Node


@dataclass(frozen=True, slots=True)
class Group:
    """A list of items: ``(1, 2)`` has ``open="("``, ``[1, 2]`` ``"["``, ``{1, 2}``
    ``"{"``, and a bare ``1, 2`` ``""``. Items may be groups themselves."""

    open: str
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Rows:
    """A matrix written with semicolons between rows: ``[1, 2; 3, 4]`` (``open="["``)
    or bare ``1, 2; 3, 4`` (``open=""``)."""

    open: str
    rows: tuple[tuple[Node, ...], ...]


Node: TypeAlias = Num | Const | Var | Neg | Add | Mul | Pow | Call | Factorial | Group | Rows

#: Nodes that hold several values rather than one.
COLLECTIONS = (Group, Rows)


def is_collection(node: Node) -> bool:
    return isinstance(node, COLLECTIONS)


def variables_in(node: Node) -> set[str]:
    """The names of the variables a tree uses (iterative: trees may be wide)."""
    found: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Var):
            found.add(n.name)
        else:
            stack.extend(children(n))
    return found


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-trees of ``node``."""
    if isinstance(node, Neg | Factorial):
        return (node.arg,)
    if isinstance(node, Add):
        return node.terms
    if isinstance(node, Mul):
        return node.factors
    if isinstance(node, Pow):
        return (node.base, node.exp)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Group):
        return node.items
    if isinstance(node, Rows):
        return tuple(item for row in node.rows for item in row)
    return ()


def size(node: Node) -> int:
    """The number of nodes in the tree."""
    count = 0
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        count += 1
        stack.extend(children(n))
    return count
