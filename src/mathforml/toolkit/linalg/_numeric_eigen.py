"""Numerical eigenvalues from scratch: Jacobi rotations (symmetric) and shifted QR iteration.

Used when exact arithmetic cannot help: float matrices, n > 3, or a cubic with
no rational root. Written with NumPy arrays only (no ``numpy.linalg``), so the
course's "how would you compute this?" has a readable answer.
"""

from __future__ import annotations

import cmath
import math
from typing import Any

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._exact import matrix_rows, shape_text

#: Stop Jacobi / QR when off-diagonal mass falls below this fraction of the matrix's size.
EPS = 1e-14
#: Eigenvalues closer than this (relative to the matrix's scale) are one repeated value.
CLUSTER_TOL = 1e-6
#: A pivot smaller than this (relative) counts as zero when finding eigenvectors.
NULL_TOL = 1e-7
MAX_ITERATIONS = 1_000


def _float_square(A: Any) -> np.ndarray:
    rows = matrix_rows(A, False, "A")
    n = len(rows)
    if len(rows[0]) != n:
        raise ShapeError(f"eigenvalues need a square matrix, got {shape_text((n, len(rows[0])))}")
    return np.array(rows, dtype=float)


def _jacobi(S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Diagonalise a symmetric matrix by plane rotations; returns (values, vector columns)."""
    A = S.copy()
    n = A.shape[0]
    V = np.eye(n)
    total = float((A * A).sum())
    for _ in range(100):
        off = float((np.triu(A, 1) ** 2).sum())
        if off <= (EPS**2) * total:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                apq = A[p, q]
                if apq == 0.0:
                    continue
                theta = (A[q, q] - A[p, p]) / (2.0 * apq)
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1.0))
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                rot = np.array([[c, s], [-s, c]])
                idx = [p, q]
                A[:, idx] = A[:, idx] @ rot
                A[idx, :] = rot.T @ A[idx, :]
                V[:, idx] = V[:, idx] @ rot
    return np.diag(A).copy(), V


def _phase(z: complex) -> complex:
    """``z / |z|`` (1 for zero or subnormal z, whose division would overflow)."""
    size = abs(z)
    return complex(z) / size if size > 1e-290 else 1.0 + 0j


def _householder_qr(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """QR factorisation of a complex square matrix by Householder reflections."""
    n = M.shape[0]
    R = M.astype(complex)
    Q = np.eye(n, dtype=complex)
    for k in range(n - 1):
        x = R[k:, k]
        alpha = math.sqrt(float((abs(x) ** 2).sum()))
        if alpha == 0.0:
            continue
        phase = _phase(x[0])
        v = x.copy()
        v[0] += phase * alpha
        v /= math.sqrt(float((abs(v) ** 2).sum()))
        R[k:, :] -= 2.0 * np.outer(v, v.conj() @ R[k:, :])
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ v, v.conj())
    return Q, R


def _hessenberg(A: np.ndarray) -> np.ndarray:
    """Reduce to upper Hessenberg form (zeros below the subdiagonal) by Householder similarity."""
    H = A.astype(complex)
    n = H.shape[0]
    for k in range(n - 2):
        x = H[k + 1 :, k]
        alpha = math.sqrt(float((abs(x) ** 2).sum()))
        if alpha == 0.0:
            continue
        phase = _phase(x[0])
        v = x.copy()
        v[0] += phase * alpha
        v /= math.sqrt(float((abs(v) ** 2).sum()))
        H[k + 1 :, :] -= 2.0 * np.outer(v, v.conj() @ H[k + 1 :, :])
        H[:, k + 1 :] -= 2.0 * np.outer(H[:, k + 1 :] @ v, v.conj())
        H[k + 2 :, k] = 0
    return H


def _qr_eigenvalues(A: np.ndarray) -> list[complex]:
    """Eigenvalues by shifted QR iteration on the Hessenberg form, deflating as blocks split.

    Complex arithmetic with Wilkinson shifts, so a real matrix with complex
    eigenvalues (a rotation) converges too.
    """
    H = _hessenberg(A)
    scale = max(float(abs(H).max()), 1e-300)
    values: list[complex] = []
    m = H.shape[0]
    iterations = 0
    while m > 0:
        if m == 1:
            values.append(complex(H[0, 0]))
            break
        low = m - 1  # start of the active (unreduced) trailing block
        while low > 0:
            size = abs(H[low - 1, low - 1]) + abs(H[low, low]) or scale
            if abs(H[low, low - 1]) <= EPS * size:
                H[low, low - 1] = 0
                break
            low -= 1
        if low == m - 1:
            values.append(complex(H[m - 1, m - 1]))
            m -= 1
            iterations = 0
            continue
        a, b, c, d = H[m - 2, m - 2], H[m - 2, m - 1], H[m - 1, m - 2], H[m - 1, m - 1]
        half = (a + d) / 2
        root = cmath.sqrt((a - d) * (a - d) / 4 + b * c)
        mu = min((half + root, half - root), key=lambda z: abs(z - d))
        if iterations and iterations % 10 == 0:  # break a cycle with an exceptional shift
            mu = d + 0.75 * abs(c) * (1 + 1j)
        size = m - low
        Q, R = _householder_qr(H[low:m, low:m] - mu * np.eye(size))
        H[low:m, low:m] = R @ Q + mu * np.eye(size)
        H[low:m, low:m] = np.triu(H[low:m, low:m], -1)
        iterations += 1
        if iterations > MAX_ITERATIONS:
            raise ArithmeticError("QR iteration did not converge")
    return values


def null_space(B: np.ndarray, tol: float) -> list[np.ndarray]:
    """A basis of ``{x : B x = 0}`` by reduced row echelon form with partial pivoting."""
    M = B.astype(complex)
    m, n = M.shape
    pivots: list[int] = []
    r = 0
    for c in range(n):
        if r == m:
            break
        k = r + int(np.argmax(abs(M[r:, c])))
        if abs(M[k, c]) <= tol:
            M[r:, c] = 0
            continue
        M[[r, k]] = M[[k, r]]
        M[r] /= M[r, c]
        for i in range(m):
            if i != r:
                M[i] -= M[i, c] * M[r]
        pivots.append(c)
        r += 1
    basis = []
    for f in (c for c in range(n) if c not in pivots):
        v = np.zeros(n, dtype=complex)
        v[f] = 1
        for i, p in enumerate(pivots):
            v[p] = -M[i, f]
        basis.append(v)
    return basis


def _orthonormal(vectors: list[np.ndarray]) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for v in vectors:
        w = v.astype(complex)
        for u in out:
            w = w - (u.conj() @ w) * u
        length = math.sqrt(float((abs(w) ** 2).sum()))
        if length > 1e-12:
            out.append(w / length)
    return out


def normalize_sign(v: np.ndarray) -> np.ndarray:
    """Unit length, and the largest-magnitude entry made real and positive (a fixed convention)."""
    length = math.sqrt(float((abs(v) ** 2).sum()))
    w = v / length
    k = int(np.argmax(abs(w).round(12)))
    return w * (abs(w[k]) / w[k])


def _inverse_iteration(A: np.ndarray, lam: complex) -> np.ndarray:
    n = A.shape[0]
    scale = max(float(abs(A).max()), 1.0)
    B = A.astype(complex) - (lam + 1e-10 * scale) * np.eye(n)
    x = np.array([1.0 / (i + 1) for i in range(n)], dtype=complex)
    for _ in range(3):
        x = _gauss_solve(B, x)
        x /= math.sqrt(float((abs(x) ** 2).sum()))
    return x


def _gauss_solve(B: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``B x = b`` by elimination with partial pivoting (complex, near-singular allowed)."""
    n = B.shape[0]
    M = np.column_stack([B.astype(complex), b.astype(complex)])
    for c in range(n):
        k = c + int(np.argmax(abs(M[c:, c])))
        M[[c, k]] = M[[k, c]]
        if M[c, c] == 0:
            M[c, c] = 1e-300
        for i in range(c + 1, n):
            M[i] -= (M[i, c] / M[c, c]) * M[c]
    x = np.zeros(n, dtype=complex)
    for i in range(n - 1, -1, -1):
        x[i] = (M[i, n] - M[i, i + 1 : n] @ x[i + 1 :]) / M[i, i]
    return x


def sort_key(z: complex) -> tuple[float, float]:
    """Order eigenvalues: largest real part first, then largest imaginary part."""
    return (-round(z.real, 9), -round(z.imag, 9))


def clusters(values: list[complex], scale: float) -> list[list[int]]:
    """Group indices of (sorted) eigenvalues that are numerically equal."""
    groups: list[list[int]] = []
    for i, z in enumerate(values):
        for g in groups:
            if abs(values[g[0]] - z) <= CLUSTER_TOL * scale:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _real_if_close(arr: np.ndarray, scale: float) -> np.ndarray:
    if np.all(abs(arr.imag) <= 1e-9 * scale):
        return arr.real.astype(float)
    return arr


def eigenspace(A: np.ndarray, lam: complex, scale: float) -> list[np.ndarray]:
    """Normalised basis of the eigenspace of ``lam`` (inverse iteration if tolerance misses it)."""
    n = A.shape[0]
    basis = null_space(A - lam * np.eye(n), NULL_TOL * scale)
    if not basis:
        basis = [_inverse_iteration(A, lam)]
    return [normalize_sign(v) for v in _orthonormal(basis)]


def eigen_numeric(A: Any) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and eigenvectors of any square matrix, numerically, from scratch.

    A symmetric matrix is diagonalised by Jacobi rotations (real values,
    orthonormal vectors); any other by QR iteration with Wilkinson shifts, its
    vectors then found as null spaces of ``A − λI``. Values are sorted by
    decreasing real part; vector ``i`` is column ``i``, of unit length, its
    largest entry positive. Arrays are real unless some eigenvalue is complex.
    For a defective matrix the missing vectors repeat one of its eigenvectors.

    >>> values, vectors = eigen_numeric([[2.0, 0.0], [0.0, 3.0]])
    >>> values.tolist()
    [3.0, 2.0]
    """
    M = _float_square(A)
    top = float(abs(M).max())
    if top == 0:
        return _eigen_unit_scale(M)
    # work at unit scale so that tiny or huge entries neither underflow nor overflow
    values, vectors = _eigen_unit_scale(M / top)
    return values * top, vectors


def _eigen_unit_scale(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = M.shape[0]
    scale = float(abs(M).max())
    if np.array_equal(M, M.T):
        vals, vecs = _jacobi(M)
        order = sorted(range(n), key=lambda i: -vals[i])
        cols = [normalize_sign(vecs[:, i]).real for i in order]
        return vals[order], np.column_stack(cols)
    values = sorted(_qr_eigenvalues(M), key=sort_key)
    columns: list[np.ndarray] = [np.zeros(n, dtype=complex)] * n
    for group in clusters(values, scale):
        lam = complex(np.mean([values[i] for i in group]))
        basis = eigenspace(M, lam, scale)
        for j, i in enumerate(group):
            columns[i] = basis[min(j, len(basis) - 1)]
    vals = _real_if_close(np.array(values, dtype=complex), scale)
    vecs = np.column_stack(columns)
    if vals.dtype.kind == "f":
        vecs = vecs.real.astype(float)
    return vals, vecs
