# The two Quick-start commands of the README are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo serve test install install-test chromium libreoffice check lint types migrations catalogue messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

## Install, load the demo data into SQLite and serve it on http://127.0.0.1:$(PORT)
demo: install
	$(BIN)/thidua demo --port $(PORT)

serve: install
	$(BIN)/thidua serve --port $(PORT)

## Debian's Chromium for the browser tests (Playwright drives it; no browser download)
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

## Debian's LibreOffice (DOCX -> PDF of official papers) and Liberation Serif, the metric twin of
## Times New Roman with full Vietnamese
libreoffice:
	@if ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q LiberationSerif; then \
	  echo "Installing Debian's libreoffice-writer-nogui and fonts-liberation2 for the PDF papers"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libreoffice-writer-nogui fonts-liberation2; \
	fi

## Install what the tests need and run the whole suite (SQLite, or DATABASE_URL when set)
test: install-test chromium libreoffice
	$(BIN)/pytest -n 2 --dist loadfile -q

lint: install-test
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

types: install-test
	$(BIN)/mypy thidua

migrations: install-test
	$(BIN)/python manage.py makemigrations --check --dry-run

## Re-extract messages (needs gettext) and fail on any untranslated or fuzzy entry
catalogue: install-test
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete --ignore '.venv/*' --ignore 'build/*'
	$(BIN)/python manage.py check_catalogue

## After changing user-visible text: extract, translate in locale/vi/LC_MESSAGES/django.po, compile
messages: install-test
	$(BIN)/python manage.py makemessages -l vi --no-location --no-obsolete --ignore '.venv/*' --ignore 'build/*'
	$(BIN)/python manage.py compilemessages -l vi --ignore '.venv/*'

check: lint types migrations catalogue

clean:
	rm -rf $(VENV) build *.egg-info
