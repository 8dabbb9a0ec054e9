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


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805  # Klambauer et al.'s constants, as in torch.selu


def _selu_derivative(z):
    return SELU_SCALE * torch.where(z > 0, torch.ones_like(z), SELU_ALPHA * torch.exp(z))


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
    "selu": (torch.selu, _selu_derivative),
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
def moments(function, derivative, variance=1.0, points=200):
    """The moments of g(z) and g'(z) for z ~ N(0, variance), by Gauss–Hermite quadrature."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(points)
    weights = weights / weights.sum()
    z = variance ** 0.5 * torch.as_tensor(nodes, dtype=torch.float64)
    expect = lambda values: float((torch.as_tensor(weights) * values).sum())  # noqa: E731
    return Moments(expect(function(z)), expect(function(z) ** 2), expect(derivative(z) ** 2))


def chi(name, gain, depth):
    """χ₁ of a fresh network of `depth` hidden layers with weights N(0, gain²/fan_in) and zero biases, on inputs of
    unit variance: the factor by which the power of the backward signal changes per layer, gain² E[g'(z_l)²]
    (Poole et al. 2016), as a geometric mean over the layers, each at the variance of its pre-activations z_l
    given by the mean-field map Var z_1 = gain², Var z_{l+1} = gain² E[g(z_l)²]. Below 1 the gradient vanishes
    with depth (the ordered phase), above 1 it grows (the chaotic phase); 1 is the edge of chaos."""
    variance, factors = gain ** 2, []
    for _ in range(depth):
        m = moments(*ACTIVATIONS[name], variance=variance)
        factors.append(gain ** 2 * m.slope)
        variance = gain ** 2 * m.square
    return math.prod(factors) ** (1 / depth)


def gain(name):
    """The gain that keeps the variance of the pre-activations at 1 from layer to layer: weights drawn from
    N(0, gain²/fan_in) give Var(z) = gain² E[g(z)²] = 1. For ReLU it is √2, He et al.'s (Kaiming) value."""
    return moments(*ACTIVATIONS[name]).square ** -0.5
