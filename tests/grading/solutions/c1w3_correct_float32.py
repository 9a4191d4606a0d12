"""A correct solution in another style: float32 inputs, the original learning rate 0.01."""
import numpy as np

import utils


def T_stretch(a, v):
    return (a * np.eye(2, dtype=np.float32)) @ np.asarray(v, dtype=np.float32)


def T_hshear(m, v):
    return np.array([[1, m], [0, 1]], dtype=np.float32) @ np.asarray(v, dtype=np.float32)


def _rotation(theta):
    c, s = np.cos(theta), np.sin(theta)
    return np.array([[c, -s], [s, c]])


def T_rotation(theta, v):
    return (_rotation(theta) @ v).tolist()  # a list: accepted with a note


def T_rotation_and_stretch(theta, a, v):
    return _rotation(theta) @ T_stretch(a, v)


def forward_propagation(X, parameters):
    return np.dot(parameters["W"], X) + parameters["b"]


def compute_cost(Y_hat, Y):
    m = Y.shape[1]
    return np.mean((Y_hat - Y) ** 2) / 2 * (Y.size / m)


def nn_model(X, Y, num_iterations=1000, print_cost=False):
    parameters = utils.initialize_parameters(X.shape[0])
    for _ in range(num_iterations):
        Y_hat = forward_propagation(X, parameters)
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=0.01)
    return parameters


def predict(X, parameters):
    return forward_propagation(X, parameters)
