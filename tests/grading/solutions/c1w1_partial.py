import numpy as np


def coefficient_matrix(equations, variables):
    A = np.zeros((len(equations), len(variables)))
    for i, equation in enumerate(equations):
        for j, name in enumerate(variables):
            A[i, j] = equation[name]  # fails when a variable is missing
    return A


def constants_vector(equations):
    return np.array([equation.get("=", 0) for equation in equations], dtype=float)


def is_singular(A):
    return bool(np.isclose(np.linalg.det(A), 0))


def classify_system(equations, variables):
    A = coefficient_matrix(equations, variables)
    return "singular" if is_singular(A) else "non-singular"
