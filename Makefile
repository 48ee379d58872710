# Liveroom: `make run` starts the bot, `make test` installs everything and runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run demo test lint install clean

# `make run` needs only what the bot needs; the developer tools come with `make install`/`test`.
$(VENV)/.runtime: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.runtime
	$(PY) -m liveroom

demo: $(VENV)/.runtime
	$(PY) -m demo $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The suite runs on SQLite; when LIVEROOM_TEST_POSTGRES names a PostgreSQL server (.ci/services
# starts one), it runs once more against PostgreSQL.
test: lint
	env -u LIVEROOM_TEST_POSTGRES $(VENV)/bin/pytest
	@if [ -n "$$LIVEROOM_TEST_POSTGRES" ]; then \
		echo "== the same suite on PostgreSQL ($${LIVEROOM_TEST_POSTGRES##*@})"; \
		$(VENV)/bin/pytest; \
	fi

clean:
	rm -rf $(VENV) *.egg-info .mypy_cache .ruff_cache .pytest_cache
