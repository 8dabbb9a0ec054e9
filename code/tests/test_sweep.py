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


def test_a_study_tunes_on_its_own_seeds_and_reports_others():
    seeds_seen, train = [], fake_train(0.1, [])
    result = sweep.study(lambda runs, seeds: seeds_seen.append(seeds) or train(runs, seeds),
                         ["a"], [0.01, 0.1, 1.0], [7, 8], [0, 1, 2, 3])
    assert result["chosen"] == {"a": 0.1} and result["edges"] == []
    assert seeds_seen == [[7, 8], [0, 1, 2, 3]]  # tuned on 7 and 8; the reported seeds only at the chosen rate
    assert list(result["final"]["a"][2]) == [0.0, 1.0, 2.0, 3.0]  # test accuracies of the reported seeds, in order


def test_a_study_refuses_tuning_seeds_among_the_reported_ones():
    with pytest.raises(ValueError, match=r"\[2\]"):
        sweep.study(fake_train(0.1, []), ["a"], [0.01, 0.1, 1.0], [2, 9], [0, 1, 2, 3])


def test_runs_without_patience_are_refused(tiny):
    with pytest.raises(ValueError, match="patience"):
        sweep.train_runs(build, tiny, sgd, [("a", 0.1)], [0], 2, 32, None)


def test_a_study_with_groups_reports_only_each_groups_best_candidate():
    def train(runs, seeds):  # candidate "a/2" peaks higher than "a/1"; each peaks at rate 0.1
        return {(key, rate): sweep.Outcome(torch.zeros(1, len(seeds)),
                                           torch.full((len(seeds),), float(key[-1]) - abs(math.log(rate / 0.1))),
                                           torch.full((len(seeds),), float(key[-1])), torch.zeros(len(seeds)))
                for key, rate in runs}
    result = sweep.study(train, ["a/1", "a/2", "b/1"], [0.01, 0.1, 1.0], [5], [0, 1], group=lambda k: k[0])
    assert result["winner"] == {"a": "a/2", "b": "b/1"}
    assert result["final"]["a"][2].tolist() == [2.0, 2.0] and result["final"]["b"][2].tolist() == [1.0, 1.0]


def test_epochs_to_a_level_counts_from_one_and_is_infinite_when_never_reached():
    val = torch.tensor([[0.2, 0.1, 0.3], [0.5, 0.2, 0.3], [0.7, float("nan"), 0.6]])
    outcome = sweep.Outcome(val, val.nan_to_num(0).max(0).values, torch.zeros(3), torch.zeros(3))
    assert sweep.epochs_to(outcome, 0.5).tolist() == [2.0, float("inf"), 3.0]
