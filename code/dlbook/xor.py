"""The XOR network of Goodfellow et al. (2016), Fig. 6.2 / Eq. 6.3, and the gradients of its MSE loss (Eq. 6.1).

    f(x; W, c, w, b) = wᵀ max{0, Wᵀx + c} + b,        J = ¼ Σₙ (yₙ − f(xₙ))²

Every function takes parameters with optional leading batch dimensions, so that many networks (for example 2000
random initialisations) are evaluated and trained at once, without a Python loop.
"""
from typing import NamedTuple

import torch

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


def hidden(p, X=X):
    """Pre-activations Z = XW + c and hidden representation H = max{0, Z}, each (..., N, 2)."""
    Z = X @ p.W + p.c.unsqueeze(-2)
    return Z, torch.relu(Z)


def forward(p, X=X):
    """Network outputs f(xₙ), shape (..., N)."""
    _, H = hidden(p, X)
    return (H * p.w.unsqueeze(-2)).sum(-1) + p.b.unsqueeze(-1)


def loss(p, X=X, Y=Y):
    """J = (1/N) Σₙ (yₙ − f(xₙ))², Eq. 6.1 with N = 4; shape (...)."""
    return ((Y - forward(p, X)) ** 2).mean(-1)


def relu_derivative(Z, at_zero=0.0):
    """g'(z): 1 where z > 0, 0 where z < 0, and `at_zero` (any value in [0, 1] is a subgradient) where z = 0."""
    return (Z > 0).to(Z.dtype) + at_zero * (Z == 0).to(Z.dtype)


def gradients(p, X=X, Y=Y, relu_at_zero=0.0):
    """The hand-derived gradients of J in batch matrix form.

    δ = (2/N)(ŷ − y),  ∂J/∂b = 1ᵀδ,  ∂J/∂w = Hᵀδ,  G = (δ wᵀ) ⊙ g'(Z),  ∂J/∂c = Gᵀ1,  ∂J/∂W = XᵀG.
    """
    Z, H = hidden(p, X)
    delta = 2.0 / X.shape[0] * (forward(p, X) - Y)           # (..., N)
    G = delta.unsqueeze(-1) * p.w.unsqueeze(-2) * relu_derivative(Z, relu_at_zero)  # (..., N, 2)
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


def flatten(p):
    """The 9 parameters of one network as a vector (W₁₁, W₁₂, W₂₁, W₂₂, c₁, c₂, w₁, w₂, b)."""
    return torch.cat([t.reshape(-1) for t in p])


def unflatten(vector):
    return Params(*(t[0] for t in unflatten_batch(vector.unsqueeze(0))))


def finite_difference_gradients(p, X=X, Y=Y, step=1e-6):
    """Central differences (J(θ + h eₖ) − J(θ − h eₖ)) / 2h for each of the 9 parameters of one network."""
    theta = flatten(p)
    shifts = step * torch.eye(len(theta), dtype=theta.dtype)
    plus = loss(unflatten_batch(theta + shifts), X, Y)
    minus = loss(unflatten_batch(theta - shifts), X, Y)
    return unflatten((plus - minus) / (2 * step))


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


def random_params(runs, generator):
    """`runs` networks drawn as PyTorch draws a fresh nn.Linear: U(−1/√fan_in, 1/√fan_in), fan_in = 2."""
    bound = 2 ** -0.5

    def uniform(*shape):
        return (torch.rand(runs, *shape, generator=generator, dtype=DTYPE) * 2 - 1) * bound

    return Params(uniform(2, 2), uniform(2), uniform(2), uniform())


def gradient_descent(p, lr, steps, record_every=10):
    """Plain gradient descent with the hand-derived gradients, on all networks of the batch at once.

    Returns the final parameters and the loss history, shape (steps // record_every + 1, runs).
    """
    history = [loss(p)]
    for step in range(1, steps + 1):
        g = gradients(p)
        p = Params(*(t - lr * gt for t, gt in zip(p, g)))
        if step % record_every == 0:
            history.append(loss(p))
    return p, torch.stack(history)


def dead_units(p, X=X):
    """Hidden units that are inactive (z ≤ 0) on all inputs, shape (..., 2). Their gradients are zero for good."""
    Z, _ = hidden(p, X)
    return (Z <= 0).all(dim=-2)


def classify(p, final_loss, tolerance=1e-3):
    """Boolean masks over the runs: 'success' (J < tolerance), else 'dead' (a hidden unit inactive on every
    input, so its gradients vanish for good), else 'plateau' (both units alive but J still high)."""
    success = final_loss < tolerance
    dead = ~success & dead_units(p).any(-1)
    return {"success": success, "dead": dead, "plateau": ~success & ~dead}
