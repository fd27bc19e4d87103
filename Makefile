# Hearth: `make run` to try it, `make test` to check it. Everything a machine needs is installed from here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HEARTH := $(BIN)/hearth
STAMP := $(VENV)/.installed
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: install run serve test lint bench clean chromium

install: $(STAMP) node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's chromium package (sudo apt-get install chromium)"; fi; }

run: install
	mkdir -p var
	$(HEARTH) migrate --noinput -v0
	$(HEARTH) compilemessages -v0 --ignore '.venv/*' --ignore 'node_modules/*'
	$(HEARTH) seed --demo
	@echo "Serving Hearth at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(HEARTH) runserver 127.0.0.1:8000

test: install chromium
	$(BIN)/ruff check .
	$(HEARTH) makemigrations --check --dry-run -v0
	$(HEARTH) compilemessages -v0 --ignore '.venv/*' --ignore 'node_modules/*'
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/seed.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
