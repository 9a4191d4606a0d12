# %% [markdown]
# # C1W2 lab · Elimination by hand, rank, and compressing an image
#
# First you solve a system with row operations, one at a time, and compare with
# `np.linalg`. Then you meet the rank of a matrix, and use it to compress a real photograph
# (Grace Hopper's portrait, which ships with Matplotlib) with low-rank approximations.

# %%
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook

from mathforml.labs import check, explore, question

np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. Row operations
# Three operations never change a system's solutions: swap two rows, multiply a row by a
# non-zero number, and add a multiple of one row to another. Here they are as functions
# that return a new matrix.


# %%
def swap_rows(M, i, j):
    M = M.copy()
    M[[i, j]] = M[[j, i]]
    return M


def scale_row(M, i, factor):
    M = M.copy()
    M[i] = factor * M[i]
    return M


def add_multiple(M, target, source, factor):
    """row target ← row target + factor · row source"""
    M = M.copy()
    M[target] = M[target] + factor * M[source]
    return M


# %% [markdown]
# ## 2. Elimination, step by step
# $$\begin{aligned} 4x_1 - 3x_2 + x_3 &= -10 \\ 2x_1 + x_2 + 3x_3 &= 0 \\
#   -x_1 + 2x_2 - 5x_3 &= 17 \end{aligned}$$

# %%
A = np.array([[4, -3, 1], [2, 1, 3], [-1, 2, -5]], dtype=float)
b = np.array([-10, 0, 17], dtype=float)
M = np.hstack([A, b.reshape(3, 1)])
print("start:\n", M)

M = scale_row(M, 0, 1 / M[0, 0])
M = add_multiple(M, 1, 0, -M[1, 0])
M = add_multiple(M, 2, 0, -M[2, 0])
print("column 1 cleared:\n", M)
M = scale_row(M, 1, 1 / M[1, 1])
M = add_multiple(M, 2, 1, -M[2, 1])
M = scale_row(M, 2, 1 / M[2, 2])
print("row echelon form, pivots 1:\n", M)

# %% [markdown]
# Back substitution: from the bottom row up, clear the entries above each pivot.

# %%
for row in (2, 1):
    for above in range(row):
        M = add_multiple(M, above, row, -M[above, row])
print("reduced row echelon form:\n", M)
print("by elimination:      x =", M[:, 3])
print("with np.linalg.solve: x =", np.linalg.solve(A, b))

# %% [markdown]
# When a pivot is 0, swap with a row below that has a non-zero entry in that column:

# %%
Z = np.array([[0, 1, 2], [3, 4, 5]], dtype=float)
print(swap_rows(Z, 0, 1))

# %% [markdown]
# ## 3. Rank
# The rank is the number of pivots: how many rows (or columns) carry new information.

# %%
examples = {
    "independent rows": np.array([[1, 2], [3, 4]]),
    "second row = 2 × first": np.array([[1, 2], [2, 4]]),
    "zero matrix": np.zeros((2, 2)),
    "3×3 with a dependent row": np.array([[1, 2, 3], [0, 1, 1], [1, 3, 4]]),
}
for name, E in examples.items():
    print(f"{name}: rank {np.linalg.matrix_rank(E)}, det {np.linalg.det(E):.3g}")

# %% [markdown]
# ## 4. Rank and image compression
# A grayscale image is a matrix of brightness values. The singular value decomposition
# writes it as a sum of rank-1 matrices $\sigma_i \mathbf{u}_i \mathbf{v}_i^{\mathsf T}$,
# largest first; keeping the first $k$ terms gives the best rank-$k$ approximation, and
# storing it needs $k(m + n)$ numbers instead of $mn$.

# %%
with cbook.get_sample_data("grace_hopper.jpg") as file:
    photo = plt.imread(file)
image = photo[..., :3].mean(axis=2) / 255  # grayscale, values in [0, 1]
m, n = image.shape
print("image shape", image.shape, " rank", np.linalg.matrix_rank(image))

U, sigma, Vt = np.linalg.svd(image, full_matrices=False)


def approximation(k):
    return (U[:, :k] * sigma[:k]) @ Vt[:k]


plt.figure(figsize=(5, 3))
plt.semilogy(sigma)
plt.title("singular values of the image")
plt.xlabel("i")
plt.show()

# %%
fig, axes = plt.subplots(1, 4, figsize=(14, 4))
for ax, k in zip(axes, (1, 5, 20, 80), strict=True):
    ax.imshow(approximation(k), cmap="gray", vmin=0, vmax=1)
    stored = k * (m + n)
    ax.set_title(f"rank {k}: {stored / (m * n):.0%} of the numbers")
    ax.axis("off")
plt.show()

# %% [markdown]
# Choose the rank yourself:


# %%
def compress(k=20):
    error = np.linalg.norm(image - approximation(k)) / np.linalg.norm(image)
    plt.figure(figsize=(5, 5))
    plt.imshow(approximation(k), cmap="gray", vmin=0, vmax=1)
    plt.title(f"rank {k}: {k * (m + n):,} numbers stored, relative error {error:.1%}")
    plt.axis("off")
    plt.show()


explore(compress, k=(1, 150, 20, 1))

# %% [markdown]
# ## 5. Check yourself

# %%
question("c1w2.rank-of-matrix")

# %% [markdown]
# **Your turn**: type the matrix from the question into `np.array([...])` and use
# `np.linalg.matrix_rank`, or reduce it by hand.

# %%
my_rank = None
check("c1w2.rank-of-matrix", my_rank)

# %%
question("c1w2.low-rank-storage")

# %%
my_count = None
check("c1w2.low-rank-storage", my_count)

# %%
question("c1w2.row-echelon-form")

# %% [markdown]
# Pass a NumPy array or a string such as `"[1, 2; 0, 1]"`; exact fractions are expected,
# so `"1/3"` is better than `0.333`.

# %%
my_matrix = None
check("c1w2.row-echelon-form", my_matrix)
