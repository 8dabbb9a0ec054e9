"""The softmax bottleneck of Yang et al. (2018), in matrices small enough to see.

A language model over N contexts and M tokens is a matrix of log-probabilities A (N × M). A softmax head with
d-dimensional context vectors can only produce log-probabilities whose row-centred matrix has rank ≤ d, and the
smallest rank over all matrices with the same softmax (the set F(A)) is exactly the rank of the row-centred A.
Everything here works in float64 on free parameters: the "universal approximator" idealisation of the paper.
"""
import torch
from scipy.spatial import ConvexHull
from torch import nn

DTYPE = torch.float64


def row_centred(A):
    """A (I − J/M): subtract each row's mean. It picks the member of F(A) with the smallest rank."""
    return A - A.mean(dim=-1, keepdim=True)


def centred_spectrum(log_probs):
    """Singular values of the row-centred log-probability matrix, largest first."""
    return torch.linalg.svdvals(row_centred(log_probs))


def numerical_rank(values, rtol=1e-9):
    """The number of singular values above rtol times the largest."""
    return int((values > rtol * values[0]).sum())


def centred_rank(log_probs, rtol=1e-9):
    """min over A' in F(A) of rank(A'): the smallest d at which a softmax can match these log-probabilities."""
    return numerical_rank(centred_spectrum(log_probs), rtol)


def synthetic_log_probs(contexts, tokens, rank, generator, scale=1.0):
    """log P* = log softmax(U V) with U (contexts × rank) and V (rank × tokens) Gaussian: centred rank = `rank`."""
    U = torch.randn(contexts, rank, generator=generator, dtype=DTYPE)
    V = torch.randn(rank, tokens, generator=generator, dtype=DTYPE)
    return torch.log_softmax(scale * U @ V, dim=-1)


def kl_divergence(log_p, log_q):
    """KL(P ‖ Q), averaged over contexts (rows)."""
    return (log_p.exp() * (log_p - log_q)).sum(-1).mean()


def fit_factorisation(log_p, d, generator, restarts=2, max_iter=1500):
    """The smallest KL(P* ‖ softmax(H Wᵀ)) that L-BFGS finds with free H (N × d) and W (M × d), over restarts."""
    N, M = log_p.shape
    best = float("inf")
    for _ in range(restarts):
        H = (0.1 * torch.randn(N, d, generator=generator, dtype=DTYPE)).requires_grad_()
        W = (0.1 * torch.randn(M, d, generator=generator, dtype=DTYPE)).requires_grad_()
        optimiser = torch.optim.LBFGS([H, W], max_iter=max_iter, history_size=50, line_search_fn="strong_wolfe",
                                      tolerance_grad=1e-14, tolerance_change=1e-16)

        def closure():
            optimiser.zero_grad()
            loss = kl_divergence(log_p, torch.log_softmax(H @ W.T, dim=-1))
            loss.backward()
            return loss

        optimiser.step(closure)
        with torch.no_grad():
            best = min(best, kl_divergence(log_p, torch.log_softmax(H @ W.T, dim=-1)).item())
    return best


class SoftmaxHead(nn.Module):
    """P(x | c) = softmax(h_cᵀ w_x): Eq. 1 of the paper, with the context vector h_c as input."""

    def __init__(self, d, tokens):
        super().__init__()
        self.embeddings = nn.Parameter(0.3 * torch.randn(tokens, d, dtype=DTYPE))

    def forward(self, context):
        return torch.log_softmax(context @ self.embeddings.T, dim=-1)


class MixtureOfContexts(SoftmaxHead):
    """K context vectors h_{c,k} = tanh(W_{h,k} g_c), mixed with priors π_{c,k} before one softmax (Eq. 2)."""

    def __init__(self, d, tokens, components):
        super().__init__(d, tokens)
        self.components = components
        self.project = nn.Linear(d, components * d, dtype=DTYPE)
        self.prior = nn.Linear(d, components, bias=False, dtype=DTYPE)

    def component_contexts(self, context):
        """h_{c,k}, shape (..., K, d), and log π_{c,k}, shape (..., K)."""
        h = torch.tanh(self.project(context)).unflatten(-1, (self.components, -1))
        return h, torch.log_softmax(self.prior(context), dim=-1)

    def mixed_context(self, context):
        h, log_prior = self.component_contexts(context)
        return (log_prior.exp().unsqueeze(-1) * h).sum(-2)

    def forward(self, context):
        return torch.log_softmax(self.mixed_context(context) @ self.embeddings.T, dim=-1)


class MixtureOfSoftmaxes(MixtureOfContexts):
    """P(x | c) = Σ_k π_{c,k} softmax(h_{c,k}ᵀ w_x): the mixture is taken after the softmax (Section 2.4)."""

    def forward(self, context):
        h, log_prior = self.component_contexts(context)
        log_components = torch.log_softmax(h @ self.embeddings.T, dim=-1)  # (..., K, M)
        return torch.logsumexp(log_prior.unsqueeze(-1) + log_components, dim=-2)


def fit_head(head, log_p, steps, generator, lr=0.02):
    """Fit `head` and free context vectors g_c to P* with Adam; returns the final KL and log-probabilities."""
    contexts = nn.Parameter(torch.randn(log_p.shape[0], head.embeddings.shape[1], generator=generator, dtype=DTYPE))
    optimiser = torch.optim.Adam([contexts, *head.parameters()], lr=lr)
    for _ in range(steps):
        optimiser.zero_grad()
        loss = kl_divergence(log_p, head(contexts))
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        log_q = head(contexts)
        return kl_divergence(log_p, log_q).item(), log_q


def parameter_count(head):
    return sum(p.numel() for p in head.parameters())


def unargmaxable(embeddings):
    """Indices of the words that no context can make the strict argmax: those that are not vertices of the
    convex hull of the embeddings (2-D or more)."""
    vertices = set(ConvexHull(embeddings.numpy()).vertices.tolist())
    return sorted(set(range(len(embeddings))) - vertices)


def winners(embeddings, contexts):
    """The argmax word for each context vector (row of `contexts`)."""
    return (contexts @ embeddings.T).argmax(dim=-1)
