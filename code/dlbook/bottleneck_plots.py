"""Figures of the softmax-bottleneck chapter. Labels come in through `tr`, so each edition gets its own language."""
import numpy as np
import torch
from matplotlib import pyplot as plt
from scipy.spatial import ConvexHull

from dlbook.bottleneck import winners
from dlbook.text import tr

HEAD_COLOURS = {"softmax": "#264653", "moc": "#e9c46a", "mos": "#e76f51"}


def threshold(kl_by_rank, exact=1e-6, floor=1e-16):
    """Best KL against d, one line per target rank r, with the exactness level and each r marked."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for (rank, kls), colour in zip(kl_by_rank.items(), ["#264653", "#e76f51", "#2a9d8f"]):
        dims = range(1, len(kls) + 1)
        ax.plot(dims, [max(k, floor) for k in kls], "o-", color=colour, label=f"$r = {rank}$")
        ax.axvline(rank, color=colour, linestyle=":", linewidth=1)
    ax.axhline(exact, color="grey", linestyle="--", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel(tr("بُعد بردار بافت d", "context dimension d"))
    ax.set_ylabel(tr("کمترین KL یافته", "best KL found"))
    ax.legend()
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


def geometry(embeddings, hidden_words, extent=3.0, resolution=401):
    """Left: the word embeddings and their convex hull. Right: which word wins at each context vector h."""
    fig, (words, regions) = plt.subplots(1, 2, figsize=(10, 4.6))
    points = embeddings.numpy()
    hull = ConvexHull(points)
    loop = np.append(hull.vertices, hull.vertices[0])
    words.fill(points[loop, 0], points[loop, 1], color="#a8dadc", alpha=0.4)
    words.plot(points[loop, 0], points[loop, 1], color="#457b9d")
    for index, (x, y) in enumerate(points):
        hidden = index in hidden_words
        words.scatter(x, y, color="#e63946" if hidden else "#1d3557", zorder=3, s=30)
        words.annotate(f"$w_{{{index}}}$", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=10,
                       color="#e63946" if hidden else "black")
    words.set_xlabel(tr("مؤلفهٔ اول", "first coordinate"))
    words.set_ylabel(tr("مؤلفهٔ دوم", "second coordinate"))
    words.set_aspect("equal")
    words.set_title(tr("بردار واژه‌ها و پوش محدب", "word embeddings and their convex hull"))

    axis = torch.linspace(-extent, extent, resolution, dtype=embeddings.dtype)
    h1, h2 = torch.meshgrid(axis, axis, indexing="xy")
    won = winners(embeddings, torch.stack([h1.flatten(), h2.flatten()], dim=1)).reshape(h1.shape)
    regions.imshow(won.numpy(), origin="lower", extent=(-extent, extent, -extent, extent), cmap="tab20",
                   vmin=0, vmax=19, interpolation="nearest")
    for index in won.unique().tolist():
        where = (won == index).nonzero().float().mean(0)
        x, y = (where[1] / (resolution - 1) * 2 - 1) * extent, (where[0] / (resolution - 1) * 2 - 1) * extent
        regions.text(x.item(), y.item(), f"$w_{{{index}}}$", ha="center", va="center", fontsize=10)
    regions.set_xlabel("$h_1$")
    regions.set_ylabel("$h_2$")
    regions.set_title(tr("واژهٔ برنده برای هر بردار بافت h", "the winning word for each context vector h"))
    regions.grid(False)
    return fig
