"""Headless Chromium (Debian's package) and a local server for the built site: for `make pdf` and the tests."""
import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the rest keep it from calling out to the network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly and, as GitHub Pages does, answers a missing file with the site's 404.html."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class GzipHandler(QuietHandler):
    """QuietHandler that, as GitHub Pages does, sends text files (HTML, CSS, JS, JSON, SVG, XML) gzipped to a client
    that accepts gzip, and keeps connections open (HTTP/1.1) rather than opening one per file."""
    protocol_version = "HTTP/1.1"

    def send_head(self):
        path = self.translate_path(self.path)
        if path.endswith("/"):
            path += "index.html"
        kind = self.guess_type(path)
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path)
                or not (kind.startswith("text/") or kind.endswith(("json", "javascript", "xml")))):
            return super().send_head()
        body = _gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=256)
def _gzipped(path, mtime):
    """The file at `path` gzipped, kept while it is unchanged: compressing a chapter on every request would take the
    CPU from the browser that is being measured (make audit)."""
    return gzip.compress(Path(path).read_bytes())


@contextlib.contextmanager
def serve(folder, compress=False):
    """Serve `folder` on 127.0.0.1 at a free port, gzipped if `compress`; yields the base URL."""
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def chromium():
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: run tools/install-system-packages.sh (make does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
