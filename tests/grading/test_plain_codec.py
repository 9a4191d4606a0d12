"""The plain data codec: what crosses the sandbox boundary, and nothing else."""

from __future__ import annotations

import contextlib
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


# -- bounds: decoding refuses costly documents before it builds them --------------------

from mathforml.grading._plain import (  # noqa: E402
    MAX_ARRAY_ELEMENTS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_NDIM,
)

RESULT_BYTES = 8 << 20  # the sandbox's default limit on a job's results


def _timed_refusal(data: bytes) -> tuple[str, float, int]:
    """Decode ``data`` expecting a refusal: (message, best seconds of 3, peak bytes
    allocated, measured in a separate run since tracing slows everything down)."""
    import time
    import tracemalloc

    times = []
    for _ in range(3):
        start = time.perf_counter()
        with pytest.raises(PlainDataError) as info:
            decode(data, max_bytes=RESULT_BYTES)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        with pytest.raises(PlainDataError):
            decode(data, max_bytes=RESULT_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(info.value), min(times), peak


def _empty_lists(n: int) -> bytes:
    return b'{"nonce":"x","kind":"call","value":[' + b"[]," * (n - 1) + b"[]]}"


def test_millions_of_empty_lists_are_refused_fast_and_without_building_them() -> None:
    data = _empty_lists(2_790_000)  # what [[]] * 5_000_000 leaves within 8 MiB
    assert len(data) <= RESULT_BYTES
    message, elapsed, peak = _timed_refusal(data)
    assert "more than 300000 items" in message
    assert elapsed < 0.1
    assert peak < 2 << 20  # not one list was built (they would take ~150 MB)


def test_the_costliest_document_within_the_bound_stays_cheap() -> None:
    import time

    data = _empty_lists(MAX_ELEMENTS // 2 - 20)
    times = []
    for _ in range(3):  # the best of three: the machine is shared
        start = time.perf_counter()
        out = decode(data, max_bytes=RESULT_BYTES)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.3  # about 40 ms on an idle laptop core
    assert len(out["value"]) == MAX_ELEMENTS // 2 - 20


@pytest.mark.parametrize("depth", [MAX_DEPTH + 2, 1000, 200_000])
def test_deep_nesting_is_refused_fast(depth: int) -> None:
    message, elapsed, _ = _timed_refusal(b"[" * depth + b"]" * depth)
    assert "nested" in message or "recursion" in message
    assert elapsed < 0.1


def test_nesting_up_to_the_bound_roundtrips_and_one_more_is_refused_by_both_sides() -> None:
    value: object = []
    for _ in range(MAX_DEPTH):
        value = [value]
    assert roundtrip(value) == value
    with pytest.raises(PlainDataError, match="nested"):
        encode([value])
    too_deep = b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2)
    with pytest.raises(PlainDataError, match="nested"):
        decode(too_deep, max_bytes=1000)


def _array_doc(shape: object, data: str = "", dtype: str = "float64") -> bytes:
    import json

    return json.dumps({"__ndarray__": {"dtype": dtype, "shape": shape, "data": data}}).encode()


@pytest.mark.parametrize(
    "shape",
    [
        [-1],
        [2, -3],
        [0, 10**30],  # zero items, but no array can have such a dimension
        [2**40, 2**40],  # the product overflows 64 bits
        [MAX_ARRAY_ELEMENTS + 1],
        [1] * (MAX_NDIM + 1),
        [1] * 100_000,
        [True],
        [1.0],
        ["2"],
        None,
        "(2, 2)",
    ],
)
def test_impossible_array_shapes_end_in_plain_data_error(shape: object) -> None:
    data = _array_doc(shape)
    message, elapsed, _ = _timed_refusal(data) if len(data) < RESULT_BYTES else ("", 0.0, 0)
    assert message
    assert elapsed < 0.1


def test_array_data_that_does_not_fit_its_shape_is_refused_before_decoding_it() -> None:
    import base64

    good = base64.b64encode(np.zeros(4).tobytes()).decode()
    decode(_array_doc([4], good), max_bytes=1000)
    for shape in ([3], [5], [2, 3]):
        with pytest.raises(PlainDataError, match="does not fit"):
            decode(_array_doc(shape, good), max_bytes=1000)
    with pytest.raises(PlainDataError, match="does not fit"):
        decode(_array_doc([1], "A" * 4_000_000), max_bytes=RESULT_BYTES)


def test_a_bool_array_is_rebuilt_from_its_truth_values() -> None:
    import base64

    out = decode(_array_doc([3], base64.b64encode(b"\x00\x02\xff").decode(), "bool"), max_bytes=99)
    assert out.dtype == np.bool_
    assert out.tolist() == [False, True, True]
    assert out.view(np.uint8).tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    "data",
    [
        b'"\\ud800"',
        b'["ok", "\\udfff"]',
        b'{"\\ud83d": 1}',
        b'{"kind": "call", "error": {"message": "a\\udc80b"}}',
    ],
)
def test_a_lone_surrogate_is_refused_as_not_plain_data(data: bytes) -> None:
    with pytest.raises(PlainDataError, match="surrogate"):
        decode(data, max_bytes=1000)


def test_a_surrogate_pair_is_one_character_and_decodes() -> None:
    assert decode(b'"\\ud83d\\ude00"', max_bytes=100) == "\U0001f600"


def test_encode_replaces_lone_surrogates_so_an_exception_message_still_arrives() -> None:
    message = "bad \ud800 value"
    out = decode(encode({"message": message, "\udfff": 1}), max_bytes=1000)
    assert out == {"message": "bad \ufffd value", "\ufffd": 1}
    assert normalize([message]) == ["bad \ufffd value"]
    out["message"].encode("utf-8")  # printable anywhere


def test_encode_refuses_what_decode_would_refuse_and_stops_early() -> None:
    import time

    start = time.perf_counter()
    with pytest.raises(PlainDataError, match="items"):
        encode([[]] * 5_000_000)
    assert time.perf_counter() - start < 0.2  # stopped at the bound, not after 5M items
    with pytest.raises(PlainDataError, match="items"):
        encode("," * MAX_ELEMENTS)  # commas in strings count, as decode counts them
    with pytest.raises(PlainDataError, match=r"shape|items"):
        encode(np.zeros((0, MAX_ARRAY_ELEMENTS + 1)))


@pytest.mark.parametrize(
    "value",
    [
        np.random.default_rng(0).random((4096, 55)),  # the c1w4 PCA data
        np.random.default_rng(0).random((4096, 55)).tolist(),  # the same as lists
        {"W1": np.ones((4, 2)), "b1": np.zeros((4, 1)), "nested": {"a": {"b": [1, 2.5]}}},
        [np.zeros(0)] * 1000,
    ],
)
def test_legitimate_results_pass_the_bounds(value: object) -> None:
    data = encode(value)
    assert len(data) <= RESULT_BYTES
    assert _same(decode(data, max_bytes=RESULT_BYTES), normalize(value))


_hostile_json = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6),
        st.sampled_from(["__ndarray__", "__float__", "__complex__", "__dict__"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=4),
                st.sampled_from(["__ndarray__", "__float__", "__complex__", "__dict__", "__x__",
                                 "dtype", "shape", "data"]),
            ),
            inner, max_size=3,
        ),
    ),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_hostile_json)
def test_any_json_decodes_or_ends_in_plain_data_error(doc: object) -> None:
    import json

    data = json.dumps(doc, ensure_ascii=True).encode()
    try:
        out = decode(data, max_bytes=1 << 20)
    except PlainDataError:
        return
    encode(out)  # whatever decodes is plain data again


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_end_in_plain_data_error(data: bytes) -> None:
    with contextlib.suppress(PlainDataError):
        decode(data, max_bytes=1000)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_whatever_encode_accepts_decode_accepts(value: object) -> None:
    decode(encode(value), max_bytes=1 << 24)
