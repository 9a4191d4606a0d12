# Only the graded cells of an original notebook: the given helpers are absent.
import numpy as np


# GRADED FUNCTION: row_echelon_form
def row_echelon_form(A, B):
    det_A = np.linalg.det(A)
    if np.isclose(det_A, 0) == True:  # noqa: E712
        return 'Singular system'
    A = A.copy().astype('float64')
    B = B.copy().astype('float64')
    num_rows = len(A)
    M = augmented_matrix(A, B)  # noqa: F821
    for row in range(num_rows):
        pivot_candidate = M[row, row]
        if np.isclose(pivot_candidate, 0) == True:  # noqa: E712
            first = get_index_first_non_zero_value_from_column(M, row, row)  # noqa: F821
            M = swap_rows(M, row, first)  # noqa: F821
            pivot = M[row, row]
        else:
            pivot = pivot_candidate
        M[row] = 1 / pivot * M[row]
        for j in range(row + 1, num_rows):
            value_below_pivot = M[j, row]
            M[j] = M[j] - value_below_pivot * M[row]
    return M


# GRADED FUNCTION: back_substitution
def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    for row in reversed(range(num_rows)):
        substitution_row = M[row]
        index = get_index_first_non_zero_value_from_row(M, row, augmented=True)  # noqa: F821
        for j in range(row):
            row_to_reduce = M[j]
            value = row_to_reduce[index]
            row_to_reduce = row_to_reduce - value * substitution_row
            M[j, :] = row_to_reduce
    solution = M[:, -1]
    return solution


# GRADED FUNCTION: gaussian_elimination
def gaussian_elimination(A, B):
    row_echelon_M = row_echelon_form(A, B)
    if not isinstance(row_echelon_M, str):
        solution = back_substitution(row_echelon_M)
        return solution
    return row_echelon_M
