"""Each activation's closed-form derivative against autograd."""
import pytest
import torch

from dlbook.activations import ACTIVATIONS, autograd_derivative


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_closed_form_derivative_matches_autograd(name):
    function, derivative = ACTIVATIONS[name]
    z = torch.linspace(-6, 6, 1201, dtype=torch.float64)
    z = z[z.abs() > 1e-9]  # the kink of ReLU-like functions at 0
    assert torch.allclose(derivative(z), autograd_derivative(function, z), atol=1e-10)


def test_a_wrong_derivative_would_be_caught():
    function, _ = ACTIVATIONS["tanh"]
    z = torch.linspace(-2, 2, 11, dtype=torch.float64)
    assert not torch.allclose(1 - torch.tanh(z), autograd_derivative(function, z), atol=1e-3)
