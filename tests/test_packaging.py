"""The package installs and builds the site on its own: a clean virtual
environment, `pip install <repo>` (not editable, without requirements.txt), and
that environment's `mkdocs build --strict` of a copy of the project. A library
the code imports but pyproject.toml does not list, or a file the package reads
but does not ship, fails here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.site

NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "test-artifacts", "build", "*.egg-info",
                                    "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**env, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv holding only the package and what pyproject.toml asks for."""
    tmp = tmp_path_factory.mktemp("packaging")
    # Installing from a copy keeps pip's build files (build/, *.egg-info) out of the work tree.
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    result = run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 str(source), cwd=tmp)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


def test_the_package_is_build_tools_alone(installed: Path, tmp_path: Path) -> None:
    where = run(installed / "python", "-c", "import build_tools; print(build_tools.__file__)", cwd=tmp_path)
    assert "site-packages" in where.stdout, where.stderr
    for not_shipped in ("benchmarks", "tests"):
        found = run(installed / "python", "-c", f"import {not_shipped}", cwd=tmp_path)
        assert found.returncode != 0, f"{not_shipped} was installed as a top-level package"


def test_the_installed_package_builds_the_site_strictly(installed: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # The project's own copy of the code must not be what runs.
    shutil.rmtree(project / "build_tools")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - build_tools\n", ""), encoding="utf-8")
    result = run(installed / "mkdocs", "build", "--strict", "-d", tmp_path / "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "papers" / "zou-balancing-act" / "index.html").is_file()
    assert "Same work as" in (tmp_path / "site" / "papers" / "istomin-baykov-2020" / "index.html").read_text(
        encoding="utf-8")
