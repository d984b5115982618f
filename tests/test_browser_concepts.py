"""Concept features in a real browser, on a site built from the frozen
project (tests/fixtures/project/): a
term's popover inside a paper that defines it shows the paper's words first,
then the site's; the map says a focused concept's relations; and the pages
pass the accessibility audit. Screenshots of a concept page, the comparison
page and the map in light, dark and phone sizes go to the screenshot folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from build_tools.loopback import free_port
from tests.conftest import run_mkdocs_build, seed_project, serious_accessibility_violations, serving

pytestmark = pytest.mark.browser

ZOU = "papers/zou-balancing-act/"
PAGES = {"concept": "concepts/alliance-security-dilemma/", "compare": "compare/", "map": "concepts/"}


@pytest.fixture(scope="module")
def concepts_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = seed_project(tmp_path_factory.mktemp("concepts-project") / "project")
    port = free_port()
    site = tmp_path_factory.mktemp("concepts-site")
    result = run_mkdocs_build(project, site, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr[-3000:]
    with serving(site, port) as url:
        yield url


def test_a_terms_popover_in_the_paper_that_defines_it_shows_its_words_first(page: Page, concepts_site: str) -> None:
    page.goto(concepts_site + ZOU)
    term = page.locator('a.reader-term[data-term="Alliance security dilemma"][data-paper-definition]').first
    term.focus()
    popover = page.locator("#reader-popover")
    expect(popover).to_be_visible()
    text = popover.inner_text()
    assert text.index("In this paper:") < text.index("a fundamental problem in military alliances") < text.index(
        "A sense of its own:") < text.index("On this site:") < text.index("trade-off every ally faces")


def test_a_focused_concept_on_the_map_says_its_relations(page: Page, concepts_site: str) -> None:
    page.goto(concepts_site + PAGES["map"])
    page.locator('svg.concept-map .node[data-slug="entrapment"]').focus()
    status = page.locator("output.concept-map-status")
    expect(status).to_contain_text("Entrapment: ")
    # Typed relations first, in words; plain "related" links after them.
    said = status.inner_text().removeprefix("Entrapment: ").split("; ")
    assert said[:3] == ["can follow from Chain-ganging", "contrasts with Abandonment",
                        "is part of Alliance security dilemma"]
    assert "related to Alliance restraint" in said[3:]
    expect(page.locator(".concept-map-legend")).to_contain_text("contrasts with")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_concept_pages_pass_the_audit_and_are_photographed(browser: Browser, concepts_site: str, axe: Axe,
                                                         screenshot_dir: Path, name: str) -> None:
    for scheme, viewport in (("light", {"width": 1280, "height": 900}), ("dark", {"width": 1280, "height": 900}),
                             ("phone", {"width": 390, "height": 844})):
        page = browser.new_page(viewport=viewport)
        page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
        page.goto(concepts_site + PAGES[name])
        if scheme != "phone":
            assert serious_accessibility_violations(page, axe) == []
        page.screenshot(path=screenshot_dir / f"concepts-{name}-{scheme}.png", full_page=True)
        page.close()
