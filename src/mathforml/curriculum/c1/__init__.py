"""Course 1: Linear Algebra."""
