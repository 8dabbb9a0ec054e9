"""The training loops and the measurements of Chapter 3, on small sizes."""
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlbook import activations, building, data, training

RELU = activations.ACTIVATIONS["relu"][0]


@pytest.fixture(scope="module")
def tiny():
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(300, 6, generator=generator)
    y = (x[:, 0] + x[:, 1] > 0).long() + (x[:, 2] > 1).long()
    whole = data.Split(x, y)
    rest, test = data.split_off(whole, 0.2, generator)
    train, val = data.split_off(rest, 0.25, generator)
    return data.Data("tiny", *data.standardise(train, val, test), classes=3)


def sgd(parameters, lr):
    return torch.optim.SGD(parameters, lr=lr, momentum=0.9)


def adam(parameters, lr):
    return torch.optim.Adam(parameters, lr=lr)


def test_batched_training_equals_a_loop_over_seeds(tiny):
    sizes = [6, 16, 16, 3]
    seeds = [0, 1, 2]
    make = lambda s: training.BatchedMLP(sizes, RELU, s)  # noqa: E731
    batched = training.train_batched(make(seeds), tiny, sgd, 0.1, epochs=4, batch_size=32, seeds=seeds)
    looped = training.train_each_seed(make, tiny, sgd, 0.1, epochs=4, batch_size=32, seeds=seeds)
    for name in batched.history:
        assert torch.allclose(batched.history[name], looped.history[name], atol=1e-5), name
    assert torch.allclose(batched.test_accuracy, looped.test_accuracy)


def plain_network(batched, index):
    """Network `index` of a BatchedMLP rebuilt from nn.Linear and nn.ReLU layers, with the same weights."""
    layers = []
    for W, b in zip(batched.weights, batched.biases):
        linear = nn.Linear(*W.shape[1:])
        with torch.no_grad():
            linear.weight.copy_(W[index].T)
            linear.bias.copy_(b[index, 0])
        layers += [linear, nn.ReLU()]
    return nn.Sequential(*layers[:-1])


@pytest.mark.parametrize("make_optimiser, rate", [(sgd, 0.1), (adam, 1e-2)], ids=["momentum", "Adam"])
def test_batched_training_equals_plain_pytorch_training_of_each_seed(tiny, make_optimiser, rate):
    sizes, seeds, epochs, batch_size = [6, 16, 16, 3], [0, 1, 2], 3, 32
    model = training.BatchedMLP(sizes, RELU, seeds)
    plain = [plain_network(model, index) for index in range(len(seeds))]
    result = training.train_batched(model, tiny, make_optimiser, rate, epochs, batch_size, seeds)
    x, y = tiny.train
    for index, (seed, network) in enumerate(zip(seeds, plain)):
        optimiser, order = make_optimiser(network.parameters(), rate), training.shuffler(seed)
        for _ in range(epochs):
            permutation = torch.randperm(len(y), generator=order)
            for start in range(0, len(y), batch_size):  # the last batch smaller
                batch = permutation[start:start + batch_size]
                optimiser.zero_grad()
                F.cross_entropy(network(x[batch]), y[batch]).backward()
                optimiser.step()
        linears = [layer for layer in network if isinstance(layer, nn.Linear)]
        for linear, W, b in zip(linears, model.weights, model.biases, strict=True):
            assert torch.allclose(linear.weight.T, W[index].detach(), atol=1e-5)
            assert torch.allclose(linear.bias, b[index, 0].detach(), atol=1e-5)
        with torch.no_grad():
            assert (network(tiny.test.x).argmax(-1) == tiny.test.y).float().mean() == result.test_accuracy[index]


def test_training_learns_and_early_stopping_keeps_the_best_epoch(tiny):
    model = training.BatchedMLP([6, 16, 3], RELU, [0, 1])
    result = training.train_batched(model, tiny, sgd, 0.1, epochs=30, batch_size=32, seeds=[0, 1], patience=3)
    assert result.history["val_accuracy"].nan_to_num().max(0).values.min() > 0.6
    best = result.history["val_accuracy"][result.best_epoch, torch.arange(2)]
    assert torch.allclose(training.evaluate_batched(model, tiny.val)[1], best)


def test_early_stopping_batched_equals_a_loop_over_seeds(tiny):
    """A network whose patience has run out stops changing while the others go on: batched and looped training
    keep the same best epoch, weights and test accuracy."""
    sizes, seeds = [6, 16, 16, 3], [0, 1, 2, 3]
    make = lambda s: training.BatchedMLP(sizes, RELU, s)  # noqa: E731
    options = dict(epochs=40, batch_size=32, seeds=seeds, patience=2)
    batched = training.train_batched(make(seeds), tiny, sgd, 0.3, **options)
    looped = training.train_each_seed(make, tiny, sgd, 0.3, **options)
    assert len(set(looped.best_epoch.tolist())) > 1  # the networks stop at different epochs
    assert torch.equal(batched.best_epoch, looped.best_epoch)
    assert torch.allclose(batched.test_accuracy, looped.test_accuracy)
    for index, alone in enumerate(looped.model):
        for together, single in zip(batched.model.parameters(), alone.parameters()):
            assert torch.allclose(together[index], single[0], atol=1e-5)


@pytest.mark.parametrize("make_optimiser", [sgd, adam, lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1)],
                         ids=["momentum", "Adam", "AdamW"])
def test_one_rate_per_network_equals_one_model_per_rate(tiny, make_optimiser):
    sizes, rates = [6, 16, 3], [0.3, 0.03, 0.003]
    together = training.train_batched(training.BatchedMLP(sizes, RELU, [5, 5, 5]), tiny, make_optimiser,
                                      torch.tensor(rates), 3, 32, [5, 5, 5])
    for index, rate in enumerate(rates):
        alone = training.train_batched(training.BatchedMLP(sizes, RELU, [5]), tiny, make_optimiser, rate, 3, 32, [5])
        assert torch.allclose(together.history["val_loss"][:, index], alone.history["val_loss"][:, 0], atol=1e-5)
        for a, b in zip(together.model.parameters(), alone.model.parameters()):
            assert torch.allclose(a[index], b[0], atol=1e-5)


def test_networks_with_different_activations_equal_each_built_alone(tiny):
    names = ["tanh", "tanh", "relu", "sigmoid"]
    functions = [activations.ACTIVATIONS[n][0] for n in names]
    mixed = training.BatchedMLP([6, 8, 8, 3], functions, [0, 1, 2, 3], init="kaiming")
    assert [(start, end) for _, start, end in mixed.groups] == [(0, 2), (2, 3), (3, 4)]
    logits = mixed(tiny.train.x.expand(4, -1, -1))
    for index, function in enumerate(functions):
        alone = training.BatchedMLP([6, 8, 8, 3], function, [index], init="kaiming")
        assert torch.allclose(logits[index], alone(tiny.train.x[None])[0], atol=1e-6)


def test_residual_and_normalised_layers_compute_what_they_say():
    model = training.BatchedMLP([3, 4, 4, 2], torch.tanh, [0], init="kaiming", residual=True, norm="layer")
    x = torch.randn(5, 3, generator=torch.Generator().manual_seed(1))
    (W1, W2, W3), (b1, b2, b3) = [w[0] for w in model.weights], [b[0] for b in model.biases]
    normalise = lambda z: (z - z.mean(-1, keepdim=True)) / (z.var(-1, unbiased=False, keepdim=True) + 1e-5).sqrt()  # noqa: E731
    h1 = torch.tanh(normalise(x @ W1 + b1))           # 3 -> 4: no skip, the widths differ
    h2 = h1 + torch.tanh(normalise(h1 @ W2 + b2))     # 4 -> 4: with the skip
    assert torch.allclose(model(x[None])[0], h2 @ W3 + b3, atol=1e-5)


def test_the_clean_loop_lowers_the_loss(tiny):
    model = building.sequential([6, 16, 3])
    history = training.fit(model, data.loader(tiny.train, 32, shuffle=True), tiny.val,
                           torch.optim.Adam(model.parameters(), lr=1e-2), epochs=5)
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert not model.training  # left in eval mode by the last evaluation


def test_a_constant_feature_is_centred_not_blown_up():
    train = data.Split(torch.tensor([[1.0, 0.0], [1.0, 2.0]]), torch.tensor([0, 1]))
    test = data.Split(torch.tensor([[1.5, 1.0]]), torch.tensor([0]))
    _, test_s = data.standardise(train, test)
    assert torch.allclose(test_s.x, torch.tensor([[0.5, 0.0]]))


def test_standardise_uses_training_statistics_only():
    train = data.Split(torch.tensor([[0.0], [2.0]]), torch.tensor([0, 1]))
    test = data.Split(torch.tensor([[4.0]]), torch.tensor([0]))
    train_s, test_s = data.standardise(train, test)
    assert torch.allclose(train_s.x.mean(0), torch.zeros(1))
    assert torch.allclose(test_s.x, torch.tensor([[4.0 - 1.0]]) / train.x.std(0))


def test_dead_units_on_a_hand_made_network():
    model = training.BatchedMLP([2, 3, 2], RELU, [0])
    with torch.no_grad():
        model.weights[0].copy_(torch.tensor([[[1.0, -1.0, 0.5], [1.0, -1.0, 0.5]]]))
        model.biases[0].copy_(torch.tensor([[[0.0, -5.0, 0.0]]]))
    x = torch.tensor([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]])  # unit 2 is negative on every input
    activations_ = training.hidden_activations(model, x)
    assert training.dead_unit_share(activations_).tolist() == [[pytest.approx(1 / 3)]]


def test_gradient_norms_on_a_hand_made_network():
    model = training.BatchedMLP([2, 2, 2], lambda z: z, [0])
    with torch.no_grad():
        for W in model.weights:
            W.copy_(torch.eye(2).unsqueeze(0))
        for b in model.biases:
            b.zero_()
    x = torch.tensor([[[1.0, 0.0]]])
    y = torch.tensor([[0]])
    # logits = x, p = softmax([1, 0]); dJ/dlogits = p - e_0 = [p0 - 1, 1 - p0]; dJ/dW2 = xᵀ (p - e_0)
    p0 = torch.softmax(torch.tensor([1.0, 0.0]), 0)[0]
    expected = ((p0 - 1) ** 2 + (1 - p0) ** 2).sqrt()
    norms = training.gradient_norms(model, x, y)
    assert torch.allclose(norms, torch.stack([expected, expected]).unsqueeze(0))


def test_networks_that_stop_leave_the_model_without_changing_anyone_s_result(tiny):
    """Adam, one rate per network and early stopping: the networks that stop leave the batched model with their
    optimiser state, and every network ends as it would trained alone."""
    sizes, seeds, rates = [6, 16, 16, 3], [0, 1, 2, 3], torch.tensor([0.03, 0.01, 0.003, 0.03])
    together = training.train_batched(training.BatchedMLP(sizes, RELU, seeds), tiny, adam, rates, 40, 32, seeds,
                                      patience=2)
    assert len(set(together.best_epoch.tolist())) > 1
    assert together.history["val_accuracy"].isnan().any()  # a stopped network's history ends
    for index, seed in enumerate(seeds):
        alone = training.train_batched(training.BatchedMLP(sizes, RELU, [seed]), tiny, adam, rates[index].item(), 40,
                                       32, [seed], patience=2)
        assert together.best_epoch[index] == alone.best_epoch[0]
        for a, b in zip(together.model.parameters(), alone.model.parameters()):
            assert torch.allclose(a[index], b[0], atol=1e-5)


def test_each_network_draws_its_dropout_masks_from_its_own_seed(tiny):
    sizes, seeds = [6, 16, 16, 3], [4, 5, 6]
    together = training.train_batched(training.BatchedMLP(sizes, RELU, seeds, dropout=0.3), tiny, sgd, 0.1, 3, 32,
                                      seeds)
    alone = training.train_batched(training.BatchedMLP(sizes, RELU, [5], dropout=0.3), tiny, sgd, 0.1, 3, 32, [5])
    assert torch.allclose(together.history["val_loss"][:, 1], alone.history["val_loss"][:, 0], atol=1e-5)
    other = training.train_batched(training.BatchedMLP(sizes, RELU, [5], dropout=0.0), tiny, sgd, 0.1, 3, 32, [5])
    assert not torch.allclose(other.history["val_loss"][:, 0], alone.history["val_loss"][:, 0])


def test_centred_inputs_have_mean_zero_in_every_layer(tiny):
    model = training.BatchedMLP([6, 16, 16, 3], torch.sigmoid, [0, 1], init=2.0)
    _, before = model(tiny.train.x.expand(2, -1, -1), record=True)
    training.centre_inputs(model, tiny.train.x)
    x, means = tiny.train.x.expand(2, -1, -1), []
    for W, b in zip(model.weights, model.biases):
        z = torch.baddbmm(b, x, W)
        means.append(z.mean(1).abs().max().item())
        x = torch.sigmoid(z)
    assert max(means) < 1e-5
    assert before[1].mean() > 0.3  # without it the sigmoid's layers pass on a mean of about ½


def test_batch_normalised_networks_equal_batchnorm1d_in_training_and_in_evaluation(tiny):
    """norm="batch" is nn.BatchNorm1d on each network's own batch (running statistics included), with the bias
    added after it; networks that stop early keep the running statistics of their kept epoch."""
    sizes, seeds = [6, 8, 8, 3], [0, 1, 2]
    model = training.BatchedMLP(sizes, RELU, seeds, norm="batch")
    norms = [[nn.BatchNorm1d(8, affine=False) for _ in sizes[1:-1]] for _ in seeds]

    def plain(index, x):
        for layer, (W, b) in enumerate(zip(model.weights, model.biases)):
            z = x @ W[index]
            if layer == len(model.weights) - 1:
                return z + b[index]
            x = torch.relu(norms[index][layer](z) + b[index])

    batches = [tiny.train.x[:32], tiny.train.x[32:64]]
    for x in batches:  # two training passes move the running statistics
        together = model(x.expand(len(seeds), -1, -1))
        for index in range(len(seeds)):
            assert torch.allclose(together[index], plain(index, x), atol=1e-5)
    model.eval()
    for index in range(len(seeds)):
        [norm.eval() for norm in norms[index]]
        assert torch.allclose(model(tiny.val.x[None].expand(3, -1, -1))[index], plain(index, tiny.val.x), atol=1e-5)
    result = training.train_batched(training.BatchedMLP(sizes, RELU, seeds, norm="batch"), tiny, sgd, 0.3, 40, 32,
                                    seeds, patience=2)
    best = result.history["val_accuracy"][result.best_epoch, torch.arange(len(seeds))]
    assert torch.allclose(training.evaluate_batched(result.model, tiny.val)[1], best)


def test_a_schedule_and_clipping_equal_lambdalr_and_clip_grad_norm_on_each_network(tiny):
    sizes, seeds, epochs, batch_size, rate, clip = [6, 16, 3], [0, 1], 3, 32, 0.5, 0.3
    schedule = training.warmup_cosine(steps=epochs * 5, warmup=4)
    model = training.BatchedMLP(sizes, RELU, seeds)
    plain = [plain_network(model, index) for index in range(len(seeds))]
    training.train_batched(model, tiny, sgd, rate, epochs, batch_size, seeds, schedule=schedule, clip=clip)
    x, y = tiny.train
    clipped = 0
    for index, (seed, network) in enumerate(zip(seeds, plain)):
        optimiser, order = sgd(network.parameters(), rate), training.shuffler(seed)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, schedule)
        for _ in range(epochs):
            permutation = torch.randperm(len(y), generator=order)
            for start in range(0, len(y), batch_size):
                batch = permutation[start:start + batch_size]
                optimiser.zero_grad()
                F.cross_entropy(network(x[batch]), y[batch]).backward()
                clipped += nn.utils.clip_grad_norm_(network.parameters(), clip).item() > clip
                optimiser.step()
                scheduler.step()
        linears = [layer for layer in network if isinstance(layer, nn.Linear)]
        for linear, W in zip(linears, model.weights, strict=True):
            assert torch.allclose(linear.weight.T, W[index].detach(), atol=1e-5)
    assert clipped > 0  # the clip acted


def test_warmup_rises_linearly_then_decays_to_zero():
    factor = training.warmup_cosine(steps=10, warmup=4)
    assert [factor(t) for t in range(4)] == [0.25, 0.5, 0.75, 1.0]
    assert factor(4) == 1.0 and factor(9) < factor(7) < factor(5) < 1.0
    assert abs(factor(10)) < 1e-12


def test_update_ratios_measure_each_step_of_each_layer(tiny):
    rates = torch.tensor([0.01, 0.1])
    model = training.BatchedMLP([6, 8, 3], RELU, [0, 0])
    first = [W[0].detach().clone() for W in model.weights]
    ratios = training.update_ratios(model, tiny.train, lambda p, lr: torch.optim.SGD(p, lr=lr), rates, 3, 16, seed=0)
    assert ratios.shape == (3, 2, 2)
    assert torch.allclose(ratios[:, 1], 10 * ratios[:, 0], rtol=0.2)  # plain SGD: ten times the rate, the step
    alone = training.BatchedMLP([6, 8, 3], RELU, [0])
    for W, start in zip(alone.weights, first):
        assert torch.equal(W[0].detach(), start)
    step = training.update_ratios(alone, tiny.train, lambda p, lr: torch.optim.SGD(p, lr=lr), 0.01, 1, 16, seed=0)
    assert torch.allclose(step[0, 0], ratios[0, 0])
