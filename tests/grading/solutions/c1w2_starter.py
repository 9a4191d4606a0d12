"""C1W2 assignment: Gaussian elimination. Fill in the code between the markers."""

import numpy as np

# The helper functions below are given: read them, you will use them.

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


# GRADED FUNCTION: row_echelon_form

def row_echelon_form(A, B):
    """
    Transform the system A x = B into row echelon form with every pivot equal to 1.

    Parameters:
    - A (numpy.array): the n×n matrix of coefficients.
    - B (numpy.array): the n×1 column of constants.

    Returns:
    numpy.array: the n×(n+1) augmented matrix in row echelon form with unit pivots,
    or the string 'Singular system' when A is singular.
    """
    # Make copies of the input matrices to avoid modifying the originals
    A = A.copy()
    B = B.copy()

    # Convert matrices to float to prevent integer division
    A = A.astype('float64')
    B = B.astype('float64')

    # Number of rows in the coefficient matrix
    num_rows = len(A)

    ### START CODE HERE ###

    # Compute the determinant of A with np.linalg.det
    det_A = None

    # Return the string 'Singular system' if the determinant is (close to) zero
    if np.isclose(det_A, 0):
        return None

    # Transform matrices A and B into the augmented matrix M
    M = None

    # Iterate over the rows.
    for row in range(None):

        # The pivot candidate is on the main diagonal: M[row, column] with column = row
        pivot_candidate = None

        # If pivot_candidate is zero, look below it for a row with a non-zero value
        # in the same column, and swap the rows
        if np.isclose(pivot_candidate, 0):
            first_non_zero_value_below_pivot_candidate = (
                get_index_first_non_zero_value_from_column(None, None, None)
            )
            M = swap_rows(None, None, None)
            pivot = M[None, None]
        else:
            pivot = None

        # Divide the current row by the pivot, so the new pivot is 1:
        # current_row -> 1/pivot * current_row
        M[row] = None

        # Row reduction for the rows below the current row
        for j in range(None, None):
            # The value below the pivot, in the same column
            value_below_pivot = None

            # row_to_reduce -> row_to_reduce - value_below_pivot * pivot_row
            M[j] = None

    ### END CODE HERE ###

    return M


# GRADED FUNCTION: back_substitution

def back_substitution(M):
    """
    Solve the system from its row echelon form (unit pivots) by back substitution.

    Parameters:
    - M (numpy.array): the n×(n+1) augmented matrix in row echelon form with unit pivots.

    Returns:
    numpy.array: the solution vector, of length n.
    """
    # Make a copy of the input matrix to avoid modifying the original
    M = M.copy()

    # Number of rows in the matrix
    num_rows = M.shape[0]

    ### START CODE HERE ###

    # Iterate from bottom to top
    for row in reversed(range(None)):
        substitution_row = None

        # The index of the first non-zero element in the substitution row (the pivot)
        index = get_index_first_non_zero_value_from_row(None, None, augmented=True)

        # Iterate over the rows above the substitution row
        for j in range(None):
            # The row to be reduced
            row_to_reduce = None

            # The value of the element at the pivot's column in the row to reduce
            value = None

            # row_to_reduce -> row_to_reduce - value * substitution_row
            row_to_reduce = None

            # Replace the updated row in the matrix
            M[j, :] = None

    # The solution is the last column
    solution = None

    ### END CODE HERE ###

    return solution


# GRADED FUNCTION: gaussian_elimination

def gaussian_elimination(A, B):
    """
    Solve A x = B by Gaussian elimination.

    Returns:
    numpy.array: the solution of length n, or the string 'Singular system'.
    """
    ### START CODE HERE ###

    # Get the matrix in row echelon form
    row_echelon_M = None

    # row_echelon_form returns a string when the system is singular: return it unchanged
    if isinstance(row_echelon_M, str):
        return None

    # Otherwise solve by back substitution
    solution = None

    ### END CODE HERE ###

    return solution
