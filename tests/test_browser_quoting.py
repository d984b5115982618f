"""Reading and quoting like a scholar, in a real browser: page numbers of the
original, "Cite this passage" from the ¶ link and from a selection, notes
beside the text on wide screens and under it on narrow ones, print, phone
layouts and the keyboard.

The tests read what the page says about itself (data-cite-as, data-pages,
the markers) rather than pinning the content of a paper."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

ZOU = "papers/zou-balancing-act/"  # a converted PDF: page breaks, notes
IB = "papers/istomin-baykov-2020/"  # a landing page with notes on the abstract
PAPERS = (ZOU, IB)
SPLIT = "article .reader-paragraph[data-pages*='–']"  # a paragraph running over a page break


def test_a_page_of_the_original_is_marked_in_the_margin_for_sight_and_speech_but_not_for_copying(
        page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(site_url + ZOU)
    paragraph = page.locator(SPLIT).first
    marker = paragraph.locator(".reader-page-start")
    last = (paragraph.get_attribute("data-pages") or "").split("–")[-1]
    expect(marker).to_have_attribute("data-page", last)
    # Screen readers hear "page N" where the page begins.
    expect(marker.locator(".reader-sr-only")).to_have_text(f"page {last}")
    # The number stands in the margin, left of the text column.
    number_left = marker.evaluate("el => parseFloat(getComputedStyle(el, '::before').left)")
    assert number_left < 0
    # Copying the paragraph copies the author's words only.
    copied = paragraph.evaluate("""el => { const range = document.createRange();
        range.selectNodeContents(el); const s = getSelection(); s.removeAllRanges(); s.addRange(range);
        return s.toString(); }""")
    assert f"page {last}" not in copied and f"p. {last}" not in copied
    assert re.search(r"\w \w", copied)


def test_the_permalink_menu_cites_the_passage_with_its_pages_and_copies_it(
        browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + ZOU)
    cite_as = page.locator("article .reader-paper-header").get_attribute("data-cite-as")
    paragraph = page.locator(SPLIT).first
    pid, pages = paragraph.get_attribute("id"), paragraph.get_attribute("data-pages")
    paragraph.hover()
    paragraph.locator(".reader-permalink").click()
    menu = page.get_by_role("dialog", name="Cite this passage")
    expect(menu).to_be_visible()
    expected = f"{cite_as}, {pages}, ¶ {pid}"
    expect(menu.locator(".reader-passage-menu__citation")).to_have_text(expected)
    assert page.url.endswith(f"#{pid}")
    expect(menu.get_by_role("link")).to_have_attribute("href", f"#{pid}")
    # The first button has the focus; Enter copies the citation.
    expect(menu.get_by_role("button", name="Copy citation")).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("status")).to_have_text("citation copied.")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    menu.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/{ZOU}#{pid}")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(paragraph.locator(".reader-permalink")).to_be_focused()
    context.close()


def test_a_selection_is_cited_with_the_page_it_is_on(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    cite_as = page.locator("article .reader-paper-header").get_attribute("data-cite-as")
    paragraph = page.locator(SPLIT).first
    pid = paragraph.get_attribute("id")
    last = (paragraph.get_attribute("data-pages") or "").split("–")[1]
    # Select the words just after the page break: they are on the later page.
    quote = paragraph.evaluate("""el => {
        const marker = el.querySelector('.reader-page-start');
        const text = marker.nextSibling;
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, Math.min(text.length, 20));
        const s = getSelection(); s.removeAllRanges(); s.addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return range.toString().trim(); }""")
    button = page.get_by_role("button", name="Cite selection")
    expect(button).to_be_visible()
    button.click()
    citation = page.get_by_role("dialog", name="Cite this passage").locator(".reader-passage-menu__citation")
    expect(citation).to_have_text(f"“{quote}” ({cite_as}, {last}, ¶ {pid})")


def test_a_structured_paper_without_pages_is_cited_by_section_and_paragraph(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    paragraph = page.locator("article .reader-paragraph[id]").first
    assert paragraph.get_attribute("data-pages") is None
    cite_as = page.locator("article .reader-paper-header").get_attribute("data-cite-as")
    paragraph.hover()
    paragraph.locator(".reader-permalink").click()
    expect(page.locator(".reader-passage-menu__citation")).to_have_text(
        f"{cite_as}, ¶ {paragraph.get_attribute('id')}")


def test_notes_sit_beside_their_passage_in_text_order_on_a_wide_screen(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(site_url + IB)
    asides = page.locator("article aside.reader-notes")
    expect(page.locator("body.reader-margin-notes")).to_have_count(1)
    expect(page.locator(".md-sidebar--secondary")).to_be_hidden()
    for i in range(asides.count()):
        aside = asides.nth(i)
        paragraph = page.locator(f"[id='{aside.get_attribute('data-paragraph')}']")
        box, text = aside.bounding_box(), paragraph.bounding_box()
        assert box and text and box["x"] >= text["x"] + text["width"], "the notes are beside the text"
        notes = aside.locator("details.reader-note")
        tops = []
        for j in range(notes.count()):
            note_id = notes.nth(j).get_attribute("id")
            mark = paragraph.locator(f"mark[data-annotations~='{note_id}']").first
            tops.append(mark.bounding_box()["y"])  # type: ignore[index]
        # In the order their quotes come in the text, the first level with its quote.
        assert tops == sorted(tops)
        assert abs(notes.first.bounding_box()["y"] - tops[0]) < 40  # type: ignore[index]
    # Opening a note pushes the ones below it down rather than under it.
    notes = page.locator("article details.reader-note")
    notes.first.locator("summary").click()
    page.wait_for_timeout(100)
    first, second = notes.nth(0).bounding_box(), notes.nth(1).bounding_box()
    assert first and second and second["y"] >= first["y"] + first["height"]


def test_on_a_narrow_screen_notes_fold_under_their_paragraph(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 900, "height": 900})
    page.goto(site_url + ZOU)
    aside = page.locator("article aside.reader-notes").first
    paragraph = page.locator(f"[id='{aside.get_attribute('data-paragraph')}']")
    box, text = aside.bounding_box(), paragraph.bounding_box()
    assert box and text and box["y"] >= text["y"] + text["height"] - 1
    expect(aside.locator("details.reader-note").first).not_to_have_attribute("open", "")


def test_turning_note_highlights_off_hides_highlights_not_notes(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    page.get_by_label("Note highlights").uncheck()
    mark = page.locator("article mark.reader-highlight").first
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    expect(page.locator("article aside.reader-notes").first).to_be_visible()
    page.get_by_label("Note highlights").check()


def test_each_note_box_has_its_own_name(page: Page, site_url: str, axe: Axe) -> None:
    for path in PAPERS:
        page.goto(site_url + path)
        result = axe.run(page, options={"runOnly": {"type": "rule", "values": ["landmark-unique"]}})
        assert result.response["violations"] == [], path


@pytest.mark.parametrize("path", PAPERS)
def test_print_leaves_out_the_import_report_and_the_notes_links(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.emulate_media(media="print")
    expect(page.locator(".reader-import-report")).to_be_hidden()
    note = page.locator("article details.reader-note").first
    note.evaluate("el => el.open = true")
    expect(note.locator(".reader-note__body")).to_be_visible()
    expect(note.locator(".reader-note__meta")).to_be_hidden()
    aside = page.locator("article aside.reader-notes").first
    assert aside.evaluate("el => getComputedStyle(el).position") == "static"
    text = page.locator("article").bounding_box()
    assert text and aside.bounding_box()["width"] > 0.8 * text["width"]  # type: ignore[index]


@pytest.mark.parametrize("path", PAPERS)
def test_the_two_column_reference_list_keeps_its_columns_apart_in_print(
        page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.emulate_media(media="print")
    boxes = page.locator("article ol.reader-references li").evaluate_all(
        """els => els.map(el => { const r = el.getBoundingClientRect();
            const margin = parseFloat(getComputedStyle(el).marginLeft);
            return [r.left, r.right, el.scrollWidth - el.clientWidth, r.left - margin]; })""")
    lefts = sorted({round(b[0]) for b in boxes})
    assert len(lefts) >= 2, "two columns"
    column_one_right = max(b[1] for b in boxes if round(b[0]) == lefts[0])
    # The second column's numbers stand in its own margin, past the first column's text.
    assert min(b[3] for b in boxes if round(b[0]) == lefts[-1]) >= column_one_right
    assert all(b[2] <= 1 for b in boxes), "no entry runs out of its column"


def test_both_papers_print_without_the_import_report(browser: Browser, site_url: str, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (Debian: poppler-utils; .ci/run installs it)")
    page = browser.new_page(viewport={"width": 1440, "height": 900})  # wide: notes in the margin on screen
    for path in PAPERS:
        page.goto(site_url + path)
        pdf = tmp_path / (path.strip("/").replace("/", "-") + ".pdf")
        pdf.write_bytes(page.pdf(format="A4"))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "References" in text
        assert "Import report" not in text
        # No page is left empty (the margin-notes layout once stretched the article).
        pages = text.split("\f")[:-1]
        assert pages and all(p.strip() for p in pages), [i + 1 for i, p in enumerate(pages) if not p.strip()]
    page.close()


def test_on_a_phone_nothing_overflows_and_the_map_says_it_scrolls(browser: Browser, site_url: str) -> None:
    phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    for path in ("annotations/", "papers/", ZOU, IB, "concepts/"):
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    page.goto(site_url + "papers/")
    authors = page.locator("article table td[data-label='Authors']").first
    assert authors.evaluate("el => getComputedStyle(el, '::before').content") == '"Authors: "'
    box = authors.bounding_box()
    assert box and box["x"] + box["width"] <= 375
    page.goto(site_url + "concepts/")
    expect(page.locator(".reader-scroll-hint")).to_be_visible()
    expect(page.locator(".reader-scroll-hint")).to_contain_text("scroll sideways")
    phone.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "concepts/")
    expect(page.locator(".reader-scroll-hint")).to_be_hidden()
    page.close()


def test_links_in_a_citation_preview_are_reachable_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    citation = page.locator("article .reader-paragraph a.reader-citation").first
    citation.focus()
    popover = page.locator("#reader-popover")
    expect(popover).to_be_visible()
    expect(popover).to_have_attribute("role", "dialog")
    links = popover.get_by_role("link")
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    for _ in range(links.count() - 1):
        page.keyboard.press("Tab")
    expect(links.last).to_be_focused()
    # Past the last link, Tab goes on to what follows the citation.
    citation.evaluate("""el => { const all = [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]')].filter(e => e.tabIndex >= 0 &&
        e.offsetParent !== null && !e.closest('#reader-popover'));
        all[all.indexOf(el) + 1].dataset.testNext = "1"; }""")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testNext") == "1"
    # The citation's preview has closed (the next link may show its own).
    assert citation.get_attribute("aria-describedby") is None
