"""Importing the plugin, which every `mkdocs build` and `mkdocs serve` does,
loads none of the libraries a build may not need: each reader with its
libraries comes when a paper of its form is read (read/papers.py),
citeproc-py when an entry or citation is not in the cache
(render/citation_style.py), MkDocs' live-reload server and watchdog under
`mkdocs serve` only (mkdocs/plugin.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

LOADED_LATER = (
    "build_tools.read.converted_markdown", "build_tools.read.jats", "build_tools.read.pandoc_markdown",
    "build_tools.read.polis_landing_page", "wordfreq", "defusedxml", "pypandoc", "pylatexenc",
    "pycrfsuite", "citeproc", "lxml", "watchdog", "mkdocs.livereload",
)


def test_importing_the_plugin_loads_no_reader_formatter_or_live_reload_server() -> None:
    code = ("import sys, build_tools.mkdocs.plugin; "
            f"print(' '.join(m for m in {LOADED_LATER!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == []


def test_the_control_a_reader_brings_its_libraries() -> None:
    code = ("import sys; from build_tools.read.papers import reader_for; from build_tools.model import SourceFormat; "
            "reader_for(SourceFormat.CONVERTED_MARKDOWN); "
            f"print(' '.join(m for m in {LOADED_LATER!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "build_tools.read.converted_markdown" in result.stdout.split()
