"""Paper pages in real Chromium: heading structure, paragraph permalinks,
no console errors, and screenshots (light and dark) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.conftest import page_in_scheme

pytestmark = pytest.mark.browser

PAPERS = {
    "istomin-baykov-2020": {"h2": ["Cite this paper", "Abstract", "Funding and acknowledgements", "References",
                                   "Works cited in the notes"],
                            "h3": ["Works in English", "Works in Russian"]},
    "zou-balancing-act": {
        "h2": ["Cite this paper", "Abstract", "1. Introduction", "2. Historical Development of Military Alliances",
               "3. Contemporary Challenges", "4. Impact on Regional Cooperation", "5. Conclusion",
               "References", "Works cited in the notes"],
        "h3": ["4.1. The Impact of Military Alliances on Regional Conflicts and Cooperation",
               "4.2. The Distinct Mechanisms of Military Alliances and Regional Cooperation",
               "4.3. Case Study: East Asian Regional Dynamics"]},
}


def collect_console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def headings(page: Page, level: str) -> list[str]:
    return [t.replace("¶", "").strip() for t in page.locator(f"article {level}").all_inner_texts()]


@pytest.mark.parametrize("slug", sorted(PAPERS))
def test_paper_page_heading_structure_and_no_console_errors(
        page: Page, browser: Browser, site_url: str, slug: str, screenshot_dir: Path) -> None:
    errors = collect_console_errors(page)
    page.goto(f"{site_url}papers/{slug}/")
    assert page.locator("article h1").count() == 1
    assert headings(page, "h2") == PAPERS[slug]["h2"]
    assert headings(page, "h3") == PAPERS[slug]["h3"]
    for scheme in ("light", "dark"):
        with page_in_scheme(browser, f"{site_url}papers/{slug}/", scheme) as shown:
            shown.screenshot(path=screenshot_dir / f"paper-{slug}-{scheme}.png", full_page=True)
    assert errors == []


def test_following_a_paragraph_permalink_lands_on_the_paragraph(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}papers/zou-balancing-act/")
    paragraph = page.locator("#s3-p3")
    paragraph.hover()
    link = paragraph.locator("a.reader-permalink")
    expect(link).to_be_visible()
    link.click()
    assert page.url.endswith("/papers/zou-balancing-act/#s3-p3")
    # A reader who opens the copied link lands on the paragraph.
    page.goto("about:blank")
    page.goto(f"{site_url}papers/zou-balancing-act/#s3-p3")
    expect(paragraph).to_be_in_viewport()
    assert "Internally, the rise of China" in paragraph.inner_text()


def test_the_permalink_is_reachable_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}papers/zou-balancing-act/")
    link = page.locator("#s1-p1 a.reader-permalink")
    link.focus()
    expect(link).to_be_focused()
    expect(link).to_have_css("opacity", "1")
