"""The softmax bottleneck of Yang et al. (2018), in matrices small enough to see.

A language model over N contexts and M tokens is a matrix of log-probabilities A (N × M). A softmax head with
d-dimensional context vectors can only produce log-probabilities whose row-centred matrix has rank ≤ d, and the
smallest rank over all matrices with the same softmax (the set F(A)) is exactly the rank of the row-centred A.
Everything here works in float64 on free parameters: the "universal approximator" idealisation of the paper.

The heads take an optional `copies` shape: that many independent heads, fitted at once (one per seed), whose
parameters and context vectors carry the leading dimensions `copies`.
"""
import math

import torch
from scipy.optimize import linprog
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


def doubly_centred(A):
    """(I − J/N) A (I − J/M): subtract each row's mean and then each column's mean."""
    centred = row_centred(A)
    return centred - centred.mean(dim=-2, keepdim=True)


def bias_threshold(log_probs, rtol=1e-9):
    """The smallest d at which a softmax with an output bias, softmax(H Wᵀ + 1 bᵀ), can match these
    log-probabilities: the rank of the doubly centred matrix. It is rank(AC) − 1 when the all-ones vector lies in the
    column space of AC, and rank(AC) otherwise."""
    return numerical_rank(torch.linalg.svdvals(doubly_centred(log_probs)), rtol)


def ones_distance(log_probs):
    """The distance of 1/√N from the column space of the row-centred matrix AC: 0 exactly when a bias lowers the
    threshold by one."""
    U, s, _ = torch.linalg.svd(row_centred(log_probs), full_matrices=False)
    U = U[:, : numerical_rank(s)]
    ones = torch.ones(log_probs.shape[0], dtype=log_probs.dtype) / math.sqrt(log_probs.shape[0])
    return (ones - U @ (U.T @ ones)).norm().item()


# Targets.

def synthetic_log_probs(contexts, tokens, rank, generator, scale=1.0):
    """log P* = log softmax(U V) with U (contexts × rank) and V (rank × tokens) Gaussian: centred rank = `rank`."""
    U = torch.randn(contexts, rank, generator=generator, dtype=DTYPE)
    V = torch.randn(rank, tokens, generator=generator, dtype=DTYPE)
    return torch.log_softmax(scale * U @ V, dim=-1)


def unigram_plus_low_rank_log_probs(contexts, tokens, rank, generator, unigram_scale=2.0):
    """log P* = log softmax(U V + 1 bᵀ): a rank-`rank` softmax plus a context-independent (unigram-like) term b.
    Its centred rank is rank + 1, but a softmax with an output bias matches it from d = rank on."""
    U = torch.randn(contexts, rank, generator=generator, dtype=DTYPE)
    V = torch.randn(rank, tokens, generator=generator, dtype=DTYPE)
    b = unigram_scale * torch.randn(tokens, generator=generator, dtype=DTYPE)
    return torch.log_softmax(U @ V + b, dim=-1)


def dirichlet_log_probs(contexts, tokens, generator):
    """Each row of P* drawn uniformly from the probability simplex (a Dirichlet distribution with every parameter 1:
    normalised exponential draws). No low-rank structure at all: with contexts ≥ tokens the centred rank is
    tokens − 1, with probability one."""
    exponential = -torch.log1p(-torch.rand(contexts, tokens, generator=generator, dtype=DTYPE))
    return torch.log(exponential / exponential.sum(-1, keepdim=True))


def mixture_log_probs(contexts, tokens, d, components, generator, scale=1.0):
    """log P* for a mixture of `components` softmaxes of dimension d that share one embedding matrix V (d × tokens):
    P*(· | c) = Σ_k π_{c,k} softmax(scale · u_{c,k}ᵀ V), with Gaussian u_{c,k} and V and priors π_c = softmax of a
    Gaussian vector. Not a softmax of any low rank: each context has components(d + 1) − 1 free coordinates."""
    U = torch.randn(contexts, components, d, generator=generator, dtype=DTYPE)
    V = torch.randn(d, tokens, generator=generator, dtype=DTYPE)
    log_prior = torch.log_softmax(torch.randn(contexts, components, 1, generator=generator, dtype=DTYPE), dim=-2)
    return torch.logsumexp(log_prior + torch.log_softmax(scale * U @ V, dim=-1), dim=-2)


def power_law_log_probs(contexts, tokens, exponent, generator, logit_std=1.0):
    """log P* whose row-centred matrix is U diag(s) Vᵀ with s_i ∝ i^(−exponent), i = 1 … tokens − 1, and random
    orthonormal U, V (V orthogonal to the all-ones vector): full centred rank, with a spectrum that decays as a
    power law. The logits have standard deviation `logit_std` over all entries."""
    rank = tokens - 1
    U, _ = torch.linalg.qr(torch.randn(contexts, rank, generator=generator, dtype=DTYPE))
    V = torch.randn(tokens, rank, generator=generator, dtype=DTYPE)
    V, _ = torch.linalg.qr(V - V.mean(0, keepdim=True))  # columns orthonormal and orthogonal to 1
    s = torch.arange(1, rank + 1, dtype=DTYPE) ** -exponent
    s = s * logit_std * math.sqrt(contexts * tokens) / s.norm()
    return torch.log_softmax(U @ torch.diag(s) @ V.T, dim=-1)


# The best softmax of dimension d.

def kl_divergence(log_p, log_q):
    """KL(P ‖ Q), averaged over contexts (rows); one value per leading index when log_p has more than 2 dims."""
    return (log_p.exp() * (log_p - log_q)).sum(-1).mean(-1)


def truncated_logits(log_p, d):
    """The best rank-d approximation, in Frobenius norm, of the row-centred log-probabilities (Eckart–Young), as
    its two factors H (N × d) and W (M × d)."""
    U, s, Vh = torch.linalg.svd(row_centred(log_p), full_matrices=False)
    root = s[:d].sqrt()
    return U[:, :d] * root, Vh[:d].T * root


def tail_bound(log_p, d):
    """(1 / 4N) Σ_{i>d} σ_i²: an upper bound on the smallest KL of a d-dimensional softmax (Hoeffding's lemma applied
    to the Eckart–Young truncation)."""
    s = centred_spectrum(log_p)
    return (s[d:] ** 2).sum().item() / (4 * log_p.shape[0])


def eckart_young_kl(log_p, d):
    """KL(P* ‖ softmax of the rank-d truncation): what a d-dimensional softmax reaches with no optimisation."""
    H, W = truncated_logits(log_p, d)
    return kl_divergence(log_p, torch.log_softmax(H @ W.T, dim=-1)).item()


def _lbfgs(log_p, H, W, max_iter, b=None):
    H, W = H.contiguous().clone().requires_grad_(), W.contiguous().clone().requires_grad_()
    b = torch.zeros(W.shape[0], dtype=W.dtype) if b is None else b.clone().requires_grad_()
    optimiser = torch.optim.LBFGS([H, W] + ([b] if b.requires_grad else []), max_iter=max_iter, history_size=50,
                                  line_search_fn="strong_wolfe", tolerance_grad=1e-14, tolerance_change=1e-16)

    def closure():
        optimiser.zero_grad()
        loss = kl_divergence(log_p, torch.log_softmax(H @ W.T + b, dim=-1))
        loss.backward()
        return loss

    optimiser.step(closure)
    with torch.no_grad():
        log_q = torch.log_softmax(H @ W.T + b, dim=-1)
        return kl_divergence(log_p, log_q).item(), log_q


def fit_factorisation(log_p, d, generator, restarts=2, max_iter=1500, bias=False):
    """The smallest KL(P* ‖ softmax(H Wᵀ [+ 1 bᵀ])) that L-BFGS finds with free H (N × d), W (M × d) and, with
    `bias`, a free output bias b (M), over restarts from small random values."""
    N, M = log_p.shape
    return min(_lbfgs(log_p, 0.1 * torch.randn(N, d, generator=generator, dtype=DTYPE),
                      0.1 * torch.randn(M, d, generator=generator, dtype=DTYPE), max_iter,
                      0.1 * torch.randn(M, generator=generator, dtype=DTYPE) if bias else None)[0]
               for _ in range(restarts))


def best_softmax(log_p, d, max_iter=400):
    """The best d-dimensional softmax that L-BFGS finds from the Eckart–Young truncation: (KL, log-probabilities).
    Its KL is at most eckart_young_kl(log_p, d), since every L-BFGS step lowers the loss."""
    return _lbfgs(log_p, *truncated_logits(log_p, d), max_iter)


# Output heads.

def _uniform(shape, bound, generator):
    return nn.Parameter(bound * (2 * torch.rand(shape, generator=generator, dtype=DTYPE) - 1))


class SoftmaxHead(nn.Module):
    """P(x | c) = softmax(h_cᵀ w_x): Eq. 1 of the paper, with the context vector h_c as input."""

    def __init__(self, d, tokens, generator=None, copies=()):
        super().__init__()
        self.copies = tuple(copies)
        self.embeddings = nn.Parameter(0.3 * torch.randn(*self.copies, tokens, d, generator=generator, dtype=DTYPE))

    @property
    def d(self):
        return self.embeddings.shape[-1]

    @property
    def inputs(self):
        """The size of the vector g_c that the network gives the head for each context (here h_c itself)."""
        return self.d

    def logits(self, context):
        """context (*copies, N, d) -> logits (*copies, N, M)."""
        return context @ self.embeddings.transpose(-1, -2)

    def forward(self, context):
        return torch.log_softmax(self.logits(context), dim=-1)


class SigsoftmaxHead(SoftmaxHead):
    """Sigsoftmax (Kanai et al., 2018): P(x | c) ∝ exp(z_x) σ(z_x) with z = h_cᵀ w_x. The map is increasing in each
    logit, so it keeps every context's ranking of the tokens, but log P is no longer affine in the logits."""

    def forward(self, context):
        z = self.logits(context)
        return torch.log_softmax(z + nn.functional.logsigmoid(z), dim=-1)


class MixtureOfContexts(SoftmaxHead):
    """K context vectors h_{c,k} = tanh(W_{h,k} g_c + b_k), mixed with priors π_{c,k} before one softmax (Eq. 2).
    g_c has `inputs` entries (d unless given): every π_{c,k} and h_{c,k} is computed from it."""

    def __init__(self, d, tokens, components, generator=None, copies=(), inputs=None):
        super().__init__(d, tokens, generator, copies)
        self.components = components
        inputs = d if inputs is None else inputs
        bound = 1 / math.sqrt(inputs)  # PyTorch's default for nn.Linear
        self.project = _uniform((*self.copies, inputs, components * d), bound, generator)
        self.project_bias = _uniform((*self.copies, 1, components * d), bound, generator)
        self.prior = _uniform((*self.copies, inputs, components), bound, generator)

    @property
    def inputs(self):
        return self.project.shape[-2]

    def component_contexts(self, context):
        """h_{c,k}, shape (*copies, N, K, d), and log π_{c,k}, shape (*copies, N, K)."""
        h = torch.tanh(context @ self.project + self.project_bias).unflatten(-1, (self.components, -1))
        return h, torch.log_softmax(context @ self.prior, dim=-1)

    def mixed_context(self, context):
        h, log_prior = self.component_contexts(context)
        return (log_prior.exp().unsqueeze(-1) * h).sum(-2)

    def forward(self, context):
        return torch.log_softmax(self.logits(self.mixed_context(context)), dim=-1)


class MixtureOfSoftmaxes(MixtureOfContexts):
    """P(x | c) = Σ_k π_{c,k} softmax(h_{c,k}ᵀ w_x): the mixture is taken after the softmax (Section 2.4)."""

    def forward(self, context):
        h, log_prior = self.component_contexts(context)
        log_components = torch.log_softmax(h @ self.embeddings.unsqueeze(-3).transpose(-1, -2), dim=-1)  # (.., K, M)
        return torch.logsumexp(log_prior.unsqueeze(-1) + log_components, dim=-2)


def fit_head(head, log_p, steps, generator, lr=0.05):
    """Fit `head` and free context vectors g_c (one set per copy) to P* (*copies, N, M) with Adam and a cosine
    learning-rate decay. Returns the final KL (one per copy) and the log-probabilities. Adam works element by
    element, so the copies train exactly as if each were fitted alone."""
    contexts = nn.Parameter(torch.randn(*head.copies, log_p.shape[-2], head.inputs, generator=generator, dtype=DTYPE))
    optimiser = torch.optim.Adam([contexts, *head.parameters()], lr=lr, foreach=True)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, steps)
    for _ in range(steps):
        optimiser.zero_grad()
        kl_divergence(log_p, head(contexts)).sum().backward()
        optimiser.step()
        schedule.step()
    with torch.no_grad():
        log_q = head(contexts)
        return kl_divergence(log_p, log_q), log_q


def context_dimension(head, generator, rtol=1e-9):
    """The dimension of the set of distributions that a (single-copy) head reaches for one context, at a random g:
    the rank of the Jacobian of g ↦ the row-centred log-probabilities. For MoS it is min(K(d + 1) − 1, dim g)."""
    g = torch.randn(head.inputs, generator=generator, dtype=DTYPE)
    jacobian = torch.autograd.functional.jacobian(lambda g: row_centred(head(g[None]))[0], g)
    return numerical_rank(torch.linalg.svdvals(jacobian), rtol)


def parameter_count(head):
    """The parameters of one head (one copy): the context vectors, which the network computes, are not counted."""
    return sum(p.numel() for p in head.parameters()) // math.prod(head.copies)


# Geometry: which tokens can be the argmax.

def unargmaxable(embeddings, biases=None):
    """Indices of the words that no context can make the strict argmax of hᵀw_x (+ b_x).

    Without biases: the words that are not vertices of the convex hull of the embeddings (2-D or more). With biases:
    the logit is (h, 1)ᵀ(w_x, b_x), so the lifted points (w_x, b_x) decide, and only directions whose last coordinate
    is positive count: a word can win if and only if its lifted point is a vertex of the hull of the lifted points
    together with copies of them moved down by one (the lower copies lose in every such direction)."""
    points = embeddings.numpy()
    if biases is not None:
        lifted = torch.cat([embeddings, biases[:, None]], dim=1)
        below = lifted - torch.eye(lifted.shape[1], dtype=lifted.dtype)[-1]
        points = torch.cat([lifted, below]).numpy()
    vertices = set(ConvexHull(points).vertices.tolist())
    return sorted(set(range(len(embeddings))) - vertices)


def can_win(embeddings, index, biases=None, bound=1e3):
    """Whether some context h (in the box |h_i| ≤ bound) makes word `index` the strict argmax of hᵀw_x + b_x, by a
    linear programme: maximise t subject to hᵀ(w_j − w_index) + b_j − b_index + t ≤ 0 for every other word j.
    Without biases the condition is scale-free, and it says whether w_index is a vertex of the convex hull."""
    others = [j for j in range(len(embeddings)) if j != index]
    differences = (embeddings[others] - embeddings[index]).tolist()
    offsets = [0.0] * len(others) if biases is None else (biases[index] - biases[others]).tolist()
    d = embeddings.shape[1]
    result = linprog(c=[0.0] * d + [-1.0], A_ub=[[*row, 1.0] for row in differences], b_ub=offsets,
                     bounds=[(-bound, bound)] * d + [(None, 1.0)], method="highs")
    return bool(result.status == 0 and -result.fun > 1e-9)


def hull_vertex_share(points):
    """The share of `points` that are vertices of their convex hull (any dimension)."""
    return sum(can_win(points, i) for i in range(len(points))) / len(points)


def convex_weights(points, target):
    """Weights λ ≥ 0 with Σλ = 1 and Σ λ_j points_j = target (a linear programme), or None when target is outside
    the hull."""
    n = len(points)
    result = linprog(c=[0.0] * n, A_eq=[*points.T.tolist(), [1.0] * n], b_eq=[*target.tolist(), 1.0],
                     bounds=[(0, None)] * n, method="highs")
    return torch.tensor(result.x, dtype=points.dtype) if result.status == 0 else None


def winners(embeddings, contexts):
    """The argmax word for each context vector (row of `contexts`)."""
    return (contexts @ embeddings.T).argmax(dim=-1)


def mixture_of_softmaxes_probabilities(embeddings, contexts, priors):
    """P(x) = Σ_k π_k softmax(h_kᵀ W)_x with one shared W and no bias: contexts (S, K, d), priors (S, K)."""
    return (priors.unsqueeze(-1) * torch.softmax(contexts @ embeddings.T, dim=-1)).sum(-2)


def copy_head_probabilities(embeddings, contexts, gates, copied):
    """A pointer (copy) head: (1 − g) softmax(hᵀW) + g · uniform over the words in `copied` (S, M), a 0/1 mask of
    the words that the context offers for copying: a part that depends on the token and the context."""
    copy = copied / copied.sum(-1, keepdim=True)
    return (1 - gates[:, None]) * torch.softmax(contexts @ embeddings.T, dim=-1) + gates[:, None] * copy


def mixtape_probabilities(embeddings, contexts, gate_logits):
    """A Mixtape-style head (Yang et al., 2019): K context vectors h_k (S, K, d) mixed with gates π_{x,k} that depend
    on the token (gate_logits (S, M, K), a softmax over k), then one softmax: logit_x = (Σ_k π_{x,k} h_k)ᵀ w_x."""
    gates = torch.softmax(gate_logits, dim=-1)  # (S, M, K)
    logits = torch.einsum("smk,skd,md->sm", gates, contexts, embeddings)
    return torch.softmax(logits, dim=-1)
