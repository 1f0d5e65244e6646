# standpoint: two commands do everything on a fresh machine with Python 3.11 and pip.
#   make report   -> system packages, bootstrap .venv, then build reports/
#   make test     -> system packages, bootstrap .venv, then the whole test suite
#   make lab      -> bootstrap .venv, then JupyterLab on notebooks/ (localhost, with a token)
# System packages (Chromium, its driver, poppler-utils, DejaVu fonts): .ci/system-deps installs
# what is missing when it can (root, or sudo without a password) and says so; otherwise it says
# what is skipped without them (the PDF handouts, the browser and PDF tests) and the build and
# the tests go on. `make test SYSTEM_DEPS=no` never installs; .ci/run requires them.
# Pins live in constraints.txt; pyproject.toml and environment.yml repeat the direct ones
# (tests/test_pins.py checks that all three agree).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.standpoint-installed
SYSTEM_DEPS ?= $(or $(STANDPOINT_SYSTEM_DEPS),auto)

LAB_PORT ?= 8888
LAB_ARGS ?=

.PHONY: all install system-deps report test lab bench clean-reports

all: test

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "standpoint needs Python 3.11, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

system-deps:
	@bash .ci/system-deps $(SYSTEM_DEPS)

report: system-deps $(STAMP)
	$(VENV)/bin/standpoint report --out reports

test: system-deps $(STAMP)
	$(PY) -m pytest

# JupyterLab on notebooks/ with .venv's python as the kernel (the env's kernelspec comes first:
# JUPYTER_PREFER_ENV_PATH), on 127.0.0.1 only, token authentication on. Jupyter prints the URL
# with its token (the next free port if LAB_PORT is taken). LAB_ARGS=--no-browser: no browser.
# As root (a container), Jupyter refuses to start without --allow-root: given only then.
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: $(STAMP)
	@echo "make lab: JupyterLab on notebooks/ (kernel: $(abspath $(PY))); open the URL printed below, with its token; Ctrl-C stops it"
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks \
		--ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) $(LAB_ROOT) $(LAB_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean-reports:
	rm -rf reports
