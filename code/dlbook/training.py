"""Training in two forms.

- `fit`: the clean loop for one nn.Module and a DataLoader: train and eval modes, zero_grad / backward / step,
  evaluation under no_grad, metrics per epoch.
- `train_batched`: the same loop for a `BatchedMLP`, which holds one independent network per seed and runs them all
  with batched matrix products, so that five seeds cost about as much as one. Every operation acts on each seed
  separately (the loss is a sum over seeds, the optimisers work element by element), so it gives what
  `train_each_seed`, a loop over seeds, gives, and what ordinary nn.Linear layers trained one seed at a time by
  torch.optim give (code/tests/test_training.py).
"""
import time
from typing import NamedTuple

import torch
from torch import nn
from torch.nn import functional as F

from dlbook.building import initial_weights, pairs


def accuracy(logits, y):
    """Share of correct predictions along the last batch dimension."""
    return (logits.argmax(-1) == y).float().mean(-1)


# --8<-- [start:loop]
def train_epoch(model, loader, optimiser):
    """One pass over `loader`; returns the mean training loss."""
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        optimiser.zero_grad()
        loss = F.cross_entropy(model(x), y)  # cross-entropy on logits: softmax and log in one stable step
        loss.backward()
        optimiser.step()
        total, count = total + loss.item() * len(y), count + len(y)
    return total / count


@torch.no_grad()
def evaluate(model, split):
    """(loss, accuracy) on a whole split, in eval mode (dropout off) and without building a graph."""
    model.eval()
    logits = model(split.x)
    return F.cross_entropy(logits, split.y).item(), accuracy(logits, split.y).item()
# --8<-- [end:loop]


def fit(model, train_loader, val, optimiser, epochs):
    """Train for `epochs`; returns the history of training loss, validation loss and validation accuracy."""
    history = {"train_loss": [], "val_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        history["train_loss"].append(train_epoch(model, train_loader, optimiser))
        val_loss, val_accuracy = evaluate(model, val)
        history["val_loss"].append(val_loss)
        history["val_accuracy"].append(val_accuracy)
    return history


class BatchedMLP(nn.Module):
    """One MLP per seed, all evaluated at once: inputs (S, B, in) -> logits (S, B, out).

    Seed s draws its weights from its own generator, so a batch of seeds equals the same seeds built one by one.
    """

    def __init__(self, sizes, activation, seeds, init="default", dropout=0.0):
        super().__init__()
        generators = [torch.Generator().manual_seed(seed) for seed in seeds]
        weights, biases = [], []
        for n_in, n_out in pairs(sizes):
            drawn = [initial_weights((n_out, n_in), init, g) for g in generators]
            weights.append(nn.Parameter(torch.stack([W.T for W, _ in drawn])))          # (S, in, out)
            biases.append(nn.Parameter(torch.stack([b for _, b in drawn]).unsqueeze(1)))  # (S, 1, out)
        self.weights, self.biases = nn.ParameterList(weights), nn.ParameterList(biases)
        self.activation, self.dropout, self.seeds = activation, dropout, len(seeds)

    def forward(self, x, record=False):
        """Logits; with record=True also the list of hidden activations, one (S, B, width) tensor per layer."""
        hidden = []
        for index, (W, b) in enumerate(zip(self.weights, self.biases)):
            x = torch.baddbmm(b, x, W)
            if index < len(self.weights) - 1:
                x = self.activation(x)
                hidden.append(x)
                x = F.dropout(x, self.dropout, self.training)
        return (x, hidden) if record else x


def cross_entropy(logits, y):
    """Mean cross-entropy of each seed's network on its batch, shape (S,): softmax and log in one stable step."""
    return F.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="none").view(y.shape).mean(-1)


def softmax_mse(logits, y):
    """Mean squared error between the softmax probabilities and the one-hot targets, shape (S,)."""
    targets = F.one_hot(y, logits.shape[-1]).to(logits.dtype)
    return ((torch.softmax(logits, -1) - targets) ** 2).sum(-1).mean(-1)


def batched_loss(model, x, y, loss=cross_entropy):
    """The loss of each seed's network on its own batch, shape (S,); summed over seeds, seed s's gradient is its
    own."""
    return loss(model(x), y)


@torch.no_grad()
def evaluate_batched(model, split):
    """(loss, accuracy), each of shape (S,), of every seed's network on the same split."""
    model.eval()
    x = split.x.expand(model.seeds, -1, -1)
    y = split.y.expand(model.seeds, -1)
    logits = model(x)
    return cross_entropy(logits, y), accuracy(logits, y)


TRAIN_SAMPLE = 1000  # training loss and accuracy are measured on this many training examples, for speed


class Result(NamedTuple):
    history: dict        # name -> (epochs, S): train_loss, train_accuracy, val_loss, val_accuracy
    test_accuracy: torch.Tensor  # (S,)
    best_epoch: torch.Tensor     # (S,) epoch whose weights were kept
    model: BatchedMLP            # (train_each_seed: one per seed, in a list)


def shuffler(seed):
    """The generator that draws the order of the training examples, epoch after epoch, for `seed`'s network."""
    return torch.Generator().manual_seed(10_000 + seed)


def train_batched(model, data, make_optimiser, epochs, batch_size, seeds, patience=None, loss=cross_entropy):
    """Train every seed's network on its own shuffling of the training set. With `patience`, each seed keeps the
    weights of its best validation epoch and stops counting once `patience` epochs bring no improvement; the
    loop ends when every seed has stopped. Returns a Result."""
    optimiser = make_optimiser(model.parameters())
    shufflers = [shuffler(seed) for seed in seeds]
    x, y = data.train
    train_sample = data.train._make(t[:TRAIN_SAMPLE] for t in data.train)  # training metrics on a fixed sample
    history = {name: [] for name in ("train_loss", "train_accuracy", "val_loss", "val_accuracy")}
    best_accuracy = torch.full((len(seeds),), -1.0)
    best_epoch = torch.zeros(len(seeds), dtype=torch.long)
    best_state = [p.detach().clone() for p in model.parameters()]
    for epoch in range(epochs):
        model.train()
        order = torch.stack([torch.randperm(len(y), generator=g) for g in shufflers])
        for start in range(0, len(y) - batch_size + 1, batch_size):
            batch = order[:, start:start + batch_size]
            optimiser.zero_grad()
            batched_loss(model, x[batch], y[batch], loss).sum().backward()
            optimiser.step()
        for name, split in (("train", train_sample), ("val", data.val)):
            split_loss, split_accuracy = evaluate_batched(model, split)
            history[f"{name}_loss"].append(split_loss.cpu())
            history[f"{name}_accuracy"].append(split_accuracy.cpu())
        improved = history["val_accuracy"][-1] > best_accuracy
        best_accuracy = torch.where(improved, history["val_accuracy"][-1], best_accuracy)
        best_epoch = torch.where(improved, epoch, best_epoch)
        for kept, current in zip(best_state, model.parameters()):
            mask = improved.to(kept.device).view(-1, *[1] * (kept.dim() - 1))
            kept.copy_(torch.where(mask, current.detach(), kept))
        if patience is not None and bool((epoch - best_epoch >= patience).all()):
            break
    if patience is not None:
        with torch.no_grad():
            for kept, current in zip(best_state, model.parameters()):
                current.copy_(kept)
    _, test_accuracy = evaluate_batched(model, data.test)
    return Result({k: torch.stack(v) for k, v in history.items()}, test_accuracy.cpu(), best_epoch, model)


def train_each_seed(make_model, data, make_optimiser, epochs, batch_size, seeds, **options):
    """The plain way: one network at a time, in a loop over seeds. `make_model(seeds)` builds a BatchedMLP."""
    results = [train_batched(make_model([seed]), data, make_optimiser, epochs, batch_size, [seed], **options)
               for seed in seeds]
    history = {k: torch.cat([r.history[k] for r in results], dim=1) for k in results[0].history}
    return Result(history, torch.cat([r.test_accuracy for r in results]),
                  torch.cat([r.best_epoch for r in results]), [r.model for r in results])


def timed(function, *args, **kwargs):
    """(result, seconds)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def gradient_norms(model, x, y):
    """‖∂J/∂W_l‖ for every layer l and seed, shape (S, layers), on one batch (S, B, in)."""
    model.zero_grad()
    batched_loss(model, x, y).sum().backward()
    return torch.stack([W.grad.flatten(1).norm(dim=1) for W in model.weights], dim=1)


@torch.no_grad()
def hidden_activations(model, x):
    """The activations of every hidden layer, each (S, N, width), in eval mode."""
    model.eval()
    return model(x.expand(model.seeds, -1, -1), record=True)[1]


def dead_unit_share(activations):
    """For each layer and seed, the share of units that output exactly 0 on every input: shape (S, layers)."""
    return torch.stack([(a == 0).all(dim=1).float().mean(-1) for a in activations], dim=1)
