# Two commands do all set-up (see README.md):
#   make run   - virtual environment, pinned packages, database + sample case, start the app
#   make test  - the same set-up plus test tools, then every test (browser tests included)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test setup setup-dev browser lint bench clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 ($(PYTHON)) niet gevonden. Installeer Python 3.11 of geef PYTHON=/pad/naar/python3.11 mee."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm ontbreekt: de toegankelijkheidstest (axe-core) wordt overgeslagen."; fi

setup: $(VENV)/.app-installed
	$(PY) -m duiding init

setup-dev: $(VENV)/.dev-installed node_modules/.installed browser

# Debian's Chromium for the browser tests; without root or apt the tests skip with a message.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Let op: /usr/bin/chromium ontbreekt; browsertests worden overgeslagen (installeer het Debian-pakket 'chromium')."; fi

run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: setup-dev
	$(PY) -m pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.dev-installed
	for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache
