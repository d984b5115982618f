"""Notes beside their passages, the contributor's annotate links, site search,
print layout, and a screenshot of every page (light, dark, phone)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.conftest import FIXTURE

pytestmark = pytest.mark.browser

ZOU = "papers/zou-balancing-act/"
NOTE = "#note-zou-balancing-act--entrapment-and-abandonment"


def test_a_note_sits_below_its_highlighted_passage(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU + "#s3-p3")
    mark = page.locator("#s3-p3 mark.reader-highlight")
    expect(mark).to_contain_text("This dilemma involves balancing the risks of")
    note = page.locator(NOTE)
    # The note follows its paragraph and starts closed, out of the way.
    assert page.evaluate(f"document.querySelector('#s3-p3').nextElementSibling.contains("
                         f"document.querySelector('{NOTE}'))")
    expect(note).not_to_have_attribute("open", "")
    expect(note.locator("summary")).to_contain_text("Comment by @reader-team, 2026-11-23")
    mark.click()
    expect(note).to_have_attribute("open", "")
    expect(note.locator(".reader-note__body")).to_contain_text("(Snyder 1997)")


def test_a_note_opens_and_closes_with_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU + "#s3-p3")
    summary = page.locator(f"{NOTE} > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator(NOTE)).to_have_attribute("open", "")
    citation = page.locator(f"{NOTE} a.reader-cite").first
    page.keyboard.press("Tab")
    expect(citation).to_be_focused()
    expect(page.locator("#reader-popover")).to_contain_text("Alliance Politics")
    summary.focus()
    page.keyboard.press("Space")
    expect(page.locator(NOTE)).not_to_have_attribute("open", "")


def annotate_url_fields(href: str) -> tuple[str, dict[str, object], str]:
    query = parse_qs(urlparse(href).query)
    text = query["value"][0]
    _, front, body = text.split("---\n", 2)
    return query["filename"][0], yaml.safe_load(front), body


def test_annotate_links_prefill_a_new_file_on_github(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    link = page.locator("#s2-p2 a.reader-annotate")
    href = link.get_attribute("href") or ""
    assert href.startswith("https://github.com/") and "/new/main?" in href
    filename, front, _ = annotate_url_fields(href)
    today = page.evaluate("(() => { const d = new Date(), two = n => String(n).padStart(2, '0'); "
                          "return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); })()")
    assert filename.startswith(f"annotations/zou-balancing-act/{today}-many-scholars-also-view")
    assert front["exact"] == "Many scholars also view alliances from a broader political perspective. Glenn H."
    assert str(front["created"]) == today
    assert front["motivation"] == "commenting"


def test_selecting_text_offers_annotate_selection_with_the_quote(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU + "#s3-p3")
    page.evaluate("""() => {
        const p = document.querySelector('#s3-p3');
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let node; while ((node = walker.nextNode()) && !node.textContent.includes('Renowned scholars')) {}
        const start = node.textContent.indexOf('Renowned scholars');
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + 'Renowned scholars like Michael Mandelbaum'.length);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        p.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    button = page.locator("button.reader-annotate-selection")
    expect(button).to_be_visible()
    filename, front, _ = annotate_url_fields(button.get_attribute("data-url") or "")
    assert front["exact"] == "Renowned scholars like Michael Mandelbaum"
    assert str(front["prefix"]).endswith("abandonment by its allies [19]. ")
    assert str(front["suffix"]).startswith(" and Glenn Snyder")
    assert filename.endswith("-renowned-scholars-like-michael-mandelbaum.md")


def search(page: Page, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially(query, delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_search_reaches_the_concept_page_and_the_paragraph(page: Page, site_url: str) -> None:
    search(page, site_url, "entrapment")
    results = page.locator(".md-search-result__link")
    # Result links carry a ?h= highlight query and a section #anchor.
    paths = {urlparse(results.nth(i).get_attribute("href") or "").path for i in range(results.count())}
    assert "/concepts/entrapment/" in paths and "/papers/zou-balancing-act/" in paths, paths
    page.locator(".md-search-result__link[href*='/concepts/entrapment/?']").first.click()
    page.wait_for_url("**/concepts/entrapment/?h=entrapment")
    page.locator("article a[href$='/papers/zou-balancing-act/#s3-p3']").first.click()
    page.wait_for_url("**/papers/zou-balancing-act/#s3-p3")
    expect(page.locator("#s3-p3")).to_be_in_viewport()


def test_search_finds_words_that_only_notes_contain(page: Page, site_url: str) -> None:
    search(page, site_url, "moral hazard")
    hrefs = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert any("/annotations/" in h or "/papers/zou-balancing-act/" in h for h in hrefs), hrefs


def test_print_layout_hides_the_site_around_the_paper(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(chrome).first.evaluate("el => getComputedStyle(el).display") == "none", chrome
    expect(page.locator("#references")).to_be_visible()
    expect(page.locator("#s1-p1")).to_be_visible()


def test_the_jsonld_export_is_served_and_targets_real_paragraphs(page: Page, site_url: str) -> None:
    response = page.request.get(site_url + "annotations/annotations.jsonld")
    assert response.ok
    document = json.loads(response.text())
    items = document["first"]["items"]
    assert len(items) == len(list((FIXTURE / "annotations").glob("*/*.md")))
    for item in items:
        source = item["target"]["source"]
        assert source.startswith(site_url + "papers/")
        page_path, _, paragraph = source.removeprefix(site_url).partition("#")
        assert page.request.get(site_url + page_path).ok and paragraph


PAGES = ["", ZOU, "papers/istomin-baykov-2020/", "concepts/", "concepts/entrapment/", "concepts/alliance/",
         "bibliography/", "annotations/", "contribute/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_console_errors_and_is_photographed(
        browser: Browser, site_url: str, screenshot_dir: Path, path: str) -> None:
    name = path.strip("/").replace("/", "-") or "home"
    for label, options in (("light", {"color_scheme": "light"}), ("dark", {"color_scheme": "dark"}),
                           ("phone", {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                                      "has_touch": True})):
        context = browser.new_context(**options)  # type: ignore[arg-type]
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, seen=errors: seen.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=screenshot_dir / f"page-{name}-{label}.png")
        context.close()
        assert errors == [], (label, errors)
