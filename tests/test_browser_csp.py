"""The Content-Security-Policy every page carries: the site works under it
(search, previews, notes, the colour toggle, instant navigation) with no
violation reported, and a script that escaped escaping does not run."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

ZOU = "papers/zou-balancing-act/"
# Reported by the browser for every blocked script, style, worker or link.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__violations"))


def test_every_page_kind_works_under_the_policy_with_no_violation(page: Page, site_url: str) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    # search: the worker loads its index and answers
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("entrapment", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    # instant navigation, then previews and notes on the new page
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href$='/papers/zou-balancing-act/']").first.click()
    page.wait_for_url("**/papers/zou-balancing-act/")
    assert page.evaluate("window.__sameDocument === true")
    page.locator('#s2-p2 a.reader-citation[data-popover="#ref-5"]').first.hover()
    expect(page.locator("#reader-popover")).to_contain_text("Alliance Politics")
    page.locator("#s3-p3 mark.reader-highlight").click()
    expect(page.locator("#note-zou-balancing-act--entrapment-and-abandonment")).to_have_attribute("open", "")
    # the colour scheme toggle
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") != before
    for path in ("concepts/", "concepts/entrapment/", "bibliography/", "annotations/", "404.html"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    assert console == []


def test_a_script_injected_into_a_page_is_blocked(page: Page, site_url: str) -> None:
    """What the policy is for: markup that got past escaping (here added to
    the real page on its way to the browser) does not run."""
    def inject(route: Route) -> None:
        body = route.fetch().text()
        body = body.replace("</article>", '<script>window.__injected = 1</script>'
                            '<img src="data:," onerror="window.__injected = 2">'
                            '<a id="bad" href="javascript:window.__injected = 3">x</a></article>', 1)
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    page.route("**/papers/zou-balancing-act/", inject)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url + ZOU)
    page.locator("#bad").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in violations(page))
