"""Configurations trained together and learning rates chosen on validation, on small sizes."""
import math

import pytest
import torch

from dlbook import activations, data, sweep, training


@pytest.fixture(scope="module")
def tiny():
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(240, 5, generator=generator)
    y = (x[:, 0] - x[:, 1] > 0).long()
    rest, test = data.split_off(data.Split(x, y), 0.25, generator)
    train, val = data.split_off(rest, 0.25, generator)
    return data.Data("tiny", *data.standardise(train, val, test), classes=2)


def sgd(parameters, lr):
    return torch.optim.SGD(parameters, lr=lr, momentum=0.9)


def build(key, seeds):
    return training.BatchedMLP([5, 8, 2], activations.ACTIVATIONS[key][0], seeds, init="kaiming")


def test_each_run_equals_training_it_alone(tiny):
    runs = [("relu", 0.3), ("relu", 0.03), ("tanh", 0.1)]
    together = sweep.train_runs(build, tiny, sgd, runs, [0, 1], epochs=6, batch_size=16, patience=2)
    for key, rate in runs:
        alone = training.train_batched(build(key, [0, 1]), tiny, sgd, rate, 6, 16, [0, 1], patience=2)
        outcome = together[(key, rate)]
        assert torch.equal(outcome.best_epoch, alone.best_epoch)
        assert torch.allclose(outcome.test, alone.test_accuracy)
        kept = alone.history["val_accuracy"][alone.best_epoch, torch.arange(2)]
        assert torch.allclose(outcome.best_val, kept)


def fake_train(best_rate, calls):
    """A stand-in for train_runs whose validation accuracy peaks at `best_rate` (on a log scale)."""
    def train(runs, seeds):
        calls.append(runs)
        return {(key, rate): sweep.Outcome(torch.zeros(1, len(seeds)),
                                           torch.full((len(seeds),), -abs(math.log(rate / best_rate))),
                                           torch.tensor([float(seed) for seed in seeds]), torch.zeros(len(seeds)))
                for key, rate in runs}
    return train


def test_the_grid_widens_until_the_best_rate_is_bracketed():
    calls = []
    chosen, outcomes = sweep.tune(fake_train(3.0, calls), ["a"], [0.01, 0.1], [0, 1], extensions=3)
    assert chosen == {"a": pytest.approx(1.0)} and sweep.edges(chosen, outcomes) == []
    assert [rate for _, rate in calls[1]] == [1.0] and [rate for _, rate in calls[2]] == [10.0]


def test_the_widening_stops_after_its_extensions_and_says_so():
    chosen, outcomes = sweep.tune(fake_train(1e4, []), ["a"], [0.01, 0.1], [0, 1], extensions=1)
    assert chosen == {"a": pytest.approx(1.0)} and sweep.edges(chosen, outcomes) == ["a"]


def test_a_study_tunes_on_the_first_seeds_and_reports_every_seed():
    seeds_seen, train = [], fake_train(0.1, [])
    result = sweep.study(lambda runs, seeds: seeds_seen.append(seeds) or train(runs, seeds),
                         ["a"], [0.01, 0.1, 1.0], [0, 1, 2, 3], tuning=2)
    assert result["chosen"] == {"a": 0.1} and result["edges"] == []
    assert seeds_seen == [[0, 1], [2, 3]]  # tuned on the first two seeds; the other two only at the chosen rate
    assert list(result["final"]["a"][2]) == [0.0, 1.0, 2.0, 3.0]  # test accuracies of all four seeds, in order


def test_the_final_runs_keep_the_tuning_seeds_and_add_the_others():
    train = fake_train(0.1, [])
    chosen, outcomes = sweep.tune(train, ["a"], [0.01, 0.1, 1.0], [0, 1])
    final = sweep.at_chosen_rates(train, chosen, outcomes, [0, 1], [2, 3, 4])
    assert final["a"].test.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
