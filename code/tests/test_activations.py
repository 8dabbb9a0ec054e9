"""Each activation's closed-form derivative against autograd."""
import pytest
import torch

from dlbook.activations import ACTIVATIONS, autograd_derivative, gain, moments


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


def test_the_gain_of_relu_is_kaimings_and_every_gain_keeps_the_variance():
    assert gain("relu") == pytest.approx(2 ** 0.5, rel=1e-3)
    generator = torch.Generator().manual_seed(0)
    for name, (function, _) in ACTIVATIONS.items():
        z = torch.randn(200_000, generator=generator, dtype=torch.float64)
        assert (gain(name) ** 2 * (function(z) ** 2).mean()).item() == pytest.approx(1, abs=0.02), name


def test_moments_of_the_sigmoid():
    m = moments(*ACTIVATIONS["sigmoid"])
    assert m.mean == pytest.approx(0.5) and m.slope < 1 / 16  # σ' ≤ 1/4, so E[σ'²] < 1/16


def test_chi_is_one_at_the_edge_of_chaos_and_matches_a_simulated_network():
    from dlbook.activations import chi
    assert chi("relu", 2 ** 0.5, 6) == pytest.approx(1, rel=1e-6)         # Kaiming: exactly critical
    assert chi("relu", 1.0, 6) == pytest.approx(0.5, rel=1e-6)            # Xavier halves the power per layer
    assert chi("sigmoid", 2.0, 6) < 0.5 and chi("tanh", 2.0, 6) > 1          # ordered and chaotic
    # A wide random tanh network's backward power per layer against the mean-field value.
    generator, width, depth, g = torch.Generator().manual_seed(0), 2000, 4, 1.5
    h, slopes = torch.randn(400, width, generator=generator, dtype=torch.float64), []
    for _ in range(depth):
        z = h @ (torch.randn(width, width, generator=generator, dtype=torch.float64) * g / width ** 0.5)
        slopes.append(g ** 2 * (1 - torch.tanh(z) ** 2).pow(2).mean().item())
        h = torch.tanh(z)
    simulated = torch.tensor(slopes).prod().item() ** (1 / depth)
    assert chi("tanh", g, depth) == pytest.approx(simulated, rel=0.02)
