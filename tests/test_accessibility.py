"""Every kind of page passes axe-core (WCAG 2.1 A/AA) in light and dark mode,
and no page asks any host but ours for anything."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request

from tests.conftest import serious_accessibility_violations

pytestmark = pytest.mark.browser

PAGES = ["", "papers/", "papers/zou-balancing-act/", "papers/istomin-baykov-2020/", "concepts/", "bibliography/",
         "annotations/", "contribute/",
         "concepts/entrapment/", "concepts/alliance/"]

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations(
        page: Page, site_url: str, axe: Axe, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    assert serious_accessibility_violations(page, axe) == []


@pytest.mark.parametrize("path", PAGES)
def test_pages_request_nothing_from_other_hosts(page: Page, site_url: str, path: str) -> None:
    ours = urlparse(site_url).netloc
    elsewhere: list[str] = []

    def record(request: Request) -> None:
        host = urlparse(request.url).netloc
        if host and host != ours:
            elsewhere.append(request.url)

    page.on("request", record)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert elsewhere == []
