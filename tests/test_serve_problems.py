"""`mkdocs serve` shows a broken file's problems in the browser, on the page
that would have shown the file, and the page comes back once the file is
fixed; a strict build still refuses the broken file (issue 18, item 6).

Before, a failed rebuild left MkDocs' server waiting for a good build, so
every page request hung until the file was fixed, and the error was only
in the terminal. The test runs a real `mkdocs serve --dirty` on a copy of
the project with a corpus paper added, and reads pages over HTTP. Nothing
here measures time: each request and each wait has a generous limit that
only a hang reaches."""

from __future__ import annotations

import contextlib
import html
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools.loopback import free_port
from tests.conftest import copy_project, record_checksums, run_mkdocs_build
from tests.small_project import SLUG, a_quote, add_paper, project_paper, write_note

pytestmark = pytest.mark.site

REQUEST_LIMIT = 180   # seconds one page request may take before it counts as hung
WAIT_LIMIT = 900      # seconds for a rebuild to show up, on a loaded machine


@contextlib.contextmanager
def serving(project: Path, port: int, log: Path) -> Iterator[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f",
             str(project / "mkdocs.yml")], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def get(url: str) -> str | None:
    """The page's HTML; None while the server is not up yet. A request that
    hangs fails the test (that was the bug)."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_LIMIT) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError) as error:
        if isinstance(getattr(error, "reason", None), TimeoutError):
            raise AssertionError(f"the request for {url} hung") from error
        return None
    except TimeoutError as error:
        raise AssertionError(f"the request for {url} hung") from error


def wait_for(url: str, shown: Callable[[str], bool], log: Path) -> str:
    deadline = time.monotonic() + WAIT_LIMIT
    page = None
    while time.monotonic() < deadline:
        page = get(url)
        if page is not None and shown(page):
            return page
        time.sleep(1)
    raise AssertionError(f"{url} never showed what was expected; server log:\n"
                         + log.read_text(encoding="utf-8")[-3000:])


def text_of(page: str) -> str:
    """The page's text as a reader sees it (tags dropped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_broken_note_shows_its_problems_on_its_paper_page_until_it_is_fixed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_paper(project)
    record_checksums(project)
    quote, paragraph_id = a_quote(project_paper(project))
    log = tmp_path / "serve.log"
    with serving(project, free_port(), log) as site:
        page_url = f"{site}papers/{SLUG}/"
        wait_for(page_url, lambda page: paragraph_id in page, log)

        note = write_note(project, "three-mistakes", "words that appear nowhere in this paper",
                          "See [the idea](concept:no-such-concept) and [@nosuchkey2020].")
        relative = f"annotations/{SLUG}/three-mistakes.md"
        broken_html = wait_for(page_url, lambda page: relative in page, log)
        broken = text_of(broken_html)
        assert "3 problems in the sources" in broken
        assert f"{relative}:2: the quote was not found in {SLUG}" in broken
        assert f"{relative}:8: unknown concept 'no-such-concept'" in broken
        assert f"{relative}:8: unknown citation key @nosuchkey2020" in broken
        assert "hint: the nearest passage is in" in broken
        # The rest of the paper is still there, and so is the rest of the site.
        assert f'id="{paragraph_id}"' in broken_html
        home = text_of(get(site) or "")
        assert f"{relative}:2" in home, "the home page lists every problem"
        assert "reader-problems" not in (get(f"{site}bibliography/") or "reader-problems")

        write_note(project, "three-mistakes", quote, "A note on convenience samples, now fixed.")
        fixed = text_of(wait_for(page_url, lambda page: "now fixed" in page, log))
        assert "reader-problems" not in fixed
        assert "reader-problems" not in (get(site) or "reader-problems")

        # A paper.yml that cannot be read: its page says why instead of a 404 or a hang.
        yml = project / "papers" / SLUG / "paper.yml"
        good_yml = yml.read_text(encoding="utf-8")
        yml.write_text(good_yml + "colour: red\n", encoding="utf-8")
        unread = text_of(wait_for(page_url, lambda page: "paper.yml:6" in page, log))
        assert f"papers/{SLUG}/paper.yml:6: unknown field 'colour'" in unread
        assert "This paper could not be read" in unread
        yml.write_text(good_yml, encoding="utf-8")
        wait_for(page_url, lambda page: "now fixed" in page and "reader-problems" not in page, log)

        # A concept page with a problem shows it on itself.
        concept = project / "docs" / "concepts" / "broken-concept.md"
        concept.write_text("---\ntitle: Broken concept\nsummary: no full stop\n---\n\nSee [@nosuchkey2020].\n",
                           encoding="utf-8")
        shown = text_of(wait_for(f"{site}concepts/broken-concept/", lambda page: "reader-problems" in page, log))
        assert "docs/concepts/broken-concept.md:3: 'summary' must be one sentence" in shown
        assert "docs/concepts/broken-concept.md:6: unknown citation key @nosuchkey2020" in shown
        concept.unlink()

    # The strict build still refuses the broken note, and writes no site.
    write_note(project, "three-mistakes", "words that appear nowhere in this paper", "A note.")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"{note}:2: the quote was not found" in result.stderr
    assert not (tmp_path / "site" / "papers").exists()
