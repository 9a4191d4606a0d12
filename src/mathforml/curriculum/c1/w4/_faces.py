"""Face-like images for C1W4's PCA, generated from a seed: the course's photographs
may not be shipped, and these are identical on every machine."""

from __future__ import annotations

import numpy as np


def faces(rng: np.random.Generator, n: int, side: int) -> np.ndarray:
    """``n`` synthetic grey face-like images of ``side``×``side`` pixels, one per row.

    Each face is an ellipse with two eyes and a mouth whose size, position and
    brightness vary, plus a little noise: enough structure for PCA to find a few
    dominant directions. Returns shape (n, side * side), values in [0, 1].
    """
    yy, xx = np.mgrid[0:side, 0:side] / max(side - 1, 1) * 2 - 1

    # Every face's parameters at once, shape (n, 1, 1), broadcast over the pixels:
    # a loop over faces cost most of the time of building c1w4's hidden cases.
    def draw(low: float, high: float) -> np.ndarray:
        return rng.uniform(low, high, size=(n, 1, 1))

    ax, ay = draw(0.55, 0.85), draw(0.7, 0.95)
    cx, cy = draw(-0.08, 0.08), draw(-0.08, 0.08)
    face = (((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2 <= 1) * draw(0.5, 0.8)
    eye_y, eye_dx, eye_r = cy - draw(0.15, 0.3), draw(0.2, 0.35), draw(0.06, 0.12)
    for sx in (-1, 1):
        face = face - 0.4 * (((xx - cx - sx * eye_dx) ** 2 + (yy - eye_y) ** 2) <= eye_r**2)
    mouth_y, mouth_w = cy + draw(0.3, 0.45), draw(0.2, 0.4)
    face = face - 0.3 * ((np.abs(xx - cx) <= mouth_w) & (np.abs(yy - mouth_y) <= 0.05))
    img = face + draw(0.0, 0.2) + 0.03 * rng.normal(size=(n, side, side))
    return np.clip(img, 0.0, 1.0).reshape(n, side * side)
