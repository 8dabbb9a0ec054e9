"""Figures of the softmax-bottleneck chapter. Labels come in through `tr`, so each edition gets its own language."""
import numpy as np
import torch
from matplotlib import pyplot as plt
from matplotlib.lines import Line2D
from scipy.spatial import ConvexHull

from dlbook.bottleneck import winners
from dlbook.text import language, localise_number, tr

HEAD_COLOURS = {"softmax": "#264653", "moc": "#e9c46a", "mos": "#e76f51", "sigsoftmax": "#2a9d8f",
                "best": "#6d597a", "wide": "#8ab17d"}
COLOURS = ["#264653", "#e76f51", "#2a9d8f", "#e9c46a", "#6d597a"]


def threshold(curves, exact=1e-6, floor=1e-16):
    """Best KL against d, one line per target: `curves` maps a legend label to (centred rank r, KLs at d = 1, 2, …),
    with the exactness level and each r marked."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for (label, (rank, kls)), colour in zip(curves.items(), COLOURS):
        dims = range(1, len(kls) + 1)
        ax.plot(dims, [max(k, floor) for k in kls], "o-", color=colour, label=label)
        ax.axvline(rank, color=colour, linestyle=":", linewidth=1)
    ax.axhline(exact, color="grey", linestyle="--", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(tr("بُعد بردار بافت d", "context dimension d"))
    ax.set_ylabel(tr("کمترین KL یافته", "best KL found"))
    ax.legend(loc="lower left")
    return fig


def soft_bottleneck(dims, curves):
    """KL against d for targets of full centred rank: `curves` maps a legend label to (best KLs, Eckart–Young KLs),
    both at `dims`. Solid: the best softmax found; dashed: the softmax of the truncated SVD."""
    fig, ax = plt.subplots(figsize=(8.5, 4))
    for (label, (best, truncated)), colour in zip(curves.items(), COLOURS):
        ax.plot(dims, best, "o-", color=colour, label=label, markersize=4)
        ax.plot(dims, truncated, "--", color=colour, linewidth=1)
    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], color="grey", marker="o", markersize=4),
                Line2D([], [], color="grey", linestyle="--", linewidth=1)]
    labels += [tr("بهترین سافت‌مکس (L-BFGS)", "best softmax (L-BFGS)"),
               tr("برش اکارت–یانگ", "Eckart–Young truncation")]
    ax.legend(handles, labels, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_yscale("log")
    ax.set_xlabel(tr("بُعد بردار بافت d", "context dimension d"))
    ax.set_ylabel("KL")
    return fig


def spectra(spectra_by_head, names, d):
    """Singular values of each head's row-centred log-probability matrix, divided by the largest."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for head, values in spectra_by_head.items():
        values = (values / values[0]).clamp(min=1e-18)
        ax.plot(range(1, len(values) + 1), values.numpy(), "o-", markersize=3, color=HEAD_COLOURS[head],
                label=names[head])
    ax.axvline(d, color="grey", linestyle=":", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(tr("شمارهٔ مقدار تکین", "singular value index"))
    ax.set_ylabel(tr("مقدار تکین نسبی", "relative singular value"))
    ax.legend()
    return fig


def _interval_line(ax, xs, intervals, colour, label, marker="o"):
    means = [i.mean for i in intervals]
    errors = [[i.mean - i.low for i in intervals], [i.high - i.mean for i in intervals]]
    ax.errorbar(xs, means, yerr=errors, color=colour, marker=marker, markersize=4, capsize=3, label=label)


def components(ks, mixture, levels, parameters, names):
    """Left: the KL of MoS against K (means with 95% intervals), with the levels of heads of dimension d as
    horizontal lines. Right: KL against the head's parameters, for MoS (over K) and for wider softmaxes (over d).
    `mixture` is a list of intervals (one per K), `levels` maps a head to its interval, and `parameters` maps
    "mos" and "wide" to (parameter counts, intervals)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    _interval_line(left, ks, mixture, HEAD_COLOURS["mos"], names["mos"])
    for head, level in levels.items():
        left.axhline(level.mean, color=HEAD_COLOURS[head], linestyle="--", linewidth=1, label=names[head])
    left.set_xscale("log", base=2)
    left.set_xticks(ks, [localise_number(str(k), language()) for k in ks])
    left.set_xlabel(tr("شمار جزءها K", "components K"))
    left.set_ylabel("KL")
    left.legend(fontsize=8)
    for head, marker in (("mos", "o"), ("wide", "s")):
        counts, intervals = parameters[head]
        _interval_line(right, counts, intervals, HEAD_COLOURS[head], names[head], marker)
    right.set_yscale("log")
    right.set_xlabel(tr("شمار پارامترهای سر خروجی", "parameters of the output head"))
    right.set_ylabel("KL")
    right.legend(fontsize=8)
    return fig


def _hull_panel(ax, points, hidden_words, title):
    hull = ConvexHull(points)
    loop = np.append(hull.vertices, hull.vertices[0])
    ax.fill(points[loop, 0], points[loop, 1], color="#a8dadc", alpha=0.4)
    ax.plot(points[loop, 0], points[loop, 1], color="#457b9d")
    for index, (x, y) in enumerate(points):
        hidden = index in hidden_words
        ax.scatter(x, y, color="#e63946" if hidden else "#1d3557", zorder=3, s=30)
        ax.annotate(f"$w_{{{index}}}$", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=10,
                    color="#e63946" if hidden else "black")
    ax.set_xlabel(tr("مؤلفهٔ اول", "first coordinate"))
    ax.set_ylabel(tr("مؤلفهٔ دوم", "second coordinate"))
    ax.set_aspect("equal")
    ax.set_title(title)


def _regions_panel(ax, embeddings, biases, extent, resolution, title):
    axis = torch.linspace(-extent, extent, resolution, dtype=embeddings.dtype)
    h1, h2 = torch.meshgrid(axis, axis, indexing="xy")
    grid = torch.stack([h1.flatten(), h2.flatten()], dim=1)
    logits = grid @ embeddings.T + (0 if biases is None else biases)
    won = logits.argmax(-1).reshape(h1.shape)
    ax.imshow(won.numpy(), origin="lower", extent=(-extent, extent, -extent, extent), cmap="tab20",
              vmin=0, vmax=19, interpolation="nearest")
    for index in won.unique().tolist():
        where = (won == index).nonzero().float().mean(0)
        x, y = (where[1] / (resolution - 1) * 2 - 1) * extent, (where[0] / (resolution - 1) * 2 - 1) * extent
        ax.text(x.item(), y.item(), f"$w_{{{index}}}$", ha="center", va="center", fontsize=10)
    ax.set_xlabel("$h_1$")
    ax.set_ylabel("$h_2$")
    ax.set_title(title)
    ax.grid(False)


def geometry(embeddings, hidden_words, extent=3.0, resolution=401):
    """Left: the word embeddings and their convex hull. Right: which word wins at each context vector h."""
    fig, (words, regions) = plt.subplots(1, 2, figsize=(10, 4.6))
    _hull_panel(words, embeddings.numpy(), hidden_words, tr("بردار واژه‌ها و پوش محدب",
                                                            "word embeddings and their convex hull"))
    _regions_panel(regions, embeddings, None, extent, resolution,
                   tr("واژهٔ برنده برای هر بردار بافت h", "the winning word for each context vector h"))
    return fig


def geometry_with_bias(embeddings, biases, extent=3.0, resolution=241):
    """The winning word for each context vector h when every word has an output bias: argmax of hᵀw_x + b_x."""
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    _regions_panel(ax, embeddings, biases, extent, resolution,
                   tr("واژهٔ برنده با بایاس خروجی", "the winning word with an output bias"))
    return fig
