"""Course 1: Linear Algebra.

One folder a week (``w1`` … ``w4``), each listed once in the catalogue.
"""
