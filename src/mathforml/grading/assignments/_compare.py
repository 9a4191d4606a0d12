"""Fair comparison of a learner's value with the expected one, with teaching feedback.

Fair means: relative + absolute tolerances that float32 and a different order of
operations always pass; a list instead of an array, or shape (n,) instead of
(n, 1), passes with a note. Feedback names the kind of mistake when it can see
it: the opposite sign of a row, a transposed result, a result off by a constant
factor, swapped rows, or a known mistake that the caller computed (``mistakes``).

Bounded: the learner's value can be anything plain data allows (a million-entry
array, an 8 MB string, a list nested 64 deep, a 4000-digit integer), and all of
this runs in the trusted parent. So the shape is checked against the expected one
before any work proportional to the learner's value, every comparison is done on
arrays of the expected (our) size, and feedback quotes a learner's value only
through :func:`preview`, which never walks or prints a large one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

RTOL_DEFAULT = 1e-6
ATOL_DEFAULT = 1e-9
RTOL_FLOAT32 = 2e-4
# entries expected to be ~0 are judged against the array's scale: a float32 intermediate step
# leaves an error of a few float32 ulps of the operands, even in a float64 result
SCALE_FLOOR = 1e-6
SCALE_FLOOR_FLOAT32 = 2e-5


@dataclass(frozen=True)
class Comparison:
    ok: bool
    feedback: str = ""
    note: str = ""


PREVIEW_CHARS = 60  # characters of a learner's string quoted back in feedback
_PREVIEW_ITEMS = 6  # a list with more items is described, not quoted


def _fmt(x: Any) -> str:
    if isinstance(x, float | np.floating):
        return f"{float(x):.6g}"
    return preview(x)


def preview(value: Any) -> str:
    """A short text for a learner's value in feedback, computed in constant time.

    Small values are quoted (``'singular'``, ``[1, 2]``, ``3.5``); large ones are
    described (``a string of 8000000 characters``, ``a list of 300000 items``,
    ``an array of shape (2300, 2300)``), so a hostile value costs neither time nor
    screen.

    >>> preview("x" * 100_000)
    "a string of 100000 characters starting 'xxxxxxxxxx…'"
    >>> preview([1, 2.5, None])
    '[1, 2.5, None]'
    """
    kind = type(value)
    if value is None or kind is bool or kind is float or kind is complex:
        return repr(value)
    if kind is int:
        if value.bit_length() > 128:
            return f"an integer of {value.bit_length()} bits"
        return repr(value)
    if isinstance(value, np.generic):
        return preview(value.item()) if value.dtype.kind in "biufc" else f"a {kind.__name__}"
    if kind is str:
        if len(value) <= PREVIEW_CHARS:
            return repr(value)
        return f"a string of {len(value)} characters starting {value[:10] + '…'!r}"
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            return f"an array of dtype {value.dtype}"
        return f"an array of shape {_shape_text(value.shape)}"
    if kind is list or kind is tuple:
        flat = all(type(v) in (int, float, bool, type(None)) for v in value[:_PREVIEW_ITEMS])
        if len(value) <= _PREVIEW_ITEMS and flat:
            return "[" + ", ".join(preview(v) for v in value) + "]"
        return f"a {kind.__name__} of {len(value)} items"
    if kind is dict:
        keys = [preview(k) for k in list(value)[:_PREVIEW_ITEMS]]
        more = ", …" if len(value) > _PREVIEW_ITEMS else ""
        return f"a dict with keys {', '.join(keys)}{more}" if keys else "an empty dict"
    return f"a {kind.__name__}"


SHOW_ITEMS = 36  # an input array of at most this many entries is shown in full
_SHOW_HEAD = 4  # entries quoted from a larger one


def _num(x: Any) -> str:
    if isinstance(x, bool | np.bool_):
        return repr(bool(x))
    if isinstance(x, int | np.integer):
        return str(int(x))
    if isinstance(x, complex | np.complexfloating):
        return f"{complex(x):.4g}"
    return f"{float(x):.6g}"


def show_input(value: Any, depth: int = 0) -> str:
    """A hidden input (ours, trusted) as the learner can retype it to reproduce a
    failing test: small arrays in full (``np.array([[1, 2], [3, 4]])``), large ones
    summarised by shape, dtype and their first values.

    >>> show_input(np.array([[0, 1], [2, 3]]))
    'np.array([[0, 1], [2, 3]])'
    >>> show_input(np.zeros((55, 4096)))
    'an array of shape (55, 4096), dtype float64, starting [0, 0, 0, 0, …]'
    """
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            return f"an array of dtype {value.dtype}"
        if value.size <= SHOW_ITEMS:

            def nested(a: np.ndarray) -> str:
                if a.ndim == 0:
                    return _num(a.item())
                return "[" + ", ".join(nested(x) for x in a) + "]"

            return f"np.array({nested(value)})"
        head = ", ".join(_num(x) for x in value.ravel()[:_SHOW_HEAD])
        return (
            f"an array of shape {_shape_text(value.shape)}, dtype {value.dtype}, "
            f"starting [{head}, …]"
        )
    if isinstance(value, dict) and depth < 2:
        items = list(value.items())[:_PREVIEW_ITEMS]
        body = ", ".join(f"{k!r}: {show_input(v, depth + 1)}" for k, v in items)
        return "{" + body + (", …" if len(value) > _PREVIEW_ITEMS else "") + "}"
    if isinstance(value, list | tuple) and depth < 2 and len(value) <= _PREVIEW_ITEMS:
        inner = ", ".join(show_input(v, depth + 1) for v in value)
        if isinstance(value, list):
            return f"[{inner}]"
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, float | np.floating | int | np.integer | bool | complex):
        return _num(value)
    return preview(value)


def _shape_text(shape: tuple[int, ...]) -> str:
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _factor_text(c: float) -> str:
    frac = Fraction(c).limit_denominator(12)
    if abs(float(frac) - c) <= 1e-6 * max(1.0, abs(c)):
        return (
            str(frac.numerator) if frac.denominator == 1 else f"{frac.numerator}/{frac.denominator}"
        )
    return f"{c:.4g}"


def _layout_note(got: tuple[int, ...], want: tuple[int, ...]) -> str:
    if len(got) == 2 and len(want) == 1 and got[1] == 1:
        return "a column of shape (n, 1) instead of a flat vector of shape (n,): accepted"
    if len(got) == 1 and len(want) == 2 and want[1] == 1:
        return "a flat vector of shape (n,) instead of a column of shape (n, 1): accepted"
    return f"shape {_shape_text(got)} instead of {_shape_text(want)}: accepted"


def as_array(value: Any, *, max_items: int | None = None) -> tuple[np.ndarray | None, str]:
    """The learner's value as a bool/int/float/complex ndarray, and a note on its type.

    ``None`` for anything else: strings, dicts, ragged or too deeply nested lists,
    integers too large for a float, and object arrays. A list longer than
    ``max_items`` is refused before NumPy walks it (no layout of ``max_items``
    values has more rows).
    """
    if isinstance(value, np.ndarray):
        return (value, "") if value.dtype.kind in "biufc" else (None, "")
    if isinstance(value, list | tuple):
        if max_items is not None and len(value) > max(max_items, 1):
            return None, ""
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError, OverflowError, RecursionError, MemoryError):
            return None, ""
        if arr.dtype.kind not in "biufc":
            return None, ""
        return arr, "you returned a list; a NumPy array is expected, but the values are right"
    if type(value) in (int, float) or isinstance(value, np.integer | np.floating):
        try:
            return np.asarray(float(value), dtype=float), ""
        except OverflowError:
            return None, ""
    return None, ""


def describe(value: Any) -> str:
    """What a learner's value is, for "… is X, Y was expected" feedback."""
    text = preview(value)
    if text.startswith(("a ", "an ")):
        return text
    return f"{text} (a {type(value).__name__})"


def tolerance(actual: np.ndarray, rtol: float) -> float:
    """float32 (or float16) results get a float32-sized relative tolerance."""
    if actual.dtype.kind in "fc" and actual.dtype.itemsize <= (
        8 if actual.dtype.kind == "c" else 4
    ):
        return max(rtol, RTOL_FLOAT32)
    return rtol


def close(actual: np.ndarray, expected: np.ndarray, *, rtol: float, atol: float) -> bool:
    if actual.shape != expected.shape:
        return False
    # no copies when the arrays are already float64, and few temporaries: a wrong answer
    # on the course's 55×4096 data meets this function over a hundred times
    a = np.asarray(actual, dtype=complex if actual.dtype.kind == "c" else float)
    e = np.asarray(expected, dtype=float)
    if not np.isfinite(a).all():
        return False
    bound = np.abs(e)
    scale = float(bound.max()) if e.size else 0.0
    floor = SCALE_FLOOR_FLOAT32 if rtol >= RTOL_FLOAT32 else SCALE_FLOOR
    bound *= rtol
    bound += atol + floor * scale
    diff = np.abs(a - e)
    return bool((diff <= bound).all())


def describe_difference(
    actual: np.ndarray,
    expected: np.ndarray,
    *,
    rtol: float,
    atol: float,
    what: str = "your result",
    sign_hint: str = "",
    factor_hint: str = "",
) -> str:
    """Name the kind of mistake between two arrays of the same shape."""
    a = actual.astype(float)
    e = expected.astype(float)
    if not np.all(np.isfinite(a)):
        bad = "nan" if np.any(np.isnan(a)) else "inf"
        return f"{what} contains {bad}: look for a division by zero or an overflow."
    hint_s = f": {sign_hint}" if sign_hint else "."
    hint_f = f": {factor_hint}" if factor_hint else "."
    if np.any(e != 0) and close(-a, e, rtol=rtol, atol=atol):
        return f"{what} has the opposite sign of the expected one everywhere{hint_s}"
    denom = float(np.sum(e * e))
    if denom > 0:
        c = float(np.sum(a * e) / denom)
        if (
            abs(c) > 1e-12
            and abs(c - 1) > 1e-3
            and close(a, c * e, rtol=max(rtol, 1e-6), atol=atol)
        ):
            return f"{what} is the expected one times {_factor_text(c)}{hint_f}"
    if a.ndim == 2 and a.shape[0] > 1:
        rows_ok = [close(a[i], e[i], rtol=rtol, atol=atol) for i in range(a.shape[0])]
        bad_rows = [i for i, ok in enumerate(rows_ok) if not ok]
        if len(bad_rows) == 2:
            i, j = bad_rows
            if close(a[i], e[j], rtol=rtol, atol=atol) and close(a[j], e[i], rtol=rtol, atol=atol):
                return f"rows {i + 1} and {j + 1} of {what} are swapped."
        for i in bad_rows:
            if np.any(e[i] != 0) and close(-a[i], e[i], rtol=rtol, atol=atol):
                return f"row {i + 1} of {what} equals the expected row {i + 1} times −1" + (
                    f": {sign_hint}" if sign_hint else ": check the sign of that row's operation."
                )
            d = float(np.sum(e[i] * e[i]))
            if d > 0:
                c = float(np.sum(a[i] * e[i]) / d)
                if abs(c) > 1e-12 and close(a[i], c * e[i], rtol=rtol, atol=atol):
                    return (
                        f"row {i + 1} of {what} equals the expected row {i + 1} times "
                        f"{_factor_text(c)}" + (f": {factor_hint}" if factor_hint else ".")
                    )
    if a.ndim == 1 and a.size > 1:
        flipped = [
            i
            for i in range(a.size)
            if e[i] != 0 and close(-a[i : i + 1], e[i : i + 1], rtol=rtol, atol=atol)
        ]
        rest = [i for i in range(a.size) if i not in flipped]
        if flipped and close(a[rest], e[rest], rtol=rtol, atol=atol):
            which = ", ".join(str(i + 1) for i in flipped)
            return f"entry {which} of {what} has the opposite sign of the expected one" + (
                f": {sign_hint}" if sign_hint else "."
            )
    diff = np.abs(a - e)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.size else ()
    where = f" at index {tuple(int(i) for i in idx)}" if a.ndim > 0 else ""
    return (
        f"{what} has wrong values: the largest difference is{where}: expected "
        f"{_fmt(e[idx])}, got {_fmt(a[idx])}."
    )


def compare_array(
    actual: Any,
    expected: Any,
    *,
    what: str = "your result",
    rtol: float = RTOL_DEFAULT,
    atol: float = ATOL_DEFAULT,
    flat_ok: bool = True,
    mistakes: Sequence[tuple[Any, str]] = (),
    sign_hint: str = "",
    factor_hint: str = "",
) -> Comparison:
    """Compare with tolerance; teach when it differs.

    ``mistakes`` are (value, message) pairs: values that a typical mistake
    produces, computed by the caller; matching one gives its message.
    ``flat_ok`` accepts the same values in another layout of the same vector,
    e.g. (n,) for (n, 1), with a note.
    """
    e = np.asarray(expected)
    if actual is None:
        return Comparison(
            False, f"{what} is None: replace every None placeholder and return the result."
        )
    if isinstance(actual, str):
        return Comparison(
            False,
            f"{what} is the string {preview(actual)}, an array of shape "
            f"{_shape_text(e.shape)} was expected.",
        )
    a, note = as_array(actual, max_items=e.size)
    if a is None:
        return Comparison(
            False,
            f"{what} is {describe(actual)}, an array of shape "
            f"{_shape_text(e.shape)} was expected.",
        )
    if a.size != e.size:  # no layout of these values can match: say so before any work
        return Comparison(
            False, f"{what} has shape {_shape_text(a.shape)}, expected {_shape_text(e.shape)}."
        )
    notes = [note] if note else []
    if a.dtype.kind == "c":
        if np.all(
            np.abs(a.imag) <= atol + 1e-9 * max(1.0, float(np.max(np.abs(a.real), initial=0)))
        ):
            a = a.real
            notes.append(
                "your values are complex with zero imaginary part; real values are expected"
            )
        else:
            return Comparison(False, f"{what} has complex values; real values are expected.")
    if a.dtype.kind == "b":
        a = a.astype(float)
    rt = tolerance(a, rtol)
    if a.shape != e.shape:
        if (
            a.size == e.size
            and a.size > 0
            and a.ndim == 2
            and e.ndim == 2
            and a.shape == e.shape[::-1]
            and close(a.T, e, rtol=rt, atol=atol)
        ):
            return Comparison(
                False,
                f"{what} is transposed: its shape is {_shape_text(a.shape)}, "
                f"expected {_shape_text(e.shape)}.",
            )
        squeezed_same = tuple(s for s in a.shape if s != 1) == tuple(s for s in e.shape if s != 1)
        if flat_ok and a.size == e.size and squeezed_same:
            notes.append(_layout_note(a.shape, e.shape))
            a = a.reshape(e.shape)
        else:
            return Comparison(
                False, f"{what} has shape {_shape_text(a.shape)}, expected {_shape_text(e.shape)}."
            )
    if close(a, e, rtol=rt, atol=atol):
        return Comparison(True, note="; ".join(notes))
    for value, message in mistakes:
        m = np.asarray(value, dtype=float)
        if m.shape == a.shape and close(a, m, rtol=rt, atol=atol):
            return Comparison(False, message)
    if (
        a.ndim == 2
        and a.shape[0] == a.shape[1]
        and a.shape[0] > 1
        and close(a.T, e, rtol=rt, atol=atol)
    ):
        return Comparison(False, f"{what} is the transpose of the expected matrix.")
    return Comparison(
        False,
        describe_difference(
            a, e, rtol=rt, atol=atol, what=what, sign_hint=sign_hint, factor_hint=factor_hint
        ),
    )


def compare_scalar(
    actual: Any,
    expected: float,
    *,
    what: str = "your result",
    rtol: float = RTOL_DEFAULT,
    atol: float = ATOL_DEFAULT,
    mistakes: Sequence[tuple[float, str]] = (),
) -> Comparison:
    """A number; a 0-d or one-element array passes with a note."""
    if actual is None:
        return Comparison(False, f"{what} is None: replace every None placeholder and return it.")
    note = ""
    if isinstance(actual, bool | str):
        return Comparison(False, f"{what} is {preview(actual)}, a number was expected.")
    arr, _ = as_array(actual, max_items=1)
    if arr is None or arr.size != 1:
        shape = "" if arr is None else f" of shape {_shape_text(arr.shape)}"
        what_it_is = describe(actual) if arr is None else f"a {type(actual).__name__}"
        return Comparison(False, f"{what} is {what_it_is}{shape}, a single number was expected.")
    if isinstance(actual, int | float):
        a = float(arr)
    else:
        a = float(np.real(arr.reshape(())))
        if arr.ndim:
            note = f"you returned an array of shape {_shape_text(arr.shape)}; a number is expected"
    rt = tolerance(np.asarray(actual), rtol) if isinstance(actual, np.ndarray) else rtol
    if np.isfinite(a) and abs(a - expected) <= atol + rt * abs(expected):
        return Comparison(True, note=note)
    for value, message in mistakes:
        if np.isfinite(a) and abs(a - value) <= atol + rt * abs(value):
            return Comparison(False, message)
    if not np.isfinite(a):
        return Comparison(False, f"{what} is {a}: look for a division by zero or an overflow.")
    if expected != 0 and abs(a + expected) <= atol + rt * abs(expected):
        return Comparison(
            False, f"{what} has the wrong sign: expected {_fmt(expected)}, got {_fmt(a)}."
        )
    if expected != 0 and a != 0:
        c = a / expected
        frac = Fraction(c).limit_denominator(12)
        if frac.denominator <= 12 and abs(float(frac) - c) <= 1e-6 * abs(c) and frac != 1:
            return Comparison(
                False,
                f"{what} is the expected value times {_factor_text(c)}: "
                f"expected {_fmt(expected)}, got {_fmt(a)}.",
            )
    return Comparison(False, f"{what} is {_fmt(a)}, expected {_fmt(expected)}.")


def compare_exact(actual: Any, expected: Any, *, what: str = "your result") -> Comparison:
    """Strings, booleans and integers (an index), compared exactly; numpy ints are fine."""
    got = preview(actual)
    if isinstance(expected, bool):
        if isinstance(actual, bool):
            ok = actual == expected
        elif isinstance(actual, np.ndarray) and actual.shape == () and actual.dtype.kind == "b":
            ok = bool(actual) == expected
        else:
            return Comparison(False, f"{what} is {got}, True or False was expected.")
        return Comparison(ok, "" if ok else f"{what} is {got}, expected {expected!r}.")
    if isinstance(expected, int):
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return Comparison(False, f"{what} is {got}, the integer {expected} was expected.")
        if actual != expected:
            return Comparison(False, f"{what} is {got}, expected {expected}.")
        note = (
            "" if isinstance(actual, int) else "you returned a float; an integer index is expected"
        )
        return Comparison(True, note=note)
    ok = isinstance(actual, str) and actual == expected
    return Comparison(ok, "" if ok else f"{what} is {got}, expected {expected!r}.")
