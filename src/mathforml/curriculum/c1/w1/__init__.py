"""Course 1, week 1: systems of linear equations.

Stories become systems; a system is singular or not depending only on its
coefficients; singular means a row depends on the others; the determinant tests
it.

The folder is the whole week (lesson, figures, exercises, lab, assignment): see
:mod:`mathforml.curriculum._catalogue`.
"""
