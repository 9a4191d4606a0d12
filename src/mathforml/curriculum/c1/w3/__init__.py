"""Course 1, Week 3: vectors and linear transformations.

Norms and distance, the dot product, matrices as transformations of the plane,
matrix multiplication as composition, the inverse, and a one-layer neural
network as a matrix product.

The folder is the whole week (lesson, figures, exercises, lab, assignment): see
:mod:`mathforml.curriculum._catalogue`.
"""
