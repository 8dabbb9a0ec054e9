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


def sgd(parameters):
    return torch.optim.SGD(parameters, lr=0.1, momentum=0.9)


def test_batched_training_equals_a_loop_over_seeds(tiny):
    sizes = [6, 16, 16, 3]
    seeds = [0, 1, 2]
    make = lambda s: training.BatchedMLP(sizes, RELU, s)  # noqa: E731
    batched = training.train_batched(make(seeds), tiny, sgd, epochs=4, batch_size=32, seeds=seeds)
    looped = training.train_each_seed(make, tiny, sgd, epochs=4, batch_size=32, seeds=seeds)
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


@pytest.mark.parametrize("make_optimiser", [sgd, lambda p: torch.optim.Adam(p, lr=1e-2)], ids=["momentum", "Adam"])
def test_batched_training_equals_plain_pytorch_training_of_each_seed(tiny, make_optimiser):
    sizes, seeds, epochs, batch_size = [6, 16, 16, 3], [0, 1, 2], 3, 32
    model = training.BatchedMLP(sizes, RELU, seeds)
    plain = [plain_network(model, index) for index in range(len(seeds))]
    result = training.train_batched(model, tiny, make_optimiser, epochs, batch_size, seeds)
    x, y = tiny.train
    for index, (seed, network) in enumerate(zip(seeds, plain)):
        optimiser, order = make_optimiser(network.parameters()), training.shuffler(seed)
        for _ in range(epochs):
            permutation = torch.randperm(len(y), generator=order)
            for start in range(0, len(y) - batch_size + 1, batch_size):
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
    result = training.train_batched(model, tiny, sgd, epochs=30, batch_size=32, seeds=[0, 1], patience=3)
    assert result.history["val_accuracy"][-1].mean() > 0.6
    best = result.history["val_accuracy"][result.best_epoch, torch.arange(2)]
    assert torch.allclose(training.evaluate_batched(model, tiny.val)[1], best)


def test_the_clean_loop_lowers_the_loss(tiny):
    model = building.sequential([6, 16, 3])
    history = training.fit(model, data.loader(tiny.train, 32, shuffle=True), tiny.val,
                           torch.optim.Adam(model.parameters(), lr=1e-2), epochs=5)
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert not model.training  # left in eval mode by the last evaluation


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
