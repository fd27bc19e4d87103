# Hearth: `make run` to try it, `make test` to check it. Everything a machine needs is installed from here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HEARTH := $(BIN)/hearth
STAMP := $(VENV)/.installed
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: install run test lint bench clean system-deps

install: $(STAMP) node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Debian packages: Chromium for the browser tests (never a downloaded browser build), gettext for the translations.
SYSTEM_PACKAGES := chromium:chromium msgfmt:gettext
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

run: install system-deps
	mkdir -p var
	$(HEARTH) migrate --noinput -v0
	$(HEARTH) compilemessages -v0 --ignore '.venv/*' --ignore 'node_modules/*'
	$(HEARTH) seed --demo
	@echo "Serving Hearth at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(HEARTH) runserver 127.0.0.1:8000

test: install system-deps
	mkdir -p var
	$(BIN)/ruff check .
	$(HEARTH) makemigrations --check --dry-run -v0
	$(HEARTH) compilemessages -v0 --ignore '.venv/*' --ignore 'node_modules/*'
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks print figures; the CSV ones use PostgreSQL when DATABASE_URL names it (see each script's --help).
BENCHES := seed csv_export csv_import reports web duplicates
bench: install
	@for b in $(BENCHES); do test ! -f bench/$$b.py || $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
