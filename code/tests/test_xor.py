"""The hand-derived gradients of the XOR network against autograd, finite differences and the book's solution."""
import pytest
import torch

from dlbook import xor


@pytest.fixture
def random_networks():
    return xor.random_params(64, torch.Generator().manual_seed(0))


def one(p, k):
    return xor.Params(*(t[k] for t in p))


def test_forward_of_the_book_solution_is_xor():
    assert torch.equal(xor.forward(xor.BOOK_SOLUTION), xor.Y)
    assert xor.loss(xor.BOOK_SOLUTION).item() == 0.0


def test_gradients_match_autograd_in_float64(random_networks):
    assert xor.max_abs_difference(xor.gradients(random_networks), xor.autograd_gradients(random_networks)) < 1e-10


def test_gradients_match_finite_differences(random_networks):
    for k in range(8):
        p = one(random_networks, k)
        assert xor.max_abs_difference(xor.gradients(p), xor.finite_difference_gradients(p)) < 1e-7


def test_element_wise_formulas_match_the_matrix_form(random_networks):
    for k in range(8):
        p = one(random_networks, k)
        assert xor.max_abs_difference(xor.gradients(p), xor.gradients_by_element(p)) < 1e-12


def test_a_wrong_gradient_is_caught():
    p = one(xor.random_params(1, torch.Generator().manual_seed(3)), 0)
    g = xor.gradients(p)
    wrong = g._replace(c=g.c * 0.5)  # e.g. forgetting the factor 2 of the square
    assert xor.max_abs_difference(wrong, xor.autograd_gradients(p)) > 1e-3


@pytest.mark.parametrize("at_zero", [0.0, 0.5, 1.0])
def test_every_gradient_vanishes_at_the_book_solution_whatever_the_subgradient(at_zero):
    Z, _ = xor.hidden(xor.BOOK_SOLUTION)
    assert int((Z == 0).sum()) == 3  # the kinks are really hit
    g = xor.gradients(xor.BOOK_SOLUTION, relu_at_zero=at_zero)
    assert xor.flatten(g).abs().max().item() == 0.0


def test_pytorch_takes_zero_as_the_relu_derivative_at_zero():
    shifted = xor.BOOK_SOLUTION._replace(b=torch.tensor(0.1, dtype=xor.DTYPE))
    assert xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0), xor.autograd_gradients(shifted)) == 0.0
    assert xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=1.0), xor.autograd_gradients(shifted)) > 0.05


def test_relu_derivative():
    z = torch.tensor([-1.0, 0.0, 2.0])
    assert xor.relu_derivative(z).tolist() == [0.0, 0.0, 1.0]
    assert xor.relu_derivative(z, at_zero=0.5).tolist() == [0.0, 0.5, 1.0]


def test_linear_model_solution_of_the_normal_equations():
    w, b, J = xor.least_squares_linear()
    assert torch.allclose(w, torch.zeros(2, dtype=xor.DTYPE), atol=1e-12)
    assert b.item() == pytest.approx(0.5)
    assert J.item() == pytest.approx(0.25)


def test_flatten_round_trip(random_networks):
    p = one(random_networks, 0)
    assert xor.max_abs_difference(xor.unflatten(xor.flatten(p)), p) == 0.0


def test_batched_descent_equals_one_run_at_a_time(random_networks):
    batch = xor.Params(*(t[:4] for t in random_networks))
    final, history = xor.gradient_descent(batch, lr=0.1, steps=200, record_every=50)
    assert history.shape == (5, 4)
    for k in range(4):
        alone, alone_history = xor.gradient_descent(one(batch, k), lr=0.1, steps=200, record_every=50)
        assert xor.max_abs_difference(alone, one(final, k)) < 1e-12
        assert torch.allclose(alone_history, history[:, k])


def test_descent_from_near_the_solution_converges():
    near = xor.Params(*(t + 0.05 for t in xor.BOOK_SOLUTION))
    _, history = xor.gradient_descent(near, lr=0.1, steps=2000)
    assert history[0] > 1e-3 > history[-1]


def test_dead_units_and_classification_on_hand_made_networks():
    dead_first = xor.params([[-1, 1], [-1, 1]], [-0.5, 0], [1, 1], 0)   # unit 1: z < 0 on every input
    assert xor.dead_units(dead_first).tolist() == [True, False]
    assert xor.dead_units(xor.BOOK_SOLUTION).tolist() == [False, False]
    batch = xor.Params(*(torch.stack(t) for t in zip(xor.BOOK_SOLUTION, dead_first, xor.params(
        [[1, 1], [1, 1]], [0, -1], [0.5, -0.5], 0.2))))
    masks = xor.classify(batch, xor.loss(batch))
    assert masks["success"].tolist() == [True, False, False]
    assert masks["dead"].tolist() == [False, True, False]
    assert masks["plateau"].tolist() == [False, False, True]
