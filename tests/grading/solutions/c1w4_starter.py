"""C1W4 assignment: eigenvectors and PCA. Fill in the code between the markers."""

import numpy as np

# GRADED cell: the web-navigation matrix and the first click

P = np.array([
    [0.00, 0.75, 0.35, 0.25, 0.85],
    [0.15, 0.00, 0.35, 0.25, 0.05],
    [0.15, 0.15, 0.00, 0.25, 0.05],
    [0.15, 0.05, 0.05, 0.00, 0.05],
    [0.55, 0.05, 0.25, 0.25, 0.00],
])

X0 = np.array([[0], [0], [0], [1], [0]])

### START CODE HERE ###
# Multiply P by X0 (matrix multiplication)
X1 = None
### END CODE HERE ###


# GRADED cell: the steady state

eigenvals, eigenvecs = np.linalg.eig(P)

### START CODE HERE ###
# The eigenvector of the eigenvalue 1 (find its index in eigenvals), scaled to sum to 1
X_inf = None
### END CODE HERE ###


# GRADED FUNCTION: check_eigenvector

def check_eigenvector(P, X_inf):
    """Return P @ X_inf, to compare with X_inf."""
    ### START CODE HERE ###
    X_check = None
    ### END CODE HERE ###
    return X_check


# GRADED FUNCTION: center_data

def center_data(Y):
    """
    Center your original data.

    Args:
         Y (ndarray): input data, shape (n_observations, n_pixels)
    Outputs:
        X (ndarray): centered data, each column's mean subtracted
    """
    ### START CODE HERE ###
    mean_vector = None
    # use np.repeat and np.reshape (or broadcasting) to build the matrix of means
    mean_matrix = None
    X = None
    ### END CODE HERE ###
    return X


# GRADED FUNCTION: get_cov_matrix

def get_cov_matrix(X):
    """
    Calculate the covariance matrix of the centered data X, shape (n_observations, n_pixels).

    Returns:
        cov_matrix (ndarray): shape (n_pixels, n_pixels)
    """
    ### START CODE HERE ###
    cov_matrix = None
    ### END CODE HERE ###
    return cov_matrix


# GRADED FUNCTION: perform_PCA

def perform_PCA(X, eigenvecs, k):
    """
    Perform dimensionality reduction with PCA.

    Inputs:
        X (ndarray): centered data, shape (n_observations, n_pixels)
        eigenvecs (ndarray): eigenvectors of the covariance matrix, one per column, sorted
        k (int): number of principal components to use
    Returns:
        Xred (ndarray): shape (n_observations, k)
    """
    ### START CODE HERE ###
    V = None
    Xred = None
    ### END CODE HERE ###
    return Xred


# GRADED FUNCTION: reconstruct_image

def reconstruct_image(Xred, eigenvecs):
    """Back to pixels: Xred @ (the first Xred.shape[1] eigenvector columns).T."""
    ### START CODE HERE ###
    X_reconstructed = None
    ### END CODE HERE ###
    return X_reconstructed


# GRADED FUNCTION: explained_variance

def explained_variance(eigenvals, k):
    """The fraction of the total variance explained by the first k components (eigenvals sorted
    in decreasing order)."""
    ### START CODE HERE ###
    ratio = None
    ### END CODE HERE ###
    return ratio
