# 昌黎县热力供应公司 intranet portal.  `make run` / `make test` on a fresh Debian 12 machine.
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test bench browser-deps setup system-packages test-system-packages translations update-translations vendor-htmx clean

run: setup
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL (migrations from empty, then the tests).
test: setup test-system-packages browser-deps
	$(VENV)/bin/bandit -q -r portal --severity-level high
	$(PY) -m pytest
	PORTAL_TEST_NOW=2027-01-04T09:30 PORTAL_TEST_POSTGRES_URL="$$(scripts/postgres-for-tests.sh)" $(PY) -m pytest

bench: setup
	$(FLASK) bench

setup: system-packages $(VENV)/.installed translations

system-packages:
	scripts/system-packages.sh run

test-system-packages:
	scripts/system-packages.sh test

# axe-core for the accessibility checks of the browser tests (kept out of static/).
browser-deps: tests/browser/node_modules/.package-lock.json
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/browser

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Compiled catalogues (.mo) are build output, made from the .po files on every setup.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d portal/translations

# After adding or changing user-visible strings: extract, merge, then translate the new entries.
update-translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot portal templates
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --width 100 --ignore-obsolete

vendor-htmx:
	scripts/vendor-htmx.sh

clean:
	rm -rf $(VENV) .pytest_cache
