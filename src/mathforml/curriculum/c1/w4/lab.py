# %% [markdown]
# # C1W4 lab · What eigenvalues and eigenvectors tell you
#
# An eigenvector of $A$ is a direction that $A$ only stretches: $A\mathbf{v} = \lambda
# \mathbf{v}$. You will compute them with `np.linalg.eig` for five transformations of the
# plane and see what each tells you: a reflection, a shear (only one eigenvector), a rotation
# (complex eigenvalues, no real eigenvector), a scaling (every vector is one), and a
# projection (eigenvalue 0).

# %%
import matplotlib.pyplot as plt
import numpy as np

from mathforml.labs import check, explore, question

np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. Drawing a transformation and its eigenvectors
# The helper draws a few vectors before (grey) and after (blue) the transformation, and the
# real eigenvectors (red), scaled by their eigenvalues.


# %%
def show(A, title, ax=None):
    ax = ax or plt.figure(figsize=(4, 4)).gca()
    angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    for t in angles:
        v = np.array([np.cos(t), np.sin(t)])
        Av = A @ v
        ax.arrow(0, 0, *v, color="lightgrey", width=0.01, length_includes_head=True)
        ax.arrow(0, 0, *Av, color="tab:blue", alpha=0.5, width=0.01, length_includes_head=True)
    values, vectors = np.linalg.eig(A)
    for lam, vec in zip(values, vectors.T, strict=True):
        if abs(np.imag(lam)) < 1e-12:
            vec = np.real(vec)
            ax.arrow(
                0, 0, *(np.real(lam) * vec), color="tab:red", width=0.03, length_includes_head=True
            )
            ax.arrow(0, 0, *vec, color="tab:red", width=0.01, alpha=0.4, length_includes_head=True)
    ax.set_xlim(-2.5, 2.5)
    ax.set_ylim(-2.5, 2.5)
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=9)
    return values, vectors


cases = {
    "reflection in the y-axis": np.array([[-1.0, 0.0], [0.0, 1.0]]),
    "shear": np.array([[1.0, 0.5], [0.0, 1.0]]),
    "rotation by 90°": np.array([[0.0, -1.0], [1.0, 0.0]]),
    "scaling by 2": np.array([[2.0, 0.0], [0.0, 2.0]]),
    "projection on the x-axis": np.array([[1.0, 0.0], [0.0, 0.0]]),
}
fig, axes = plt.subplots(1, 5, figsize=(20, 4))
for ax, (name, A) in zip(axes, cases.items(), strict=True):
    values, vectors = show(A, name, ax)
plt.show()

# %% [markdown]
# ## 2. Reading the eigenvalues
# - **Reflection**: $\lambda = -1$ (the mirrored direction) and $\lambda = 1$ (the mirror).
# - **Shear**: $\lambda = 1$ twice, but only **one** eigenvector direction: `eig` returns two
#   columns that are (numerically) parallel.
# - **Rotation**: complex eigenvalues $\pm i$: no real direction is kept.
# - **Scaling**: $\lambda = 2$ twice, and *every* vector is an eigenvector.
# - **Projection**: $\lambda = 1$ (kept) and $\lambda = 0$ (crushed to the origin); the
#   determinant, the product of the eigenvalues, is 0.

# %%
for name, A in cases.items():
    values, vectors = np.linalg.eig(A)
    print(f"{name}:\n  eigenvalues {values}\n  eigenvectors (columns)\n{vectors}")
    print(
        f"  det = {np.linalg.det(A):.3g} = product of eigenvalues {np.prod(values):.3g}; "
        f"rank of the eigenvector matrix {np.linalg.matrix_rank(vectors, tol=1e-8)}\n"
    )

# %% [markdown]
# Check the defining equation $A\mathbf{v} = \lambda\mathbf{v}$ for the shear:

# %%
A = cases["shear"]
values, vectors = np.linalg.eig(A)
for lam, vec in zip(values, vectors.T, strict=True):
    print(lam, A @ vec, lam * vec, np.allclose(A @ vec, lam * vec))

# %% [markdown]
# ## 3. From rotation to scaling
# Turn the angle of a rotation combined with a scaling: the eigenvalues are real only at
# 0° and 180°.


# %%
def rotate_and_scale(angle_degrees=30.0, scale=1.5):
    t = np.radians(angle_degrees)
    A = scale * np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    show(A, f"eigenvalues {np.round(np.linalg.eigvals(A), 3)}")
    plt.show()


explore(rotate_and_scale, angle_degrees=(-180.0, 180.0, 30.0, 15.0), scale=(0.5, 2.0, 1.5, 0.1))

# %% [markdown]
# ## 4. Repeated multiplication follows the largest eigenvalue
# Applying $A$ again and again turns almost any vector towards the eigenvector of the largest
# $|\lambda|$: the idea behind PageRank and this week's assignment.

# %%
A = np.array([[2.0, 1.0], [1.0, 2.0]])
x = np.array([1.0, 0.0])
for _ in range(10):
    x = A @ x
    x = x / np.linalg.norm(x)
values, vectors = np.linalg.eig(A)
print("after 10 steps:", x, " eigenvector of λ =", values.max(), ":", vectors[:, values.argmax()])

# %% [markdown]
# ## 5. Check yourself

# %%
question("c1w4.eigenvalues-2x2")

# %%
my_eigenvalues = None  # a set, e.g. {1, 2}, or a list from np.linalg.eigvals
check("c1w4.eigenvalues-2x2", my_eigenvalues)

# %%
question("c1w4.eigenvector-directions")

# %%
my_directions = None
check("c1w4.eigenvector-directions", my_directions)

# %%
question("c1w4.characteristic-polynomial")

# %%
my_polynomial = None  # a string such as "lambda^2 - 3lambda + 2"
check("c1w4.characteristic-polynomial", my_polynomial)
