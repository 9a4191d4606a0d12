"""mathforml: the Mathematics for Machine Learning and Data Science specialization, as software.

The package is layered (see docs/architecture.md): ``toolkit`` holds the mathematics,
``engine`` turns it into exercises with answer checking, ``curriculum`` is the course,
``store`` and ``progress`` remember what a learner did, and ``cli`` is a front end.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
