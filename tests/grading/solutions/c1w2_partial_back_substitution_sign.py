# back_substitution adds the multiple of the pivot row instead of subtracting it
import numpy as np

def swap_rows(M, row_index_1, row_index_2):
    """Return a copy of M with rows row_index_1 and row_index_2 swapped."""
    M = M.copy()
    M[[row_index_1, row_index_2]] = M[[row_index_2, row_index_1]]
    return M


def get_index_first_non_zero_value_from_column(M, column, starting_row):
    """First row index at or below starting_row whose entry in column is non-zero, or -1."""
    column_array = M[starting_row:, column]
    for i, val in enumerate(column_array):
        if not np.isclose(val, 0, atol=1e-5):
            return i + starting_row
    return -1


def get_index_first_non_zero_value_from_row(M, row, augmented=False):
    """First column index of a non-zero entry in the row (ignoring the last column if augmented)."""
    M = M.copy()
    if augmented:
        M = M[:, :-1]
    row_array = M[row]
    for i, val in enumerate(row_array):
        if not np.isclose(val, 0, atol=1e-5):
            return i
    return -1


def augmented_matrix(A, B):
    """Stack A and B horizontally: the augmented matrix [A | B]."""
    return np.hstack((A, B))


def row_echelon_form(A, B):
    A = A.copy().astype('float64')
    B = B.copy().astype('float64')
    num_rows = len(A)
    det_A = np.linalg.det(A)
    if np.isclose(det_A, 0):
        return 'Singular system'
    M = augmented_matrix(A, B)
    for row in range(num_rows):
        pivot_candidate = M[row, row]
        if np.isclose(pivot_candidate, 0):
            k = get_index_first_non_zero_value_from_column(M, row, row)
            M = swap_rows(M, row, k)
            pivot = M[row, row]
        else:
            pivot = pivot_candidate
        M[row] = 1 / pivot * M[row]
        for j in range(row + 1, num_rows):
            value_below_pivot = M[j, row]
            M[j] = M[j] - value_below_pivot * M[row]
    return M


def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    for row in reversed(range(num_rows)):
        substitution_row = M[row]
        index = get_index_first_non_zero_value_from_row(M, row, augmented=True)
        for j in range(row):
            row_to_reduce = M[j]
            value = row_to_reduce[index]
            row_to_reduce = row_to_reduce + value * substitution_row
            M[j, :] = row_to_reduce
    solution = M[:, -1]
    return solution


def gaussian_elimination(A, B):
    row_echelon_M = row_echelon_form(A, B)
    if isinstance(row_echelon_M, str):
        return row_echelon_M
    solution = back_substitution(row_echelon_M)
    return solution
