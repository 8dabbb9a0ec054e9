"""`make bench`: cold build, warm rebuild, the run time of each notebook, the speedup of training Chapter 3's seeds
as one batch over a loop of seeds, and the weight of each page.

Cold means no executed notebook and no memo in the cache; warm means a second build with nothing changed. The
machine is noisy: compare numbers from one run only.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import torch

from bookbuild.execute import CACHE, notebook_sources, output_folder
from dlbook import activations, data, training
from dlbook.text import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
IMAGE = re.compile(r'<img[^>]+src="([^"]+)"')


def timed_build():
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    return training.timed(subprocess.run, command, cwd=ROOT, check=True)[1]


def page_weights():
    """(page, HTML bytes, bytes of the images it shows) for every built page."""
    for html in sorted(SITE.rglob("*.html")):
        if "artifacts" in html.parts:
            continue
        text = html.read_text(encoding="utf-8")
        images = {(html.parent / unquote(src)).resolve() for src in IMAGE.findall(text) if "://" not in src}
        yield html.relative_to(SITE).as_posix(), len(text.encode()), sum(p.stat().st_size for p in images)


def seed_speedup(seeds=(0, 1, 2, 3, 4), epochs=5):
    """Seconds to train Chapter 3's six-layer ReLU network on MNIST-1D for every seed: batched, then in a loop."""
    torch.set_num_threads(1)  # as each notebook runs in the build
    mnist = data.to_device(data.mnist1d(), data.device())
    relu = activations.ACTIVATIONS["relu"][0]

    def make(chosen):
        return training.BatchedMLP([40] + [64] * 6 + [10], relu, chosen, init="kaiming").to(data.device())

    def sgd(parameters):
        return torch.optim.SGD(parameters, lr=0.05, momentum=0.9)

    training.train_batched(make(list(seeds)), mnist, sgd, 1, 128, list(seeds))  # warm up
    _, batched = training.timed(training.train_batched, make(list(seeds)), mnist, sgd, epochs, 128, list(seeds))
    _, looped = training.timed(training.train_each_seed, make, mnist, sgd, epochs, 128, list(seeds))
    return batched, looped


def main():
    shutil.rmtree(CACHE, ignore_errors=True)
    shutil.rmtree(SITE, ignore_errors=True)
    cold = timed_build()
    warm = timed_build()
    print(f"cold build (empty cache): {cold:6.1f} s")
    print(f"warm rebuild (no change): {warm:6.1f} s")
    print("\nnotebook execution (s)        " + "".join(f"{lang:>8}" for lang in LANGUAGES))
    for source in notebook_sources():
        seconds = [float((output_folder(source.stem, lang) / "seconds").read_text()) for lang in LANGUAGES]
        print(f"  {source.name:<28}" + "".join(f"{s:8.1f}" for s in seconds))
    batched, looped = seed_speedup()
    print(f"\nfive seeds of Chapter 3's network, 5 epochs: batched {batched:.2f} s, one seed at a time "
          f"{looped:.2f} s, speedup {looped / batched:.1f}x")
    weights = list(page_weights())
    width = max(len(page) for page, *_ in weights)
    print(f"\n  {'page':<{width}}{'HTML KB':>10}{'images KB':>12}")
    for page, html, images in weights:
        print(f"  {page:<{width}}{html / 1024:10.1f}{images / 1024:12.1f}")


if __name__ == "__main__":
    main()
