# Everything a fresh machine needs: `make run` to try the portal, `make test` to check it.
# Python 3.11 to 3.13: python3.11 where it exists, else python3 (override: make PYTHON=python3.13 ...).
PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Without DJANGO_ENV the portal starts as production (DEBUG off, a real SECRET_KEY required): these targets
# are for a development machine and say so. pytest sets DJANGO_ENV=test itself (tests/djangoenv.py).
export DJANGO_ENV ?= development

.PHONY: run test lint messages bench setup worker clean backup restore axe

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(PY) manage.py compile_catalogues
	$(PY) manage.py migrate --noinput -v 0

run: setup
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py run_portal --host $(HOST) --port $(PORT)

# Two pytest-xdist workers by default (a CI machine has two cores); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2

test: setup
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# axe-core for the accessibility tests (tests/browser/test_axe.py), from npm into a local folder, never a CDN.
axe:
	npm install --prefix .cache/axe axe-core@4 --no-audit --no-fund

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

messages: $(STAMP)
	$(PY) manage.py makemessages -l ru -l kk --ignore=.venv --ignore=staticfiles --ignore=bench --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l ru -l kk --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compile_catalogues -v 2

bench: setup
	$(PY) bench/run_all.py

# The database (pg_dump, or SQLite's backup API) and every stored file, with a manifest of SHA-256 sums:
#   make backup [TO=backups/2026-03-31]      make restore FROM=backups/2026-03-31  (into an EMPTY database)
backup: $(STAMP)
	$(PY) manage.py backup $(if $(TO),--to $(TO))

restore: $(STAMP)
	@test -n "$(FROM)" || (echo "usage: make restore FROM=backups/<folder>" && exit 2)
	$(PY) manage.py restore --from $(FROM)

clean:
	rm -rf $(VENV) db.sqlite3 media var staticfiles
