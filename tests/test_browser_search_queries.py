"""Search finds what a student types: twenty realistic queries, each with
the page a scholar expects first, typed into the site's search box.

The expectations were written down before the ranking was tuned. They pin
pages and paragraphs, so they run on the site of the frozen project
(tests/fixtures/project, conftest's `site_url`): new papers, notes or
concept pages cannot move them."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# (query, the page expected first, the paragraph a result must reach or "")
QUERIES = (
    ("balancing", "concepts/balance-of-power/", ""),
    ("entrapment", "concepts/entrapment/", ""),
    ("abandonment", "concepts/abandonment/", ""),
    ("security dilemma", "concepts/security-dilemma/", ""),
    ("alliance dilemma", "concepts/alliance-security-dilemma/", ""),
    ("hub and spokes", "concepts/hub-and-spokes-alliance-system/", ""),
    ("San Francisco system", "concepts/hub-and-spokes-alliance-system/", ""),
    ("NATO expansion", "concepts/nato-enlargement/", ""),
    ("nuclear umbrella", "concepts/extended-deterrence/", ""),
    ("Article 5", "concepts/collective-defence/", ""),
    ("collective goods", "concepts/public-good/", ""),
    ("quasi-alliance", "concepts/quasi-alliance/", ""),
    ("hegemony", "concepts/hegemony/", ""),
    ("unipolar", "concepts/unipolarity/", ""),
    ("capability aggregation", "concepts/capability-aggregation/", ""),
    ("Sino-Russian", "papers/zou-balancing-act/", "s3-p4"),
    ("Kosovo", "papers/zou-balancing-act/", "s2-p10"),
    ("Istomin", "papers/istomin-baykov-2020/", ""),
    ("military domination toolbox", "papers/istomin-baykov-2020/", ""),
    ("contribute a note", "contribute/", ""),
)
# Queries whose expected page is knowingly not first, each with why; the
# test fails if one starts to pass, so the list stays true. None now: the
# two that were ("security dilemma" second behind "Alliance security
# dilemma", "contribute a note" behind concept pages matching the "a*"
# wildcard Material adds) are first since concept boosts favour the shorter
# name more and the contribute guide carries a search boost.
KNOWN_MISSES: dict[str, str] = {}


def results_for(page: Page, query: str) -> list[str]:
    """The result links in the order shown, without the ?h= highlight."""
    box = page.locator(".md-search__input")
    box.click()
    box.press("Control+A")
    box.press("Backspace")
    expect(page.locator(".md-search-result__meta")).to_contain_text("Type to start searching")
    box.press_sequentially(query, delay=20)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching", timeout=10_000)
    # The list is redrawn as the worker answers each keystroke: read it once
    # it holds still.
    links: list[str] = []
    for _ in range(50):
        page.wait_for_timeout(150)
        now = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
        if now and now == links:
            break
        links = now
    return [urlparse(link).path + ("#" + urlparse(link).fragment if urlparse(link).fragment else "")
            for link in links]


def test_twenty_student_queries_find_the_expected_page_first(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    misses = []
    reciprocal_ranks = []
    for query, expected, paragraph in QUERIES:
        results = results_for(page, query)
        pages = list(dict.fromkeys(r.split("#", 1)[0] for r in results))
        rank = pages.index("/" + expected) + 1 if "/" + expected in pages else 0
        reciprocal_ranks.append(1 / rank if rank else 0)
        if (rank == 1) == (query in KNOWN_MISSES):
            misses.append((query, expected, pages[:3]))
        if paragraph and f"/{expected}#{paragraph}" not in results:
            misses.append((query, f"{expected}#{paragraph}", results[:4]))
    print(f"\nsearch benchmark: {len(QUERIES)} queries, "
          f"{sum(r == 1 for r in reciprocal_ranks)} expected page first ({len(KNOWN_MISSES)} known misses), "
          f"mean reciprocal rank {sum(reciprocal_ranks) / len(QUERIES):.2f}")
    for miss in misses:
        print("  miss:", miss)
    assert not misses, misses


def test_a_concept_is_found_by_its_aliases_and_snippets_are_clean_text(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    assert results_for(page, "tethering")[0].startswith("/concepts/alliance-restraint/")
    results_for(page, "Sino-Russian")
    texts = page.locator(".md-search-result__article").all_inner_texts()
    assert texts and not any("In the bibliographyAs printed" in t or "As printed" in t for t in texts), texts
