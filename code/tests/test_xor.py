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
    assert xor.loss(xor.BOOK_SOLUTION).item() <= 1e-15


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
    assert xor.flatten(g).abs().max().item() <= 1e-15


def test_pytorch_takes_zero_as_the_relu_derivative_at_zero():
    shifted = xor.BOOK_SOLUTION._replace(b=torch.tensor(0.1, dtype=xor.DTYPE))
    assert xor.max_abs_difference(xor.gradients(shifted, relu_at_zero=0.0), xor.autograd_gradients(shifted)) <= 1e-15
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
    assert masks["stuck"].tolist() == [False, False, True]


def test_the_formulas_with_the_four_inputs_substituted_match_the_matrix_form(random_networks):
    assert xor.max_abs_difference(xor.gradients_substituted(random_networks), xor.gradients(random_networks)) < 1e-15


def test_leaky_gradients_match_autograd():
    p = xor.random_params(16, torch.Generator().manual_seed(4), units=3)
    leaves = [t.clone().requires_grad_(True) for t in p]
    expected = torch.autograd.grad(xor.loss(xor.Params(*leaves), negative_slope=0.1).sum(), leaves)
    assert xor.max_abs_difference(xor.gradients(p, negative_slope=0.1), expected) < 1e-15
    assert xor.relu_derivative(torch.tensor([-2.0, 0.0, 3.0]), 0.5, 0.1).tolist() == pytest.approx([0.1, 0.5, 1.0])


@pytest.mark.parametrize("units, slope, at_zero", [(2, 0.0, 0.0), (3, 0.01, 0.0), (2, 0.0, 1.0)])
def test_fast_descent_is_plain_descent_with_the_matrix_form(units, slope, at_zero):
    p = xor.initialise(xor.uniform_draws(5, torch.Generator().manual_seed(5), units), units, hidden_bias=0.0)
    final, history = xor.gradient_descent(p, lr=0.1, steps=30, record_every=10, negative_slope=slope,
                                          relu_at_zero=at_zero)
    q, losses = p, [xor.loss(p, negative_slope=slope)]
    for step in range(1, 31):
        q = xor.Params(*(t - 0.1 * g for t, g in zip(q, xor.gradients(q, relu_at_zero=at_zero, negative_slope=slope))))
        if step % 10 == 0:
            losses.append(xor.loss(q, negative_slope=slope))
    assert xor.max_abs_difference(final, q) < 1e-14
    assert torch.allclose(history, torch.stack(losses), rtol=0, atol=1e-14)


def test_configurations_share_their_draws():
    draws = xor.uniform_draws(6, torch.Generator().manual_seed(6), units=8)
    two, eight, biased = xor.initialise(draws, 2), xor.initialise(draws, 8), xor.initialise(draws, 2, hidden_bias=0.1)
    assert torch.equal(eight.W[..., :2], two.W) and torch.equal(eight.c[..., :2], two.c)
    assert torch.equal(biased.W, two.W) and torch.equal(biased.w, two.w) and torch.all(biased.c == 0.1)
    assert two.W.abs().max() <= 2 ** -0.5 and eight.w.abs().max() <= 8 ** -0.5   # nn.Linear's bounds
    assert torch.allclose(eight.w[..., :2] * 8 ** 0.5, two.w * 2 ** 0.5)


def test_one_sided_derivatives_at_the_kink_of_the_shifted_solution():
    shifted = xor.BOOK_SOLUTION._replace(b=torch.tensor(0.1, dtype=xor.DTYPE))
    left, right = xor.one_sided_derivatives(shifted, 5)  # c₂
    assert left == pytest.approx(-0.1, abs=1e-6) and right == pytest.approx(-0.3, abs=1e-6)
    assert xor.autograd_gradients(shifted).c[1].item() == pytest.approx(left, abs=1e-6)
    assert xor.finite_difference_gradients(shifted).c[1].item() == pytest.approx(-0.2, abs=1e-6)


def test_finite_difference_errors_follow_rounding_and_truncation(random_networks):
    p = one(random_networks, 0)
    steps = torch.tensor([1e-10, 1e-6, 1e-3], dtype=xor.DTYPE)
    forward = xor.finite_difference_errors(p, xor.gradients(p), steps, central=False)
    assert forward[0] > 1e-8 and forward[1] < 1e-5 and forward[2] > forward[1]       # rounding, then truncation
    smooth = xor.finite_difference_errors(p, xor.autograd_softplus_gradients(p), steps, loss_fn=xor.softplus_loss)
    assert smooth[1] < 1e-8 and smooth[0] > smooth[1]


def test_pattern_optimum_gives_the_three_plateaus():
    dead = xor.params([[-1, -1], [-1, -1]], [-1, -1], [1, 1], 0.5)           # no unit active anywhere: 1/4
    one_point = xor.params([[-1, -1], [-1, -1]], [0.5, -1], [1, 1], 0)       # only (0, 0) covered: 1/6
    side = xor.params([[-1, -1], [0, -1]], [0.5, -1], [1, 1], 0)            # (0, 0) and (0, 1) covered: 1/8
    batch = xor.Params(*(torch.stack(t) for t in zip(dead, one_point, side, xor.BOOK_SOLUTION)))
    assert xor.pattern_optimum(batch).tolist() == pytest.approx([1 / 4, 1 / 6, 1 / 8, 0], abs=1e-12)
    assert xor.covered_points(batch).sum(-1).tolist() == [0, 1, 2, 3]


def test_kink_distance_and_curvature():
    near = xor.params([[1, -1], [1, -1]], [-1.01, 0.5], [1, 1], 0)  # unit 1 off at (0, 1) with z = 0.01 below 0
    assert xor.kink_distance(near).item() == pytest.approx(0.01)
    assert xor.kink_distance(xor.params([[1, 1], [1, 1]], [1, 1], [1, 1], 0)).item() == float("inf")
    p = xor.random_params(3, torch.Generator().manual_seed(7))
    k = 1
    theta = xor.flatten(one(p, k))
    hessian = torch.autograd.functional.hessian(lambda t: xor.loss(xor.unflatten(t)), theta)
    assert xor.smallest_hessian_eigenvalue(p)[k].item() == pytest.approx(torch.linalg.eigvalsh(hessian)[0].item())


def test_rescaling_and_permutation_leave_the_function_unchanged(random_networks):
    p = one(random_networks, 0)
    for q in (xor.rescale(p, 0, 3.0), xor.rescale(p, 1, 0.25), xor.permute(p, [1, 0])):
        assert (xor.forward(q) - xor.forward(p)).abs().max().item() <= 1e-15
    g, g_scaled = xor.gradients(p), xor.gradients(xor.rescale(p, 0, 3.0))
    assert g_scaled.W[:, 0].tolist() == pytest.approx((g.W[:, 0] / 3).tolist())
    assert g_scaled.w[0].item() == pytest.approx(3 * g.w[0].item())


def test_canonical_form_removes_both_symmetries(random_networks):
    p = one(random_networks, 1)
    c = xor.canonical(p)
    assert c.w.abs().tolist() == pytest.approx([1.0, 1.0]) and c.w[0] >= c.w[1]
    for q in (xor.rescale(p, 0, 2.5), xor.permute(p, [1, 0])):
        assert xor.max_abs_difference(xor.canonical(q), c) < 1e-14
    assert (xor.forward(c) - xor.forward(p)).abs().max().item() < 1e-15


def test_per_example_outer_products_average_to_the_gradient(random_networks):
    p = one(random_networks, 2)
    each = xor.per_example_gradients(p)
    assert torch.linalg.matrix_rank(each.W[1]).item() <= 1                      # ∂Lₙ/∂W is an outer product
    assert xor.max_abs_difference(xor.Params(*(t.mean(0) for t in each)), xor.gradients(p)) < 1e-15
    leaves = [t.clone().requires_grad_(True) for t in p]
    e = xor.forward(xor.Params(*leaves))[1] - xor.Y[1]
    assert xor.max_abs_difference(xor.Params(*(t[1] for t in each)), torch.autograd.grad(e ** 2, leaves)) < 1e-14


def test_output_jacobian_matches_autograd_and_has_rank_four_at_a_solution(random_networks):
    p = one(random_networks, 3)
    jacobian = torch.autograd.functional.jacobian(lambda t: xor.forward(xor.unflatten(t)), xor.flatten(p))
    assert torch.allclose(xor.output_jacobian(p), jacobian, atol=1e-14)
    off_the_kinks = xor.BOOK_SOLUTION._replace(c=torch.tensor([0.5, -0.5], dtype=xor.DTYPE))
    assert torch.linalg.matrix_rank(xor.output_jacobian(off_the_kinks)).item() == 4
    for unit in (0, 1):  # the rescaling of a unit moves along the null space of the Jacobian
        direction = xor.flatten(xor.rescale(off_the_kinks, unit, 1 + 1e-7)) - xor.flatten(off_the_kinks)
        assert (xor.output_jacobian(off_the_kinks) @ direction).abs().max() < 1e-13


def test_worked_example_off_the_kinks():
    p = xor.BOOK_SOLUTION._replace(c=torch.tensor([0.5, -0.5], dtype=xor.DTYPE))
    g = xor.gradients(p)
    assert xor.max_abs_difference(g, xor.params([[-0.5, 1], [-0.5, 1]], [-0.5, 1.5], [-1.25, -0.625], -0.5)) < 1e-15
    assert xor.max_abs_difference(g, xor.finite_difference_gradients(p)) < 1e-8


def test_descending_kinks_leave_out_fitted_inputs():
    # a 1/8 network: both units on at (1,0) and (1,1), fitted; (0,0) and (0,1) get b = 0.5
    eighth = xor.params([[1.5, 1.5], [0, 0.5]], [-0.5, -1], [1.5, -2], 0.5)
    assert xor.loss(eighth).item() == pytest.approx(1 / 8) and xor.pattern_optimum(eighth).item() == pytest.approx(1 / 8)
    # off pre-activations: unit 1 at (0,0) and (0,1), -0.5 each; unit 2 at (0,0), -1, and at (0,1), -0.5. Switching
    # on unit 1 (w = 1.5) at (0,1) or unit 2 (w = -2) at (0,0) would lower J; the other two would raise it
    assert xor.kink_distance(eighth).item() == pytest.approx(0.5)
    assert xor.descending_kink_distance(eighth).item() == pytest.approx(0.5)
    raised = eighth._replace(W=torch.tensor([[1.5, 1.5], [0.3, 0.5]], dtype=xor.DTYPE))  # unit 1 at (0,1): -0.2
    assert xor.descending_kink_distance(raised).item() == pytest.approx(0.2)
    assert not xor.nearest_kink_on_a_fitted_input(eighth).item()
    assert xor.nearest_kink_on_a_fitted_input(xor.BOOK_SOLUTION).item()         # every input is fitted there
    assert torch.isinf(xor.descending_kink_distance(xor.BOOK_SOLUTION)).item()


def test_fitted_input_tests():
    covered = torch.eye(4, dtype=torch.bool).repeat(25, 1)
    counts, p_uniform, p_targets = xor.fitted_input_tests(covered)
    assert counts.tolist() == [25, 25, 25, 25] and p_uniform == pytest.approx(1.0) and p_targets == pytest.approx(1.0)
    _, p_uniform, p_targets = xor.fitted_input_tests(torch.cat([covered, torch.eye(4, dtype=torch.bool)[[1, 2]].repeat(50, 1)]))
    assert p_uniform < 1e-6 and p_targets < 1e-6


def test_closed_pattern_counts_exact_zeros_as_active():
    # the book's solution with b = 0.5 and w = 0: nothing fitted; its open pattern has unit 2 off at (0,1), (1,0)
    p = xor.BOOK_SOLUTION._replace(w=torch.tensor([0.0, 0.0], dtype=xor.DTYPE))
    assert xor.pattern_optimum(p, closed=True).item() <= xor.pattern_optimum(p).item() + 1e-15
    eighth = xor.params([[1.5, 1.5], [0, 0.5]], [-0.5, -1], [1.5, -2], 0.5)
    assert xor.pattern_optimum(eighth, closed=True).item() == pytest.approx(1 / 8)


def test_kink_pulls_are_the_one_sided_derivatives_along_the_pre_activation():
    # dyadic parameters, so that z = 0 exactly on input (0, 1) of unit 0 and nowhere else
    p = xor.params([[0.5, -0.25], [0.75, 0.5]], [-0.75, 0.5], [1.5, -0.5], 0.25)
    Z, _ = xor.hidden(p)
    on = Z == 0
    assert on.sum() == 1 and on[1, 0]
    inactive, active = xor.kink_pulls(p, on)
    direction = torch.zeros(9, dtype=xor.DTYPE)
    direction[[0, 2, 4]] = torch.tensor([0.0, 1.0, 1.0], dtype=xor.DTYPE)  # x̃ = (0, 1, 1) into (W₁₀, W₂₀, c₀)
    theta, h = xor.flatten(p), 1e-6
    J = [xor.loss(xor.unflatten(theta + s * h * direction)).item() for s in (-1, 0, 1)]
    assert (J[1] - J[0]) / h == pytest.approx(inactive[1, 0].item(), abs=1e-5)  # below the kink: unit 0 off
    assert (J[2] - J[1]) / h == pytest.approx(active[1, 0].item(), abs=1e-5)    # above it: on
    delta = 0.5 * (xor.forward(p) - xor.Y)
    assert (active - inactive)[1, 0].item() == pytest.approx(2 * delta[1].item() * 1.5)  # k₂₂ δ₂ w₀, k₂₂ = 1 + |x₂|²


def test_a_unit_slides_on_one_kink_exactly_when_its_pulls_point_into_it(random_networks):
    p = random_networks
    Z, _ = xor.hidden(p)
    p = xor.Params(p.W, p.c - Z[..., 1, :], p.w, p.b)  # every unit on its kink at input (0, 1)
    on = torch.zeros_like(Z, dtype=torch.bool)
    on[..., 1, :] = True
    inactive, active = xor.kink_pulls(p, on)
    assert torch.equal(xor.slides(p, on), (inactive[..., 1, :] <= 0) & (active[..., 1, :] >= 0))
    assert torch.equal(xor.slides(p, torch.zeros_like(on)), torch.ones_like(on[..., 0, :]))


def test_successful_runs_that_end_on_two_kinks_of_a_unit_were_sliding_on_them():
    start = xor.random_params(300, torch.Generator().manual_seed(0))
    final, history = xor.gradient_descent(start, 0.1, 1500, 1500)
    on = (xor.hidden(final)[0].abs() <= 1e-6) & (history[-1] < 1e-3)[:, None, None]
    two = on.sum(-2) == 2
    assert two.sum() >= 20
    midway, _ = xor.gradient_descent(start, 0.1, 500, 500)
    assert xor.slides(midway, on)[two].double().mean() >= 0.9
