# OSH Workbook: every task starts here. `make` lists them.
# Two commands set everything up on a fresh machine: `make serve` and `make test`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
TRAINER_PORT ?= 8867
LOCALES := widgets/i18n/locale
CATALOGS := $(wildcard $(LOCALES)/*/LC_MESSAGES/osh.po)
COMPILED := $(CATALOGS:.po=.mo)

# `make validate [PATH...]`: the words after `validate` are paths, not targets.
ifeq (validate,$(firstword $(MAKECMDGOALS)))
  VALIDATE_PATHS := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
  .PHONY: $(VALIDATE_PATHS)
  $(eval $(VALIDATE_PATHS):;@:)
endif

.DEFAULT_GOAL := help
.PHONY: help serve trainer lab test test-fast lint format validate bench backup docs i18n-update chromium postgresql node clean demo-data data-notebooks

help: ## list the tasks
	@echo "OSH Workbook tasks:"
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z0-9-]+):.*## (.*)/  make \1\t\2/' | expand -t 22

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { echo "Python cannot create environments here: install python3-venv (Debian/Ubuntu: sudo apt-get install python3-venv)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(shell find share/jupyter/voila/templates/osh -type f) | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

%.mo: %.po | $(VENV)/.installed
	$(VENV)/bin/pybabel compile --domain osh --input-file $< --output-file $@ --use-fuzzy

serve: $(VENV)/.installed $(COMPILED) ## run the classroom server on port 8866 (CLASS_SIZE=30 preheats kernels)
	$(PY) -m widgets.store migrate
	$(PY) -m widgets.serve --port $(PORT) $(if $(CLASS_SIZE),--pool-size $(CLASS_SIZE))

trainer: $(VENV)/.installed $(COMPILED) ## trainer pages (debrief, reports…) on this computer only, port 8867 (DEMO=1: on the demo data)
	$(if $(DEMO),OSH_DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3) $(PY) -m widgets.store migrate
	$(if $(DEMO),OSH_DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3 OSH_REPORTS_DIR=$(CURDIR)/var/demo-reports) \
	  $(PY) -m widgets.serve --root trainer --ip 127.0.0.1 --port $(TRAINER_PORT) \
	  -- --ClassroomKernelManager.kernels_per_client=0

lab: $(VENV)/.installed $(COMPILED) ## open JupyterLab for trainers
	$(VENV)/bin/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

test: $(VENV)/.installed-test $(COMPILED) chromium postgresql node_modules/.installed ## install what tests need, then run the whole suite
	$(PY) -m pytest

test-fast: $(VENV)/.installed-test $(COMPILED) ## the suite without the browser tests
	$(PY) -m pytest -m "not e2e"

chromium: ## make sure Debian's Chromium is there for the browser tests
	@scripts/ensure-chromium

node: ## make sure Node.js and npm are there to install axe-core for the accessibility tests
	@scripts/ensure-node

# axe-core, at the version package-lock.json pins; the browser tests load it from here.
node_modules/.installed: package.json package-lock.json
	@scripts/ensure-node
	npm ci --no-audit --no-fund
	@touch $@

postgresql: ## make sure Debian's PostgreSQL is there for the store tests
	@scripts/ensure-postgresql

lint: $(VENV)/.installed-test ## the layers, declared dependencies, ruff, codespell, notebooks without outputs
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(VENV)/bin/deptry .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/codespell
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -print0 | xargs -0 -r $(VENV)/bin/nbstripout --verify

format: $(VENV)/.installed-test ## format the code (ruff) and strip notebook outputs
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -print0 | xargs -0 -r $(VENV)/bin/nbstripout

validate: $(VENV)/.installed ## check method and exercise files (or the PATHs given)
	$(PY) -m widgets.content.cli $(VALIDATE_PATHS)

bench: $(VENV)/.installed-test $(COMPILED) chromium ## measure page loads, bytes on the wire and kernel memory (BENCH_ARGS="--case light")
	$(PY) bench/run.py $(BENCH_ARGS)

demo-data: $(VENV)/.installed ## a synthetic programme in var/demo.sqlite3 (ENTERPRISES=25 PARTICIPANTS= HAZARDS= SEED=2026)
	$(PY) -m widgets.programme.demo --url sqlite:///$(CURDIR)/var/demo.sqlite3 \
	  --enterprises $(or $(ENTERPRISES),25) --seed $(or $(SEED),2026) \
	  $(if $(PARTICIPANTS),--participants $(PARTICIPANTS)) $(if $(HAZARDS),--hazards $(HAZARDS))

data-notebooks: $(VENV)/.installed-test $(COMPILED) ## run the data notebooks on the demo data and keep their outputs
	$(PY) -m widgets.programme.notebooks

backup: $(VENV)/.installed ## copy the live store safely into var/backups/
	$(PY) -m widgets.store backup

docs: $(VENV)/.installed $(COMPILED) ## write the exercise field reference, the README's lesson list and docs/ charts
	$(PY) -m widgets.exercises.docs
	$(PY) -m widgets.programme.notebooks --docs

i18n-update: $(VENV)/.installed ## extract UI strings and update the catalogs
	$(VENV)/bin/pybabel extract --mapping-file babel.cfg --output-file widgets/i18n/osh.pot \
	  --project "OSH Workbook" --no-location --sort-output --omit-header widgets
	$(VENV)/bin/pybabel update --domain osh --input-file widgets/i18n/osh.pot \
	  --output-dir $(LOCALES) --no-fuzzy-matching --ignore-obsolete --width 100

clean: ## remove the environment and compiled files
	rm -rf $(VENV) $(COMPILED) build *.egg-info node_modules
