"""The activation functions of Chapter 3, each with its derivative in closed form (checked against autograd), and
the statistics of each under a standard normal input that set its initialisation gain and explain how a deep
network of it behaves."""
import math
from functools import cache
from typing import NamedTuple

import numpy as np

import torch
from torch.nn import functional as F

LEAKY_SLOPE = 0.1  # as in the UvA tutorial; PyTorch's default is 0.01


def _sigmoid_derivative(z):
    s = torch.sigmoid(z)
    return s * (1 - s)


def _gelu_derivative(z):
    cdf = 0.5 * (1 + torch.erf(z / math.sqrt(2)))
    return cdf + z * torch.exp(-0.5 * z ** 2) / math.sqrt(2 * math.pi)


def _silu_derivative(z):
    s = torch.sigmoid(z)
    return s * (1 + z * (1 - s))


def _mish_derivative(z):
    softplus = F.softplus(z)
    return torch.tanh(softplus) + z * (1 - torch.tanh(softplus) ** 2) * torch.sigmoid(z)


# name -> (function, derivative in closed form)
ACTIVATIONS = {
    "sigmoid": (torch.sigmoid, _sigmoid_derivative),
    "tanh": (torch.tanh, lambda z: 1 - torch.tanh(z) ** 2),
    "relu": (torch.relu, lambda z: (z > 0).to(z.dtype)),
    "leaky_relu": (lambda z: F.leaky_relu(z, LEAKY_SLOPE),
                   lambda z: torch.where(z > 0, torch.ones_like(z), torch.full_like(z, LEAKY_SLOPE))),
    "elu": (F.elu, lambda z: torch.where(z > 0, torch.ones_like(z), torch.exp(z))),
    "gelu": (F.gelu, _gelu_derivative),
    "silu": (F.silu, _silu_derivative),
    "softplus": (F.softplus, torch.sigmoid),
    "mish": (F.mish, _mish_derivative),
}


def autograd_derivative(function, z):
    """g'(z) element by element, by automatic differentiation."""
    z = z.detach().clone().requires_grad_()
    (gradient,) = torch.autograd.grad(function(z).sum(), z)
    return gradient


class Moments(NamedTuple):
    mean: float        # E[g(z)]: the shift that every unit passes on to the next layer
    square: float      # E[g(z)²]
    slope: float       # E[g'(z)²]: how much of the backward signal's power a layer passes back


@cache
def moments(function, derivative, points=200):
    """The moments of g(z) and g'(z) for z ~ N(0, 1), by Gauss–Hermite quadrature."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(points)
    weights = weights / weights.sum()
    z = torch.as_tensor(nodes, dtype=torch.float64)
    expect = lambda values: float((torch.as_tensor(weights) * values).sum())  # noqa: E731
    return Moments(expect(function(z)), expect(function(z) ** 2), expect(derivative(z) ** 2))


def gain(name):
    """The gain that keeps the variance of the pre-activations at 1 from layer to layer: weights drawn from
    N(0, gain²/fan_in) give Var(z) = gain² E[g(z)²] = 1. For ReLU it is √2, He et al.'s (Kaiming) value."""
    return moments(*ACTIVATIONS[name]).square ** -0.5
