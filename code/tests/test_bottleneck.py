"""The softmax-bottleneck library: ranks, targets, the factorisation fits, the output heads and the geometry."""
import pytest
import torch

from dlbook import bottleneck

DTYPE = bottleneck.DTYPE


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
        shifted = target + torch.randn(20, 1, generator=generator, dtype=DTYPE)
        assert torch.allclose(torch.softmax(shifted, -1), target.exp())
        assert int(torch.linalg.matrix_rank(shifted)) >= bottleneck.centred_rank(target)


def test_numerical_rank_on_a_known_spectrum():
    assert bottleneck.numerical_rank(torch.tensor([4.0, 1.0, 1e-12, 0.0])) == 2


def test_uniform_rows_are_distributions_of_full_centred_rank(generator):
    target = bottleneck.dirichlet_log_probs(12, 6, generator)
    assert torch.allclose(torch.logsumexp(target, -1), torch.zeros(12, dtype=DTYPE))
    assert bottleneck.centred_rank(target) == 5


def test_a_mixture_target_is_full_rank_and_one_component_is_a_softmax_of_rank_d(generator):
    mixture = bottleneck.mixture_log_probs(12, 20, 2, 3, generator)
    assert torch.allclose(torch.logsumexp(mixture, -1), torch.zeros(12, dtype=DTYPE))
    assert bottleneck.centred_rank(mixture) == 12  # every row adds a direction: no low rank left
    assert bottleneck.centred_rank(bottleneck.mixture_log_probs(12, 20, 2, 1, generator)) == 2


def test_power_law_target_has_the_spectrum_it_was_built_with(generator):
    target = bottleneck.power_law_log_probs(10, 6, 2.0, generator, logit_std=0.5)
    assert torch.allclose(torch.logsumexp(target, -1), torch.zeros(10, dtype=DTYPE))
    spectrum = bottleneck.centred_spectrum(target)
    expected = torch.arange(1, 6, dtype=DTYPE) ** -2.0
    assert torch.allclose(spectrum[:5] / spectrum[0], expected)
    assert bottleneck.row_centred(target).pow(2).mean().sqrt().item() == pytest.approx(0.5)


def test_the_fit_is_exact_from_the_centred_rank_and_not_before(generator):
    target = bottleneck.synthetic_log_probs(12, 8, 2, generator)
    assert bottleneck.fit_factorisation(target, 2, generator, restarts=1, max_iter=500) < 1e-8
    assert bottleneck.fit_factorisation(target, 1, generator, restarts=1, max_iter=500) > 1e-3


def test_the_truncation_is_exact_at_the_centred_rank_and_bounded_below_it(generator):
    target = bottleneck.power_law_log_probs(10, 6, 1.0, generator)
    assert bottleneck.eckart_young_kl(target, 5) < 1e-12
    for d in range(1, 5):
        best, log_q = bottleneck.best_softmax(target, d, max_iter=100)
        assert best <= bottleneck.eckart_young_kl(target, d) + 1e-12 <= bottleneck.tail_bound(target, d)
        assert bottleneck.centred_rank(log_q) <= d


def test_kl_divergence():
    p = torch.log(torch.tensor([[0.5, 0.5]], dtype=DTYPE))
    q = torch.log(torch.tensor([[0.25, 0.75]], dtype=DTYPE))
    expected = 0.5 * torch.log(torch.tensor(2.0)) + 0.5 * torch.log(torch.tensor(2 / 3))
    assert bottleneck.kl_divergence(p, p).item() == 0.0
    assert bottleneck.kl_divergence(p, q).item() == pytest.approx(expected.item())
    assert bottleneck.kl_divergence(torch.stack([p, p]), torch.stack([p, q])).shape == (2,)  # one per copy


HEADS = {"softmax": lambda **kw: bottleneck.SoftmaxHead(3, 7, **kw),
         "sigsoftmax": lambda **kw: bottleneck.SigsoftmaxHead(3, 7, **kw),
         "moc": lambda **kw: bottleneck.MixtureOfContexts(3, 7, 4, **kw),
         "mos": lambda **kw: bottleneck.MixtureOfSoftmaxes(3, 7, 4, **kw)}


@pytest.mark.parametrize("make", HEADS.values(), ids=HEADS.keys())
def test_every_head_gives_normalised_log_probabilities(make, generator):
    log_q = make(generator=generator)(torch.randn(5, 3, generator=generator, dtype=DTYPE))
    assert log_q.shape == (5, 7)
    assert torch.allclose(torch.logsumexp(log_q, -1), torch.zeros(5, dtype=DTYPE))


@pytest.mark.parametrize("make", HEADS.values(), ids=HEADS.keys())
def test_copies_of_a_head_are_independent_heads(make, generator):
    batched = make(generator=generator, copies=(2,))
    contexts = torch.randn(2, 5, 3, generator=generator, dtype=DTYPE)
    together = batched(contexts)
    for copy in range(2):
        single = make()
        single.load_state_dict({name: value[copy] for name, value in batched.state_dict().items()})
        assert torch.allclose(single(contexts[copy]), together[copy])
    assert bottleneck.parameter_count(batched) == bottleneck.parameter_count(make())


def test_mixture_of_softmaxes_with_one_component_is_a_softmax(generator):
    head = bottleneck.MixtureOfSoftmaxes(3, 7, 1, generator)
    g = torch.randn(5, 3, generator=generator, dtype=DTYPE)
    h, log_prior = head.component_contexts(g)
    assert torch.allclose(log_prior, torch.zeros_like(log_prior))
    assert torch.allclose(head(g), torch.log_softmax(h[:, 0] @ head.embeddings.T, -1))


def test_mixture_of_contexts_is_a_softmax_of_the_mixed_context(generator):
    head = bottleneck.MixtureOfContexts(3, 7, 4, generator)
    g = torch.randn(5, 3, generator=generator, dtype=DTYPE)
    softmax = bottleneck.SoftmaxHead(3, 7)
    softmax.embeddings = head.embeddings
    assert torch.allclose(head(g), softmax(head.mixed_context(g)))


def test_mixture_of_contexts_stays_low_rank_and_the_others_do_not(generator):
    g = torch.randn(30, 2, generator=generator, dtype=DTYPE)
    with torch.no_grad():
        moc = bottleneck.MixtureOfContexts(2, 20, 5, generator)(g)
        mos = bottleneck.MixtureOfSoftmaxes(2, 20, 5, generator)(g)
        sig = bottleneck.SigsoftmaxHead(2, 20, generator)(g)
    assert bottleneck.centred_rank(moc) <= 2
    assert bottleneck.centred_rank(mos) > 2 and bottleneck.centred_rank(sig) > 2


def test_sigsoftmax_keeps_the_ranking_of_the_logits(generator):
    head = bottleneck.SigsoftmaxHead(3, 7, generator)
    g = torch.randn(50, 3, generator=generator, dtype=DTYPE)
    assert torch.equal(head(g).argsort(-1), head.logits(g).argsort(-1))


def test_fit_head_lowers_the_kl(generator):
    target = bottleneck.synthetic_log_probs(10, 6, 4, generator)
    head = bottleneck.SoftmaxHead(2, 6, generator)
    before = bottleneck.kl_divergence(target, head(torch.zeros(10, 2, dtype=DTYPE))).item()
    after, log_q = bottleneck.fit_head(head, target, steps=200, generator=generator)
    assert after.item() < before and log_q.shape == (10, 6)


def test_fit_head_fits_copies_one_target_each(generator):
    targets = torch.stack([bottleneck.synthetic_log_probs(10, 6, 4, generator) for _ in range(3)])
    kl, log_q = bottleneck.fit_head(bottleneck.SoftmaxHead(2, 6, generator, (3,)), targets, 100, generator)
    assert kl.shape == (3,) and log_q.shape == (3, 10, 6)
    assert torch.allclose(kl, bottleneck.kl_divergence(targets, log_q))


SQUARE = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [0.2, 0.1], [1.0, 0.0]], dtype=DTYPE)


def test_words_inside_the_convex_hull_are_unargmaxable():
    assert bottleneck.unargmaxable(SQUARE) == [4, 5]  # inside, and on an edge without being a vertex
    contexts = torch.randn(20000, 2, generator=torch.Generator().manual_seed(1), dtype=DTYPE)
    assert set(bottleneck.winners(SQUARE, contexts).tolist()) == {0, 1, 2, 3}
    assert [i for i in range(6) if not bottleneck.can_win(SQUARE, i)] == [4, 5]
    assert bottleneck.hull_vertex_share(SQUARE) == pytest.approx(4 / 6)


def test_a_large_bias_lifts_an_interior_word_onto_the_hull():
    biases = torch.tensor([0.0, 0.0, 0.0, 0.0, 3.0, 0.0], dtype=DTYPE)
    assert bottleneck.unargmaxable(SQUARE, biases) == [5]
    assert [i for i in range(6) if not bottleneck.can_win(SQUARE, i, biases)] == [5]
    assert (torch.zeros(1, 2, dtype=DTYPE) @ SQUARE.T + biases).argmax().item() == 4  # at h = 0 the bias decides


def test_convex_weights_rebuild_an_interior_point():
    weights = bottleneck.convex_weights(SQUARE[:4], SQUARE[4])
    assert weights.sum().item() == pytest.approx(1.0) and (weights >= 0).all()
    assert torch.allclose(weights @ SQUARE[:4], SQUARE[4])
    assert bottleneck.convex_weights(SQUARE[:4], torch.tensor([2.0, 0.0], dtype=DTYPE)) is None


def test_a_mixture_of_softmaxes_never_lets_an_interior_word_win_but_a_copy_head_does(generator):
    contexts = 2 * torch.randn(5000, 3, 2, generator=generator, dtype=DTYPE)
    priors = torch.softmax(torch.randn(5000, 3, generator=generator, dtype=DTYPE), -1)
    mixture = bottleneck.mixture_of_softmaxes_probabilities(SQUARE, contexts, priors)
    assert torch.allclose(mixture.sum(-1), torch.ones(5000, dtype=DTYPE))
    weights = bottleneck.convex_weights(SQUARE[:4], SQUARE[4])
    assert (mixture[:, 4] <= mixture[:, :4] @ weights + 1e-12).all()  # Jensen
    assert not torch.isin(mixture.argmax(-1), torch.tensor([4, 5])).any()
    copied = torch.zeros(5000, 6, dtype=DTYPE)
    copied[:, 4] = 1.0
    gates = torch.rand(5000, generator=generator, dtype=DTYPE)
    copy = bottleneck.copy_head_probabilities(SQUARE, contexts[:, 0], gates, copied)
    assert torch.allclose(copy.sum(-1), torch.ones(5000, dtype=DTYPE))
    assert (copy.argmax(-1) == 4).any()


def test_a_bias_lowers_the_threshold_only_for_a_unigram_like_component(generator):
    generic = bottleneck.synthetic_log_probs(20, 12, 3, generator)
    assert bottleneck.bias_threshold(generic) == bottleneck.centred_rank(generic) == 3
    assert bottleneck.ones_distance(generic) > 0.1
    unigram = bottleneck.unigram_plus_low_rank_log_probs(20, 12, 2, generator)
    assert bottleneck.centred_rank(unigram) == 3 and bottleneck.bias_threshold(unigram) == 2
    assert bottleneck.ones_distance(unigram) < 1e-8
    assert bottleneck.fit_factorisation(unigram, 2, generator, restarts=1, max_iter=500, bias=True) < 1e-8
    assert bottleneck.fit_factorisation(generic, 2, generator, restarts=1, max_iter=500, bias=True) > 1e-3


def test_the_dimension_of_a_head_for_one_context(generator):
    assert bottleneck.context_dimension(bottleneck.SoftmaxHead(3, 20, generator), generator) == 3
    mos = bottleneck.MixtureOfSoftmaxes(2, 20, 2, generator, inputs=10)
    assert mos.inputs == 10 and bottleneck.context_dimension(mos, generator) == 5  # K(d + 1) − 1
    narrow = bottleneck.MixtureOfSoftmaxes(3, 20, 4, generator, inputs=2)
    assert bottleneck.context_dimension(narrow, generator) == 2  # dim g


def test_a_mixtape_style_head_can_let_an_interior_word_win(generator):
    contexts = 2 * torch.randn(5000, 3, 2, generator=generator, dtype=DTYPE)
    gates = 3 * torch.randn(5000, 6, 3, generator=generator, dtype=DTYPE)
    mixtape = bottleneck.mixtape_probabilities(SQUARE, contexts, gates)
    assert torch.allclose(mixtape.sum(-1), torch.ones(5000, dtype=DTYPE))
    assert torch.isin(mixtape.argmax(-1), torch.tensor([4, 5])).any()
    same_gates = bottleneck.mixtape_probabilities(SQUARE, contexts, gates[:, :1].expand(-1, 6, -1))
    assert not torch.isin(same_gates.argmax(-1), torch.tensor([4, 5])).any()  # gates shared by all tokens: a softmax
