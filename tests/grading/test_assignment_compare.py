"""Fair comparison and teaching diffs, without any sandbox."""

from __future__ import annotations

import numpy as np

from mathforml.grading.assignments._compare import compare_array, compare_exact, compare_scalar

E = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, -4.0], [0.0, 0.0, 1.0]])


def test_float32_and_a_different_order_of_operations_pass():
    x = np.linalg.solve(np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([9.0, 8.0]))
    assert compare_array(x.astype(np.float32), np.array([2.0, 3.0])).ok
    assert compare_array(E + 1e-12, E).ok


def test_a_list_passes_with_a_note():
    c = compare_array(E.tolist(), E)
    assert c.ok
    assert "list" in c.note


def test_flat_vector_for_a_column_passes_with_a_note_unless_layout_matters():
    c = compare_array(np.array([1.0, 2.0]), np.array([[1.0], [2.0]]))
    assert c.ok
    assert "flat vector" in c.note
    assert not compare_array(np.array([1.0, 2.0]), np.array([[1.0], [2.0]]), flat_ok=False).ok


def test_a_row_times_minus_one_is_named_with_the_sign_hint():
    wrong = E.copy()
    wrong[1] *= -1
    c = compare_array(wrong, E, sign_hint="check the sign when you subtract a multiple")
    assert not c.ok
    assert c.feedback == (
        "row 2 of your result equals the expected row 2 times −1: check the sign when you "
        "subtract a multiple"
    )


def test_a_transposed_result_is_named():
    rect = np.arange(6.0).reshape(2, 3)
    assert "transposed" in compare_array(rect.T, rect).feedback
    assert "transpose of the expected" in compare_array(E.T, E).feedback


def test_a_result_off_by_a_constant_factor_is_named():
    assert "times 1/2" in compare_array(E / 2, E).feedback
    assert "opposite sign" in compare_array(-E, E).feedback


def test_swapped_rows_and_nan_are_named():
    assert "rows 1 and 3" in compare_array(E[[2, 1, 0]], E).feedback
    bad = E.copy()
    bad[0, 0] = np.nan
    assert "nan" in compare_array(bad, E).feedback


def test_a_known_mistake_gives_its_own_message():
    c = compare_array(E * 0 + 7, E, mistakes=[(E * 0 + 7, "you returned sevens")])
    assert c.feedback == "you returned sevens"


def test_none_and_wrong_shapes_teach():
    assert "None placeholder" in compare_array(None, E).feedback
    assert "shape (2, 3)" in compare_array(np.zeros((2, 3)), E).feedback


def test_scalars_accept_one_element_arrays_and_name_factors():
    assert compare_scalar(np.array([[0.5]]), 0.5).ok
    assert "times 2" in compare_scalar(1.0, 0.5).feedback
    assert "wrong sign" in compare_scalar(-0.5, 0.5).feedback


def test_exact_values_accept_numpy_like_ints_but_not_bools_for_ints():
    assert compare_exact(2, 2).ok
    assert not compare_exact(True, 1).ok
    assert compare_exact(True, True).ok
    assert not compare_exact("Singular", "Singular system").ok
