"""Concept pages are contributed like notes (issue 22): their Markdown is
made inert before MkDocs renders it, what may not be there is refused at its
line, and HTML that still holds a script, a handler or a style stops the
build."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from build_tools.model import ReaderError
from build_tools.render.contributed_markdown import refuse_active_html, sanitized_concept_markdown

pytestmark = pytest.mark.unit

PAGE = Path("docs/concepts/x.md")
# The site's Markdown extensions (mkdocs.yml), without snippets.
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "admonition", "def_list", "tables", "toc", "footnotes",
              "pymdownx.details", "pymdownx.superfences"]

ATTACKS = {
    "inline script": "Text <script>window.x=1</script> here.",
    "block script": "<script>window.x=1</script>",
    "meta refresh": '<meta http-equiv="refresh" content="0; url=https://example.org/">',
    "second policy": "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'unsafe-inline'\">",
    "event handler": '<b onmouseover="window.x=1">bold</b>',
    "image handler": '<img src="x" onerror="window.x=1">',
    "comment and div": '<!-- c --><div markdown="1" onclick="window.x=1">*a*</div>',
    "processing instruction": "<?php echo 1; ?>",
    "block attr_list": 'A paragraph.\n{: onclick="window.x=1" style="position:fixed;inset:0" }',
    "heading attr_list": '## Heading { #id onclick="window.x=1" }',
    "inline attr_list": '[a](https://example.org/){ onmouseover="window.x=1" .md-button }',
    "nested attr_list": "Para.\n{: .a {onclick=x} }",
    "fence attributes": '```{ .html onclick="window.x=1" }\ncode\n```',
    "class only": "Para.\n{: .md-search__overlay }",
}


def rendered(text: str) -> BeautifulSoup:
    converter = markdown.Markdown(extensions=EXTENSIONS)
    return BeautifulSoup(converter.convert(sanitized_concept_markdown(text, PAGE)), "html.parser")


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_raw_html_and_attr_lists_in_a_concept_page_are_shown_as_text(name: str) -> None:
    soup = rendered(ATTACKS[name])
    assert soup.find(["script", "meta", "img", "div", "b"]) is None
    assert [(t.name, t.attrs) for t in soup.find_all(True) if set(t.attrs) - {"id", "href"}] == []
    refuse_active_html(str(soup), PAGE)  # and the check after rendering agrees


def test_what_a_concept_page_uses_is_kept_and_passes_the_html_check() -> None:
    text = ("# Entrapment\n\nThe *risk* of **war**, after [Snyder](https://example.org/snyder) and "
            "[abandonment](abandonment.md); see <https://example.org/> or a < b.\n\n"
            "## In the papers { #in-the-papers }\n\n- one\n- two\n\n1. first\n\n> a quote\n\n"
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n!!! note \"Aside\"\n    An aside.\n\n"
            "Text with a note[^1] about NATO.\n\n[^1]: The note.\n\n*[NATO]: North Atlantic Treaty Organization\n")
    soup = rendered(text)
    assert soup.find("h2", id="in-the-papers") is not None
    assert [a["href"] for a in soup.find_all("a") if not str(a["href"]).startswith("#")] == [
        "https://example.org/snyder", "abandonment.md", "https://example.org/"]
    assert soup.find("table") is not None and soup.find("abbr") is not None
    assert soup.find("div", class_="admonition") is not None and soup.find("li", id="fn:1") is not None
    assert "a < b" in soup.get_text()
    refuse_active_html(str(soup), PAGE)


@pytest.mark.parametrize("line", ['--8<-- "/etc/passwd"', '--8<-- "includes/abbreviations.md"',
                                  ";--8<-- 'mkdocs.yml'", "-8<- papers/SHA256SUMS"])
def test_a_snippet_line_in_a_concept_page_is_an_error_at_its_line(line: str) -> None:
    with pytest.raises(ReaderError, match="may not include another file") as caught:
        sanitized_concept_markdown(f"# T\n\nText.\n{line}\n", PAGE, first_line=7)
    assert str(caught.value).startswith("docs/concepts/x.md:10:")


@pytest.mark.parametrize("text", ["[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1))",
                                  "![x](data:text/html,1)", "[x]: vbscript:msgbox", "[x](<javascript:x>)"])
def test_a_link_to_another_scheme_in_a_concept_page_is_an_error(text: str) -> None:
    with pytest.raises(ReaderError, match="which a concept page may not make"):
        sanitized_concept_markdown(f"Para.\n\n{text}\n", PAGE)


@pytest.mark.parametrize(("html", "found"), [
    ("<p>a<script>x</script></p>", "<script>"),
    ('<p onclick="x">a</p>', "onclick="),
    ('<p style="position:fixed">a</p>', "style="),
    ('<meta http-equiv="refresh" content="0">', "<meta>"),
    ('<a href="javascript:x">a</a>', "a link to"),
    ('<td style="text-align: left; position: fixed">a</td>', "style="),
])
def test_html_that_would_act_stops_the_build_naming_the_page(html: str, found: str) -> None:
    with pytest.raises(ReaderError, match=found) as caught:
        refuse_active_html(html, PAGE)
    assert str(caught.value).startswith("docs/concepts/x.md:1:")


# Pieces of concept-page HTML: tags as Markdown and the site write them, tags
# that act, and things the parser reads in other ways (comments, declarations,
# a `<` in text, quotes and `>` inside values, a script's content).
HTML_PIECES = [
    "<p>", "</p>", "<li>", "</li>", "<mark>", "</mark>", '<a href="../../papers/x/#s3-p4">', "</a>",
    '<h2 id="where">', "<br />", '<td style="text-align: left;">', '<td style="text-align: left; color: red">',
    "<script>", "</script>", "<style>", '<a href="javascript:x">', '<a href="java&#115;cript:x">',
    '<p onclick="x">', '<img src="x" onerror="y">', "<meta>", "<svg>", "<!-- c -->", "<!-- <script> -->",
    "<![CDATA[x]]>", "<!DOCTYPE html>", "<?php x ?>", "a < b", "a > b", "&amp; &lt;script&gt;", "&",
    '<a title="a > b" onclick="x">', "<a title='x' onclick=\"y\">", '<a b="c"onclick="d">', "<P ONCLICK=x>",
    '<a href = "javascript:x">', "<p\nonclick=\"x\">", "text ", "\u2060", "<", ">", '"', "</", "<a",
    # Elements whose content some versions of the parser read as text.
    "<xmp>", "</xmp>", "<title>", "</title>", "<noembed>", "<plaintext>",
]


@pytest.mark.parametrize("pieces", [
    [HTML_PIECES[i % len(HTML_PIECES)], HTML_PIECES[(i * 7 + 3) % len(HTML_PIECES)],
     HTML_PIECES[(i * 13 + 5) % len(HTML_PIECES)], "<p>", "text "]
    for i in range(len(HTML_PIECES) * 3)])
def test_the_html_check_refuses_exactly_what_a_whole_parse_refuses(pieces: list[str]) -> None:
    """The check reads a page of plain tags tag by tag, once per distinct
    tag; whatever the page, it must refuse what reading the whole page
    refuses, with the same message, and pass what it passes."""
    from build_tools.render.contributed_markdown import _ActiveMarkup

    for html in ("".join(pieces), "".join(reversed(pieces)), "".join(pieces) * 2):
        whole = _ActiveMarkup()
        whole.feed(html)
        whole.close()
        if whole.found:
            with pytest.raises(ReaderError) as caught:
                refuse_active_html(html, PAGE)
            assert whole.found[0] in str(caught.value)
        else:
            refuse_active_html(html, PAGE)


@pytest.mark.parametrize("element", ["xmp", "title", "noembed", "noframes", "plaintext"])
def test_a_tag_hidden_or_not_by_an_element_read_as_text_is_judged_by_the_whole_page(element: str) -> None:
    """Whether a parser reads `<xmp>`'s content as text depends on its
    version; the same distinct tags in another order would decide otherwise,
    so such a page is read whole, as it stands."""
    from build_tools.render.contributed_markdown import _ActiveMarkup, _only_inert_plain_tags

    acting = '<a href="javascript:x">'
    assert not _only_inert_plain_tags(f"<p><{element}>text</{element}></p>")
    html = f"<p><{element}>{acting}</{element}>{acting}</p>"
    with pytest.raises(ReaderError, match="javascript"):
        refuse_active_html(html, PAGE)
    hidden = f"<p><{element}>{acting}</p>"
    whole = _ActiveMarkup()
    whole.feed(hidden)
    whole.close()
    if whole.found:
        with pytest.raises(ReaderError):
            refuse_active_html(hidden, PAGE)
    else:
        refuse_active_html(hidden, PAGE)


def test_a_page_of_many_plain_tags_passes_and_one_acting_tag_among_them_is_refused() -> None:
    quotation = '<li><mark>alliance</mark> text <a href="../../papers/x/#s3-p4">§ 3 ¶ 4</a></li>\n'
    page = "<ul>\n" + quotation * 2000 + "</ul>"
    refuse_active_html(page, PAGE)
    with pytest.raises(ReaderError, match="onmouseover="):
        refuse_active_html(page.replace("<mark>", '<mark onmouseover="x">', 1), PAGE)
    with pytest.raises(ReaderError, match="processing instruction"):
        refuse_active_html(page + "<?x?>", PAGE)
