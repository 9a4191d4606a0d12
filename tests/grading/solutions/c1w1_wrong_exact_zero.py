import numpy as np


def coefficient_matrix(equations, variables):
    return np.array([[eq.get(v, 0) for v in variables] for eq in equations], dtype=float)


def constants_vector(equations):
    return np.array([eq.get("=", 0) for eq in equations], dtype=float)


def is_singular(A):
    return bool(np.linalg.det(A) == 0)  # floating-point determinants are rarely exactly 0


def classify_system(equations, variables):
    return "Singular" if is_singular(coefficient_matrix(equations, variables)) else "Non-singular"
