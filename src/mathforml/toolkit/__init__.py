"""The mathematics of the course, written from scratch with step-by-step traces.

Each sub-package is one branch of the course's mathematics; ``linalg`` is
linear algebra (course 1). Nothing here does I/O, so the engine can call it to
compute answer keys and worked solutions for any variant.
"""

from mathforml.toolkit import linalg

__all__ = ["linalg"]
