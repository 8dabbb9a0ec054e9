"""Figures of Chapter 3. Labels come in through `tr` or as arguments, so each edition gets its own language."""
import warnings

import numpy as np
import torch
from matplotlib import pyplot as plt

from dlbook.activations import ACTIVATIONS, autograd_derivative
from dlbook.text import persian_number, tr

COLOURS = plt.get_cmap("tab10").colors


def _band(ax, values, label, colour, x=None):
    """Mean over seeds as a line, min to max over seeds as a band; `values` is (steps, seeds). NaN (a run that
    had stopped) is left out."""
    x = torch.arange(1, values.shape[0] + 1) if x is None else torch.as_tensor(x)
    values = values.numpy()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an epoch that no seed reached is NaN, and not drawn
        ax.plot(x.numpy(), np.nanmean(values, 1), color=colour, label=label, linewidth=1.5)
        ax.fill_between(x.numpy(), np.nanmin(values, 1), np.nanmax(values, 1), color=colour, alpha=0.15)


def curves(panels, ylabel, xlabel=None, steps=None):
    """One panel per (title, {label: (epochs, seeds) tensor}) pair; with `steps`, one number of optimisation steps
    per epoch for each panel, the x axis counts steps instead of epochs."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.8), squeeze=False)
    for index, (ax, (title, series)) in enumerate(zip(axes[0], panels)):
        for colour, (label, values) in zip(COLOURS, series.items()):
            x = None if steps is None else steps[index] * torch.arange(1, values.shape[0] + 1)
            _band(ax, values, label, colour, x)
        ax.set_title(title)
        ax.set_xlabel(xlabel or tr("دوره", "epoch"))
        ax.set_ylabel(ylabel)
    axes[0, -1].legend(fontsize=8)
    fig.tight_layout()
    return fig


def seed_dots(panels, ylabel):
    """One panel per (title, {label: (seeds,) tensor}): each seed as a dot, the median as a bar, one column a label."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.8), squeeze=False)
    for ax, (title, series) in zip(axes[0], panels):
        for index, (colour, values) in enumerate(zip(COLOURS, series.values())):
            spread = np.linspace(-0.2, 0.2, len(values))
            ax.plot(index + spread, values.numpy(), "o", color=colour, markersize=3, alpha=0.7)
            ax.plot([index - 0.3, index + 0.3], [values.median().item()] * 2, color="black", linewidth=1.5)
        ax.set_xticks(range(len(series)), list(series), rotation=45, ha="right", fontsize=8)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def rate_sweeps(panels, ylabel, log_y=False):
    """One panel per (title, {label: ({rate: (seeds,) values}, chosen rate)}): the mean against the learning rate
    (validation accuracy, say), one line per label, the chosen rate of each marked with a larger dot."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.8), squeeze=False)
    for ax, (title, series) in zip(axes[0], panels):
        for colour, (label, (by_rate, chosen)) in zip(COLOURS, series.items()):
            rates = sorted(by_rate)
            ax.plot(rates, [by_rate[r].mean().item() for r in rates], "o-", color=colour, label=label, markersize=3)
            ax.plot([chosen], [by_rate[chosen].mean().item()], "o", color=colour, markersize=8)
        ax.set_xscale("log")
        if log_y:
            ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel(tr("نرخ یادگیری", "learning rate"))
        ax.set_ylabel(ylabel)
    axes[0, -1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1))
    fig.tight_layout()
    return fig


def significance(panels, note):
    """One panel per (title, names, {(row, column): Comparison}): the mean paired difference row − column in
    points where Holm's corrected test separates them, a blank grey cell where it does not."""
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4.6), squeeze=False)
    for ax, (title, names, comparisons) in zip(axes[0], panels):
        n = len(names)
        grid = np.full((n, n), np.nan)
        for (i, j), c in comparisons.items():
            if c.verdict != "indistinguishable":
                grid[i, j], grid[j, i] = 100 * c.difference.mean, -100 * c.difference.mean
        limit = np.nanmax(np.abs(grid)) if np.isfinite(grid).any() else 1
        ax.set_facecolor("#e6e6e6")
        ax.imshow(grid, cmap="RdBu", vmin=-limit, vmax=limit)
        for i in range(n):
            for j in range(n):
                if np.isfinite(grid[i, j]):
                    label = f"{grid[i, j]:+.0f}"
                    dark = abs(grid[i, j]) > 0.6 * limit
                    ax.text(j, i, tr(persian_number(label), label), ha="center", va="center", fontsize=7,
                            color="white" if dark else "black")
        ax.set_xticks(range(n), names, rotation=90, fontsize=8)
        ax.set_yticks(range(n), names, fontsize=8)
        ax.grid(False)
        ax.set_title(title)
    fig.text(0.5, 0, note, ha="center", va="top", fontsize=8)
    fig.tight_layout()
    return fig


def sweep(values, accuracies, xlabel, ylabel, log_x=True):
    """Test accuracy (mean and every seed) against a swept setting; `accuracies` is (settings, seeds)."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.plot(values, accuracies.mean(1).numpy(), "o-", color=COLOURS[0])
    for k in range(accuracies.shape[1]):
        ax.scatter(values, accuracies[:, k].numpy(), color=COLOURS[0], alpha=0.3, s=12)
    if log_x:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def layer_lines(series, ylabel, log_y=True, xlabel=None, x=None):
    """One line per name, one point per layer (or per value of `x`): {name: (points,) tensor}."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for colour, (name, values) in zip(COLOURS, series.items()):
        ax.plot(x or range(1, len(values) + 1), values.numpy(), "o-", color=colour, label=name, markersize=4)
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel or tr("لایه", "layer"))
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, ncol=2)
    return fig


def activation_functions(names, titles):
    """Each activation (solid) and its derivative by autograd (dashed); `titles` maps a name to its label."""
    columns = 3
    rows = -(-len(names) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(10, 2.6 * rows), sharex=True)
    z = torch.linspace(-5, 5, 1001)
    for ax, name in zip(axes.flat, names):
        function, _ = ACTIVATIONS[name]
        ax.plot(z.numpy(), function(z).numpy(), color=COLOURS[0], label="$g(z)$")
        ax.plot(z.numpy(), autograd_derivative(function, z).numpy(), "--", color=COLOURS[1], label="$g'(z)$")
        ax.set_title(titles[name])
        ax.set_ylim(-1.5, 3)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    axes.flat[0].legend()
    fig.tight_layout()
    return fig


def activation_histograms(activations_by_name):
    """Rows: activation functions; columns: layers; each a histogram of the hidden activations at initialisation."""
    names = list(activations_by_name)
    layers = len(activations_by_name[names[0]])
    fig, axes = plt.subplots(len(names), layers, figsize=(1.8 * layers, 1.6 * len(names)), sharey="row")
    for row, name in enumerate(names):
        for column, values in enumerate(activations_by_name[name]):
            ax = axes[row, column]
            ax.hist(values.flatten().numpy(), bins=40, color=COLOURS[row])
            ax.set_yticks([])
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(tr(f"لایهٔ {column + 1}", f"layer {column + 1}"), fontsize=9)
        axes[row, 0].set_ylabel(name)
    fig.tight_layout()
    return fig


def dead_units(before, after, depths, dead_by_depth):
    """Left: the share of dead ReLU units per layer before and after training. Right: at initialisation, against
    depth."""
    fig, (layers, depth) = plt.subplots(1, 2, figsize=(10, 3.8))
    for colour, (label, values) in zip(COLOURS, [(tr("پیش از آموزش", "before training"), before),
                                                 (tr("پس از آموزش", "after training"), after)]):
        _band(layers, values, label, colour)
    layers.set_xlabel(tr("لایه", "layer"))
    layers.set_ylabel(tr("سهم واحدهای مرده", "share of dead units"))
    layers.legend()
    _band(depth, dead_by_depth, None, COLOURS[2], x=depths)
    depth.set_xlabel(tr("شمار لایه‌های پنهان", "number of hidden layers"))
    depth.set_ylabel(tr("سهم واحدهای مرده در شبکهٔ تازه", "share of dead units, untrained"))
    fig.tight_layout()
    return fig
