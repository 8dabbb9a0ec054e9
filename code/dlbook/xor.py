"""The XOR network of Goodfellow et al. (2016), Fig. 6.2 / Eq. 6.3, and the gradients of its MSE loss (Eq. 6.1).

    f(x; W, c, w, b) = wᵀ max{0, Wᵀx + c} + b,        J = ¼ Σₙ (yₙ − f(xₙ))²

Every function takes parameters with optional leading batch dimensions, so that many networks (for example 2000
random initialisations) are evaluated and trained at once, without a Python loop.
"""
from typing import NamedTuple

import torch
from scipy import stats

DTYPE = torch.float64
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=DTYPE)
Y = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=DTYPE)


class Params(NamedTuple):
    W: torch.Tensor  # (..., 2, 2)  input -> hidden, column j feeds hidden unit j
    c: torch.Tensor  # (..., 2)     hidden biases
    w: torch.Tensor  # (..., 2)     hidden -> output
    b: torch.Tensor  # (...)        output bias


def params(W, c, w, b):
    """Parameters from nested lists or numbers, in float64."""
    return Params(*(torch.as_tensor(p, dtype=DTYPE) for p in (W, c, w, b)))


BOOK_SOLUTION = params([[1, 1], [1, 1]], [0, -1], [1, -2], 0)  # Goodfellow et al. (2016), §6.1


def hidden(p, X=X, negative_slope=0.0):
    """Pre-activations Z = XW + c and hidden representation H = g(Z), each (..., N, hidden units).

    g is ReLU, max{0, z}, or with `negative_slope` α > 0 the leaky ReLU, max{αz, z}."""
    Z = X @ p.W + p.c.unsqueeze(-2)
    return Z, torch.nn.functional.leaky_relu(Z, negative_slope) if negative_slope else torch.relu(Z)


def forward(p, X=X, negative_slope=0.0):
    """Network outputs f(xₙ), shape (..., N)."""
    _, H = hidden(p, X, negative_slope)
    return (H * p.w.unsqueeze(-2)).sum(-1) + p.b.unsqueeze(-1)


def loss(p, X=X, Y=Y, negative_slope=0.0):
    """J = (1/N) Σₙ (yₙ − f(xₙ))², Eq. 6.1 with N = 4; shape (...)."""
    return ((Y - forward(p, X, negative_slope)) ** 2).mean(-1)


def relu_derivative(Z, at_zero=0.0, negative_slope=0.0):
    """g'(z): 1 where z > 0, 0 (or the leaky slope α) where z < 0, and `at_zero` where z = 0 (for ReLU, any value in
    [0, 1] is a subgradient there)."""
    slope = (Z > 0).to(Z.dtype)
    if negative_slope:
        slope = slope + negative_slope * (Z < 0).to(Z.dtype)
    if at_zero:
        slope = slope + at_zero * (Z == 0).to(Z.dtype)
    return slope


def gradients(p, X=X, Y=Y, relu_at_zero=0.0, negative_slope=0.0):
    """The hand-derived gradients of J in batch matrix form.

    δ = (2/N)(ŷ − y),  ∂J/∂b = 1ᵀδ,  ∂J/∂w = Hᵀδ,  G = (δ wᵀ) ⊙ g'(Z),  ∂J/∂c = Gᵀ1,  ∂J/∂W = XᵀG.
    """
    Z, H = hidden(p, X, negative_slope)
    delta = 2.0 / X.shape[0] * ((H * p.w.unsqueeze(-2)).sum(-1) + p.b.unsqueeze(-1) - Y)  # (..., N)
    G = delta.unsqueeze(-1) * p.w.unsqueeze(-2) * relu_derivative(Z, relu_at_zero, negative_slope)  # (..., N, units)
    return Params(
        W=X.transpose(0, 1) @ G,
        c=G.sum(-2),
        w=(delta.unsqueeze(-1) * H).sum(-2),
        b=delta.sum(-1),
    )


def gradients_by_element(p, X=X, Y=Y):
    """The same gradients, one scalar formula per parameter, summed over examples with plain loops.

    Slow and unbatched: it is the element-wise derivation written out, used to check `gradients`.
    """
    N = len(X)
    W, c, w, b = (t.tolist() for t in p)
    gW, gc, gw, gb = [[0.0, 0.0], [0.0, 0.0]], [0.0, 0.0], [0.0, 0.0], 0.0
    for x, y in zip(X.tolist(), Y.tolist()):
        z = [W[0][j] * x[0] + W[1][j] * x[1] + c[j] for j in range(2)]
        h = [max(0.0, zj) for zj in z]
        error = w[0] * h[0] + w[1] * h[1] + b - y
        gb += 2 / N * error
        for j in range(2):
            gw[j] += 2 / N * error * h[j]
            through_unit = 2 / N * error * w[j] * (1.0 if z[j] > 0 else 0.0)
            gc[j] += through_unit
            for i in range(2):
                gW[i][j] += through_unit * x[i]
    return params(gW, gc, gw, gb)


def autograd_gradients(p, X=X, Y=Y):
    """The gradients that torch.autograd computes for the same loss."""
    leaves = [t.detach().clone().requires_grad_(True) for t in p]
    return Params(*torch.autograd.grad(loss(Params(*leaves), X, Y).sum(), leaves))


def per_example_gradients(p, X=X, Y=Y, relu_at_zero=0.0):
    """The gradients of each example's own loss Lₙ = eₙ², one per example (for a single network): ∂Lₙ/∂b = 2eₙ,
    ∂Lₙ/∂w = 2eₙhₙ, ∂Lₙ/∂c = 2eₙ (w ⊙ g'(zₙ)) and the outer product ∂Lₙ/∂W = 2eₙ xₙ (w ⊙ g'(zₙ))ᵀ, a rank-one
    matrix. J = (1/N) Σₙ Lₙ, so their mean is `gradients` (the view of stochastic gradient descent)."""
    Z, H = hidden(p, X)
    e = H @ p.w + p.b - Y                                           # (N,)
    through = p.w * relu_derivative(Z, relu_at_zero)                # (N, units): w ⊙ g'(zₙ)
    return Params(W=2 * e[:, None, None] * X[:, :, None] * through[:, None, :], c=2 * e[:, None] * through,
                  w=2 * e[:, None] * H, b=2 * e)


def output_jacobian(p, X=X):
    """The derivatives of the N outputs f(xₙ) with respect to the 9 parameters (in the order of `flatten`), for a
    batch of 2-unit networks, shape (..., N, 9), with g'(0) = 0: ∂f/∂Wᵢⱼ = wⱼ g'(zₙⱼ) xₙᵢ, ∂f/∂cⱼ = wⱼ g'(zₙⱼ),
    ∂f/∂wⱼ = hₙⱼ, ∂f/∂b = 1. Where it has rank N, the exact solutions f(xₙ) = yₙ near the point form a smooth set of
    dimension 9 − N."""
    Z, H = hidden(p, X)
    through = p.w.unsqueeze(-2) * relu_derivative(Z)                # (..., N, units)
    dW = X.unsqueeze(-1) * through.unsqueeze(-2)                    # (..., N, 2, units), row-major like W
    return torch.cat([dW.flatten(-2), through, H, torch.ones_like(H[..., :1])], dim=-1)


def flatten(p):
    """The 9 parameters of one network as a vector (W₁₁, W₁₂, W₂₁, W₂₂, c₁, c₂, w₁, w₂, b)."""
    return torch.cat([t.reshape(-1) for t in p])


def unflatten(vector):
    return Params(*(t[0] for t in unflatten_batch(vector.unsqueeze(0))))


def finite_difference_gradients(p, X=X, Y=Y, step=1e-6, central=True, loss_fn=None):
    """Finite differences for each of the 9 parameters of one network: central, (J(θ + h eₖ) − J(θ − h eₖ)) / 2h,
    or forward, (J(θ + h eₖ) − J(θ)) / h. `loss_fn` (batched Params -> losses) replaces the network's loss J."""
    J = loss_fn or (lambda q: loss(q, X, Y))
    theta = flatten(p)
    shifts = step * torch.eye(len(theta), dtype=theta.dtype)
    plus = J(unflatten_batch(theta + shifts))
    if central:
        return unflatten((plus - J(unflatten_batch(theta - shifts))) / (2 * step))
    return unflatten((plus - J(unflatten_batch(theta.unsqueeze(0)))) / step)


def finite_difference_errors(p, exact, steps, central=True, loss_fn=None):
    """For each step h of `steps`: the largest absolute error of the finite differences against `exact`."""
    return torch.tensor([max_abs_difference(finite_difference_gradients(p, step=h, central=central, loss_fn=loss_fn),
                                            exact) for h in steps.tolist()], dtype=DTYPE)


def one_sided_derivatives(p, index, step=1e-7):
    """The left and right difference quotients (J(θ) − J(θ − h eₖ)) / h and (J(θ + h eₖ) − J(θ)) / h of parameter
    `index` (in the order of `flatten`). J is piecewise quadratic, so they differ from the one-sided derivatives by
    O(h)."""
    theta = flatten(p)
    shift = step * torch.eye(len(theta), dtype=theta.dtype)[index]
    J = loss(unflatten_batch(torch.stack([theta - shift, theta, theta + shift])))
    return ((J[1] - J[0]) / step).item(), ((J[2] - J[1]) / step).item()


def softplus_loss(p, X=X, Y=Y):
    """J of the same network with softplus units, log(1 + eᶻ): a smooth loss, to show finite differences where no
    kink is near."""
    H = torch.nn.functional.softplus(X @ p.W + p.c.unsqueeze(-2))
    return ((Y - (H * p.w.unsqueeze(-2)).sum(-1) - p.b.unsqueeze(-1)) ** 2).mean(-1)


def autograd_softplus_gradients(p):
    """The gradients of `softplus_loss`, by torch.autograd."""
    leaves = [t.detach().clone().requires_grad_(True) for t in p]
    return Params(*torch.autograd.grad(softplus_loss(Params(*leaves)).sum(), leaves))


def gradients_substituted(p):
    """The gradients with the four XOR inputs put into the formulas, x₁ = (0,0), x₂ = (0,1), x₃ = (1,0), x₄ = (1,1):

    z₁ⱼ = cⱼ, z₂ⱼ = W₂ⱼ + cⱼ, z₃ⱼ = W₁ⱼ + cⱼ, z₄ⱼ = W₁ⱼ + W₂ⱼ + cⱼ;  δ₁ = ½ŷ₁, δ₂ = ½(ŷ₂ − 1), δ₃ = ½(ŷ₃ − 1), δ₄ = ½ŷ₄;
    ∂J/∂W₁ⱼ = wⱼ(δ₃g'(z₃ⱼ) + δ₄g'(z₄ⱼ)),  ∂J/∂W₂ⱼ = wⱼ(δ₂g'(z₂ⱼ) + δ₄g'(z₄ⱼ)),  ∂J/∂cⱼ = wⱼ Σₙ δₙg'(zₙⱼ),
    ∂J/∂wⱼ = Σₙ δₙ max{0, zₙⱼ},  ∂J/∂b = Σₙ δₙ  (with g'(0) = 0)."""
    W, c, w, b = p
    z = [c, W[..., 1, :] + c, W[..., 0, :] + c, W[..., 0, :] + W[..., 1, :] + c]  # each (..., units)
    out = [(torch.relu(zn) * w).sum(-1) + b for zn in z]
    delta = [out[0] / 2, (out[1] - 1) / 2, (out[2] - 1) / 2, out[3] / 2]
    slope = [(zn > 0).to(DTYPE) for zn in z]
    d = [dn.unsqueeze(-1) for dn in delta]
    return Params(
        W=torch.stack([w * (d[2] * slope[2] + d[3] * slope[3]), w * (d[1] * slope[1] + d[3] * slope[3])], dim=-2),
        c=w * sum(dn * gn for dn, gn in zip(d, slope)),
        w=sum(dn * torch.relu(zn) for dn, zn in zip(d, z)),
        b=sum(delta),
    )


def unflatten_batch(vectors):
    """Rows of 9-vectors -> batched Params."""
    return Params(vectors[:, 0:4].reshape(-1, 2, 2), vectors[:, 4:6], vectors[:, 6:8], vectors[:, 8])


def max_abs_difference(p, q):
    return max((a - b).abs().max().item() for a, b in zip(p, q))


def least_squares_linear():
    """The linear model f(x) = xᵀw + b fitted by the normal equations (Eq. 6.2): returns (w, b, J)."""
    design = torch.cat([X, torch.ones(len(X), 1, dtype=DTYPE)], dim=1)
    solution = torch.linalg.solve(design.T @ design, design.T @ Y)
    w, b = solution[:2], solution[2]
    return w, b, ((Y - (X @ w + b)) ** 2).mean()


def uniform_draws(runs, generator, units=8):
    """`runs` networks of `units` hidden units with every parameter drawn from U(−1, 1). Networks with fewer units and
    other initial choices are all made from these draws (see `initialise`), so that they can be compared run by run."""
    def uniform(*shape):
        return torch.rand(runs, *shape, generator=generator, dtype=DTYPE) * 2 - 1

    return Params(uniform(2, units), uniform(units), uniform(units), uniform())


def initialise(draws, units=2, hidden_bias=None):
    """The first `units` hidden units of `draws`, scaled as PyTorch initialises a fresh nn.Linear,
    U(−1/√fan_in, 1/√fan_in): fan_in is 2 for W and c, `units` for w and b. With `hidden_bias`, every cᵢ starts at
    that value instead."""
    W, c, w, b = draws
    c = c[..., :units] * 2 ** -0.5 if hidden_bias is None else torch.full_like(c[..., :units], hidden_bias)
    return Params(W[..., :units] * 2 ** -0.5, c, w[..., :units] * units ** -0.5, b * units ** -0.5)


def random_params(runs, generator, units=2):
    """`runs` networks drawn as PyTorch draws a fresh nn.Linear: U(−1/√fan_in, 1/√fan_in)."""
    return initialise(uniform_draws(runs, generator, units), units)


def gradient_descent(p, lr, steps, record_every=10, negative_slope=0.0, relu_at_zero=0.0):
    """Plain gradient descent with the hand-derived gradients, on all networks of the batch at once.

    The formulas are those of `gradients`, with the batch as the last dimension instead of the first: PyTorch sums
    over a short last dimension slowly, and this layout makes the 2,000 runs of the chapter about seven times
    faster. Returns the final parameters and the loss history, shape (steps // record_every + 1, runs).
    """
    single = p.b.dim() == 0
    if single:
        p = Params(*(t.unsqueeze(0) for t in p))
    N, (W, c, w, b) = len(X), (t.movedim(0, -1).contiguous() for t in p)  # (2, units, B), (units, B), (units, B), (B)
    units, y = c.shape[0], Y.unsqueeze(-1)
    history = []
    for step in range(steps + 1):
        Z = (X @ W.reshape(2, -1)).reshape(N, units, -1) + c
        H = torch.nn.functional.leaky_relu(Z, negative_slope) if negative_slope else torch.relu(Z)
        error = (H * w).sum(1) + b - y
        if step % record_every == 0:
            history.append((error ** 2).mean(0))
        if step == steps:
            break
        delta = 2.0 / N * error
        G = delta.unsqueeze(1) * w * relu_derivative(Z, relu_at_zero, negative_slope)
        W = W - lr * (X.T @ G.reshape(N, -1)).reshape(2, units, -1)
        c = c - lr * G.sum(0)
        w = w - lr * (delta.unsqueeze(1) * H).sum(0)
        b = b - lr * delta.sum(0)
    final, history = Params(*(t.movedim(-1, 0) for t in (W, c, w, b))), torch.stack(history)
    return (Params(*(t[0] for t in final)), history[:, 0]) if single else (final, history)


def dead_units(p, X=X):
    """Hidden units that are inactive (z ≤ 0) on all inputs, shape (..., 2). Their gradients are zero for good."""
    Z, _ = hidden(p, X)
    return (Z <= 0).all(dim=-2)


def classify(p, final_loss, tolerance=1e-3):
    """Boolean masks over the runs: 'success' (J < tolerance), else 'dead' (a hidden unit inactive on every
    input, so its gradients vanish for good), else 'stuck' (both units alive but J still high: the chapter shows these
    runs sit at spurious local minima)."""
    success = final_loss < tolerance
    dead = ~success & dead_units(p).any(-1)
    return {"success": success, "dead": dead, "stuck": ~success & ~dead}


# Where the failed runs stop, and why.

def pattern_optimum(p, X=X, Y=Y, closed=False):
    """The lowest loss the network can reach without changing which units are active on which inputs, shape (...).

    With the pattern fixed, unit j adds wⱼ(Wⱼᵀx + cⱼ), an affine function of x, on the inputs where it is active
    (zₙⱼ > 0) and nothing elsewhere; so f is b plus, for each unit, an affine function switched on by the pattern.
    The best such f is a least-squares fit (the signs that keep the pattern are not imposed, so this is a lower
    bound that a run stuck in the pattern reaches).

    With `closed`, pre-activations exactly at 0 count as active too. The optimum only falls as units are switched
    on, and every point near p has a pattern between the open one and the closed one; so where J equals the closed
    optimum, no nearby point has a lower J: p is a local minimum."""
    Z, _ = hidden(p, X)
    active = (Z >= 0 if closed else Z > 0).to(DTYPE)              # (..., N, units)
    x = torch.cat([X, torch.ones(len(X), 1, dtype=DTYPE)], dim=1)  # (N, 3): x₁, x₂, 1
    switched = (active.unsqueeze(-1) * x.unsqueeze(-2)).flatten(-2)  # (..., N, 3·units)
    design = torch.cat([torch.ones_like(switched[..., :1]), switched], dim=-1)
    fit = design @ (torch.linalg.pinv(design) @ Y.unsqueeze(-1))
    return ((fit.squeeze(-1) - Y) ** 2).mean(-1)


def covered_points(p, X=X):
    """Which inputs at least one hidden unit is active on, shape (..., N). The others all get the output b."""
    Z, _ = hidden(p, X)
    return (Z > 0).any(dim=-1)


def kink_distance(p, X=X):
    """How close the run is to a kink: the smallest |zₙⱼ| over the inactive pre-activations (zₙⱼ ≤ 0) of the live
    units, shape (...); infinite where no live unit is off on any input."""
    return _off_distances(p, X).flatten(-2).amin(-1)


def _off_distances(p, X=X):
    """|zₙⱼ| where a live unit is off (zₙⱼ ≤ 0), infinite elsewhere, shape (..., N, units)."""
    Z, _ = hidden(p, X)
    off = (Z <= 0) & ~dead_units(p, X).unsqueeze(-2)
    return torch.where(off, -Z, torch.full_like(Z, float("inf")))


def descending_kink_distance(p, X=X, Y=Y):
    """The distance to the nearest kink whose crossing would lower J: the smallest |zₙⱼ| over the inactive
    pre-activations (zₙⱼ ≤ 0) of live units through which the loss would fall if unit j switched on at input n,
    that is where δₙwⱼ < 0 (∂J/∂hₙⱼ = δₙwⱼ once the unit is active), shape (...); infinite where there is none.
    Inactive pre-activations of inputs already fitted (δₙ ≈ 0) are left out: crossing them changes J by nothing
    at first order."""
    delta = 2.0 / X.shape[0] * (forward(p, X) - Y)
    lowers = delta.unsqueeze(-1) * p.w.unsqueeze(-2) < -1e-6
    distances = _off_distances(p, X)
    return torch.where(lowers, distances, torch.full_like(distances, float("inf"))).flatten(-2).amin(-1)


def nearest_kink_on_a_fitted_input(p, X=X, Y=Y, tolerance=1e-3):
    """Whether the nearest kink of `kink_distance` belongs to an input whose residual is already below
    `tolerance` in absolute value, shape (...)."""
    residual = (forward(p, X) - Y).abs()                                           # (..., N)
    nearest = _off_distances(p, X).amin(-1).argmin(-1, keepdim=True)                # the input of the nearest kink
    return torch.gather(residual, -1, nearest).squeeze(-1) < tolerance


def kink_pulls(p, on, X=X, Y=Y):
    """How gradient descent moves each pre-activation zₙⱼ on either side of its kink, shape (..., N, units) each:
    (inactive, active). zₙⱼ = x̃ₙᵀ(W:,ⱼ, cⱼ) with x̃ₙ = (xₙ, 1), so by ∂J/∂W = XᵀG and ∂J/∂c = Gᵀ1 one step changes it
    by −η Σₘ kₘₙ Gₘⱼ, with kₘₙ = x̃ₘᵀx̃ₙ = 1 + xₘᵀxₙ and G = (δwᵀ) ⊙ g'(Z). That sum is the derivative of J along
    x̃ₙ in unit j's incoming parameters; it is returned with unit j inactive on input n (g'(zₙⱼ) = 0) and active
    (g'(zₙⱼ) = 1), the two differing by kₙₙ δₙ wⱼ. The pre-activations marked in `on` (booleans like Z: those taken
    to sit on their kinks) count as inactive in the other inputs' terms; the rest keep the slopes of the point. A kink
    attracts where inactive < 0 < active: below it descent raises zₙⱼ, above it descent lowers it."""
    k, through, others = _kink_terms(p, on, X, Y)
    return others, others + k.diagonal().unsqueeze(-1) * through


def slides(p, on, X=X, Y=Y):
    """Whether the kinks of each unit marked in `on` (booleans (..., N, units)) hold gradient descent in a sliding
    mode (Filippov 1988), shape (..., units): some slopes sₙ ∈ [0, 1] at those kinks, an element of the Clarke
    generalised gradient, make every pull of `kink_pulls` on them zero, so that descent can move along the kinks but
    not off them; and on the active side the own error of each pushes its pre-activation down (kₙₙ δₙ wⱼ > 0). With
    one kink on the unit this is inactive ≤ 0 ≤ active; with several the slopes solve a linear system. A unit with
    no marked kink counts as sliding."""
    k, through, others = _kink_terms(p, on, X, Y)
    kinks, through = on.transpose(-1, -2), through.transpose(-1, -2)   # (..., units, N)
    system = torch.where(kinks.unsqueeze(-1) & kinks.unsqueeze(-2), k * through.unsqueeze(-2),
                         torch.eye(len(X), dtype=DTYPE))                # rows n, columns m: kₙₘ δₘ wⱼ among the kinks
    slopes, info = torch.linalg.solve_ex(system, torch.where(kinks, -others.transpose(-1, -2), 0.0))
    held = (slopes >= 0) & (slopes <= 1) & (through > 0) | ~kinks       # kₙₙ > 0, so δₙwⱼ > 0 says the same
    return held.all(-1) & (info == 0)


def _kink_terms(p, on, X=X, Y=Y):
    """kₘₙ (N, N), δₙwⱼ and Σₘ≠ₙ kₘₙ δₘwⱼ g'(zₘⱼ) (..., N, units), with g'(zₘⱼ) = 0 at the kinks marked in `on`."""
    Z, _ = hidden(p, X)
    through = 2.0 / X.shape[0] * (forward(p, X) - Y).unsqueeze(-1) * p.w.unsqueeze(-2)
    slope = relu_derivative(Z) * ~on
    x = torch.cat([X, torch.ones(len(X), 1, dtype=DTYPE)], dim=1)
    k = x @ x.T
    return k, through, k @ (through * slope) - k.diagonal().unsqueeze(-1) * through * slope


def fitted_input_tests(covered):
    """For runs that each fit exactly one input (rows of `covered`, booleans over the 4 inputs): the counts per
    input, the p-value of Pearson's chi-square test that the four inputs are equally likely, and the two-sided
    binomial p-value that the inputs with target 1, (0,1) and (1,0), are fitted as often as the two with target 0."""
    counts = covered.to(torch.int64).sum(0)
    target_one = int(counts[1] + counts[2])
    return (counts, float(stats.chisquare(counts.tolist()).pvalue),
            float(stats.binomtest(target_one, int(counts.sum()), 0.5).pvalue))


def smallest_hessian_eigenvalue(p):
    """The smallest eigenvalue of the Hessian of J with respect to the 9 parameters, for each network of a batch
    of 2-unit networks: negative at a saddle, where some direction still goes down; about 0 or positive at a
    minimum of the smooth piece of J that the network is in."""
    theta = torch.cat([t.reshape(len(p.b), -1) for t in p], dim=1)
    hessians = torch.stack([torch.autograd.functional.hessian(lambda t: loss(unflatten(t)), row) for row in theta])
    return torch.linalg.eigvalsh(hessians)[:, 0]


# The symmetries of the network: other parameters, the same function.

def rescale(p, unit, factor):
    """Unit `unit` scaled by `factor` > 0 on the way in (Wⱼ, cⱼ) and by 1/`factor` on the way out (wⱼ): since
    max{0, αz} = α max{0, z} for α > 0, the network computes the same function."""
    W, c, w, b = (t.clone() for t in p)
    W[..., unit] *= factor
    c[..., unit] *= factor
    w[..., unit] /= factor
    return Params(W, c, w, b)


def permute(p, order):
    """The hidden units in another order: the same function, since the output sums over the units."""
    return Params(p.W[..., order], p.c[..., order], p.w[..., order], p.b)


def canonical(p):
    """One representative of a network under both symmetries: each live unit rescaled so that |wⱼ| = 1, then the
    units ordered by wⱼ, largest first, and units with the same wⱼ by cⱼ, largest first."""
    scale = p.w.abs().clamp(min=1e-300)
    W, c, w = p.W * scale.unsqueeze(-2), p.c * scale, p.w / scale
    by_c = torch.argsort(c, dim=-1, descending=True, stable=True)
    order = torch.gather(by_c, -1, torch.argsort(torch.gather(w, -1, by_c), dim=-1, descending=True, stable=True))
    return Params(torch.gather(W, -1, order.unsqueeze(-2).expand_as(W)), torch.gather(c, -1, order),
                  torch.gather(w, -1, order), p.b)
