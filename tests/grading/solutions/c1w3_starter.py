"""C1W3 assignment: transformations and a single perceptron.

Fill in the code between the markers.
"""

import numpy as np

import utils


# GRADED FUNCTION: T_stretch

def T_stretch(a, v):
    """
    Stretch v by the factor a.

    Parameters:
    - a (float): the stretch factor.
    - v (numpy.array): a vector of shape (2,) or an array of points of shape (2, N).

    Returns:
    numpy.array: the transformed vector or points, same shape as v.
    """
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_hshear

def T_hshear(m, v):
    """Horizontal shear by m: the matrix [[1, m], [0, 1]] applied to v."""
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_rotation

def T_rotation(theta, v):
    """Counter-clockwise rotation by theta (radians) applied to v."""
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_rotation_and_stretch

def T_rotation_and_stretch(theta, a, v):
    """Stretch v by a, then rotate it by theta."""
    ### START CODE HERE ###
    rotation_T = None
    stretch_T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: forward_propagation

def forward_propagation(X, parameters):
    """
    Argument:
    X -- input data of size (n_x, m)
    parameters -- python dictionary containing your parameters W (1, n_x) and b (1, 1)

    Returns:
    Y_hat -- the output of size (1, m)
    """
    W = parameters["W"]
    b = parameters["b"]

    ### START CODE HERE ###
    Z = None
    Y_hat = None
    ### END CODE HERE ###

    return Y_hat


# GRADED FUNCTION: compute_cost

def compute_cost(Y_hat, Y):
    """
    The sum of squares cost 1/(2m) * sum((Y_hat - Y)**2).

    Arguments:
    Y_hat -- the output of the neural network of shape (1, m)
    Y -- the targets of shape (1, m)

    Returns:
    cost -- a number
    """
    ### START CODE HERE ###
    m = None
    cost = None
    ### END CODE HERE ###
    return cost


# GRADED FUNCTION: nn_model

def nn_model(X, Y, num_iterations=1000, print_cost=False):
    """
    Arguments:
    X -- dataset of shape (n_x, number of examples)
    Y -- labels of shape (1, number of examples)
    num_iterations -- number of iterations in the loop
    print_cost -- if True, print the cost every iteration

    Returns:
    parameters -- parameters learnt by the model
    """
    ### START CODE HERE ###
    n_x = None
    parameters = utils.initialize_parameters(None)
    ### END CODE HERE ###

    for i in range(0, num_iterations):

        ### START CODE HERE ###
        # Forward propagation. Inputs: "X, parameters". Outputs: "Y_hat".
        Y_hat = None

        # Cost function. Inputs: "Y_hat, Y". Outputs: "cost".
        cost = None
        ### END CODE HERE ###

        # Parameters update.
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=1.2)

        if print_cost:
            print(f"Cost after iteration {i}: {cost:f}")

    return parameters


# GRADED FUNCTION: predict

def predict(X, parameters):
    """The network's output for inputs X of shape (n_x, m): shape (1, m)."""
    ### START CODE HERE ###
    Y_hat = None
    ### END CODE HERE ###
    return Y_hat
