"""Shared fixtures: the real papers, a strict build of the whole site, a
loopback server for it, and Playwright launch settings for Debian Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from build_tools.loopback import free_port
from build_tools.model import Paper
from build_tools.read.papers import read_paper

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


GOLDEN = Path(__file__).parent / "golden"
# Golden files are stored wrapped so a change shows as a short diff line, not a
# 4,500-character one: a long line is cut at a space and each continuation line
# starts with this mark. Unwrapping gives back the page exactly.
CONTINUATION = "↪ "
GOLDEN_WIDTH = 100


def wrap_for_review(text: str) -> str:
    """`text` with every line longer than GOLDEN_WIDTH cut at spaces (see CONTINUATION)."""
    out = []
    for line in text.split("\n"):
        if line.startswith(CONTINUATION):
            raise ValueError(f"a generated line starts with the continuation mark {CONTINUATION!r}: {line[:60]}")
        start = 1
        while len(line) > GOLDEN_WIDTH:
            # The last single space before the width (no trailing blank), else the first after it.
            cuts = [i for i in range(start, len(line)) if line[i] == " " and line[i - 1] != " "]
            before = [i for i in cuts if i <= GOLDEN_WIDTH]
            after = [i for i in cuts if i > GOLDEN_WIDTH]
            cut = before[-1] if before else (after[0] if after else None)
            if cut is None:
                break
            out.append(line[:cut])
            line = CONTINUATION + line[cut + 1:]
            start = len(CONTINUATION) + 1
        out.append(line)
    return "\n".join(out)


def unwrap(text: str) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.startswith(CONTINUATION) and lines:
            lines[-1] += " " + line.removeprefix(CONTINUATION)
        else:
            lines.append(line)
    return "\n".join(lines)


def assert_matches_golden(name: str, rendered: str, test_file: str) -> None:
    """Compare with tests/golden/<name> (stored wrapped); UPDATE_GOLDEN=1 rewrites it for review."""
    golden = GOLDEN / name
    command = f"UPDATE_GOLDEN=1 python -m pytest {test_file}"
    stored = wrap_for_review(rendered)
    assert unwrap(stored) == rendered, "wrapping for review must not lose anything"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(stored, encoding="utf-8")
    assert golden.exists(), f"run {command}"
    assert stored == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended run {command} and review the diff")


# The project's content, frozen: two papers, their notes, the hand-written
# and concept pages, the abbreviations and the bibliography, as they were
# when the tests that pin pages, counts, keys and note authors were written.
# Those tests read this copy, never the live papers/, annotations/ or docs/,
# so a maintainer's new paper or a stranger's note changes none of them; the
# live content is guarded by `check` and the strict build
# (tests/test_live_content.py). tests/fixtures/project/README.md says how to
# refresh it on purpose.
FIXTURE = Path(__file__).parent / "fixtures" / "project"
# The papers with hand-checked facts in tests/expectations/ (all of the fixture's).
SEED_PAPERS = tuple(sorted(path.stem for path in (Path(__file__).parent / "expectations").glob("*.yml")))
SOFTWARE = ("build_tools", "overrides", "mkdocs.yml", "docs")


def read_seed_papers() -> tuple[Paper, ...]:
    return tuple(read_paper(FIXTURE / "papers" / slug) for slug in SEED_PAPERS)


@pytest.fixture(scope="session")
def papers() -> dict[str, Paper]:
    return {p.slug: p for p in read_seed_papers()}


def record_checksums(project: Path) -> None:
    """What README "Adding a paper" asks of a maintainer after adding a
    source: record its checksum in papers/SHA256SUMS."""
    from build_tools.cli import main

    assert main(["checksums", "--root", str(project)]) == 0


def record_new_papers(project: Path) -> None:
    """The rest of README "Adding a paper": checksums, then `bib`, which
    adds the new papers' works to bibliography.bib."""
    from build_tools.cli import main

    record_checksums(project)
    assert main(["bib", "--root", str(project)]) == 0


def copy_project(destination: Path) -> Path:
    """A scratch project: the site's software as it is now (the package,
    templates, mkdocs.yml, scripts and styles) with the frozen content of
    tests/fixtures/project. For tests that build it, break it or add to it."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in SOFTWARE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    for item in FIXTURE.iterdir():
        if item.name == "README.md":
            continue
        if item.is_dir():
            shutil.copytree(item, destination / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, destination / item.name)
    _drop_nav_entries_for_pages_the_fixture_lacks(destination)
    return destination


def seed_project(destination: Path) -> Path:
    """The frozen project (see `copy_project`); the name says what it holds."""
    return copy_project(destination)


def _drop_nav_entries_for_pages_the_fixture_lacks(project: Path) -> None:
    """A hand-written page added to the live docs/ and its nav entry are
    content the frozen copy does not have: drop those nav lines, or the
    strict build of the copy would fail on them. Generated pages (in
    neither docs/) stay."""
    config = project / "mkdocs.yml"
    kept = []
    for line in config.read_text(encoding="utf-8").split("\n"):
        target = re.match(r"^\s+- (?:[^:]+:\s*)?([\w./-]+\.md)\s*$", line)
        if target and (ROOT / "docs" / target.group(1)).is_file() \
                and not (project / "docs" / target.group(1)).is_file():
            continue
        kept.append(line)
    config.write_text("\n".join(kept), encoding="utf-8")


# One build date for every build of a test run: the sitemap carries the date,
# and a run that crosses midnight would otherwise see two "different" sites.
BUILD_DATE = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))


def run_mkdocs_build(project: Path, site_dir: Path, site_url: str = "http://127.0.0.1:8000/",
                     **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_DATE,
           **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, check=False)


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen project (`copy_project`), assembled once per test run."""
    return copy_project(tmp_path_factory.mktemp("fixture-project") / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int, fixture_project: Path) -> Path:
    """The frozen project's site, built once per test run with --strict."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(fixture_project, site, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    with serving(built_site, site_port) as url:
        yield url


@contextlib.contextmanager
def serving(site: Path, port: int) -> Iterator[str]:
    """`site` on http://127.0.0.1:<port>/ until the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def serious_accessibility_violations(page: Page, axe: Axe) -> list[tuple[str, str, list[object]]]:
    """axe-core's serious and critical WCAG 2.1 A/AA findings on the page as shown."""
    violations = axe.run(page, options=WCAG).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
            for v in violations if v["impact"] in ("serious", "critical")]


@contextlib.contextmanager
def page_in_scheme(browser: Browser, url: str, scheme: str) -> Iterator[Page]:
    """A new page at `url` as a reader whose system prefers `scheme` ("light"
    or "dark") sees it. Material picks its palette when a page loads and
    keeps the pick in the browser's storage, so an open page, or a reload,
    does not follow a change of preference: each scheme gets its own context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url)
        yield page
    finally:
        context.close()


def chromium_path() -> str | None:
    """The Chromium to drive, or None for Playwright's own build.

    PLAYWRIGHT_BUNDLED_CHROMIUM=1 always means Playwright's own build (from
    `python -m playwright install chromium`), even where a system Chromium
    exists: on Ubuntu that one is a snap stub Playwright cannot drive."""
    if os.environ.get("PLAYWRIGHT_BUNDLED_CHROMIUM"):
        return None
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return next((c for c in CHROMIUM_CANDIDATES if os.path.exists(c)), None)


NO_CHROMIUM = ("browser tests need Chromium: `apt-get install chromium` (Debian), or "
               "`.venv/bin/python -m playwright install chromium` and PLAYWRIGHT_BUNDLED_CHROMIUM=1 (see README)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    executable = chromium_path()
    if executable is None and not os.environ.get("PLAYWRIGHT_BUNDLED_CHROMIUM"):
        if os.environ.get("CI"):
            pytest.fail("no Chromium found: .ci/run installs Debian's 'chromium' package")
        pytest.skip(NO_CHROMIUM)
    extra = {"executable_path": executable} if executable else {}
    # The background-networking flags keep Chromium from calling Google hosts
    # that this machine cannot reach.
    return {**browser_type_launch_args, **extra,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync"]}


# --- markers -----------------------------------------------------------------------------------

KINDS = ("unit", "site", "browser")
# Fixtures that build or serve the whole site: a test using one is not a unit test.
SITE_FIXTURES = {"built_site", "site_url"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test is exactly one of unit, site or browser (pyproject.toml), so
    `pytest -m unit` is the quick loop and `-m "not browser"` needs no Chromium."""
    wrong = []
    for item in items:
        kinds = {m.name for m in item.iter_markers() if m.name in KINDS}
        uses_site = SITE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if len(kinds) != 1 or (kinds == {"unit"} and uses_site):
            wrong.append(f"{item.nodeid}: marked {sorted(kinds) or 'nothing'}"
                         + (f", uses {sorted(uses_site)}" if uses_site else ""))
    if wrong:
        raise pytest.UsageError("mark each test with exactly one of pytest.mark.unit, .site or .browser "
                                "(module-level `pytestmark` is fine):\n  " + "\n  ".join(wrong))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "browser" in getattr(r, "keywords", {})]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {NO_CHROMIUM}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
