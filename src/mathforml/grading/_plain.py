"""Plain data codec: the only format the trusted side ever decodes from the sandbox.

JSON, with NumPy arrays as ``{"__ndarray__": {"dtype", "shape", "data"}}`` (base64 of
the raw little-endian bytes) and non-finite floats as ``{"__float__": "nan"}``. Never
pickle, never object arrays: a decoded value is built from scratch by the trusted side
and carries no identity or method of the process that produced it.

Decoding is bounded before it allocates. The bytes come from learner code, and JSON
lets a few bytes stand for a costly object (``[],`` is three bytes but a 56-byte list
with its own garbage-collector entry), so :func:`decode` first counts, at C speed, the
characters that can open an entry (``[``, ``{`` and ``,``, also inside strings, which
only over-counts) and refuses more than :data:`MAX_ELEMENTS`; nesting beyond
:data:`MAX_DEPTH`, arrays beyond :data:`MAX_ARRAY_ELEMENTS` and impossible shapes are
refused before any array is built. :func:`encode` enforces the same bounds, so the
child cannot produce a document that decode refuses for a reason it could not say.

Strings are valid Unicode: a lone surrogate (``"\\ud800"``), which no UTF-8 text can
hold and which would crash whoever prints it, is refused by :func:`decode` and
replaced by U+FFFD in :func:`encode` and :func:`normalize` (an exception message
may carry one).

The other direction, parent to child, needs no such care: the child only ever reads
what the parent made. Jobs go there pickled (fast to load in a cold process), with
their arguments first passed through :func:`normalize`, so the child sees exactly the
values a round trip through this codec would give.

This file imports only the standard library and NumPy, because the sandbox's worker
loads it by path (the sandboxed side must never import ``mathforml``).
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import math
import re
from typing import Any

import numpy as np

__all__ = [
    "ALLOWED_DTYPES",
    "MAX_ARRAY_ELEMENTS",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_NDIM",
    "PlainDataError",
    "decode",
    "encode",
    "normalize",
]

ALLOWED_DTYPES = frozenset(
    {
        "bool",
        "int8", "int16", "int32", "int64",
        "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64",
        "complex64", "complex128",
    }
)  # fmt: skip
#: Deepest nesting of lists and dicts (a dict of parameters is 2 or 3 levels deep).
MAX_DEPTH = 64
#: Most elements a document may hold, measured as its ``[``, ``{`` and ``,``
#: characters plus one: an upper bound on its values (each is the root, the first in
#: its container or after a comma) that also counts every container, which is what
#: costs memory. An array counts once. A 4096×55 table sent as nested lists (229,377)
#: fits; the worst document within the bound (150,000 empty lists) costs the parent
#: about 11 MB and 40 ms, the most one frame can make it spend.
MAX_ELEMENTS = 300_000
#: Most dimensions of an array (NumPy 1's own limit).
MAX_NDIM = 32
#: Most items in one array, and the largest any one dimension may be (an 8 MiB
#: frame holds at most about a million float64 anyway).
MAX_ARRAY_ELEMENTS = 1 << 24
_TAGS = frozenset({"__ndarray__", "__float__", "__complex__", "__dict__"})
_FLOAT_NAMES = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_SCALARS = frozenset({int, bool, type(None)})
_CONTAINERS = frozenset({list, dict})
_SURROGATE = re.compile("[\ud800-\udfff]")
# a JSON escape that can decode to a surrogate; without one, no string can hold one
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class PlainDataError(ValueError):
    """A value that is not plain data, or bytes that do not decode to plain data."""


# ------------------------------------------------------------------ shared bounds
def _count_elements(data: bytes) -> int:
    """The measure of :data:`MAX_ELEMENTS`, counted at C speed before parsing."""
    return data.count(b"[") + data.count(b"{") + data.count(b",") + 1


def _too_many(count: int | str) -> PlainDataError:
    return PlainDataError(
        f"the value holds more than {MAX_ELEMENTS} items ({count}); "
        "return a NumPy array, or fewer items"
    )


def _check_elements(data: bytes) -> None:
    count = _count_elements(data)
    if count > MAX_ELEMENTS:
        raise _too_many(f"about {count}")


def _valid_text(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (see the module's notes)."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def _check_shape(shape: Any) -> int:
    """The number of items of a valid shape; raises for anything else."""
    if type(shape) is not list or len(shape) > MAX_NDIM:
        raise PlainDataError(f"bad array shape {_short(shape)}: at most {MAX_NDIM} dimensions")
    size = 1
    for n in shape:
        if type(n) is not int or not 0 <= n <= MAX_ARRAY_ELEMENTS:
            raise PlainDataError(f"bad array shape {_short(shape)}")
        size *= n  # bounded: each factor is at most MAX_ARRAY_ELEMENTS
    if size > MAX_ARRAY_ELEMENTS:
        raise PlainDataError(f"an array of {size} items is larger than {MAX_ARRAY_ELEMENTS}")
    return size


def _short(value: Any) -> str:
    """A bounded description of a decoded value, for an error message."""
    kind = type(value)
    if kind is list and len(value) > MAX_NDIM:
        return f"<a list of {len(value)} items>"
    if kind is str and len(value) > 60:
        value = value[:57] + "..."
    if kind in (int, str, list, bool, float, type(None)):
        text = repr(value)
        return text if len(text) <= 200 else text[:197] + "..."
    return f"<{kind.__name__}>"


# ------------------------------------------------------------------ encode
class _Budget:
    """Elements left while walking a value: stops a huge list early, in the child.

    A container takes one for itself and one per entry, as :func:`_count_elements`
    counts its bracket and its commas."""

    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_ELEMENTS

    def take(self, container: list[Any] | tuple[Any, ...] | dict[str, Any]) -> None:
        self.left -= len(container) + 1
        if self.left < 0:
            raise _too_many("counted while encoding")


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    if math.isnan(value):
        return {"__float__": "nan"}
    return {"__float__": "inf" if value > 0 else "-inf"}


def _plain_array(value: np.ndarray) -> np.ndarray:
    """A fresh, native-order, contiguous copy of an allowed array (shared by encode and
    normalize, so both refuse the same arrays)."""
    arr = np.asarray(value)  # an ndarray subclass becomes a base-class view
    name = arr.dtype.name
    if name not in ALLOWED_DTYPES or arr.dtype.fields is not None:
        raise PlainDataError(f"arrays of dtype {arr.dtype!s} are not plain data")
    _check_shape(list(arr.shape))
    return np.array(arr, dtype=np.dtype(name), order="C", copy=True)


def _array(value: np.ndarray) -> dict[str, Any]:
    arr = _plain_array(value)
    raw = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    return {
        "__ndarray__": {
            "dtype": arr.dtype.name,
            "shape": list(arr.shape),
            "data": base64.b64encode(raw).decode("ascii"),
        }
    }


def _scalar(value: Any) -> tuple[bool, Any]:
    """(True, the Python scalar) for a NumPy scalar; refuses the ones that are not plain."""
    if isinstance(value, np.bool_):
        return True, bool(value)
    if isinstance(value, np.integer):
        return True, int(value)
    if isinstance(value, np.floating):
        return True, float(value)
    if isinstance(value, np.complexfloating):
        return True, complex(value)
    raise PlainDataError(f"NumPy scalars of type {type(value).__name__} are not plain data")


def _to_json(value: Any, depth: int, budget: _Budget) -> Any:
    if depth > MAX_DEPTH:
        raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
    # Exact type checks: a subclass of int/str/list may override anything.
    kind = type(value)
    if value is None or kind is bool or kind is int:
        return value
    if kind is str:
        return _valid_text(value)
    if kind is float:
        return _float(value)
    if kind is complex:
        return {"__complex__": [_float(value.real), _float(value.imag)]}
    if isinstance(value, np.generic):
        return _to_json(_scalar(value)[1], depth, budget)
    if isinstance(value, np.ndarray):
        return _array(value)
    if kind is list or kind is tuple:
        budget.take(value)
        return [_to_json(item, depth + 1, budget) for item in value]
    if kind is dict:
        budget.take(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise PlainDataError(f"dict keys must be str, got {type(key).__name__}")
            out[_valid_text(key)] = _to_json(item, depth + 1, budget)
        if len(out) == 1 and next(iter(out)) in _TAGS:
            return {"__dict__": out}
        return out
    raise PlainDataError(f"values of type {kind.__name__} are not plain data")


def _normal(value: Any, depth: int, budget: _Budget) -> Any:
    if depth > MAX_DEPTH:
        raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float or kind is complex:
        return value
    if kind is str:
        return _valid_text(value)
    if isinstance(value, np.generic):
        return _scalar(value)[1]
    if isinstance(value, np.ndarray):
        return _plain_array(value)
    if kind is list or kind is tuple:
        budget.take(value)
        return [_normal(item, depth + 1, budget) for item in value]
    if kind is dict:
        budget.take(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise PlainDataError(f"dict keys must be str, got {type(key).__name__}")
            out[_valid_text(key)] = _normal(item, depth + 1, budget)
        return out
    raise PlainDataError(f"values of type {kind.__name__} are not plain data")


def normalize(value: Any) -> Any:
    """``decode(encode(value))``, without the bytes in between: the same fresh lists,
    Python scalars and native, contiguous array copies, or the same ``PlainDataError``
    (but for the entry count, which encode measures on its output).

    The parent sends hidden inputs to the child this way (pickled, which only the
    trusted side ever writes), so learner code sees exactly what a round trip gives.

    >>> normalize((np.float32(0.5), {"a": np.arange(2)}))
    [0.5, {'a': array([0, 1])}]
    """
    try:
        return _normal(value, 0, _Budget())
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None


def encode(value: Any) -> bytes:
    """Encode plain data as UTF-8 JSON bytes that :func:`decode` accepts.

    >>> decode(encode({"x": np.arange(3)}), max_bytes=1000)["x"].tolist()
    [0, 1, 2]
    """
    try:
        doc = _to_json(value, 0, _Budget())
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None
    data = json.dumps(doc, allow_nan=False, separators=(",", ":")).encode("utf-8")
    _check_elements(data)  # commas inside strings count too, as decode counts them
    return data


# ------------------------------------------------------------------ decode
def _reject_constant(name: str) -> Any:
    raise PlainDataError(f"bare {name} is not plain data (use the __float__ tag)")


def _decode_array(spec: Any) -> np.ndarray:
    if type(spec) is not dict or set(spec) != {"dtype", "shape", "data"}:
        raise PlainDataError("an __ndarray__ needs exactly dtype, shape and data")
    name, shape, data = spec["dtype"], spec["shape"], spec["data"]
    if type(name) is not str or name not in ALLOWED_DTYPES:
        raise PlainDataError(f"dtype {_short(name)} is not allowed")
    size = _check_shape(shape)
    if type(data) is not str:
        raise PlainDataError("array data must be a base64 string")
    dtype = np.dtype(name).newbyteorder("<")
    nbytes = size * dtype.itemsize
    if len(data) != 4 * ((nbytes + 2) // 3):  # checked before decoding anything
        raise PlainDataError(f"array data of {len(data)} characters does not fit {shape!r}")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PlainDataError(f"array data is not valid base64: {exc}") from None
    if len(raw) != nbytes:
        raise PlainDataError(f"array data has {len(raw)} bytes, which does not fit {shape!r}")
    if name == "bool":  # any byte but 0 and 1 would make a NumPy bool that is neither
        return np.frombuffer(raw, dtype=np.uint8).reshape(shape).astype(bool)
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape)
    return np.array(arr, dtype=np.dtype(name), copy=True)  # fresh, writable, native order


def _decode_float(spec: Any) -> float:
    if type(spec) is not str or spec not in _FLOAT_NAMES:
        raise PlainDataError(f"bad __float__ value {_short(spec)}")
    return _FLOAT_NAMES[spec]


class _Walk:
    """Validates what ``json.loads`` built, in place: lists and dicts are kept (no
    second copy of a large document); only tags are replaced by what they stand for."""

    def __init__(self, texts: bool) -> None:
        self.texts = texts  # whether a string may hold a surrogate (see decode)

    def text(self, value: str) -> str:
        if self.texts and _SURROGATE.search(value) is not None:
            raise PlainDataError("a string holds a lone surrogate, which is not valid Unicode")
        return value

    def value(self, doc: Any, depth: int) -> Any:
        kind = type(doc)
        if kind is list:
            return self.items(doc, depth)
        if kind is dict:
            return self.mapping(doc, depth)
        if kind is float:
            if not math.isfinite(doc):  # json reads 1e999 as inf
                raise PlainDataError("non-finite floats must use the __float__ tag")
            return doc
        if kind is str:
            return self.text(doc)
        if doc is None or kind is bool or kind is int:
            return doc
        raise PlainDataError(f"unexpected JSON value of type {kind.__name__}")

    def items(self, doc: list[Any], depth: int) -> list[Any]:
        if depth > MAX_DEPTH:  # the same depth as encode's: tags do not count
            raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
        depth += 1
        leaf_ok = depth <= MAX_DEPTH  # an empty list or dict here needs no call
        isfinite = math.isfinite
        for index, item in enumerate(doc):
            kind = type(item)
            if kind is float:
                if isfinite(item):
                    continue
            elif kind in _SCALARS or (not item and leaf_ok and kind in _CONTAINERS):
                continue
            new = self.value(item, depth)
            if new is not item:
                doc[index] = new
        return doc

    def mapping(self, doc: dict[str, Any], depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
        if len(doc) == 1:
            ((key, spec),) = doc.items()
            if key.startswith("__") and key.endswith("__"):
                return self.tag(key, spec, depth)
        depth += 1
        for key, item in doc.items():
            self.text(key)
            new = self.value(item, depth)
            if new is not item:
                doc[key] = new
        return doc

    def tag(self, key: str, spec: Any, depth: int) -> Any:
        if key == "__ndarray__":
            return _decode_array(spec)
        if key == "__float__":
            return _decode_float(spec)
        if key == "__complex__":
            if type(spec) is not list or len(spec) != 2:
                raise PlainDataError("a __complex__ needs [real, imag]")
            parts = [self.value(p, depth + 1) for p in spec]
            if not all(type(p) in (int, float) for p in parts):
                raise PlainDataError("a __complex__ needs two numbers")
            try:
                return complex(parts[0], parts[1])
            except OverflowError:
                raise PlainDataError("a __complex__ part is too large") from None
        if key == "__dict__":
            if type(spec) is not dict or len(spec) != 1 or next(iter(spec)) not in _TAGS:
                raise PlainDataError("a __dict__ wraps exactly one reserved key")
            ((inner, item),) = spec.items()
            return {inner: self.value(item, depth + 1)}
        raise PlainDataError(f"unknown tag {_short(key)}")


def decode(data: bytes, *, max_bytes: int) -> Any:
    """Decode bytes produced by :func:`encode`, validating everything strictly.

    Raises :class:`PlainDataError` for anything that is not plain data, including
    input longer than ``max_bytes`` and documents beyond this module's bounds, which
    are measured before anything is built.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PlainDataError(f"expected bytes, got {type(data).__name__}")
    if len(data) > max_bytes:
        raise PlainDataError(f"{len(data)} bytes exceeds the limit of {max_bytes}")
    data = bytes(data)
    _check_elements(data)
    # Up to MAX_ELEMENTS new containers would set off the cyclic collector, whose
    # full passes over a long-lived server's heap cost hundreds of milliseconds;
    # what is built here holds no cycles, so it is paused meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _decode_checked(data)
    finally:
        if collecting:
            gc.enable()


def _decode_checked(data: bytes) -> Any:
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except PlainDataError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PlainDataError(f"not plain data: {exc}") from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise PlainDataError(f"not plain data: {exc}") from None
    walk = _Walk(texts=_SURROGATE_ESCAPE.search(data) is not None)
    try:
        return walk.value(doc, 0)
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None
