import numpy as np


def coefficient_matrix(equations, variables):
    # columns in each equation's own key order, not in the order of `variables`
    return np.array([[v for k, v in eq.items() if k != "="] for eq in equations], dtype=float)


def constants_vector(equations):
    return np.array([eq["="] for eq in equations], dtype=float)


def is_singular(A):
    return bool(np.isclose(np.linalg.det(A), 0))


def classify_system(equations, variables):
    A = np.array([[eq.get(v, 0) for v in variables] for eq in equations], dtype=float)
    return "singular" if is_singular(A) else "non-singular"
