"""Many configurations trained as one batched model, each learning rate chosen on validation (see dlbook/stats.py).

A run is a (key, learning rate) pair; the key names what else differs between networks (an activation function, an
initialisation, an optimiser). Every run trains with the same paired seeds, with early stopping on validation, and
all the runs of one key are one batched model: one network per (rate, seed), each with its own learning rate. The
rate is chosen with tuning seeds that are never among the seeds whose results are reported.
"""
from typing import NamedTuple

import torch
from torch.nn import functional as F

from dlbook import training


class Outcome(NamedTuple):
    val: torch.Tensor         # (epochs, seeds) validation accuracy after each epoch; NaN once the loop has ended
    best_val: torch.Tensor    # (seeds,) validation accuracy of the kept epoch
    test: torch.Tensor        # (seeds,) test accuracy of the kept weights
    best_epoch: torch.Tensor  # (seeds,)


def epochs_to(outcome, level):
    """Each seed's number of epochs until its validation accuracy first reaches `level` (inf if it never does)."""
    reached = outcome.val.nan_to_num(0) >= level
    return torch.where(reached.any(0), reached.float().argmax(0).float() + 1, torch.tensor(float("inf")))


def train_runs(build, data, make_optimiser, runs, seeds, epochs, batch_size, patience, **options):
    """Train each (key, rate) of `runs` with every seed: the runs of one key as one model `build(key, seeds)`, one
    network per (rate, seed). (One model per key, not one for all: on a CPU, networks with different activation
    functions in one model train about a third slower, as `make bench` shows.) Returns {(key, rate): Outcome}."""
    if patience is None:
        raise ValueError("train_runs needs a patience: its best validation and test accuracies are the kept epoch's")
    outcomes = {}
    for key in dict.fromkeys(key for key, _ in runs):
        rates = [rate for k, rate in runs if k == key]
        network_seeds = [seed for _ in rates for seed in seeds]
        result = training.train_batched(build(key, network_seeds), data, make_optimiser,
                                        torch.tensor([rate for rate in rates for _ in seeds]), epochs, batch_size,
                                        network_seeds, patience, training_metrics=False, **options)
        val = F.pad(result.history["val_accuracy"], (0, 0, 0, epochs - len(result.history["val_accuracy"])),
                    value=float("nan"))
        for index, rate in enumerate(rates):
            part = torch.arange(index * len(seeds), (index + 1) * len(seeds))
            best = result.best_epoch[part]
            outcomes[(key, rate)] = Outcome(val[:, part], val[best, part], result.test_accuracy[part], best)
    return outcomes


def tune(train, keys, grid, seeds, extensions=2):
    """Each key's learning rate, chosen on validation: `train(runs, seeds)` trains every key at every rate of the
    log-spaced `grid`; the rate with the best mean validation accuracy wins, and where it is at an edge of what was
    tried, the grid grows one step that way (at most `extensions` times), so that the choice is bracketed.
    Returns ({key: rate}, {(key, rate): Outcome} of every run)."""
    step = grid[1] / grid[0]
    outcomes = train([(key, rate) for key in keys for rate in grid], seeds)
    for extension in range(extensions + 1):
        chosen, wider = {}, []
        for key in keys:
            tried = sorted(rate for k, rate in outcomes if k == key)
            chosen[key] = max(tried, key=lambda rate: outcomes[(key, rate)].best_val.mean().item())
            if chosen[key] == tried[0]:
                wider.append((key, float(f"{tried[0] / step:.3g}")))
            elif chosen[key] == tried[-1]:
                wider.append((key, float(f"{tried[-1] * step:.3g}")))
        if not wider or extension == extensions:
            return chosen, outcomes
        outcomes.update(train(wider, seeds))


def study(train, keys, grid, tuning_seeds, seeds, group=None):
    """The protocol in one call: each key's rate chosen on validation with `tuning_seeds`, then every seed of `seeds`,
    which must be disjoint from them, at that rate: no network that chose a rate is among those that report it.
    With `group` (key -> name), the keys of one name are candidates for it (one activation function at several
    initial gains, say), and only the candidate with the best mean validation accuracy of the tuning seeds, at its
    chosen rate, trains with `seeds`. Returns plain data that `memo.memoised` can store: {"chosen": {key: rate},
    "winner": {name: key}, "edges": keys whose rate is still at an edge, "tuning": {(key, rate): best validation
    accuracies}, "final": {name: the winner's Outcome's fields as a tuple}}."""
    if set(tuning_seeds) & set(seeds):
        raise ValueError(f"tuning seeds {sorted(set(tuning_seeds) & set(seeds))} are also reported seeds")
    group = group or (lambda key: key)
    chosen, outcomes = tune(train, keys, grid, tuning_seeds)
    score = lambda key: outcomes[(key, chosen[key])].best_val.mean().item()  # noqa: E731
    winner = {}
    for key in keys:
        if group(key) not in winner or score(key) > score(winner[group(key)]):
            winner[group(key)] = key
    final = train([(key, chosen[key]) for key in winner.values()], seeds)
    return {"chosen": chosen, "winner": winner, "edges": edges(chosen, outcomes),
            "tuning": {run: o.best_val for run, o in outcomes.items()},
            "final": {name: tuple(final[(key, chosen[key])]) for name, key in winner.items()}}


def edges(chosen, outcomes):
    """The keys whose chosen rate is still the smallest or largest rate tried."""
    return [key for key, rate in chosen.items()
            if rate in (min(r for k, r in outcomes if k == key), max(r for k, r in outcomes if k == key))]
