# %% [markdown]
# # C1W3 lab · Vectors, matrix multiplication and linear transformations
#
# Norms, dot products and angles with NumPy; how much faster a vectorized computation is
# than a Python loop; matrix multiplication; and linear transformations of the plane
# applied to a shape and to a photograph.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook

from mathforml.labs import check, explore, question

np.set_printoptions(precision=3, suppress=True)

# %% [markdown]
# ## 1. Norm, dot product and angle
# $\lVert v \rVert = \sqrt{v \cdot v}$, and $u \cdot v = \lVert u\rVert\,\lVert v\rVert \cos\theta$.

# %%
u = np.array([1.0, -2.0, 2.0])
v = np.array([3.0, 0.0, 4.0])
print("norm of u:", np.linalg.norm(u), "=", np.sqrt(np.sum(u**2)))
print("u · v:", np.dot(u, v), "=", u @ v, "=", np.sum(u * v))
cos_theta = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
print(f"angle: {np.degrees(np.arccos(cos_theta)):.2f}°")
print("orthogonal?", np.isclose(np.array([1, 2]) @ np.array([-2, 1]), 0))

# %% [markdown]
# ## 2. A loop against the vectorized version
# The same dot product, computed by a Python loop and by NumPy. NumPy does the loop in
# compiled code.

# %%
rng = np.random.default_rng(0)
a = rng.random(200_000)
c = rng.random(200_000)


def dot_loop(x, y):
    total = 0.0
    for i in range(len(x)):
        total += x[i] * y[i]
    return total


start = time.perf_counter()
slow = dot_loop(a, c)
loop_ms = 1000 * (time.perf_counter() - start)
start = time.perf_counter()
fast = np.dot(a, c)
numpy_ms = 1000 * (time.perf_counter() - start)
print(
    f"loop: {loop_ms:.1f} ms   np.dot: {numpy_ms:.3f} ms   "
    f"(about {loop_ms / max(numpy_ms, 1e-6):.0f}× faster), same result: {np.isclose(slow, fast)}"
)

# %% [markdown]
# ## 3. Matrix multiplication
# $(AB)_{ij}$ is row $i$ of $A$ dotted with column $j$ of $B$. The inner sizes must agree:
# $(m \times n)(n \times p) = (m \times p)$. Order matters: $AB \ne BA$ in general.

# %%
A = np.array([[4, 9, 9], [9, 1, 6], [9, 2, 3]])
B = np.array([[2, 2], [5, 7], [4, 4]])
print("A @ B =\n", A @ B, "\nshape", (A @ B).shape)
print("row 0 of A · column 1 of B =", A[0] @ B[:, 1])
try:
    B @ A
except ValueError as error:
    print("B @ A:", error)
S = np.array([[1, 2], [3, 4]])
T = np.array([[0, 1], [1, 0]])
print("ST =\n", S @ T, "\nTS =\n", T @ S)

# %% [markdown]
# ## 4. Linear transformations
# A $2\times 2$ matrix moves every point of the plane: $T(v) = Mv$. Apply it to all the
# points of a shape at once, one point per column.

# %%
house = np.array([[0, 4, 4, 2, 0, 0], [0, 0, 3, 5, 3, 0]], dtype=float)


def rotation(theta):
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


transforms = {
    "stretch ×1.5": np.array([[1.5, 0], [0, 1.5]]),
    "horizontal shear 0.5": np.array([[1, 0.5], [0, 1]]),
    "rotation 45°": rotation(np.pi / 4),
    "reflection in the y-axis": np.array([[-1, 0], [0, 1]]),
}
fig, axes = plt.subplots(1, 4, figsize=(16, 4))
for ax, (name, M) in zip(axes, transforms.items(), strict=True):
    moved = M @ house
    ax.fill(*house, alpha=0.3, label="original")
    ax.fill(*moved, alpha=0.5, label="transformed")
    ax.set_title(name)
    ax.set_aspect("equal")
    ax.set_xlim(-7, 9)
    ax.set_ylim(-2, 9)
    ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# Compose a rotation and a shear with sliders (the product of matrices is the composition:
# $R S v$ shears first, then rotates).


# %%
def compose(angle_degrees=30.0, shear=0.5):
    M = rotation(np.radians(angle_degrees)) @ np.array([[1, shear], [0, 1]])
    plt.figure(figsize=(4, 4))
    plt.fill(*house, alpha=0.3)
    plt.fill(*(M @ house), alpha=0.5)
    plt.gca().set_aspect("equal")
    plt.xlim(-8, 9)
    plt.ylim(-8, 9)
    plt.title(f"det = {np.linalg.det(M):.2f} (areas are multiplied by |det|)")
    plt.show()


explore(compose, angle_degrees=(-180.0, 180.0, 30.0, 5.0), shear=(-2.0, 2.0, 0.5, 0.1))

# %% [markdown]
# ## 5. Transforming a photograph
# Each pixel of the output looks up where it came from, $v = M^{-1}w$: the inverse of the
# transformation, so that every output pixel gets a value.

# %%
with cbook.get_sample_data("grace_hopper.jpg") as file:
    photo = plt.imread(file)[::4, ::4, :3].mean(axis=2)  # small and grayscale
h, w = photo.shape


def transform_image(img, M):
    rows, cols = np.indices(img.shape)
    centre = np.array([[w / 2], [h / 2]])
    out_points = np.vstack([cols.ravel(), rows.ravel()]) - centre
    src = np.linalg.inv(M) @ out_points + centre
    x, y = np.round(src).astype(int)
    inside = (x >= 0) & (x < w) & (y >= 0) & (y < h)
    result = np.zeros(img.size)
    result[inside] = img[y[inside], x[inside]]
    return result.reshape(img.shape)


fig, axes = plt.subplots(1, 3, figsize=(12, 4))
axes[0].imshow(photo, cmap="gray")
axes[0].set_title("original")
axes[1].imshow(transform_image(photo, np.array([[1, 0.4], [0, 1]])), cmap="gray")
axes[1].set_title("sheared")
axes[2].imshow(transform_image(photo, rotation(np.pi / 6) * 0.8), cmap="gray")
axes[2].set_title("rotated and shrunk")
for ax in axes:
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 6. Check yourself

# %%
question("c1w3.angle-between-vectors")

# %%
my_angle = None  # in degrees: np.degrees(np.arccos(...))
check("c1w3.angle-between-vectors", my_angle)

# %%
question("c1w3.matrix-product")

# %%
my_product = None  # a NumPy array: A @ B
check("c1w3.matrix-product", my_product)

# %%
question("c1w3.vector-norm")

# %%
my_norm = None
check("c1w3.vector-norm", my_norm)
