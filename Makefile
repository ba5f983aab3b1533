# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP := $(VENV)/.installed

export NEWSMON_HOME ?= $(CURDIR)/.newsmon

.PHONY: install run test bench eval sql sample-server digest-example clean

install: $(STAMP)

# Reinstall only when the lock file or the project metadata changed.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)
	@echo "newsmon: environment ready in $(VENV)"

run: install
	@$(BIN)/python scripts/run_local.py

test: install
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	@$(BIN)/python -m benchmarks

eval: install
	@$(BIN)/python -m extractors eval

sql: install
	@$(BIN)/python -m warehouse shell

sample-server: install
	@$(BIN)/python -m extractors serve-samples

digest-example: install
	@$(BIN)/python scripts/render_digest_screenshot.py

clean:
	rm -rf $(VENV) .newsmon

# docs/digests/: the digest of every sample day and of a quiet day, drawn by headless Chromium
.PHONY: digest-samples
digest-samples: install
	@$(BIN)/python scripts/render_sample_digests.py
