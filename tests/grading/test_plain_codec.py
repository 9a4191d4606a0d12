"""The plain data codec: what crosses the sandbox boundary, and nothing else."""

from __future__ import annotations

import math
import pickle

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforml.grading._plain import PlainDataError, decode, encode, normalize


def roundtrip(value: object) -> object:
    return decode(encode(value), max_bytes=1 << 24)


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -7, 10**30, 1.5, "héllo", [], {}, [1, [2, [3]]], {"a": {"b": [1.0]}}],
)
def test_plain_values_roundtrip_unchanged(value: object) -> None:
    assert roundtrip(value) == value


def test_non_finite_floats_roundtrip_through_tags() -> None:
    out = roundtrip([math.nan, math.inf, -math.inf])
    assert math.isnan(out[0])
    assert out[1:] == [math.inf, -math.inf]


@pytest.mark.parametrize(
    "dtype",
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "complex64", "complex128"],
)  # fmt: skip
def test_arrays_of_every_allowed_dtype_roundtrip(dtype: str) -> None:
    arr = (np.arange(12).reshape(3, 4) % 2).astype(dtype)
    out = roundtrip(arr)
    assert type(out) is np.ndarray
    assert out.dtype == np.dtype(dtype)
    assert out.shape == (3, 4)
    np.testing.assert_array_equal(out, arr)
    assert out.flags.writeable


def test_numpy_scalars_become_python_scalars() -> None:
    out = roundtrip([np.float32(1.5), np.int64(3), np.bool_(True), np.complex128(1 + 2j)])
    assert out == [1.5, 3, True, 1 + 2j]
    assert [type(x) for x in out] == [float, int, bool, complex]


def test_ndarray_subclass_comes_back_as_a_base_ndarray_without_its_methods() -> None:
    class Liar(np.ndarray):
        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    out = roundtrip(np.arange(3).view(Liar))
    assert type(out) is np.ndarray
    assert not bool(np.all(out == np.array([9, 9, 9])))


def test_non_contiguous_and_big_endian_arrays_are_copied_correctly() -> None:
    arr = np.arange(20, dtype=">f8").reshape(4, 5)[:, ::2]
    np.testing.assert_array_equal(roundtrip(arr), arr)


def test_tuples_become_lists_and_reserved_keys_survive() -> None:
    assert roundtrip((1, (2, 3))) == [1, [2, 3]]
    assert roundtrip({"__ndarray__": 1}) == {"__ndarray__": 1}
    assert roundtrip({"__float__": "nan"}) == {"__float__": "nan"}


@pytest.mark.parametrize(
    "value",
    [b"bytes", {1: 2}, object(), np.array([object()]), np.zeros(2, dtype="M8[s]"), {1.5}, len],
)
def test_non_plain_values_are_refused(value: object) -> None:
    with pytest.raises(PlainDataError):
        encode(value)


def test_subclasses_of_plain_types_are_refused() -> None:
    class Int(int):
        pass

    with pytest.raises(PlainDataError, match="Int"):
        encode(Int(3))


@pytest.mark.parametrize(
    "data",
    [
        b"NaN",
        b'{"x": Infinity}',
        b"\xff\xfe",
        b"[1, 2",
        b'{"__pickle__": "x"}',
        b'{"__ndarray__": {"dtype": "object", "shape": [1], "data": ""}}',
        b'{"__ndarray__": {"dtype": "float64", "shape": [2], "data": "AAAA"}}',
        b'{"__ndarray__": {"dtype": "float64", "shape": [-1], "data": ""}}',
        b'{"__ndarray__": {"dtype": "float64", "shape": [1], "data": "!!!!"}}',
        b'{"__float__": "1e400"}',
        b"[" * 100_000 + b"]" * 100_000,
        b"1" * 5000,
    ],
)
def test_bad_bytes_are_refused_with_plain_data_error(data: bytes) -> None:
    with pytest.raises(PlainDataError):
        decode(data, max_bytes=1 << 24)


def test_pickles_are_never_decoded() -> None:
    with pytest.raises(PlainDataError):
        decode(pickle.dumps({"a": 1}), max_bytes=1000)


def test_input_over_max_bytes_is_refused_before_parsing() -> None:
    with pytest.raises(PlainDataError, match="exceeds"):
        decode(encode("x" * 100), max_bytes=50)


def test_plain_data_error_is_a_value_error() -> None:
    assert issubclass(PlainDataError, ValueError)


# -- normalize: the in-memory round trip the parent sends jobs with ---------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from([np.float32(1.5), np.int16(-3), np.bool_(True), np.complex64(1 - 2j)]),
)
_arrays = st.sampled_from(["float64", "float32", "int64", "uint8", "bool", "complex128"]).flatmap(
    lambda dtype: hnp.arrays(
        dtype, hnp.array_shapes(min_dims=0, max_dims=3, max_side=3),
        elements=hnp.from_dtype(np.dtype(dtype), allow_nan=False),
    )
)
_values = st.recursive(
    st.one_of(_scalars, _arrays),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(
            st.one_of(st.text(max_size=4), st.sampled_from(["__ndarray__", "__float__"])),
            inner, max_size=3,
        ),
    ),
    max_leaves=12,
)


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return (a.dtype == b.dtype and a.shape == b.shape and a.flags.c_contiguous
                and a.flags.writeable and a.tobytes() == b.tobytes())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


@settings(max_examples=300, deadline=None)
@given(_values)
def test_normalize_gives_exactly_what_a_round_trip_gives(value: object) -> None:
    assert _same(normalize(value), roundtrip(value))


def test_normalize_copies_arrays_so_the_child_cannot_share_them() -> None:
    source = np.arange(6.0).reshape(2, 3).T  # a non-contiguous view
    out = normalize([source])[0]
    assert out.flags.c_contiguous
    assert out.flags.owndata
    out[0, 0] = 99
    assert source[0, 0] == 0


@pytest.mark.parametrize(
    "value",
    [b"bytes", {1: 2}, object(), np.array([object()]), np.zeros(2, dtype="M8[s]"), {1.5}, len],
)
def test_normalize_refuses_what_encode_refuses(value: object) -> None:
    with pytest.raises(PlainDataError):
        normalize(value)
