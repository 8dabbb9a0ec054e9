"""`make bench`: cold build, warm rebuild, the reload after a prose edit under `mkdocs serve`, the run time of each notebook and of each experiment it memoised, the
throughput of Chapter 3's batched training against the machine's matrix-product peak (and its speedup over a loop
of seeds), and the weight of each page.

Cold means no executed notebook and no memo in the cache; warm means a second build with nothing changed. Experiment
times are those `dlbook.memo.memoised` recorded in each run's timings.json: only the language that computed an
experiment has its time (the other loaded it). The throughput is measured on one CPU thread and with the allocator's
setting of the build's kernels (bookbuild.execute.MALLOC_TUNABLES), as each notebook runs in the build. The machine
is noisy: compare numbers from one run only.
"""
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import torch

from bookbuild.execute import CACHE, notebook_sources, output_folder, with_malloc_tunables
from bookbuild.typeset import TYPESETTER
from dlbook import activations, data, memo, training
from dlbook.text import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
IMAGE = re.compile(r'<img[^>]+src="([^"]+)"')
SIZES = [40] + [64] * 6 + [10]  # Chapter 3's network on MNIST-1D
BATCH, MOMENTUM, RATE = 128, 0.9, 0.05


def timed_build():
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    return training.timed(subprocess.run, command, cwd=ROOT, check=True)[1]


def serve_reloads(edits=3, page="docs/en/index.md"):
    """Seconds from saving a prose edit of `page` under `mkdocs serve` to the server sending the edited page, for
    each of `edits` edits; the page is restored afterwards."""
    source = ROOT / page
    original = source.read_text(encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/en/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(url, "</html>", timeout=600)
        seconds = []
        for edit in range(edits):
            marker = f"bench-edit-{edit}-{time.time_ns()}"
            start = time.perf_counter()
            source.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, timeout=120)
            seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()


def _wait_for(url, text, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def page_weights():
    """(page, HTML bytes, HTML bytes gzipped, bytes of the images it shows) for every built page."""
    for html in sorted(SITE.rglob("*.html")):
        if "artifacts" in html.parts:
            continue
        data = html.read_bytes()
        images = {(html.parent / unquote(src)).resolve() for src in IMAGE.findall(data.decode()) if "://" not in src}
        yield (html.relative_to(SITE).as_posix(), len(data), len(gzip.compress(data)),
               sum(p.stat().st_size for p in images))


def experiment_timings(name, lang):
    """{experiment: seconds} that the notebook's run in `lang` recorded (empty when it computed nothing)."""
    path = output_folder(name, lang) / memo.TIMINGS
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def training_flops(sizes, networks, epochs, train_examples, evaluated, tested):
    """Floating-point operations of `train_batched` over `epochs`, counting only the matrix products.

    With MACs = Σ n_in·n_out over the layers (multiply-accumulates of one example through one network), one
    training example costs 6·MACs (forward 2, backward 4: the gradients of the inputs and of the weights) and one
    evaluated example 2·MACs. Each epoch trains on every training example (the last batch smaller where the batch
    does not divide the set, as train_batched does) and evaluates `evaluated` examples (the training sample and the
    validation split); the end evaluates `tested` examples (the test split). Activations, loss and optimiser are not
    counted."""
    macs = sum(n_in * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    return networks * (epochs * (6 * macs * train_examples + 2 * macs * evaluated) + 2 * macs * tested)


def matmul_peak(n=1024, repeats=5):
    """GFLOP/s of the best of `repeats` fp32 products of two n×n matrices, after a warm-up, on the current threads."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(2):
        a @ b
    best = min(training.timed(torch.matmul, a, b)[1] for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def bare_chain(sizes, networks, epochs, train_examples, evaluated, tested):
    """Seconds of the matrix products alone that `training_flops` counts, for `networks` ReLU networks of `sizes`
    batched as in train_batched: each step's forward pass (baddbmm, ReLU) and backward pass (the gradients of the
    weights and of the hidden activations, with ReLU's mask), each epoch's evaluation and the final one. No
    autograd, loss, optimiser or data: what the trainer's shapes allow on this machine."""
    weights = [torch.randn(networks, n_in, n_out) / n_in ** 0.5 for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [torch.zeros(networks, 1, n_out) for n_out in sizes[1:]]

    def forward(h):
        for W, b in zip(weights, biases):
            h = torch.relu(torch.baddbmm(b, h, W))

    x, seen, test = (torch.randn(networks, count, sizes[0]) for count in (BATCH, evaluated, tested))
    started = time.perf_counter()
    for _ in range(epochs):
        for start in range(0, train_examples, BATCH):
            h = x[:, :train_examples - start]  # the last batch smaller, as in train_batched
            inputs = [h]
            for W, b in zip(weights[:-1], biases):
                h = torch.relu(torch.baddbmm(b, h, W))
                inputs.append(h)
            gradient = torch.baddbmm(biases[-1], h, weights[-1])
            for W, h in zip(reversed(weights), reversed(inputs)):
                torch.bmm(h.transpose(1, 2), gradient)
                if h is not inputs[0]:
                    gradient = torch.bmm(gradient, W.transpose(1, 2)) * (h > 0)
        forward(seen)
    forward(test)
    return time.perf_counter() - started


def sgd(parameters, lr):
    return torch.optim.SGD(parameters, lr=lr, momentum=MOMENTUM, fused=True)


def throughput(epochs=3, seeds=10, repeats=5):
    """Single-threaded CPU throughput of Chapter 3's training: 5 and 16 ReLU networks as one batched model, and
    `seeds` networks for each activation with one learning rate per network, either as one model with an activation
    per network or as one model per activation (as dlbook.sweep trains them). Each is also timed as the bare chain of
    its matrix products, the two in turn; each time is the best of `repeats` (the machine is noisy). Returns
    (peak GFLOP/s, [(label, networks, seconds, GFLOP/s, the bare chain's GFLOP/s)])."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as each notebook runs in the build
    try:
        mnist = data.mnist1d()
        evaluated = min(training.TRAIN_SAMPLE, len(mnist.train.y)) + len(mnist.val.y)
        shapes = (len(mnist.train.y), evaluated, len(mnist.test.y))  # examples trained and evaluated, and tested
        names = list(activations.ACTIVATIONS)
        mixed = [name for name in names for _ in range(seeds)]
        configurations = [  # (label, the models: each a list of one activation name per network)
            ("5 networks (ReLU), one model", [["relu"] * 5]),
            ("16 networks (ReLU), one model (a study's seeds)", [["relu"] * 16]),
            (f"{len(mixed)} networks ({len(names)} activations x {seeds}), one model", [mixed]),
            (f"{len(mixed)} networks, one model per activation", [[name] * seeds for name in names]),
        ]
        peak = matmul_peak()

        def train(chosen, epochs):
            functions = [activations.ACTIVATIONS[name][0] for name in chosen]
            model = training.BatchedMLP(SIZES, functions, list(range(len(chosen))), init="kaiming")
            rates = torch.logspace(-2, -1, len(chosen))  # any rates: one per network, as in a sweep
            return training.timed(training.train_batched, model, mnist, sgd, rates, epochs, BATCH,
                                  list(range(len(chosen))))[1]

        train(mixed, 1)  # warm up
        rows = []
        for label, models in configurations:
            timings = [(sum(train(chosen, epochs) for chosen in models),  # in turn, so that a slow spell of the
                        sum(bare_chain(SIZES, len(chosen), epochs, *shapes)  # machine hits both
                            for chosen in models)) for _ in range(repeats)]
            seconds, bare = map(min, zip(*timings))
            networks = sum(map(len, models))
            flops = training_flops(SIZES, networks, epochs, *shapes)
            rows.append((label, networks, seconds, flops / seconds / 1e9, flops / bare / 1e9))
        return peak, rows
    finally:
        torch.set_num_threads(threads)


def seed_speedup(seeds=(0, 1, 2, 3, 4), epochs=3):
    """Seconds to train Chapter 3's six-layer ReLU network on MNIST-1D for every seed: batched, then in a loop."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as each notebook runs in the build
    try:
        mnist = data.to_device(data.mnist1d(), data.device())
        relu = activations.ACTIVATIONS["relu"][0]

        def make(chosen):
            return training.BatchedMLP(SIZES, relu, chosen, init="kaiming").to(data.device())

        training.train_batched(make(list(seeds)), mnist, sgd, RATE, 1, BATCH, list(seeds))  # warm up
        _, batched = training.timed(training.train_batched, make(list(seeds)), mnist, sgd, RATE, epochs, BATCH,
                                    list(seeds))
        _, looped = training.timed(training.train_each_seed, make, mnist, sgd, RATE, epochs, BATCH, list(seeds))
        return batched, looped
    finally:
        torch.set_num_threads(threads)


def print_throughput(epochs=3):
    peak, rows = throughput(epochs)
    print(f"\nChapter 3's training, one CPU thread, {epochs} epochs (FLOPs: bookbuild.bench.training_flops)")
    print(f"  fp32 matmul peak (1024x1024 @ 1024x1024): {peak:6.1f} GFLOP/s")
    print("  bare chain: the same matrix products with ReLU and nothing else (bookbuild.bench.bare_chain); 'of bare' is "
          "the trainer's share of what its shapes allow")
    print(f"  {'model':<50}{'s':>8}{'GFLOP/s':>10}{'of peak':>9}{'bare GFLOP/s':>14}{'of bare':>9}"
          f"{'s / network-epoch':>19}")
    for label, networks, seconds, gflops, bare in rows:
        print(f"  {label:<50}{seconds:8.2f}{gflops:10.1f}{gflops / peak:9.1%}{bare:14.1f}{gflops / bare:9.1%}"
              f"{seconds / networks / epochs:19.4f}")
    batched, looped = seed_speedup(epochs=epochs)
    print(f"  five seeds of the ReLU network: batched {batched:.2f} s, one seed at a time {looped:.2f} s, "
          f"speedup {looped / batched:.1f}x")


def main():
    if "GLIBC_TUNABLES" not in os.environ:  # the allocator's setting of the notebooks' kernels, read at start-up
        os.execve(sys.executable, [sys.executable, "-m", "bookbuild.bench"], with_malloc_tunables(os.environ))
    shutil.rmtree(CACHE, ignore_errors=True)
    shutil.rmtree(TYPESETTER.folder, ignore_errors=True)
    shutil.rmtree(SITE, ignore_errors=True)
    cold = timed_build()
    warm = timed_build()
    reloads = serve_reloads()
    print(f"cold build (empty cache): {cold:6.1f} s")
    print(f"warm rebuild (no change): {warm:6.1f} s")
    print("mkdocs serve, prose edit to page served (s): " + ", ".join(f"{s:.1f}" for s in reloads))
    print("\nnotebook execution (s)        " + "".join(f"{lang:>8}" for lang in LANGUAGES))
    sources = notebook_sources()
    for source in sources:
        seconds = [float((output_folder(source.stem, lang) / "seconds").read_text()) for lang in LANGUAGES]
        print(f"  {source.name:<28}" + "".join(f"{s:8.1f}" for s in seconds))
    print("\nexperiments computed (s), recorded by dlbook.memo in the language that computed them")
    for source in sources:
        for lang in LANGUAGES:
            recorded = experiment_timings(source.stem, lang)
            if recorded:
                print(f"  {source.stem} [{lang}]: {sum(recorded.values()):.1f} in all")
            for experiment, seconds in recorded.items():
                print(f"    {experiment:<40}{seconds:8.1f}")
    print_throughput()
    weights = list(page_weights())
    width = max(len(page) for page, *_ in weights)
    print(f"\n  {'page':<{width}}{'HTML KB':>10}{'gzip KB':>10}{'images KB':>12}")
    for page, html, gzipped, images in weights:
        print(f"  {page:<{width}}{html / 1024:10.1f}{gzipped / 1024:10.1f}{images / 1024:12.1f}")


if __name__ == "__main__":
    main()
