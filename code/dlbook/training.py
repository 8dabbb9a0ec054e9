"""Training in two forms.

- `fit`: the clean loop for one nn.Module and a DataLoader: train and eval modes, zero_grad / backward / step,
  evaluation under no_grad, metrics per epoch.
- `train_batched`: the same loop for a `BatchedMLP`, which holds many independent networks (one per seed, rate or
  configuration) and runs them all with batched matrix products, so that ten networks cost little more than one.
  Every operation acts on each network separately (the loss is a sum over networks, the optimisers work element by
  element, each network may have its own learning rate and stops early on its own), so it gives what
  `train_each_seed`, a loop over seeds, gives, and what ordinary nn.Linear layers trained one at a time by
  torch.optim give (code/tests/test_training.py).
"""
import itertools
import math
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
    """Many independent MLPs, all evaluated at once: inputs (S, B, in) -> logits (S, B, out).

    Network s draws its weights from a generator seeded with seeds[s], and its dropout masks from a second one, so a
    batch of networks equals the same networks built one by one. `activation` is one function for all, or one per
    network: networks that share a function are evaluated together. With `residual`, each hidden layer whose width
    equals its input's adds its input (x + g(Wx + b)). With norm="layer", each hidden pre-activation is
    layer-normalised, g(LN(Wx + b)), with no learned scale or shift. With norm="batch", it is batch-normalised over
    the batch (each network over its own batch, with its own running statistics for evaluation, as nn.BatchNorm1d),
    and the layer's bias is added after it as the learned shift: g(BN(Wx) + b), with no learned scale.
    """

    def __init__(self, sizes, activation, seeds, init="default", dropout=0.0, residual=False, norm=None):
        super().__init__()
        functions = list(activation) if isinstance(activation, (list, tuple)) else [activation] * len(seeds)
        if len(functions) != len(seeds):
            raise ValueError(f"{len(functions)} activation functions for {len(seeds)} networks")
        generators = [torch.Generator().manual_seed(seed) for seed in seeds]
        weights, biases = [], []
        for n_in, n_out in pairs(sizes):
            drawn = [initial_weights((n_out, n_in), init, g) for g in generators]
            weights.append(nn.Parameter(torch.stack([W.T for W, _ in drawn])))          # (S, in, out)
            biases.append(nn.Parameter(torch.stack([b for _, b in drawn]).unsqueeze(1)))  # (S, 1, out)
        self.weights, self.biases = nn.ParameterList(weights), nn.ParameterList(biases)
        self.functions = functions  # setting it also groups the networks that share a function
        self.masks = [torch.Generator().manual_seed(20_000 + seed) for seed in seeds] if dropout else []
        self.dropout, self.residual, self.norm = dropout, residual, norm
        if norm not in (None, "layer", "batch"):
            raise ValueError(f"norm must be None, 'layer' or 'batch', not {norm!r}")
        for index, b in enumerate(biases[:-1] if norm == "batch" else []):  # running statistics, as nn.BatchNorm1d
            self.register_buffer(f"running_mean{index}", torch.zeros(b.shape[0], b.shape[2]))
            self.register_buffer(f"running_var{index}", torch.ones(b.shape[0], b.shape[2]))

    @property
    def seeds(self):
        """The number of networks."""
        return len(self.functions)

    @property
    def functions(self):
        """The activation function of each network."""
        return self._functions

    @functions.setter
    def functions(self, functions):
        self._functions = functions
        self.groups = _groups(functions)  # (function, first network, end) for each run of networks sharing one

    def keep(self, networks):
        """Keep only the networks whose index is in `networks` (a 1-D index tensor), with their own state."""
        self.replace({name: t[networks.to(t.device)] for name, t in self.state_dict().items()})
        self.functions = [self.functions[i] for i in networks.tolist()]
        self.masks = [self.masks[i] for i in networks.tolist()] if self.masks else []

    def replace(self, state):
        """Take the tensors of `state`, a state_dict of this model's kind for any number of networks, as its own."""
        for name, tensor in state.items():
            kind, _, index = name.partition(".")
            if index:  # "weights.0", "biases.2"
                getattr(self, kind)[int(index)] = nn.Parameter(tensor)
            else:      # a buffer of running statistics
                setattr(self, name, tensor)

    def activate(self, z):
        if len(self.groups) == 1:
            return self.groups[0][0](z)
        return torch.cat([f(z[start:end]) for f, start, end in self.groups])

    def drop(self, h):
        """Dropout with each network's mask drawn from its own generator: inverted dropout, as F.dropout."""
        keep = torch.stack([torch.rand(h.shape[1:], generator=g) for g in self.masks]).to(h.device) >= self.dropout
        return h * keep / (1 - self.dropout)

    def batch_norm(self, index, z):
        """Each network's (S, B, width) pre-activations normalised over its batch, per unit: with the batch's
        statistics in training (which update the running ones) and the running statistics in evaluation."""
        networks, batch, width = z.shape
        mean, var = getattr(self, f"running_mean{index}"), getattr(self, f"running_var{index}")
        flat = F.batch_norm(z.transpose(0, 1).reshape(batch, networks * width), mean.view(-1), var.view(-1),
                            training=self.training)
        return flat.view(batch, networks, width).transpose(0, 1)

    def forward(self, x, record=False):
        """Logits; with record=True also the list of hidden activations, one (S, B, width) tensor per layer."""
        hidden = []
        for index, (W, b) in enumerate(zip(self.weights, self.biases)):
            if index == len(self.weights) - 1:
                z = torch.baddbmm(b, x, W)
                return (z, hidden) if record else z
            if self.norm == "batch":
                z = self.batch_norm(index, torch.bmm(x, W)) + b
            else:
                z = torch.baddbmm(b, x, W)
            if self.norm == "layer":
                z = F.layer_norm(z, z.shape[-1:])
            h = self.activate(z)
            hidden.append(h)
            if self.dropout and self.training:
                h = self.drop(h)
            x = x + h if self.residual and x.shape == h.shape else h


@torch.no_grad()
def centre_inputs(model, x):
    """Set the biases of a fresh plain model (no skips, no normalisation) so that, on the inputs `x` (N, in), every
    unit's pre-activation has mean zero at the current weights, layer after layer: the mean that a function such as
    the sigmoid passes on to the next layer is removed at initialisation. Returns the model."""
    if model.residual or model.norm:
        raise ValueError("centre_inputs is for plain networks")
    h = x.expand(model.seeds, -1, -1)
    for W, b in zip(model.weights, model.biases):
        z = torch.bmm(h, W)
        b.copy_(-z.mean(1, keepdim=True))
        h = model.activate(z + b)
    return model


def _groups(items):
    """(item, start, end) for each run of equal consecutive items."""
    groups, start = [], 0
    for item, run in itertools.groupby(items):
        end = start + len(list(run))
        groups.append((item, start, end))
        start = end
    return groups


def cross_entropy(logits, y):
    """Mean cross-entropy of each seed's network on its batch, shape (S,): softmax and log in one stable step. The
    classes go second, (S, classes, B), the layout F.cross_entropy takes for a batch of sequences: on a CPU its
    softmax over ten classes is several times faster there than over the last dimension of (S·B, classes)."""
    return F.cross_entropy(logits.transpose(1, 2), y, reduction="none").mean(-1)


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


def scaled_step(optimiser, parameters, rates):
    """optimiser.step() with network s's step multiplied by rates[s]. Every optimiser used here (SGD with or without
    momentum, Adam, AdamW, RMSprop) moves a parameter by the learning rate times a quantity that does not depend on
    it, so an optimiser built with lr=1 and scaled this way is the same as one network per rate."""
    before = [p.detach().clone() for p in parameters]
    optimiser.step()
    with torch.no_grad():
        for p, old in zip(parameters, before):
            p.copy_(torch.lerp(old, p, rates.view(-1, *[1] * (p.dim() - 1))))


def optimiser_for(parameters, make_optimiser, rate):
    """(optimiser, rates) for `rate`, one number or one per network: for one number, the optimiser at that rate and
    rates None; for one per network, an optimiser at rate 1 and the rates, on the parameters' device, for
    `step_each`."""
    if torch.is_tensor(rate) and rate.dim() > 0:
        return make_optimiser(parameters, 1.0), rate.to(parameters[0].device)
    return make_optimiser(parameters, rate), None


def step_each(optimiser, parameters, rates=None):
    """optimiser.step(), with network s's step scaled by rates[s] when `rates` holds one learning rate per network.
    SGD without weight decay (with or without momentum) is linear in the gradient: scaling each network's gradient
    by its rate scales its momentum and its step alike, so the gradients are scaled, which costs a multiplication
    instead of `scaled_step`'s copies. Any other optimiser takes `scaled_step`."""
    if rates is None:
        optimiser.step()
    elif isinstance(optimiser, torch.optim.SGD) and all(group["weight_decay"] == 0 for group in optimiser.param_groups):
        for p in parameters:
            p.grad.mul_(rates.view(-1, *[1] * (p.dim() - 1)))
        optimiser.step()
    else:
        scaled_step(optimiser, parameters, rates)


def gradient_norm_each(parameters):
    """The norm of each network's whole gradient, over all its parameters, shape (S,)."""
    return torch.stack([p.grad.flatten(1).pow(2).sum(1) for p in parameters]).sum(0).sqrt()


def clip_each_network(parameters, max_norm):
    """Scale each network's gradient down so that its norm over all its parameters is at most `max_norm`: what
    torch.nn.utils.clip_grad_norm_ does to one network, done to every network of a BatchedMLP on its own."""
    factors = (max_norm / (gradient_norm_each(parameters) + 1e-6)).clamp(max=1.0)
    for p in parameters:
        p.grad.mul_(factors.view(-1, *[1] * (p.dim() - 1)))


def warmup_cosine(steps, warmup):
    """A learning-rate multiplier for step t of `steps` (as torch.optim.lr_scheduler.LambdaLR takes): a linear rise
    over the first `warmup` steps, then a cosine decay that reaches 0 at step `steps`, just after the last."""
    def factor(step):
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))
    return factor


def train_batched(model, data, make_optimiser, rate, epochs, batch_size, seeds, patience=None, loss=cross_entropy,
                  training_metrics=True, schedule=None, clip=None):
    """Train every network on its own shuffling of the training set (network s uses seeds[s]) with the optimiser
    `make_optimiser(parameters, lr)`, at learning rate `rate`: one number for all, or one per network. An epoch is
    one pass in batches of `batch_size`, the last one smaller when the batch does not divide the training set.

    With `patience`, each network keeps the weights of its best validation epoch and stops once `patience` epochs
    bring no improvement (a network whose loss has diverged stops too, since it no longer improves). A network that
    has stopped leaves the batched model, with its optimiser state, so that the networks still training cost only
    what they need; its history is NaN from then on. The loop ends when every network has stopped, and the model
    then holds each network's kept weights. Without patience every network trains for `epochs` and keeps its last
    weights. Without `training_metrics` the history holds only the validation metrics, which saves a pass over a
    sample of the training set each epoch. With `schedule`, step t (counted over all epochs) uses the rate times
    schedule(t), as torch.optim.lr_scheduler.LambdaLR; with `clip`, each network's gradient norm is clipped to it
    before each step (`clip_each_network`). Returns a Result."""
    count = model.seeds
    parameters = list(model.parameters())
    optimiser, rates = optimiser_for(parameters, make_optimiser, rate)
    shufflers = [shuffler(seed) for seed in seeds]
    active = torch.arange(count)                      # the networks still in the model
    x, y = data.train
    train_sample = data.train._make(t[:TRAIN_SAMPLE] for t in data.train)  # training metrics on a fixed sample
    splits = {"train": train_sample, "val": data.val} if training_metrics else {"val": data.val}
    history = {f"{name}_{metric}": [] for name in splits for metric in ("loss", "accuracy")}
    best_accuracy = torch.full((count,), -1.0)
    best_epoch = torch.zeros(count, dtype=torch.long)
    best_state = {name: t.clone() for name, t in model.state_dict().items()}  # weights and running statistics
    every = (model.functions, model.masks)
    steps = itertools.count()
    for epoch in range(epochs):
        model.train()
        order = torch.stack([torch.randperm(len(y), generator=shufflers[i]) for i in active.tolist()]).to(y.device)
        shuffled_x, shuffled_y = x[order], y[order]  # each network's epoch in its own order
        for start in range(0, len(y), batch_size):
            optimiser.zero_grad()
            batch = slice(start, start + batch_size)
            batched_loss(model, shuffled_x[:, batch], shuffled_y[:, batch], loss).sum().backward()
            if clip is not None:
                clip_each_network(parameters, clip)
            step = next(steps)
            if schedule is not None:
                for group in optimiser.param_groups:
                    group["lr"] = (1.0 if rates is not None else rate) * schedule(step)
            step_each(optimiser, parameters, rates)
        for name, split in splits.items():
            for metric, values in zip(("loss", "accuracy"), evaluate_batched(model, split)):
                history[f"{name}_{metric}"].append(torch.full((count,), float("nan")).index_put((active,), values.cpu()))
        accuracy_now = history["val_accuracy"][-1][active]
        improved = accuracy_now > best_accuracy[active]
        best_accuracy[active] = torch.where(improved, accuracy_now, best_accuracy[active])
        best_epoch[active] = torch.where(improved, epoch, best_epoch[active])
        for name, current in model.state_dict().items():
            kept = best_state[name]
            kept[active[improved].to(kept.device)] = current[improved.to(kept.device)]
        if patience is not None:
            going = epoch - best_epoch[active] < patience
            if not bool(going.any()):
                break
            if not bool(going.all()):
                optimiser, rates = _leave(model, optimiser, make_optimiser, going, rates)
                parameters, active = list(model.parameters()), active[going]
    if patience is not None:  # every network back in the model, with its kept weights
        model.replace(best_state)
        model.functions, model.masks = every
    _, test_accuracy = evaluate_batched(model, data.test)
    return Result({k: torch.stack(v) for k, v in history.items()}, test_accuracy.cpu(), best_epoch, model)


def _leave(model, optimiser, make_optimiser, going, rates):
    """The networks that are not `going` (a mask over the model's networks) leave the model and the optimiser's
    state. Returns the optimiser over what is left, and what is left of the per-network rates (or None)."""
    before = list(model.parameters())
    state = [optimiser.state.get(p, {}) for p in before]
    model.keep(going.nonzero().flatten())
    after = list(model.parameters())
    optimiser = make_optimiser(after, optimiser.param_groups[0]["lr"])
    for old, new, saved in zip(before, after, state):
        optimiser.state[new] = {key: value[going.to(value.device)] if torch.is_tensor(value) and value.shape == old.shape
                                else value for key, value in saved.items()}
    return optimiser, None if rates is None else rates[going.to(rates.device)]


def train_each_seed(make_model, data, make_optimiser, rate, epochs, batch_size, seeds, **options):
    """The plain way: one network at a time, in a loop over seeds. `make_model(seeds)` builds a BatchedMLP.
    Histories of networks that stopped early are padded with NaN to the longest."""
    results = [train_batched(make_model([seed]), data, make_optimiser, rate, epochs, batch_size, [seed], **options)
               for seed in seeds]
    longest = max(len(r.history["val_loss"]) for r in results)
    history = {k: torch.cat([F.pad(r.history[k], (0, 0, 0, longest - len(r.history[k])), value=float("nan"))
                             for r in results], dim=1) for k in results[0].history}
    return Result(history, torch.cat([r.test_accuracy for r in results]),
                  torch.cat([r.best_epoch for r in results]), [r.model for r in results])


def timed(function, *args, **kwargs):
    """(result, seconds)."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def update_ratios(model, split, make_optimiser, rate, steps, batch_size, seed):
    """‖ΔW‖ / ‖W‖, the size of each step's change of every layer's weights against their size, at each of the first
    `steps` steps of training on `split`, shape (steps, S, layers). Every network sees the same batches, drawn with
    `seed`; `rate` is one number for all or one per network."""
    parameters = list(model.parameters())
    optimiser, rates = optimiser_for(parameters, make_optimiser, rate)
    order = torch.randperm(len(split.y), generator=shuffler(seed))
    order = order.repeat(math.ceil(steps * batch_size / len(order)))
    model.train()
    ratios = []
    for batch in order[:steps * batch_size].view(steps, batch_size):
        before = [W.detach().clone() for W in model.weights]
        optimiser.zero_grad()
        x, y = split.x[batch].expand(model.seeds, -1, -1), split.y[batch].expand(model.seeds, -1)
        batched_loss(model, x, y).sum().backward()
        step_each(optimiser, parameters, rates)
        ratios.append(torch.stack([(W.detach() - old).flatten(1).norm(dim=1) / old.flatten(1).norm(dim=1)
                                   for W, old in zip(model.weights, before)], dim=1))
    return torch.stack(ratios)


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
