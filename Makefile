# Every target sets up what it needs first: a fresh clone needs only `make serve` or `make test`.
VENV   := .venv
PYTHON := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
TORCH  := $(shell grep '^torch==' requirements.txt)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test bench pdf epub submission offline audit clean

setup: $(VENV)/.installed node_modules/.installed
	@tools/install-system-packages.sh fonts-lmodern

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet "$(TORCH)" 2>/dev/null || \
	  $(VENV)/bin/pip install --quiet "$(TORCH)" --index-url https://download.pytorch.org/whl/cpu
	$(VENV)/bin/pip install --quiet -r requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: setup            ## the book at http://127.0.0.1:8000, rebuilt on every change; a failed claim shows on its page
	$(MKDOCS) serve --no-strict --dev-addr 127.0.0.1:8000

build: setup            ## a clean build: every notebook executed, nothing from the cache
	rm -rf .cache/book site
	$(MKDOCS) build --strict

test: setup             ## unit tests, a strict build, the Persian lint and the browser tests
	tools/install-system-packages.sh
	$(PYTHON) -m pytest

bench: setup            ## cold and warm build times, notebook and experiment run times, training GFLOP/s, page sizes
	$(PYTHON) -m bookbuild.bench

pdf: setup              ## one PDF per chapter and language, and the whole book per language, in dist/ (headless Chromium)
	tools/install-system-packages.sh
	$(MKDOCS) build --strict
	$(PYTHON) -m bookbuild.pdf
	$(PYTHON) -m bookbuild.downloads   # the home pages link what dist/ now holds

epub: setup             ## dist/book.fa.epub and dist/book.en.epub: the whole book as EPUB 3, packed from the built site
	$(MKDOCS) build --strict
	$(PYTHON) -m bookbuild.epub
	$(PYTHON) -m bookbuild.downloads

submission: setup       ## HW2_$(ID).zip in dist/: Persian chapter and book PDFs, executed notebooks, README with sources
	$(PYTHON) -m bookbuild.submission --check-id "$(ID)"   # a bad ID is refused before anything is built
	$(MAKE) pdf
	$(PYTHON) -m bookbuild.submission "$(ID)"

offline: setup          ## dist/book-offline.zip: the book to open from disk (file://), search included
	rm -rf dist/book
	BOOK_OFFLINE=true $(MKDOCS) build --strict --site-dir dist/book
	rm -f dist/book-offline.zip
	cd dist && ../$(PYTHON) -m zipfile -c book-offline.zip book

audit: setup            ## Lighthouse on every page of site/ (or SITE=folder) served with gzip; the table in dist/audit.md
	tools/install-system-packages.sh
	$(PYTHON) -m bookbuild.audit $(SITE)

clean:
	rm -rf .cache site dist
