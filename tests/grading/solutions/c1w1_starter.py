"""C1W1 assignment: systems of equations as matrices.

Fill in the code between the markers.
"""

import numpy as np


# GRADED FUNCTION: coefficient_matrix

def coefficient_matrix(equations, variables):
    """
    The matrix of coefficients of a system.

    Parameters:
    - equations (list of dict): each maps a variable name to its coefficient;
      the key "=" holds the constant.
    - variables (list of str): the column order.

    Returns:
    numpy.array of shape (len(equations), len(variables)); a missing variable has coefficient 0.
    """
    ### START CODE HERE ###
    A = np.zeros((None, None))
    for i, equation in enumerate(equations):
        for j, name in enumerate(variables):
            # dict.get(key, default) gives the default when the key is missing
            A[i, j] = None
    ### END CODE HERE ###
    return A


# GRADED FUNCTION: constants_vector

def constants_vector(equations):
    """The right-hand sides (key "=", 0 when missing) as an array of shape (n,)."""
    ### START CODE HERE ###
    b = None
    ### END CODE HERE ###
    return b


# GRADED FUNCTION: is_singular

def is_singular(A):
    """True when the square matrix A is singular (its determinant is close to 0)."""
    ### START CODE HERE ###
    det_A = None
    singular = None
    ### END CODE HERE ###
    return singular


# GRADED FUNCTION: classify_system

def classify_system(equations, variables):
    """'singular' or 'non-singular' for a square system."""
    ### START CODE HERE ###
    A = None
    result = None
    ### END CODE HERE ###
    return result
