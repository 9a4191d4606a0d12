import numpy as np

import utils


def T_stretch(a, v):
    return np.array([[a, 0], [0, a]]) @ v


def T_hshear(m, v):
    return np.array([[1, 0], [m, 1]]) @ v  # a vertical shear


def T_rotation(theta, v):
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]) @ v


def T_rotation_and_stretch(theta, a, v):
    return T_rotation(theta, T_stretch(a, v))


def forward_propagation(X, parameters):
    return parameters["W"] @ X + parameters["b"]


def compute_cost(Y_hat, Y):
    m = Y_hat.shape[1]
    return np.sum((Y_hat - Y) ** 2) / m  # divides by m, not 2m


def nn_model(X, Y, num_iterations=1000, print_cost=False):
    parameters = utils.initialize_parameters(X.shape[0])
    for i in range(num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=1.2)
        if print_cost:
            print(i, cost)
    return parameters


def predict(X, parameters):
    return forward_propagation(X, parameters)
