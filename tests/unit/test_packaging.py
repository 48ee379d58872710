"""Set-up details a newcomer meets before the bot says a word."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

from bot.python_command import python_command

REPO = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_so_setuptools_does_not_warn() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"


def test_make_run_installs_the_runtime_only() -> None:
    makefile = (REPO / "Makefile").read_text()
    run_target = re.search(r"^run: (.*)$", makefile, re.MULTILINE)
    assert run_target is not None
    assert run_target.group(1).strip() == "$(VENV)/.runtime"
    runtime_recipe = makefile.split("$(VENV)/.runtime: pyproject.toml", 1)[1].split("\n\n")[0]
    assert "pip install --quiet -e ." in runtime_recipe
    assert "[dev]" not in runtime_recipe


def test_the_readme_makes_a_data_key_with_the_projects_python() -> None:
    readme = (REPO / "README.md").read_text()
    assert "`.venv/bin/python -c 'from cryptography.fernet import Fernet;" in readme
    assert "\n`python -c" not in readme


def test_the_python_command_is_relative_where_the_person_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    executable = Path(sys.executable)
    monkeypatch.chdir(executable.parent.parent.parent)
    assert python_command() == os.path.join(
        executable.parent.parent.name, executable.parent.name, executable.name
    )
    monkeypatch.chdir("/")
    assert python_command().lstrip("/") == str(executable).lstrip("/")
