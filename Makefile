# brief-builder: `make compile` sets everything up and compiles the example briefs;
# `make test` runs the whole suite. Both work on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages WeasyPrint needs at run time (Pango draws the text).
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 python3-venv
# Tools the interoperability tests read the compiled briefs with, and the browser (with its
# WebDriver) the downloads page and axe-core test the web pages in; gettext's msgfmt checks
# the translation files.
CHECK_PACKAGES   := qpdf poppler-utils pandoc libreoffice-writer-nogui chromium chromium-driver gettext fonts-noto-cjk
# axe-core's command line, installed by npm into TOOLS (not committed); it drives Debian's
# chromium through Debian's chromedriver, so npm's own chromedriver download is skipped.
TOOLS            := .tools
AXE_CLI          := @axe-core/cli@4.13.0

.PHONY: compile test explore lint bench system check-tools clean images

compile: $(STAMP)
	$(BIN)/brief compile --all --format pdf,docx,html --site

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The property tests with new random examples on each run (make test draws the same ones).
explore: $(STAMP)
	for run in 1 2 3 4 5; do HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q -p no:cacheprovider \
		$$(grep -l '@given' tests/*.py) || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check brief_builder tests setup.py $(wildcard bench)
	$(BIN)/ruff format --check brief_builder tests setup.py $(wildcard bench)
	$(BIN)/lint-imports

# Times brief-builder against pandoc and WeasyPrint on generated libraries (10 to 20 minutes
# on two cores) and writes bench/results.md. Needs pandoc (make check-tools).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Install what the machine lacks, only when it lacks it.
system:
	@missing=$$(for p in $(RUNTIME_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

check-tools:
	@missing=$$(for p in $(CHECK_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@if [ ! -x $(TOOLS)/node_modules/.bin/axe ] && command -v npm >/dev/null; then \
		echo "installing $(AXE_CLI) into $(TOOLS)/"; \
		mkdir -p $(TOOLS) && CHROMEDRIVER_SKIP_DOWNLOAD=true npm install --prefix $(TOOLS) \
			--no-audit --no-fund --loglevel=error $(AXE_CLI); \
	fi

$(STAMP): pyproject.toml | system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find output -mindepth 1 ! -name .keep -delete

# Page images of the example briefs for the README (needs poppler-utils and LibreOffice).
images: compile
	mkdir -p docs/images
	for brief in sme-internationalisation community-brainstorming-2021-05-20; do \
		pdftoppm -png -r 45 -f 1 -l 2 output/$$brief.pdf docs/images/$$brief-pdf; \
		tmp=$$(mktemp -d); \
		soffice --headless "-env:UserInstallation=file://$$tmp/profile" --convert-to pdf \
			--outdir $$tmp output/$$brief.docx >/dev/null; \
		pdftoppm -png -r 45 -f 1 -l 2 $$tmp/$$brief.pdf docs/images/$$brief-docx; \
		rm -rf $$tmp; \
	done
