"""`make bench`: cold build, warm rebuild, the run time of each notebook, and the weight of each page.

Cold means no executed notebook and no memo in the cache; warm means a second build with nothing changed. The
machine is noisy: compare numbers from one run only.
"""
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

from bookbuild.execute import CACHE, notebook_sources, output_folder
from dlbook.text import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
IMAGE = re.compile(r'<img[^>]+src="([^"]+)"')


def timed_build():
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=ROOT, check=True)
    return time.perf_counter() - started


def page_weights():
    """(page, HTML bytes, bytes of the images it shows) for every built page."""
    for html in sorted(SITE.rglob("*.html")):
        if "artifacts" in html.parts:
            continue
        text = html.read_text(encoding="utf-8")
        images = {(html.parent / unquote(src)).resolve() for src in IMAGE.findall(text) if "://" not in src}
        yield html.relative_to(SITE).as_posix(), len(text.encode()), sum(p.stat().st_size for p in images)


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
    print(f"\n{'page':<40}{'HTML KB':>10}{'images KB':>12}")
    for page, html, images in page_weights():
        print(f"  {page:<38}{html / 1024:10.1f}{images / 1024:12.1f}")


if __name__ == "__main__":
    main()
