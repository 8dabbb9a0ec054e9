"""`make audit`: Lighthouse (npm, mobile defaults) on every page of both editions, served with gzip as GitHub Pages
serves them. Prints a table with a row per page and writes it to dist/audit.md; exits 1, naming the page and its
failing audits, if a page misses Performance 95 or Accessibility, Best Practices or SEO 100. Each page is audited
three times and the run of median Performance is shown.

    python -m bookbuild.audit [FOLDER [PAGE ...]]    FOLDER defaults to site/; PAGEs are paths under it, e.g. en/
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bookbuild import browser

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 0.95, "accessibility": 1, "best-practices": 1, "seo": 1}
RUNS = 3  # per page; the table shows the run of median Performance


def pages(folder):
    """The path of every page under `folder` (each index.html; the 404 pages are left out)."""
    for index in sorted(Path(folder).rglob("index.html")):
        path = index.parent.relative_to(folder).as_posix()
        if not path.startswith(("assets", "artifacts", "search")):
            yield "" if path == "." else f"{path}/"


def lighthouse(url):
    """Lighthouse's JSON report (mobile defaults: simulated slow 4G, 4x CPU slowdown) for `url`."""
    flags = " ".join([*browser.FLAGS, "--headless=new"])
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, f"--chrome-path={browser.CHROMIUM}", f"--chrome-flags={flags}",
                        "--output=json", f"--output-path={report}", "--quiet",
                        f"--only-categories={','.join(TARGETS)}"], check=True)
        return json.loads(report.read_text(encoding="utf-8"))


def summary(report):
    """The row of the table and the failures (category, score, failing audits) of one report."""
    audits, categories = report["audits"], report["categories"]
    scores = {name: categories[name]["score"] or 0 for name in TARGETS}
    row = [*(f"{round(100 * scores[name])}" for name in TARGETS),
           f"{audits['largest-contentful-paint']['numericValue'] / 1000:.1f} s",
           f"{audits['total-blocking-time']['numericValue']:,.0f} ms",
           f"{audits['cumulative-layout-shift']['numericValue']:.2f}",
           f"{audits['total-byte-weight']['numericValue'] / 1024:,.0f} KiB",
           f"{audits['dom-size']['numericValue']:,.0f}"]
    failures = []
    for name, target in TARGETS.items():
        if scores[name] < target:
            failing = [f"{ref['id']} ({audits[ref['id']].get('displayValue') or audits[ref['id']]['score']})"
                       for ref in categories[name]["auditRefs"]
                       if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None
                       and audits[ref["id"]]["score"] < 1]
            failures.append(f"{name} {round(100 * scores[name])}: {', '.join(failing)}")
    return row, failures


def median_run(url):
    """The report of median Performance among RUNS runs: one run on a busy 2-core machine can be off by ten points
    either way, as Lighthouse's own guide on variability warns."""
    reports = sorted((lighthouse(url) for _ in range(RUNS)),
                     key=lambda report: report["categories"]["performance"]["score"] or 0)
    return reports[len(reports) // 2]


def audit(folder, paths=None):
    """Audit each page one at a time (Lighthouse is CPU-heavy); returns the Markdown table and the failures."""
    lines = ["| page | Performance | Accessibility | Best Practices | SEO | LCP | TBT | CLS | bytes | DOM size |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    print(*lines, sep="\n", flush=True)
    failures = []
    with browser.serve(folder, compress=True) as base:
        for path in paths or list(pages(folder)):
            row, failed = summary(median_run(base + path))
            lines.append(f"| `/{path}` | " + " | ".join(row) + " |")
            print(lines[-1], flush=True)
            failures += [f"/{path}: {failure}" for failure in failed]
    return "\n".join(lines) + "\n", failures


def main(argv):
    folder = Path(argv[0] if argv else ROOT / "site")
    if not (folder / "index.html").exists():
        sys.exit(f"{folder}/index.html not found: build the site first (make build)")
    table, failures = audit(folder, argv[1:])
    (ROOT / "dist").mkdir(exist_ok=True)
    (ROOT / "dist" / "audit.md").write_text(table, encoding="utf-8")
    print("\nwritten to dist/audit.md")
    for failure in failures:
        print(f"below target: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
