"""Hypothesis strategies for syntax trees the parser can produce."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from mathforml.engine.parse import (
    FUNCTIONS,
    Add,
    Call,
    Const,
    Factorial,
    Group,
    Mul,
    Neg,
    Num,
    Pow,
    Rows,
    Var,
)

VARIABLES = ("x", "y", "lambda", "x1")

whole_numbers = st.integers(min_value=0, max_value=10**12).map(lambda n: Num(Fraction(n)))
decimals = st.builds(
    lambda m, k: Num(Fraction(m, 10**k), decimal=True),
    st.integers(min_value=0, max_value=10**15),
    st.integers(min_value=0, max_value=20),
)
scientific = st.builds(
    lambda m, e: Num(Fraction(m) * Fraction(10) ** e, decimal=True),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=-300, max_value=300),
)
numbers = st.one_of(whole_numbers, decimals, scientific)
leaves = st.one_of(
    numbers,
    st.sampled_from([Const("pi"), Const("e")]),
    st.sampled_from([Var(v) for v in VARIABLES]),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    two_or_more = st.lists(children, min_size=2, max_size=4)
    return st.one_of(
        children.map(Neg),
        two_or_more.map(lambda ts: Add(tuple(ts))),
        st.builds(
            lambda fs, flags: Mul(tuple(fs), (False, *flags[: len(fs) - 1])),
            two_or_more,
            st.lists(st.booleans(), min_size=3, max_size=3),
        ),
        st.builds(Pow, children, children),
        children.map(Factorial),
        st.builds(
            lambda name, args: Call(name, tuple(args[: FUNCTIONS[name]])),
            st.sampled_from(sorted(FUNCTIONS)),
            st.lists(children, min_size=2, max_size=2),
        ),
    )


#: Any scalar tree (numbers, names, operators, functions), a few levels deep.
trees = st.recursive(leaves, _extend, max_leaves=12)


def _collections(items: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(
            Group,
            st.sampled_from(["(", "[", "{", ""]),
            st.lists(items, min_size=2, max_size=4).map(tuple),
        ),
        st.builds(
            lambda open_, n, rows: Rows(open_, tuple(tuple(r[:n]) for r in rows)),
            st.sampled_from(["[", ""]),
            st.integers(min_value=1, max_value=3),
            st.lists(st.lists(items, min_size=3, max_size=3), min_size=2, max_size=3),
        ),
    )


#: A whole answer: a scalar tree or a list/matrix/set of them.
answers = st.one_of(trees, _collections(trees))

# -- polynomials, for comparisons with SymPy ----------------------------------------
small_ints = st.integers(min_value=0, max_value=9).map(lambda n: Num(Fraction(n)))
poly_leaves = st.one_of(small_ints, st.just(Var("x")), st.just(Var("y")))


def _poly_extend(children: st.SearchStrategy) -> st.SearchStrategy:
    two_or_three = st.lists(children, min_size=2, max_size=3)
    return st.one_of(
        children.map(Neg),
        two_or_three.map(lambda ts: Add(tuple(ts))),
        two_or_three.map(lambda fs: Mul(tuple(fs), (False,) * len(fs))),
        st.builds(
            Pow, children, st.integers(min_value=0, max_value=3).map(lambda n: Num(Fraction(n)))
        ),
    )


polynomials = st.recursive(poly_leaves, _poly_extend, max_leaves=8)
