"""A correct solution that picks the largest pivot (partial pivoting), in float32."""
import numpy as np


# GRADED FUNCTION: row_echelon_form
def row_echelon_form(A, B):
    if np.isclose(np.linalg.det(A), 0):
        return 'Singular system'
    M = np.hstack((A, B)).astype(np.float32)
    n = len(A)
    for row in range(n):
        k = row + int(np.argmax(np.abs(M[row:, row])))
        M[[row, k]] = M[[k, row]]
        M[row] = M[row] / M[row, row]
        for j in range(row + 1, n):
            M[j] = M[j] - M[j, row] * M[row]
    return M


# GRADED FUNCTION: back_substitution
def back_substitution(M):
    M = M.copy()
    n = M.shape[0]
    for row in reversed(range(n)):
        for j in range(row):
            M[j] = M[j] - M[j, row] * M[row]
    return M[:, -1:]  # shape (n, 1): accepted with a note


# GRADED FUNCTION: gaussian_elimination
def gaussian_elimination(A, B):
    M = row_echelon_form(A, B)
    if isinstance(M, str):
        return M
    return back_substitution(M)
