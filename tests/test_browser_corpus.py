"""Corpus papers (one per reader) in real Chromium: footnote links both
ways, a table, maths rendered by the vendored KaTeX, a citation popover,
and screenshots to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from build_tools.loopback import free_port
from tests.conftest import run_mkdocs_build, serving
from tests.corpus_site import CORPUS_PAPERS, add_corpus_papers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = add_corpus_papers(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("corpus-site")
    port = free_port()
    result = run_mkdocs_build(project, site, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    with serving(site, port) as url:
        yield url


def open_paper(page: Page, url: str, reader: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{url}papers/{CORPUS_PAPERS[reader]}/")
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_jats_maths_is_rendered_by_katex_offline(page: Page, corpus_url: str, screenshot_dir: Path) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(corpus_url) else None)
    open_paper(page, corpus_url, "jats")
    display = page.locator(".reader-formula .katex-display")
    expect(display.first).to_be_visible()
    assert display.count() == 14
    assert page.locator("span.arithmatex .katex").count() > 0   # inline maths too
    # the TeX source is no longer shown as text
    assert "\\frac" not in page.locator(".reader-formula").first.inner_text()
    display.first.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "corpus-jats-formula.png")
    assert outside == []


def test_a_page_without_maths_does_not_fetch_katex(page: Page, corpus_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(corpus_url + "papers/zou-balancing-act/", wait_until="networkidle")
    assert any(u.endswith("katex-render.js") for u in fetched)
    assert not [u for u in fetched if "/katex/" in u]


def fragment(href: str | None) -> str:
    """"#fn2-p1" from "#fn2-p1" or from the page's own URL with it."""
    return "#" + (href or "#missing").split("#", 1)[-1]


def test_notes_link_back_only_to_calls_that_exist(page: Page, corpus_url: str) -> None:
    for reader in CORPUS_PAPERS:
        open_paper(page, corpus_url, reader)
        for call in page.locator("a.reader-footnote-call").all():
            note = page.locator(fragment(call.get_attribute("href")))
            expect(note).to_have_count(1)
            back = note.locator("a.reader-footnote-back")
            assert page.locator(fragment(back.get_attribute("href"))).count() == 1
        for back in page.locator("a.reader-footnote-back").all():
            target = fragment(back.get_attribute("href"))
            assert page.locator(target).count() == 1, f"{reader}: {target} has no call"
    # musmeci-2015's two author notes are a back part of the page, not notes of its text.
    open_paper(page, corpus_url, "jats")
    expect(page.locator(".reader-footnote")).to_have_count(0)
    expect(page.get_by_role("heading", name="Author notes")).to_be_visible()
    expect(page.get_by_text("The authors have declared that no competing interests exist.")).to_be_visible()


def test_converted_table_is_a_table_with_its_caption(page: Page, corpus_url: str, screenshot_dir: Path) -> None:
    open_paper(page, corpus_url, "converted")
    table = page.locator("table.reader-table").first
    expect(table).to_be_visible()
    assert table.locator("tr").count() >= 3
    table.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "corpus-converted-table.png")


def test_a_citation_in_a_table_cell_opens_its_reference(page: Page, corpus_url: str, screenshot_dir: Path) -> None:
    # douglas-2014's Table 1: "RXP407 [32]" names Dive et al. 1999, "RXP 407, a phosphinic peptide …".
    open_paper(page, corpus_url, "table-citations")
    citation = page.locator("table.reader-table td a.reader-citation", has_text="[32]")
    expect(citation).to_have_count(1)
    citation.scroll_into_view_if_needed()
    citation.hover()
    popover = page.locator("#reader-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("RXP 407")
    page.screenshot(path=screenshot_dir / "corpus-table-cell-citation.png")
    page.keyboard.press("Escape")
    citation.focus()   # the keyboard reaches it too
    expect(popover).to_be_visible()


def test_citation_popover_on_a_pandoc_paper(page: Page, corpus_url: str, screenshot_dir: Path) -> None:
    open_paper(page, corpus_url, "pandoc")
    citation = page.locator("a.reader-citation").first
    expect(citation).to_have_text("(R Core Team 2021)")
    citation.hover()
    popover = page.locator("#reader-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("R: A Language and Environment for Statistical Computing")
    page.screenshot(path=screenshot_dir / "corpus-pandoc-popover.png")


def test_the_reading_layers_offer_only_what_the_page_has(page: Page, corpus_url: str) -> None:
    open_paper(page, corpus_url, "jats")   # citations, no readers' notes yet
    layers = page.get_by_role("group", name="Show in the text")
    expect(layers.get_by_label("Citations")).to_be_visible()
    assert layers.get_by_label("Note highlights").count() == 0


def test_an_interleaved_conversion_says_so_above_its_first_section(page: Page, corpus_url: str) -> None:
    # spagat-2017 through markitdown: a reader sees the notice before any text.
    open_paper(page, corpus_url, "interleaved")
    notice = page.locator(".reader-needs-human")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("interleaves two columns")
    notice_box, section_box = notice.bounding_box(), page.locator("article h2").first.bounding_box()
    assert notice_box is not None and section_box is not None and notice_box["y"] < section_box["y"]
