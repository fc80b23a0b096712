# Plan Review: set-up, demo and tests on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests and benchmarks use: PDF tools as independent readers,
# fonts with Arabic glyphs, PostgreSQL for the server tests against a second database.
DEB_PACKAGES := mupdf-tools poppler-utils libnss3-tools softhsm2 fonts-dejavu-core fonts-noto-core postgresql libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 openjdk-17-jdk-headless libpdfbox2-java librecad qpdf

.PHONY: demo test lint deps clean dist dist-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV): $(VENV)/.installed

demo: $(VENV)
	$(BIN)/planreview demo

deps:
	@sh tools/install-debian-deps.sh $(DEB_PACKAGES)

lint: $(VENV)
	$(BIN)/lint-imports

test: $(VENV) deps lint
	QT_QPA_PLATFORM=offscreen sh tools/with-postgres.sh $(BIN)/python -m pytest -n 2 -p no:cacheprovider

# the frozen program in dist/planreview/, and its checks run with no virtualenv on the PATH
$(VENV)/.dist-installed: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dist]'
	touch $@

dist: $(VENV)/.dist-installed
	$(BIN)/pyinstaller --noconfirm --log-level WARN pyinstaller.spec

dist-test: $(VENV) deps
	PLANREVIEW_FROZEN=$(CURDIR)/dist/planreview QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider -q tests/test_dist_frozen.py

clean:
	rm -rf $(VENV) build dist *.egg-info
