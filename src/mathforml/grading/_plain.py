"""Plain data codec: the only format the trusted side ever decodes from the sandbox.

JSON, with NumPy arrays as ``{"__ndarray__": {"dtype", "shape", "data"}}`` (base64 of
the raw little-endian bytes) and non-finite floats as ``{"__float__": "nan"}``. Never
pickle, never object arrays: a decoded value is built from scratch by the trusted side
and carries no identity or method of the process that produced it.

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
import json
import math
from typing import Any

import numpy as np

__all__ = ["ALLOWED_DTYPES", "PlainDataError", "decode", "encode", "normalize"]

ALLOWED_DTYPES = frozenset(
    {
        "bool",
        "int8", "int16", "int32", "int64",
        "uint8", "uint16", "uint32", "uint64",
        "float16", "float32", "float64",
        "complex64", "complex128",
    }
)  # fmt: skip
MAX_DEPTH = 64
MAX_NDIM = 32
_TAGS = frozenset({"__ndarray__", "__float__", "__complex__", "__dict__"})
_FLOAT_NAMES = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class PlainDataError(ValueError):
    """A value that is not plain data, or bytes that do not decode to plain data."""


def _float(value: float) -> Any:
    if math.isfinite(value):
        return value
    if math.isnan(value):
        return {"__float__": "nan"}
    return {"__float__": "inf" if value > 0 else "-inf"}


def _array(value: np.ndarray) -> dict[str, Any]:
    arr = np.asarray(value)  # an ndarray subclass becomes a base-class view...
    name = arr.dtype.name
    if name not in ALLOWED_DTYPES or arr.dtype.fields is not None:
        raise PlainDataError(f"arrays of dtype {arr.dtype!s} are not plain data")
    # ...and a fresh, native-order, contiguous copy of its bytes is what we send.
    arr = np.array(arr, dtype=np.dtype(name).newbyteorder("<"), order="C", copy=True)
    return {
        "__ndarray__": {
            "dtype": name,
            "shape": list(arr.shape),
            "data": base64.b64encode(arr.tobytes()).decode("ascii"),
        }
    }


def _to_json(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
    # Exact type checks: a subclass of int/str/list may override anything.
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value
    if kind is float:
        return _float(value)
    if kind is complex:
        return {"__complex__": [_float(value.real), _float(value.imag)]}
    if isinstance(value, np.generic):
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return _float(float(value))
        if isinstance(value, np.complexfloating):
            return _to_json(complex(value), depth)
        raise PlainDataError(f"NumPy scalars of type {kind.__name__} are not plain data")
    if isinstance(value, np.ndarray):
        return _array(value)
    if kind is list or kind is tuple:
        return [_to_json(item, depth + 1) for item in value]
    if kind is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise PlainDataError(f"dict keys must be str, got {type(key).__name__}")
            out[key] = _to_json(item, depth + 1)
        if len(out) == 1 and next(iter(out)) in _TAGS:
            return {"__dict__": out}
        return out
    raise PlainDataError(f"values of type {kind.__name__} are not plain data")


def _normal(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind is bool or kind is str or kind is int or kind is float:
        return value
    if kind is complex:
        return value
    if isinstance(value, np.generic):
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.integer):
            return int(value)
        if isinstance(value, np.floating):
            return float(value)
        if isinstance(value, np.complexfloating):
            return complex(value)
        raise PlainDataError(f"NumPy scalars of type {kind.__name__} are not plain data")
    if isinstance(value, np.ndarray):
        arr = np.asarray(value)
        name = arr.dtype.name
        if name not in ALLOWED_DTYPES or arr.dtype.fields is not None:
            raise PlainDataError(f"arrays of dtype {arr.dtype!s} are not plain data")
        return np.array(arr, dtype=np.dtype(name), order="C", copy=True)
    if kind is list or kind is tuple:
        return [_normal(item, depth + 1) for item in value]
    if kind is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise PlainDataError(f"dict keys must be str, got {type(key).__name__}")
            out[key] = _normal(item, depth + 1)
        return out
    raise PlainDataError(f"values of type {kind.__name__} are not plain data")


def normalize(value: Any) -> Any:
    """``decode(encode(value))``, without the bytes in between: the same fresh lists,
    Python scalars and native, contiguous array copies, or the same ``PlainDataError``.

    The parent sends hidden inputs to the child this way (pickled, which only the
    trusted side ever writes), so learner code sees exactly what a round trip gives.

    >>> normalize((np.float32(0.5), {"a": np.arange(2)}))
    [0.5, {'a': array([0, 1])}]
    """
    try:
        return _normal(value, 0)
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None


def encode(value: Any) -> bytes:
    """Encode plain data as UTF-8 JSON bytes.

    >>> decode(encode({"x": np.arange(3)}), max_bytes=1000)["x"].tolist()
    [0, 1, 2]
    """
    try:
        doc = _to_json(value, 0)
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None
    return json.dumps(doc, allow_nan=False, separators=(",", ":")).encode("utf-8")


def _reject_constant(name: str) -> Any:
    raise PlainDataError(f"bare {name} is not plain data (use the __float__ tag)")


def _decode_array(spec: Any) -> np.ndarray:
    if type(spec) is not dict or set(spec) != {"dtype", "shape", "data"}:
        raise PlainDataError("an __ndarray__ needs exactly dtype, shape and data")
    name, shape, data = spec["dtype"], spec["shape"], spec["data"]
    if type(name) is not str or name not in ALLOWED_DTYPES:
        raise PlainDataError(f"dtype {name!r} is not allowed")
    if type(shape) is not list or len(shape) > MAX_NDIM:
        raise PlainDataError(f"bad shape {shape!r}")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise PlainDataError(f"bad shape {shape!r}")
    if type(data) is not str:
        raise PlainDataError("array data must be a base64 string")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PlainDataError(f"array data is not valid base64: {exc}") from None
    dtype = np.dtype(name).newbyteorder("<")
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise PlainDataError(f"array data has {len(raw)} bytes, which does not fit {shape!r}")
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape)
    return np.array(arr, dtype=np.dtype(name), copy=True)  # fresh, writable, native order


def _decode_float(spec: Any) -> float:
    if type(spec) is not str or spec not in _FLOAT_NAMES:
        raise PlainDataError(f"bad __float__ value {spec!r}")
    return _FLOAT_NAMES[spec]


def _from_json(doc: Any, depth: int) -> Any:
    if depth > MAX_DEPTH + 2:
        raise PlainDataError(f"value nested deeper than {MAX_DEPTH} levels")
    kind = type(doc)
    if doc is None or kind in (bool, int, str):
        return doc
    if kind is float:
        if not math.isfinite(doc):
            raise PlainDataError("non-finite floats must use the __float__ tag")
        return doc
    if kind is list:
        return [_from_json(item, depth + 1) for item in doc]
    if kind is not dict:
        raise PlainDataError(f"unexpected JSON value of type {kind.__name__}")
    if len(doc) == 1:
        ((key, spec),) = doc.items()
        if key == "__ndarray__":
            return _decode_array(spec)
        if key == "__float__":
            return _decode_float(spec)
        if key == "__complex__":
            if type(spec) is not list or len(spec) != 2:
                raise PlainDataError("a __complex__ needs [real, imag]")
            parts = [_from_json(p, depth + 1) for p in spec]
            if not all(type(p) in (int, float) for p in parts):
                raise PlainDataError("a __complex__ needs two numbers")
            return complex(parts[0], parts[1])
        if key == "__dict__":
            if type(spec) is not dict or len(spec) != 1 or next(iter(spec)) not in _TAGS:
                raise PlainDataError("a __dict__ wraps exactly one reserved key")
            return {k: _from_json(v, depth + 1) for k, v in spec.items()}
        if key.startswith("__") and key.endswith("__"):
            raise PlainDataError(f"unknown tag {key!r}")
    return {key: _from_json(value, depth + 1) for key, value in doc.items()}


def decode(data: bytes, *, max_bytes: int) -> Any:
    """Decode bytes produced by :func:`encode`, validating everything strictly.

    Raises :class:`PlainDataError` for anything that is not plain data, including
    input longer than ``max_bytes``.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PlainDataError(f"expected bytes, got {type(data).__name__}")
    if len(data) > max_bytes:
        raise PlainDataError(f"{len(data)} bytes exceeds the limit of {max_bytes}")
    try:
        doc = json.loads(bytes(data).decode("utf-8"), parse_constant=_reject_constant)
    except PlainDataError:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PlainDataError(f"not plain data: {exc}") from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise PlainDataError(f"not plain data: {exc}") from None
    try:
        return _from_json(doc, 0)
    except RecursionError:
        raise PlainDataError("value nested too deeply") from None
