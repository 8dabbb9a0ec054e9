"""Figures of the XOR chapter. Labels come in through `tr`, so each edition gets its own language."""
import torch
from matplotlib import pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch

from dlbook import xor
from dlbook.text import tr

OUTCOME_COLOURS = {"success": "#2a9d8f", "dead": "#e76f51", "stuck": "#e9c46a"}


def _node(ax, xy, label, radius=0.28):
    ax.add_patch(Circle(xy, radius, facecolor="white", edgecolor="black", linewidth=1.5, zorder=2))
    ax.text(*xy, label, ha="center", va="center", fontsize=15, zorder=3)


def _edge(ax, start, end, label=None, radius=0.28):
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    dx, dy = (x1 - x0) / length * radius, (y1 - y0) / length * radius
    ax.add_patch(FancyArrowPatch((x0 + dx, y0 + dy), (x1 - dx, y1 - dy), arrowstyle="-|>",
                                 mutation_scale=14, linewidth=1.2, color="black", zorder=1))
    if label:
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.22, label, ha="center", fontsize=14)


def network_diagram():
    """Fig. 6.2 of Goodfellow et al. drawn again: a node per unit (left) and a node per layer (right)."""
    fig, (units, layers) = plt.subplots(1, 2, figsize=(8, 3.6))
    inputs, hiddens, output = [(0, 0), (2, 0)], [(0, 1.6), (2, 1.6)], (1, 3.2)
    for i, xy in enumerate(inputs):
        _node(units, xy, f"$x_{i + 1}$")
    for j, xy in enumerate(hiddens):
        _node(units, xy, f"$h_{j + 1}$")
    _node(units, output, "$y$")
    for start in inputs:
        for end in hiddens:
            _edge(units, start, end)
    for start in hiddens:
        _edge(units, start, output)
    column = [(1, 0), (1, 1.6), (1, 3.2)]
    for xy, label in zip(column, [r"$\mathbf{x}$", r"$\mathbf{h}$", "$y$"]):
        _node(layers, xy, label)
    _edge(layers, column[0], column[1], r"$\mathbf{W},\ \mathbf{c}$")
    _edge(layers, column[1], column[2], r"$\mathbf{w},\ b$")
    for ax in (units, layers):
        ax.set_xlim(-0.6, 2.6)
        ax.set_ylim(-0.5, 3.7)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def outcomes(final_loss, history, masks, record_every):
    """Left: the final loss of every run, by outcome. Right: the loss curves of a few runs of each outcome."""
    names = {"success": tr("موفق", "success"), "dead": tr("واحد مرده", "dead unit"),
             "stuck": tr("گیرافتاده در کمینهٔ موضعی", "stuck at a local minimum")}
    fig, (hist, curves) = plt.subplots(1, 2, figsize=(10, 3.8))
    bins = torch.logspace(-12, 0, 49).numpy()
    for kind, colour in OUTCOME_COLOURS.items():
        chosen = masks[kind]
        hist.hist(final_loss[chosen].clamp(min=1e-12).numpy(), bins=bins, color=colour, label=names[kind])
        steps = torch.arange(history.shape[0]) * record_every
        for run in torch.nonzero(chosen).flatten()[:8]:
            curves.plot(steps.numpy(), history[:, run].numpy(), color=colour, linewidth=1, alpha=0.8)
    hist.set_xscale("log")
    hist.set_xlabel(tr("هزینهٔ پایانی J", "final loss J"))
    hist.set_ylabel(tr("شمار اجراها", "number of runs"))
    hist.legend()
    curves.set_yscale("log")
    curves.set_xlabel(tr("گام گرادیان کاهشی", "gradient-descent step"))
    curves.set_ylabel(tr("هزینه J", "loss J"))
    return fig


def _surface(ax, p, title):
    grid = torch.linspace(-0.25, 1.25, 121, dtype=xor.DTYPE)
    g1, g2 = torch.meshgrid(grid, grid, indexing="xy")
    points = torch.stack([g1.flatten(), g2.flatten()], dim=1)
    values = xor.forward(p, points).reshape(g1.shape)
    image = ax.contourf(g1.numpy(), g2.numpy(), values.numpy(), levels=20, cmap="coolwarm")
    image.set_rasterized(True)  # a bitmap inside the SVG: 20 filled levels as vectors weigh half a megabyte
    ax.contour(g1.numpy(), g2.numpy(), values.numpy(), levels=[0.5], colors="black", linewidths=1.5)
    ax.scatter(xor.X[:, 0], xor.X[:, 1], c=xor.Y, cmap="coolwarm", edgecolors="black", s=80, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    ax.set_aspect("equal")
    return image


def _hidden_space(ax, p, title):
    _, H = xor.hidden(p)
    ax.scatter(H[:, 0], H[:, 1], c=xor.Y, cmap="coolwarm", edgecolors="black", s=80, zorder=3)
    inputs_at = {}  # inputs that land on the same hidden point share one label
    for x, h in zip(xor.X.tolist(), H.tolist()):
        inputs_at.setdefault(tuple(round(v, 6) for v in h), []).append(f"({x[0]:.0f}, {x[1]:.0f})")
    for h, inputs in inputs_at.items():
        ax.annotate(f"$x = {', '.join(inputs)}$", h, textcoords="offset points", xytext=(6, 6), fontsize=9)
    ax.set_xlabel("$h_1$")
    ax.set_ylabel("$h_2$")
    ax.set_title(title)
    ax.margins(0.3)


def representations(book, learned):
    """For the book's solution and a learned one: the inputs in hidden space, and the output over the input plane."""
    fig, axes = plt.subplots(2, 2, figsize=(9, 8.4))
    for row, (p, name) in enumerate([(book, tr("جواب کتاب", "the book's solution")),
                                     (learned, tr("جواب آموخته", "a learned solution"))]):
        _hidden_space(axes[row, 0], p, tr(f"فضای پنهان، {name}", f"hidden space, {name}"))
        image = _surface(axes[row, 1], p, tr(f"خروجی f(x)، {name}", f"output f(x), {name}"))
        fig.colorbar(image, ax=axes[row, 1], shrink=0.8)
    fig.tight_layout()
    return fig


def finite_difference_errors(steps, curves, rounding, kink=None):
    """The error of finite differences against the step h, on log–log axes.

    `curves` maps a label to the largest error over the 9 partial derivatives at each step; `rounding` is the
    estimate ε|J|/h of the rounding error, drawn dashed; `kink`, if given, the step beyond which θ ± h crosses a
    kink of the ReLU network, drawn as a vertical line."""
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    floor = 1e-17  # an error of exactly 0 has no place on a log axis
    for (label, errors), colour in zip(curves.items(), ["#264653", "#e76f51", "#2a9d8f"]):
        ax.plot(steps.numpy(), errors.clamp(min=floor).numpy(), marker="o", markersize=3, color=colour, label=label)
    ax.plot(steps.numpy(), rounding.numpy(), linestyle="--", color="grey", label=r"$\varepsilon\,|J|\,/\,h$")
    eps = torch.finfo(torch.float64).eps
    ax.axvline(eps ** (1 / 3), color="#2a9d8f", linestyle=":", linewidth=1)
    ax.annotate(r"$h = \varepsilon^{1/3}$", (eps ** (1 / 3), 1e-3), textcoords="offset points", xytext=(4, 0),
                fontsize=9, color="#2a9d8f")
    if kink is not None:
        ax.axvline(kink, color="#264653", linestyle=":", linewidth=1)
        ax.annotate(tr("گوشه", "kink"), (kink, 1e-15), textcoords="offset points", xytext=(-30, 0), fontsize=9,
                    color="#264653")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(floor / 2, 1)
    ax.set_xlabel(tr("گام h", "step h"))
    ax.set_ylabel(tr("بیشترین خطای مطلق", "largest absolute error"))
    ax.legend(fontsize=9, loc="lower left")
    return fig


def success_rates(names, intervals):
    """The success rate of each configuration with its 95% interval, as points with error bars."""
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(names) + 1.2))
    rows = list(range(len(names)))[::-1]
    for row, interval in zip(rows, intervals):
        ax.errorbar(100 * interval.mean, row, xerr=[[100 * (interval.mean - interval.low)],
                                                    [100 * (interval.high - interval.mean)]],
                    fmt="o", color="#264653", capsize=4)
    ax.set_yticks(rows, names)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel(tr("اجراهای موفق (٪)", "successful runs (%)"))
    return fig
