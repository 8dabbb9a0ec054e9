"""Many configurations trained as one batched model, each learning rate chosen on validation (see dlbook/stats.py).

A run is a (key, learning rate) pair; the key names what else differs between networks that can share one
BatchedMLP (an activation function, an initialisation). Every run trains with the same paired seeds, and every
(key, rate, seed) is one network of one batched model, with early stopping on validation.
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


def train_runs(build, data, make_optimiser, runs, seeds, epochs, batch_size, patience, **options):
    """Train each (key, rate) of `runs` with every seed, as one model `build(keys, seeds)` (one key and one seed per
    network). Returns {(key, rate): Outcome}."""
    networks = [(key, rate, seed) for key, rate in runs for seed in seeds]
    keys, rates, network_seeds = (list(column) for column in zip(*networks))
    model = build(keys, network_seeds)
    result = training.train_batched(model, data, make_optimiser, torch.tensor(rates), epochs, batch_size,
                                    network_seeds, patience, **options)
    val = result.history["val_accuracy"]
    val = F.pad(val, (0, 0, 0, epochs - len(val)), value=float("nan"))
    outcomes = {}
    for index, run in enumerate(runs):
        part = slice(index * len(seeds), (index + 1) * len(seeds))
        best = result.best_epoch[part]
        outcomes[run] = Outcome(val[:, part], val[best, torch.arange(len(seeds)) + part.start], result.test_accuracy[part],
                                best)
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


def at_chosen_rates(train, chosen, outcomes, tuning_seeds, more_seeds):
    """Each key at its chosen rate with every seed: the tuning seeds' runs as they are, the others trained now.
    Returns {key: Outcome} over tuning_seeds + more_seeds."""
    runs = list(chosen.items())
    extra = train(runs, more_seeds)
    return {key: Outcome(*(torch.cat([a, b], dim=-1) for a, b in zip(outcomes[(key, rate)], extra[(key, rate)])))
            for key, rate in runs}


def edges(chosen, outcomes):
    """The keys whose chosen rate is still the smallest or largest rate tried."""
    return [key for key, rate in chosen.items()
            if rate in (min(r for k, r in outcomes if k == key), max(r for k, r in outcomes if k == key))]
