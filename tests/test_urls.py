"""Every link the site writes comes from build_tools/urls.py: these are the
forms MkDocs and browsers resolve (`use_directory_urls: true`)."""

from __future__ import annotations

import pytest

from build_tools import urls

pytestmark = pytest.mark.unit


def test_markdown_links_are_relative_to_the_linking_source_file() -> None:
    assert urls.markdown_link("concepts/entrapment.md", urls.paper_page("zou-balancing-act")) == \
        "../papers/zou-balancing-act.md"
    assert urls.markdown_link("concepts/index.md", urls.concept_page("entrapment")) == "entrapment.md"
    assert urls.markdown_link("index.md", urls.concept_page("entrapment"), "where") == "concepts/entrapment.md#where"


def test_html_links_are_relative_to_the_page_directory_url() -> None:
    assert urls.html_link("concepts/index.md", urls.concept_page("entrapment")) == "entrapment/"
    assert urls.html_link("concepts/abandonment.md", urls.concept_page("entrapment")) == "../entrapment/"
    assert urls.html_link("index.md", urls.concept_page("entrapment")) == "concepts/entrapment/"
    assert urls.html_link(urls.paper_page("zou-balancing-act"), urls.BIBLIOGRAPHY_PAGE, "walt1987origins") == \
        "../../bibliography/#walt1987origins"
    assert urls.html_link(urls.paper_page("zou-balancing-act"), urls.paper_page("istomin-baykov-2020"),
                          urls.reference_anchor("5")) == "../istomin-baykov-2020/#ref-5"
    assert urls.html_link(urls.ANNOTATIONS_PAGE, urls.HOME_PAGE) == "../"


def test_links_from_the_root_climb_to_it_first() -> None:
    zou = urls.paper_page("zou")
    assert urls.html_link_from_root(zou, zou, "s2-p4") == "../../papers/zou/#s2-p4"
    assert urls.html_link_from_root(urls.ANNOTATIONS_PAGE, urls.concept_page("entrapment")) == "../concepts/entrapment/"


def test_absolute_urls_for_exports_work_with_or_without_a_trailing_slash() -> None:
    for site in ("https://example.org/reader", "https://example.org/reader/"):
        assert urls.absolute_url(site, urls.paper_page("zou"), "s2-p4") == "https://example.org/reader/papers/zou/#s2-p4"
        assert urls.absolute_url(site, urls.ANNOTATIONS_EXPORT) == \
            "https://example.org/reader/annotations/annotations.jsonld"
        assert urls.absolute_url(site, urls.HOME_PAGE) == "https://example.org/reader/"


def test_a_note_anchor_keeps_paper_and_file_apart() -> None:
    assert urls.note_anchor("zou-balancing-act/nato-article-5") == "note-zou-balancing-act--nato-article-5"
