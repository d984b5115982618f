"""The Pagefind search option (READER_SEARCH=pagefind), for corpora whose
Material search index grows to megabytes: a reader finds a passage from the
Search page, offline, and the page passes axe."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request, expect

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pagefind_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site, port = tmp_path_factory.mktemp("pagefind-site"), free_port()
    env = {**os.environ, "READER_SEARCH": "pagefind", "SITE_URL": f"http://127.0.0.1:{port}/",
           "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    assert not (site / "search" / "search_index.json").exists()  # Material's index is off
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                pass
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


def test_a_reader_finds_a_passage_from_the_search_page(page: Page, pagefind_site_url: str,
                                                       screenshot_dir: Path) -> None:
    elsewhere: list[str] = []

    def record(request: Request) -> None:
        if urlparse(request.url).netloc != urlparse(pagefind_site_url).netloc:
            elsewhere.append(request.url)

    page.on("request", record)
    page.goto(pagefind_site_url)
    expect(page.locator("input.md-search__input")).to_have_count(0)
    page.get_by_role("link", name="Search", exact=True).first.click()
    box = page.locator(".pagefind-ui__search-input")
    box.fill("entrapment")
    first = page.locator(".pagefind-ui__result").first
    expect(first).to_be_visible(timeout=15_000)
    expect(first).to_contain_text("ntrapment")
    page.screenshot(path=str(screenshot_dir / "pagefind-search.png"), full_page=False)
    href = first.locator("a").first.get_attribute("href") or ""
    assert href.startswith("/") and not href.startswith("//")
    first.locator("a").first.click()
    expect(page.locator("article h1").first).to_be_visible()
    assert urlparse(page.url).path == href.split("#")[0]
    assert elsewhere == []


def test_the_search_page_has_no_serious_accessibility_violations(page: Page, pagefind_site_url: str) -> None:
    page.goto(pagefind_site_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("alliance")
    expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=15_000)
    violations = Axe().run(page, options=WCAG).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
