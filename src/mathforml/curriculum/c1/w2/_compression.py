"""Rank and image compression: rank-1 images and the storage of low-rank approximations."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer, Matrix
from mathforml.toolkit import linalg
from mathforml.types import Params

#: Image sizes (height, width) in pixels, common for photos and thumbnails.
IMAGE_SIZES = (
    (64, 64),
    (128, 96),
    (240, 320),
    (256, 256),
    (300, 400),
    (480, 640),
    (512, 512),
    (600, 800),
    (720, 1280),
    (1080, 1920),
)

SCHEMES = {
    "separate": "store each $\\mathbf{u}_i$, each $\\mathbf{v}_i$ and each singular value "
    "$\\sigma_i$ separately",
    "folded": "multiply each singular value $\\sigma_i$ into its column $\\mathbf{u}_i$ "
    "first, so only the $\\mathbf{u}_i$ and $\\mathbf{v}_i$ are stored",
}


#: What a learner who counts the singular values the other way is told, by storage scheme.
SIGMA_FEEDBACK = {
    "separate": (
        "You left out the singular values. Stored separately, each $\\sigma_i$ is one more "
        "number per piece: $k(m + n + 1)$."
    ),
    "folded": (
        "You added the singular values. Here each $\\sigma_i$ is already multiplied into "
        "$\\mathbf{u}_i$, so it costs nothing extra: $k(m + n)$."
    ),
}


def _per_piece(m: int, n: int, scheme: str) -> int:
    """Numbers stored for one rank-1 piece of an m×n image."""
    return m + n + (1 if scheme == "separate" else 0)


ROW_BREAK = r" \\ "


def _grouped(x: int) -> str:
    """A whole number with thousands separators, for LaTeX (``51{,}250``)."""
    return f"{x:,}".replace(",", "{,}")


def _formula(scheme: str) -> str:
    return "k(m + n + 1)" if scheme == "separate" else "k(m + n)"


class RankOneImage(Exercise):
    id = "c1w2.rank-one-image"
    title = "A rank-1 image"
    topic = "image compression"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        m, n = (int(v) for v in rng.choice([2, 3, 4], size=2, replace=False))
        u = rng.integers(0, 5, size=m)
        v = rng.integers(0, 6, size=n)
        while np.count_nonzero(u) < 2 or len(set(u.tolist())) < 2:
            u = rng.integers(0, 5, size=m)
        while np.count_nonzero(v) < 2:
            v = rng.integers(0, 6, size=n)
        return {"u": u.astype(int).tolist(), "v": v.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        m, n = len(p["u"]), len(p["v"])
        return (
            f"A tiny {m}×{n} grayscale image was stored in compressed form as one column and one "
            "row:\n\n"
            rf"$$\mathbf{{u}} = {linalg.latex_vector(p['u'])}, \qquad "
            rf"\mathbf{{v}}^{{\mathsf{{T}}}} = {linalg.latex_matrix([p['v']])}$$"
            "\n\n"
            r"Rebuild the image $\mathbf{u}\mathbf{v}^{\mathsf{T}}$: pixel $(i, j)$ is $u_i v_j$. "
            f"Type the {m}×{n} matrix row by row, rows separated by `;`, for example "
            "`[1, 2; 3, 4]`."
        )

    def answer(self, p: Params) -> list[list[Fraction]]:
        return linalg.matmul([[x] for x in p["u"]], [p["v"]]).matrix

    def solution(self, p: Params) -> str:
        m, n = len(p["u"]), len(p["v"])
        rows = [" & ".join(f"{a} \\cdot {b}" for b in p["v"]) for a in p["u"]]
        return (
            rf"Row $i$ of $\mathbf{{u}}\mathbf{{v}}^{{\mathsf{{T}}}}$ is $u_i$ times the row "
            rf"$\mathbf{{v}}^{{\mathsf{{T}}}}$:"
            "\n\n"
            rf"$$\begin{{bmatrix}} {ROW_BREAK.join(rows)} \end{{bmatrix}} = "
            f"{linalg.latex_matrix(self.answer(p))}$$\n\n"
            f"Every row is a multiple of the same row, so the image has rank 1: its {m * n} "
            f"pixels are stored with only {m} + {n} = {m + n} numbers."
        )

    def independent_answer(self, p: Params) -> np.ndarray:
        return np.outer(np.array(p["u"]), np.array(p["v"]))

    def misconceptions(self, p: Params) -> list[Misconception]:
        u, v = np.array(p["u"]), np.array(p["v"])
        return [
            Misconception(
                "transposed-product",
                r"You built $\mathbf{v}\mathbf{u}^{\mathsf{T}}$, which is the transpose. The "
                r"column $\mathbf{u}$ gives the rows: the image has one row per entry of "
                r"$\mathbf{u}$ and one column per entry of $\mathbf{v}$.",
                np.outer(v, u).tolist(),
            ),
            Misconception(
                "added-instead-of-multiplied",
                r"You added $u_i + v_j$. In the outer product each pixel is the *product* "
                r"$u_i v_j$: row $i$ is the row $\mathbf{v}^{\mathsf{T}}$ scaled by $u_i$.",
                np.add.outer(u, v).tolist(),
            ),
        ]


class LowRankStorage(Exercise):
    id = "c1w2.low-rank-storage"
    title = "Storing a rank-k approximation"
    topic = "image compression"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        m, n = IMAGE_SIZES[int(rng.integers(0, len(IMAGE_SIZES)))]
        k = int(rng.choice([2, 5, 10, 20, 25, 30, 40, 50]))
        k = min(k, max(2, min(m, n) // 4))
        return {"m": m, "n": n, "k": k, "scheme": str(rng.choice(sorted(SCHEMES)))}

    def prompt(self, p: Params) -> str:
        m, n, k = p["m"], p["n"], p["k"]
        return (
            f"A grayscale photo of {m}×{n} pixels (height × width) is compressed to its best "
            rf"rank-{k} approximation $\sigma_1 \mathbf{{u}}_1 \mathbf{{v}}_1^{{\mathsf{{T}}}} + "
            rf"\dots + \sigma_{{{k}}} \mathbf{{u}}_{{{k}}} \mathbf{{v}}_{{{k}}}^{{\mathsf{{T}}}}$. "
            f"We {SCHEMES[p['scheme']]}. How many numbers are stored in total? Type a whole number."
        )

    def answer(self, p: Params) -> int:
        return p["k"] * _per_piece(p["m"], p["n"], p["scheme"])

    def solution(self, p: Params) -> str:
        m, n, k, scheme = p["m"], p["n"], p["k"], p["scheme"]
        total = self.answer(p)
        piece = _per_piece(m, n, scheme)
        parts = f"{m} + {n}" + (" + 1" if scheme == "separate" else "")
        what = (
            rf"a column $\mathbf{{u}}_i$ ({m} numbers), a row $\mathbf{{v}}_i^{{\mathsf{{T}}}}$ "
            f"({n} numbers)" + (r" and $\sigma_i$ (1 number)" if scheme == "separate" else "")
        )
        return (
            f"Each of the {k} rank-1 pieces stores {what}: {parts} = {piece} numbers. So\n\n"
            f"$${_formula(scheme)} = {k} \\cdot ({parts}) = {_grouped(total)}$$\n\n"
            f"numbers, against {m} · {n} = {m * n:,} pixels for the full image "
            f"({100 * total / (m * n):.1f}% of it)."
        )

    def independent_answer(self, p: Params) -> int:
        m, n, k = p["m"], p["n"], p["k"]
        pieces = [np.empty((m, k)), np.empty((k, n))]
        if p["scheme"] == "separate":
            pieces.append(np.empty(k))
        return int(sum(a.size for a in pieces))

    def misconceptions(self, p: Params) -> list[Misconception]:
        m, n, k, scheme = p["m"], p["n"], p["k"], p["scheme"]
        other = "folded" if scheme == "separate" else "separate"
        return [
            Misconception(
                "full-image",
                f"That is the size of the full image, {m} · {n}. The approximation stores only "
                f"its {k} pieces, each a column, a row"
                + (" and a singular value." if scheme == "separate" else "."),
                m * n,
            ),
            Misconception(
                "singular-values-miscounted",
                SIGMA_FEEDBACK[scheme],
                k * _per_piece(m, n, other),
            ),
            Misconception(
                "one-piece-only",
                f"You counted one rank-1 piece. A rank-{k} approximation has {k} of them: "
                "multiply by $k$.",
                _per_piece(m, n, scheme),
            ),
        ]


class CompressionBreakEven(Exercise):
    id = "c1w2.compression-break-even"
    title = "When does compression pay off?"
    topic = "image compression"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        m = int(rng.integers(4, 61)) * 8
        n = int(rng.integers(4, 61)) * 8
        return {"m": m, "n": n, "scheme": str(rng.choice(sorted(SCHEMES)))}

    def prompt(self, p: Params) -> str:
        m, n = p["m"], p["n"]
        return (
            f"A grayscale image has {m}×{n} pixels. Its rank-$k$ approximations are stored as "
            f"in the lesson: we {SCHEMES[p['scheme']]}. What is the **largest** $k$ for which "
            "the approximation takes strictly fewer numbers than the image itself? "
            "Type a whole number."
        )

    def answer(self, p: Params) -> int:
        m, n = p["m"], p["n"]
        return (m * n - 1) // _per_piece(m, n, p["scheme"])

    def solution(self, p: Params) -> str:
        m, n, scheme = p["m"], p["n"], p["scheme"]
        piece, k = _per_piece(m, n, scheme), self.answer(p)
        return (
            f"A rank-$k$ approximation stores ${_formula(scheme)} = {piece}k$ numbers; the image "
            f"has ${m} \\cdot {n} = {m * n}$ pixels. We need\n\n"
            f"$${piece}k < {m * n} \\quad\\Longleftrightarrow\\quad k < "
            f"\\frac{{{m * n}}}{{{piece}}} \\approx {m * n / piece:.2f}$$\n\n"
            f"so the largest whole $k$ is **{k}**: ${piece} \\cdot {k} = {piece * k} < {m * n}$, "
            f"while ${piece} \\cdot {k + 1} = {piece * (k + 1)} \\geq {m * n}$."
        )

    def independent_answer(self, p: Params) -> int:
        m, n = p["m"], p["n"]
        per = m + n + (1 if p["scheme"] == "separate" else 0)
        ks = np.arange(0, min(m, n) + 1)
        return int(ks[ks * per < m * n].max())

    def misconceptions(self, p: Params) -> list[Misconception]:
        m, n, scheme = p["m"], p["n"], p["scheme"]
        piece = _per_piece(m, n, scheme)
        other = (m * n - 1) // _per_piece(m, n, "folded" if scheme == "separate" else "separate")
        right = self.answer(p)
        rounded_up = -(-m * n // piece)
        return [
            Misconception(
                "rounded-up",
                f"You rounded ${m * n}/{piece}$ up. At that $k$ the approximation already needs at "
                "least as many numbers as the image; the largest useful $k$ is the one just below.",
                rounded_up,
            ),
            Misconception(
                "max-rank",
                f"The rank can go up to $\\min(m, n) = {min(m, n)}$, but long before that the "
                "pieces cost more than the pixels they replace. Compare $"
                + _formula(scheme)
                + "$ with $mn$.",
                min(m, n),
            ),
            Misconception(
                "singular-values-miscounted",
                "You used the other storage count: "
                + (
                    "each $\\sigma_i$ is stored separately here, one more number per piece, "
                    "$k(m + n + 1)$."
                    if scheme == "separate"
                    else "here each $\\sigma_i$ is folded into $\\mathbf{u}_i$, so a piece costs "
                    "$m + n$."
                ),
                other if other not in (right, rounded_up) else None,
            ),
        ]


EXERCISES = [RankOneImage(), LowRankStorage(), CompressionBreakEven()]
