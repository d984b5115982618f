"""A URL a converter cut inside a Markdown link (`https://[www.…`) once
crashed `check`, `bib` and the build with `ValueError: Invalid IPv6 URL`
from `urlsplit` (issue 19). Every place a URL from a source is parsed now
treats such a string as no address: no traceback, no link, the entry still
shown as printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import urls
from build_tools.cli import main
from build_tools.pipeline import build_site_content
from tests.conftest import record_checksums, seed_project

pytestmark = pytest.mark.unit

CUT = "https://[www.brookings.edu/research/allian"
# The shapes urlsplit refuses: an unclosed or misplaced IPv6 bracket, a
# bracketed host that is no address, a port out of range.
UNPARSABLE = (CUT, "http://[::1", "https://a]b.org/x", "http://[foo]/", "http://example.org:99999999/")


@pytest.mark.parametrize("url", UNPARSABLE)
def test_a_url_urlsplit_refuses_is_no_home_page_and_no_web_address(url: str) -> None:
    assert urls.web_address_parts(url) is None
    assert urls.is_home_page(url) is False
    assert urls.is_web_address(url) is False


def test_real_addresses_are_still_told_apart() -> None:
    assert urls.is_home_page("http://www.jstor.org") and urls.is_home_page("https://www.jstor.org/")
    assert not urls.is_home_page("https://www.jstor.org/stable/2538540")
    assert urls.is_web_address("https://www.jstor.org/stable/2538540")
    assert urls.is_web_address("http://[2001:db8::1]/paper.pdf")   # a real IPv6 host
    assert not urls.is_web_address("javascript:alert(1)") and not urls.is_web_address("www.jstor.org")


SOURCE = f"""# Alliances and their reports

John Smith

## Introduction

Alliances matter (Smith 2020). They also matter to Jones (2019).

## References

Jones, Adam. 2019. The Alliance Problem. New York: Columbia University Press.

Smith, John. 2020. Alliance report. Washington: Brookings. Available at: {CUT}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = seed_project(tmp_path_factory.mktemp("cut-url"))
    paper = root / "papers" / "smith-2020-cut-url"
    paper.mkdir()
    (paper / "source.md").write_text(SOURCE, encoding="utf-8")
    (paper / "paper.yml").write_text("slug: smith-2020-cut-url\nsource: source.md\nshort_title: Smith 2020\n"
                                     "provenance: a conversion that cut a link\nlicence: CC BY 4.0\n",
                                     encoding="utf-8")
    record_checksums(root)
    return root


def test_check_and_bib_run_through_a_reference_with_a_cut_url(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # As README "Adding a paper" runs them: `bib` records the new works, then `check`.
    assert main(["bib", "--root", str(project)]) == 0
    assert main(["check", "--root", str(project)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    bib = (project / "bibliography.bib").read_text(encoding="utf-8")
    assert "url = {https://[" not in bib


def test_the_page_shows_the_cut_url_as_printed_and_links_it_nowhere(project: Path) -> None:
    content = build_site_content(project)
    page = content.generated[urls.paper_page("smith-2020-cut-url")]
    assert CUT in page
    assert f'href="{CUT}' not in page
