"""Course 1, week 2: solving systems of linear equations.

Elimination and the augmented matrix, row echelon form (with unit pivots, as in the
course's assignment), back substitution and the reduced form, reading the number of
solutions, rank, and rank at work in image compression.

The folder is the whole week (lesson, figures, exercises, lab, assignment): see
:mod:`mathforml.curriculum._catalogue`.
"""
