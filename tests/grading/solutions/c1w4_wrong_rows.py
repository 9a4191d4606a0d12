# eigenvectors taken as rows; X_inf is a row of eigenvecs
import numpy as np

P = np.array([
    [0.00, 0.75, 0.35, 0.25, 0.85],
    [0.15, 0.00, 0.35, 0.25, 0.05],
    [0.15, 0.15, 0.00, 0.25, 0.05],
    [0.15, 0.05, 0.05, 0.00, 0.05],
    [0.55, 0.05, 0.25, 0.25, 0.00],
])
X0 = np.array([[0], [0], [0], [1], [0]])
X1 = P @ X0

eigenvals, eigenvecs = np.linalg.eig(P)
index = int(np.argmin(np.abs(eigenvals - 1)))
X_inf = np.real(eigenvecs[index, :])
X_inf = X_inf / np.sum(X_inf)


def check_eigenvector(P, X_inf):
    X_check = P @ X_inf
    return X_check


def center_data(Y):
    mean_vector = np.mean(Y, axis=0)
    mean_matrix = np.repeat(mean_vector, Y.shape[0])
    mean_matrix = np.reshape(mean_matrix, Y.shape, order="F")
    X = Y - mean_matrix
    return X


def get_cov_matrix(X):
    cov_matrix = np.dot(X.T, X)
    cov_matrix = cov_matrix / (X.shape[0] - 1)
    return cov_matrix


def perform_PCA(X, eigenvecs, k):
    V = eigenvecs[:k].T
    Xred = np.dot(X, V)
    return Xred


def reconstruct_image(Xred, eigenvecs):
    X_reconstructed = Xred.dot(eigenvecs[:, : Xred.shape[1]].T)
    return X_reconstructed


def explained_variance(eigenvals, k):
    return np.sum(eigenvals[-k:]) / np.sum(eigenvals)
