"""The softmax-bottleneck library: ranks, the factorisation fit, the three output heads and the geometry."""
import pytest
import torch

from dlbook import bottleneck


@pytest.fixture
def generator():
    return torch.Generator().manual_seed(0)


def test_centred_rank_is_the_rank_of_the_logits_and_one_less_than_rank_a(generator):
    target = bottleneck.synthetic_log_probs(20, 12, 3, generator)
    assert bottleneck.centred_rank(target) == 3
    assert int(torch.linalg.matrix_rank(target)) == 4  # the log-normaliser adds one direction


def test_centred_rank_is_the_smallest_rank_in_f_of_a(generator):
    target = bottleneck.synthetic_log_probs(20, 12, 3, generator)
    for _ in range(5):  # adding any number to each row keeps the softmax and never lowers the rank below it
        shifted = target + torch.randn(20, 1, generator=generator, dtype=bottleneck.DTYPE)
        assert torch.allclose(torch.softmax(shifted, -1), target.exp())
        assert int(torch.linalg.matrix_rank(shifted)) >= bottleneck.centred_rank(target)


def test_numerical_rank_on_a_known_spectrum():
    assert bottleneck.numerical_rank(torch.tensor([4.0, 1.0, 1e-12, 0.0])) == 2


def test_the_fit_is_exact_from_the_centred_rank_and_not_before(generator):
    target = bottleneck.synthetic_log_probs(12, 8, 2, generator)
    assert bottleneck.fit_factorisation(target, 2, generator, restarts=1, max_iter=500) < 1e-8
    assert bottleneck.fit_factorisation(target, 1, generator, restarts=1, max_iter=500) > 1e-3


def test_kl_divergence():
    p = torch.log(torch.tensor([[0.5, 0.5]], dtype=torch.float64))
    q = torch.log(torch.tensor([[0.25, 0.75]], dtype=torch.float64))
    expected = 0.5 * torch.log(torch.tensor(2.0)) + 0.5 * torch.log(torch.tensor(2 / 3))
    assert bottleneck.kl_divergence(p, p).item() == 0.0
    assert bottleneck.kl_divergence(p, q).item() == pytest.approx(expected.item())


HEADS = [lambda: bottleneck.SoftmaxHead(3, 7), lambda: bottleneck.MixtureOfContexts(3, 7, 4),
         lambda: bottleneck.MixtureOfSoftmaxes(3, 7, 4)]


@pytest.mark.parametrize("make", HEADS, ids=["softmax", "moc", "mos"])
def test_every_head_gives_normalised_log_probabilities(make, generator):
    torch.manual_seed(0)
    log_q = make()(torch.randn(5, 3, generator=generator, dtype=bottleneck.DTYPE))
    assert log_q.shape == (5, 7)
    assert torch.allclose(torch.logsumexp(log_q, -1), torch.zeros(5, dtype=bottleneck.DTYPE))


def test_mixture_of_softmaxes_with_one_component_is_a_softmax(generator):
    torch.manual_seed(0)
    head = bottleneck.MixtureOfSoftmaxes(3, 7, 1)
    g = torch.randn(5, 3, generator=generator, dtype=bottleneck.DTYPE)
    h, log_prior = head.component_contexts(g)
    assert torch.allclose(log_prior, torch.zeros_like(log_prior))
    assert torch.allclose(head(g), torch.log_softmax(h[:, 0] @ head.embeddings.T, -1))


def test_mixture_of_contexts_is_a_softmax_of_the_mixed_context(generator):
    torch.manual_seed(0)
    head = bottleneck.MixtureOfContexts(3, 7, 4)
    g = torch.randn(5, 3, generator=generator, dtype=bottleneck.DTYPE)
    softmax = bottleneck.SoftmaxHead(3, 7)
    softmax.embeddings = head.embeddings
    assert torch.allclose(head(g), softmax(head.mixed_context(g)))


def test_mixture_of_contexts_stays_low_rank_and_mixture_of_softmaxes_does_not(generator):
    torch.manual_seed(0)
    g = torch.randn(30, 2, generator=generator, dtype=bottleneck.DTYPE)
    with torch.no_grad():
        moc = bottleneck.MixtureOfContexts(2, 20, 5)(g)
        mos = bottleneck.MixtureOfSoftmaxes(2, 20, 5)(g)
    assert bottleneck.centred_rank(moc) <= 2
    assert bottleneck.centred_rank(mos) > 2


def test_fit_head_lowers_the_kl(generator):
    target = bottleneck.synthetic_log_probs(10, 6, 4, generator)
    torch.manual_seed(0)
    head = bottleneck.SoftmaxHead(2, 6)
    before = bottleneck.kl_divergence(target, head(torch.zeros(10, 2, dtype=bottleneck.DTYPE))).item()
    after, log_q = bottleneck.fit_head(head, target, steps=200, generator=generator)
    assert after < before and log_q.shape == (10, 6)


def test_words_inside_the_convex_hull_are_unargmaxable():
    square = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [0.2, 0.1], [1.0, 0.0]],
                          dtype=torch.float64)
    assert bottleneck.unargmaxable(square) == [4, 5]  # inside, and on an edge without being a vertex
    contexts = torch.randn(20000, 2, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    assert set(bottleneck.winners(square, contexts).tolist()) == {0, 1, 2, 3}
