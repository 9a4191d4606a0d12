"""Course 1, week 4: determinants and eigenvectors.

The determinant as an area scale factor, bases and coordinates, eigenvalues and
eigenvectors (with Markov chains), and PCA.

The folder is the whole week (lesson, figures, exercises, lab, assignment): see
:mod:`mathforml.curriculum._catalogue`.
"""
