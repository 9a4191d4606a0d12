"""Type aliases shared across the package."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np

Scalar: TypeAlias = int | float | Fraction
#: A matrix as learners and exercises write it: rows of numbers, or a 2-D array.
MatrixLike: TypeAlias = Sequence[Sequence[Scalar]] | np.ndarray
#: A vector: a sequence of numbers or a 1-D array.
VectorLike: TypeAlias = Sequence[Scalar] | np.ndarray
Seed: TypeAlias = int
#: Exercise parameters: JSON-serialisable (ints, floats, strings, lists, dicts).
Params: TypeAlias = dict[str, Any]
