"""Six ways to build the same multilayer perceptron in PyTorch, and the tools to compare them.

Every builder takes `sizes` = [inputs, hidden, ..., outputs] and puts a ReLU between layers, so that, given the
same weights, all of them compute the same function (code/tests/test_building.py checks outputs and gradients).
"""
from collections import OrderedDict

import torch
from torch import nn
from torch.func import functional_call


def pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


# 1. Raw tensors: the parameters are plain tensors that autograd tracks, and the update is written by hand.
# --8<-- [start:raw]
def raw_parameters(weights):
    """Leaf tensors (W, b) for each layer, W of shape (out, in) as in nn.Linear."""
    return [(W.clone().requires_grad_(), b.clone().requires_grad_()) for W, b in weights]


def raw_forward(parameters, x):
    for index, (W, b) in enumerate(parameters):
        x = x @ W.T + b
        if index < len(parameters) - 1:
            x = torch.relu(x)
    return x


def sgd_step(parameters, lr):
    """θ ← θ − lr ∇θ, then forget the gradients."""
    with torch.no_grad():
        for tensor in (t for layer in parameters for t in layer):
            tensor -= lr * tensor.grad
            tensor.grad = None
# --8<-- [end:raw]


# 2. nn.Sequential, anonymous and with named layers.
# --8<-- [start:sequential]
def sequential(sizes, layer=nn.Linear):
    layers = []
    for index, (n_in, n_out) in enumerate(pairs(sizes)):
        layers.append(layer(n_in, n_out))
        if index < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)
# --8<-- [end:sequential]


# --8<-- [start:named]
def named_sequential(sizes):
    layers = OrderedDict()
    for index, (n_in, n_out) in enumerate(pairs(sizes), 1):
        last = index == len(sizes) - 1
        layers["output" if last else f"hidden{index}"] = nn.Linear(n_in, n_out)
        if not last:
            layers[f"relu{index}"] = nn.ReLU()
    return nn.Sequential(layers)
# --8<-- [end:named]


# 3. A subclassed nn.Module with its own forward logic (two hidden layers, written out).
# --8<-- [start:subclass]
class TwoHiddenLayers(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        n_in, h1, h2, n_out = sizes
        self.hidden1 = nn.Linear(n_in, h1)
        self.hidden2 = nn.Linear(h1, h2)
        self.output = nn.Linear(h2, n_out)

    def forward(self, x):
        x = torch.relu(self.hidden1(x))
        x = torch.relu(self.hidden2(x))
        return self.output(x)
# --8<-- [end:subclass]


# 4. A custom layer that owns its nn.Parameters.
# --8<-- [start:custom]
class Affine(nn.Module):
    """y = x Wᵀ + b, with W and b registered as parameters (what nn.Linear does)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        bound = n_in ** -0.5
        self.weight = nn.Parameter(torch.empty(n_out, n_in).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(n_out).uniform_(-bound, bound))

    def forward(self, x):
        return x @ self.weight.T + self.bias


def custom_layers(sizes):
    return sequential(sizes, layer=Affine)
# --8<-- [end:custom]


# 5. nn.ModuleList: as many layers as `sizes` asks for, registered so that .parameters() finds them.
# --8<-- [start:modulelist]
class DeepMLP(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(n_in, n_out) for n_in, n_out in pairs(sizes))

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.relu(layer(x))
        return self.layers[-1](x)
# --8<-- [end:modulelist]


# 6. A functional call: the module's code, with parameters passed in as a dictionary.
# --8<-- [start:functional]
def functional_forward(model, parameters, x):
    return functional_call(model, parameters, (x,))
# --8<-- [end:functional]


BUILDERS = {"sequential": sequential, "named sequential": named_sequential, "subclass": TwoHiddenLayers,
            "custom layer": custom_layers, "module list": DeepMLP}


def affine_layers(model):
    """The layers of `model` that hold a weight and a bias, in order."""
    return [m for m in model.modules() if isinstance(getattr(m, "weight", None), torch.Tensor)]


def load_weights(model, weights):
    """Copy the list of (W, b) into the affine layers of `model`."""
    with torch.no_grad():
        for layer, (W, b) in zip(affine_layers(model), weights, strict=True):
            layer.weight.copy_(W)
            layer.bias.copy_(b)
    return model


INITIALISATIONS = ("default", "xavier", "kaiming")


def initial_weights(shape, scheme, generator=None):
    """(W, b) for a layer whose weight has `shape` (..., out, in): 'default' is PyTorch's nn.Linear,
    U(±1/√fan_in) for W and b; 'xavier' (Glorot) is N(0, 2/(fan_in + fan_out)), 'kaiming' (He) N(0, 2/fan_in), and
    a number `gain` is N(0, gain²/fan_in) (Kaiming is the gain √2); all but the default start the biases at zero."""
    fan_out, fan_in = shape[-2], shape[-1]
    if scheme == "default":
        bound = fan_in ** -0.5
        W = (torch.rand(shape, generator=generator) * 2 - 1) * bound
        return W, (torch.rand(shape[:-1], generator=generator) * 2 - 1) * bound
    if scheme == "xavier":
        std = (2 / (fan_in + fan_out)) ** 0.5
    elif scheme == "kaiming":
        std = (2 / fan_in) ** 0.5
    elif isinstance(scheme, (int, float)):
        std = scheme / fan_in ** 0.5
    else:
        raise ValueError(f"unknown initialisation {scheme!r}; use one of {INITIALISATIONS} or a gain")
    return torch.randn(shape, generator=generator) * std, torch.zeros(shape[:-1])


def initialise(model, scheme, generator=None):
    """Re-draw the weights of every affine layer of `model` with `initial_weights`."""
    return load_weights(model, [initial_weights(layer.weight.shape, scheme, generator)
                                for layer in affine_layers(model)])
