"""Reading in a real browser: previews by mouse, keyboard and touch, the
colour scheme choice, and instant navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import page_in_scheme

pytestmark = pytest.mark.browser

ZOU = "papers/zou-balancing-act/"
POPOVER = "#reader-popover"


def first_citation(page: Page, reference: str = "5"):  # type: ignore[no-untyped-def]
    return page.locator(f'#s2-p2 a.reader-citation[data-popover="#ref-{reference}"]').first


def test_citation_preview_on_mouse_hover(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    first_citation(page).hover()
    popover = page.locator(POPOVER)
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("Alliance Politics")
    # It holds links (the bibliography entry), so it is a small dialog, not a tooltip.
    expect(popover).to_have_attribute("role", "dialog")
    assert first_citation(page).get_attribute("aria-describedby") == "reader-popover"
    page.mouse.move(0, 0)
    expect(popover).to_be_hidden()


def test_citation_preview_by_keyboard_with_escape(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    # Tab from the paragraph's first citation, through the links of its
    # preview, to the next citation, as a keyboard user would.
    page.locator('#s2-p2 a.reader-citation[data-popover="#ref-5"]').focus()
    for _ in range(page.locator(POPOVER).get_by_role("link").count() + 1):
        page.keyboard.press("Tab")
    walt = page.locator('#s2-p2 a.reader-citation[data-popover="#ref-6"]')
    expect(walt).to_be_focused()
    popover = page.locator(POPOVER)
    expect(popover).to_contain_text("The Origins of Alliance")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(walt).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#ref-6")


def test_abbreviation_expands_on_hover_and_is_described_without_being_a_tab_stop(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    unsc = page.locator("#s2-p6 abbr", has_text="UNSC").first
    unsc.hover()
    expect(page.locator(POPOVER)).to_contain_text("United Nations Security Council")
    assert unsc.get_attribute("title") is None  # no second, native tooltip
    # Screen readers get the expansion as its description; Tab passes it by.
    assert unsc.evaluate("el => document.getElementById(el.getAttribute('aria-describedby')).textContent") \
        == "United Nations Security Council"
    assert page.locator("article abbr").evaluate_all("els => els.filter(e => e.tabIndex >= 0).length") == 0


def test_tap_previews_a_citation_and_a_second_tap_follows_it(
        browser: Browser, site_url: str, screenshot_dir: Path) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                is_mobile=True, device_scale_factor=2)
    page = phone.new_page()
    page.goto(site_url + ZOU + "#s2-p2")
    citation = first_citation(page)
    citation.tap()
    popover = page.locator(POPOVER)
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("Snyder")
    assert "#ref-5" not in page.url
    page.screenshot(path=screenshot_dir / "phone-citation-preview.png")
    box = popover.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    citation.tap()
    page.wait_for_url("**#ref-5")
    phone.close()


def test_colour_scheme_choice_survives_a_reload(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert after != before
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", after or "")


def test_previews_still_work_after_instant_navigation(page: Page, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url)
    page.evaluate("window.__sameDocument = true")
    page.locator("article li a[href$='/papers/zou-balancing-act/']").first.click()
    page.wait_for_url("**/papers/zou-balancing-act/")
    assert page.evaluate("window.__sameDocument === true"), "expected instant navigation, got a reload"
    first_citation(page).hover()
    expect(page.locator(POPOVER)).to_contain_text("Alliance Politics")
    # Notes still open from their highlighted quote after the page change.
    page.locator("#s3-p3 mark.reader-highlight").click()
    expect(page.locator("#note-zou-balancing-act--entrapment-and-abandonment")).to_have_attribute("open", "")
    assert errors == []


def test_concept_term_previews_its_summary_by_hover_focus_and_tap(
        page: Page, browser: Browser, site_url: str) -> None:
    page.goto(site_url + ZOU + "#s3-p3")
    term = page.locator("#s3-p3 a.reader-term", has_text="entrapment").first
    popover = page.locator(POPOVER)
    term.hover()
    expect(popover).to_contain_text("Entrapment")
    expect(popover).to_contain_text("dragged into a war")
    page.mouse.move(0, 0)
    expect(popover).to_be_hidden()
    term.focus()
    expect(popover).to_contain_text("dragged into a war")
    page.keyboard.press("Enter")
    page.wait_for_url("**/concepts/entrapment/")
    expect(page.locator("article h1")).to_contain_text("Entrapment")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    touch = phone.new_page()
    touch.goto(site_url + ZOU + "#s3-p3")
    touch.locator("#s3-p3 a.reader-term", has_text="entrapment").first.tap()
    expect(touch.locator(POPOVER)).to_contain_text("dragged into a war")
    assert "/concepts/" not in touch.url
    phone.close()


def test_concept_page_lists_where_the_papers_use_it(page: Page, site_url: str) -> None:
    page.goto(site_url + "concepts/entrapment/")
    backlinks = page.locator("article")
    expect(backlinks).to_contain_text("Where the papers use this")
    link = page.locator("article a[href$='/papers/zou-balancing-act/#s3-p3']").first
    link.click()
    page.wait_for_url("**/papers/zou-balancing-act/#s3-p3")
    expect(page.locator("#s3-p3")).to_be_in_viewport()


def test_concept_map_links_work_by_keyboard_after_instant_navigation(
        page: Page, browser: Browser, site_url: str, screenshot_dir: Path) -> None:
    page.goto(site_url)
    page.evaluate("window.__sameDocument = true")
    page.locator("nav a[href$='/concepts/']").first.click()
    page.wait_for_url("**/concepts/")
    assert page.evaluate("window.__sameDocument === true")
    for scheme in ("light", "dark"):
        with page_in_scheme(browser, site_url + "concepts/", scheme) as shown:
            shown.locator("figure.concept-map-figure").screenshot(path=screenshot_dir / f"concept-map-{scheme}.png")
    node = page.locator("svg.concept-map a", has=page.locator("text", has_text="Entrapment")).first
    node.focus()
    expect(node).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/concepts/entrapment/")
