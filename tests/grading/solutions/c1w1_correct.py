import numpy as np


# GRADED FUNCTION: coefficient_matrix
def coefficient_matrix(equations, variables):
    return np.array([[eq.get(v, 0) for v in variables] for eq in equations], dtype=float)


# GRADED FUNCTION: constants_vector
def constants_vector(equations):
    return [eq.get("=", 0) for eq in equations]  # a list: accepted with a note


# GRADED FUNCTION: is_singular
def is_singular(A):
    return np.isclose(np.linalg.det(A), 0)


# GRADED FUNCTION: classify_system
def classify_system(equations, variables):
    return "singular" if is_singular(coefficient_matrix(equations, variables)) else "non-singular"
