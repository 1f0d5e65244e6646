# standpoint: two commands do everything on a fresh machine with Python 3.11 and pip.
#   make report   -> bootstrap .venv, then build reports/
#   make test     -> bootstrap .venv, then the whole test suite (unit, property, notebooks)
# Pins live in constraints.txt; pyproject.toml and environment.yml repeat the direct ones
# (tests/test_pins.py checks that all three agree).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.standpoint-installed

.PHONY: all install report test bench clean-reports

all: test

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "standpoint needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(VENV)/bin/standpoint report --out reports

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean-reports:
	rm -rf reports
