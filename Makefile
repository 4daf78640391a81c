# Set-up is part of every target: a fresh machine needs only Python 3.11, pip and make.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check check-external clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## check: check the claims registry and every page, without building
check: $(STAMP)
	$(BIN)/claims check

## site: check claims, build into a fresh folder, check its links, then replace site/
site: $(STAMP)
	$(BIN)/claims check
	rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new
	$(BIN)/linkchecker --no-status --no-warnings site.new/index.html
	rm -rf site.old; if [ -d site ]; then mv site site.old; fi; mv site.new site; rm -rf site.old

## check-external: check the links to other sites too (needs a network; CI does not run it)
check-external: site
	$(BIN)/linkchecker --no-status --check-extern site/index.html

## serve: live preview for editors; problems are shown, the server keeps running
serve: $(STAMP)
	$(BIN)/mkdocs serve

## test: every test (ensure-browser-deps first installs what the browser tests need: Debian chromium, npm axe-core)
test: $(STAMP)
	scripts/ensure-browser-deps
	$(BIN)/pytest

## audit: Lighthouse (mobile) on the home page and a topic page of a fresh build; prints the scores (not in test)
.PHONY: audit
audit: $(STAMP)
	PYTHON=$(abspath $(BIN))/python scripts/audit

## firstruns: the detector's first runs, replayed from git history (not in test): make firstruns SETS="426:458 507:524"
.PHONY: firstruns
SETS ?= 96:$(shell grep -o 'set: fresh-[0-9]*' tests/data/detector_corpus.yml | cut -d- -f2 | sort -n | tail -1)
firstruns: $(STAMP)
	$(BIN)/python scripts/detector_firstruns.py $(SETS)

clean:
	rm -rf $(VENV) site site.new site.old

## bench: performance benchmark, not part of test (synthetic sites of 100, 1,000 and 5,000 pages; under 10 minutes; writes bench/results.json)
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py
