"""Many configurations trained as one batched model, each learning rate chosen on validation (see dlbook/stats.py).

A run is a (key, learning rate) pair; the key names what else differs between networks (an activation function, an
initialisation, an optimiser). Every run trains with the same paired seeds, with early stopping on validation, and
all the runs of one key are one batched model: one network per (rate, seed), each with its own learning rate.
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
    """Train each (key, rate) of `runs` with every seed: the runs of one key as one model `build(key, seeds)`, one
    network per (rate, seed). (One model per key, not one for all: on a CPU, networks with different activation
    functions in one model train about a third slower, as `make bench` shows.) Returns {(key, rate): Outcome}."""
    outcomes = {}
    for key in dict.fromkeys(key for key, _ in runs):
        rates = [rate for k, rate in runs if k == key]
        network_seeds = [seed for _ in rates for seed in seeds]
        result = training.train_batched(build(key, network_seeds), data, make_optimiser,
                                        torch.tensor([rate for rate in rates for _ in seeds]), epochs, batch_size,
                                        network_seeds, patience, **options)
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


def at_chosen_rates(train, chosen, outcomes, tuning_seeds, more_seeds):
    """Each key at its chosen rate with every seed: the tuning seeds' runs as they are, the others trained now.
    Returns {key: Outcome} over tuning_seeds + more_seeds."""
    runs = list(chosen.items())
    extra = train(runs, more_seeds)
    return {key: Outcome(*(torch.cat([a, b], dim=-1) for a, b in zip(outcomes[(key, rate)], extra[(key, rate)])))
            for key, rate in runs}


def study(train, keys, grid, seeds, tuning=3):
    """The protocol in one call: each key's rate chosen on validation with the first `tuning` seeds, then every
    seed at that rate. Returns plain data that `memo.memoised` can store: {"chosen": {key: rate}, "edges": keys
    whose rate is still at an edge, "tuning": {(key, rate): best validation accuracies}, "final": {key: the
    Outcome's fields as a tuple}}."""
    chosen, outcomes = tune(train, keys, grid, seeds[:tuning])
    final = at_chosen_rates(train, chosen, outcomes, seeds[:tuning], seeds[tuning:])
    return {"chosen": chosen, "edges": edges(chosen, outcomes),
            "tuning": {run: o.best_val for run, o in outcomes.items()},
            "final": {key: tuple(o) for key, o in final.items()}}


def edges(chosen, outcomes):
    """The keys whose chosen rate is still the smallest or largest rate tried."""
    return [key for key, rate in chosen.items()
            if rate in (min(r for k, r in outcomes if k == key), max(r for k, r in outcomes if k == key))]
