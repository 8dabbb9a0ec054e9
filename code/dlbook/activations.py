"""The activation functions of Chapter 3, each with its derivative in closed form (checked against autograd)."""
import math

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
