# %% [markdown]
# # C1W1 lab · NumPy arrays and systems of linear equations
#
# In this lab you build arrays with NumPy, write a system of linear equations as a matrix,
# solve it with `np.linalg.solve`, test it with the determinant, and draw its lines. At the
# end you meet the two systems that have no unique solution: one with none, one with
# infinitely many.
#
# Run the cells in order (Shift+Enter). Cells marked **Your turn** ask you to fill in a value.

# %%
import matplotlib.pyplot as plt
import numpy as np

from mathforml.labs import check, explore, question

# %% [markdown]
# ## 1. Arrays: creating, shaping, indexing
# A NumPy array holds numbers of one type in a grid. `np.array` makes one from lists;
# `np.arange`, `np.linspace`, `np.zeros` and `np.ones` make common ones.

# %%
one_d = np.array([10, 12])
print("one_d:", one_d, "shape", one_d.shape)
print("arange(3):", np.arange(3), " arange(1, 20, 3):", np.arange(1, 20, 3))
print("linspace(0, 100, 5):", np.linspace(0, 100, 5))
print("zeros(3):", np.zeros(3), " ones(3):", np.ones(3))

# %%
two_d = np.array([[1, 2, 3], [4, 5, 6]])
print(two_d, "\nndim", two_d.ndim, "shape", two_d.shape, "size", two_d.size)
print("reshaped to 3×2:\n", two_d.reshape(3, 2))
print("first row", two_d[0], " last column", two_d[:, -1], " entry (1, 2):", two_d[1, 2])
print("every other entry of arange(10):", np.arange(10)[::2])

# %% [markdown]
# ## 2. Broadcasting and stacking
# Arithmetic works entry by entry. When shapes differ, NumPy *broadcasts*: a row is
# repeated down the rows, a column across the columns. That is how you add a vector to
# every row of a matrix without a loop.

# %%
M = np.array([[1, 2, 3], [4, 5, 6]])
row = np.array([10, 20, 30])
column = np.array([[100], [200]])
print("M + row:\n", M + row)
print("M + column:\n", M + column)
print("M * 2:\n", M * 2)
print("vstack:\n", np.vstack([M, row]))
print("hstack:\n", np.hstack([M, column]))

# %% [markdown]
# ## 3. A system as a matrix
# The system
# $$\begin{aligned} -x_1 + 3x_2 &= 7 \\ 3x_1 + 2x_2 &= 1 \end{aligned}$$
# is $A\mathbf{x} = \mathbf{b}$ with the matrix of coefficients $A$ and the vector of
# constants $\mathbf{b}$. `np.linalg.solve` finds $\mathbf{x}$ when there is exactly one
# solution; `np.linalg.det` tells you whether there is: $\det A \ne 0$.

# %%
A = np.array([[-1, 3], [3, 2]], dtype=float)
b = np.array([7, 1], dtype=float)
x = np.linalg.solve(A, b)
print("solution x =", x)
print("det A =", np.linalg.det(A))
print("check: A @ x =", A @ x)

# %% [markdown]
# The augmented matrix $[A \mid \mathbf{b}]$ keeps the whole system in one array:

# %%
A_system = np.hstack((A, b.reshape((2, 1))))
print(A_system)

# %% [markdown]
# ## 4. Each equation is a line
# A solution is a point on both lines: where they cross.


# %%
def plot_lines(M, ax=None, title=""):
    """Draw the two lines of the 2×3 augmented matrix M and their crossing, if any."""
    ax = ax or plt.figure(figsize=(5, 5)).gca()
    xs = np.linspace(-10, 10, 100)
    for i, colour in enumerate(["tab:blue", "tab:orange"]):
        a1, a2, c = M[i]
        if a2 != 0:
            ax.plot(xs, (c - a1 * xs) / a2, colour, label=f"{a1:g}x₁ + {a2:g}x₂ = {c:g}")
        else:
            ax.axvline(c / a1, color=colour, label=f"{a1:g}x₁ = {c:g}")
    if not np.isclose(np.linalg.det(M[:, :2]), 0):
        p = np.linalg.solve(M[:, :2], M[:, 2])
        ax.plot(*p, "ko", label=f"solution ({p[0]:.3g}, {p[1]:.3g})")
    ax.set_xlim(-10, 10)
    ax.set_ylim(-10, 10)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=8)
    return ax


plot_lines(A_system, title="one solution")
plt.show()

# %% [markdown]
# Move the slider to tilt the second line: when it becomes parallel to the first,
# $\det A = 0$ and the crossing disappears.


# %%
def tilt(a=2.0):
    """The second equation is a·x₁ + x₂ = 1: parallel to the first when a = −1/3."""
    M2 = np.array([[-1, 3, 7], [a, 1, 1]], dtype=float)
    d = np.linalg.det(M2[:, :2])
    plot_lines(M2, title=f"det A = {d:.3g}")
    plt.show()


explore(tilt, a=(-2.0, 2.0, 2.0, 1 / 3))

# %% [markdown]
# ## 5. No solution, or infinitely many
# When $\det A = 0$, `np.linalg.solve` refuses: the matrix is singular. The lines are
# then parallel (no solution) or the same line (infinitely many).

# %%
no_solution = np.array([[-1, 3, 7], [3, -9, 1]], dtype=float)
infinitely_many = np.array([[-1, 3, 7], [3, -9, -21]], dtype=float)
for name, M3 in (("no solution", no_solution), ("infinitely many", infinitely_many)):
    print(name, ": det =", np.linalg.det(M3[:, :2]))
    try:
        np.linalg.solve(M3[:, :2], M3[:, 2])
    except np.linalg.LinAlgError as error:
        print("   np.linalg.solve:", error)

fig, axes = plt.subplots(1, 2, figsize=(10, 5))
plot_lines(no_solution, axes[0], "parallel lines: no solution")
plot_lines(infinitely_many, axes[1], "one line twice: infinitely many")
plt.show()

# %% [markdown]
# Tell the two apart with ranks: the system has a solution exactly when adding the column
# of constants does not raise the rank.

# %%
for name, M3 in (("no solution", no_solution), ("infinitely many", infinitely_many)):
    print(
        f"{name}: rank A = {np.linalg.matrix_rank(M3[:, :2])}, "
        f"rank [A | b] = {np.linalg.matrix_rank(M3)}"
    )

# %% [markdown]
# ## 6. Check yourself
# These are the course's own exercises, with the same feedback as in the browser. Each
# shows one fixed variant: compute the answer (NumPy helps!) and pass it to `check`.

# %%
question("c1w1.determinant-2x2")

# %% [markdown]
# **Your turn**: replace `None` by the determinant (for example with `np.linalg.det`, then
# `round`, since the answer is a whole number).

# %%
my_determinant = None
check("c1w1.determinant-2x2", my_determinant)

# %%
question("c1w1.singular-or-non-singular")

# %%
my_choice = None  # "singular" or "non-singular"
check("c1w1.singular-or-non-singular", my_choice)

# %%
question("c1w1.count-solutions")

# %%
my_count = None  # "exactly one", "none" or "infinitely many"
check("c1w1.count-solutions", my_count)
