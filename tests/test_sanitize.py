"""Contributed notes never put markup or script of their own on a page."""

from __future__ import annotations

import re

import pytest

from build_tools.render.note_html import render_note

pytestmark = pytest.mark.unit

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "<javascript:alert(1)>",
    '[x](http://a "onmouseover=alert(1)")',
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    '<div onclick="alert(1)">\n<script>alert(1)</script>\n</div>',
    "![x](https://evil.example/track.png)",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<!-- <script>alert(1)</script> -->",
]
TAG = re.compile(r"<\s*([a-zA-Z][\w-]*)([^>]*)>")
ALLOWED = {"p", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li", "br", "sup", "sub"}


@pytest.mark.parametrize("attack", ATTACKS)
def test_injection_attempts_leave_no_active_markup(attack):
    html = render_note(attack)
    for name, attributes in TAG.findall(html):
        assert name.lower() in ALLOWED, html
        assert not re.search(r"\bon\w+\s*=|style=|src=|title=|javascript|data:", attributes, re.IGNORECASE), html
        for href in re.findall(r'href="([^"]*)"', attributes):
            assert re.match(r"(https?:|mailto:|concept:|passage:|[^:]*$)", href), html


def test_raw_html_is_shown_as_text_not_dropped():
    assert render_note("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_a_link_title_is_dropped_and_links_get_noopener_nofollow():
    html = render_note('[x](http://a "onmouseover=alert(1)")')
    assert html == '<p><a href="http://a" rel="noopener nofollow">x</a></p>'


def test_javascript_links_lose_their_href_in_any_spelling():
    for attack in ("[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))"):
        assert render_note(attack) == '<p><a rel="noopener nofollow">x</a></p>'


def test_citations_stay_as_text_for_the_citation_stage():
    text = "As [@snyder1997alliance] and [see @walt1987origins, p. 5; @wolfers1968alliances] argue."
    assert render_note(text) == f"<p>{text}</p>"


def test_reader_links_are_kept_for_the_render_stage_by_default():
    html = render_note("[entrapment](concept:entrapment) and [this](passage:zou-balancing-act#s3-p3)")
    assert '<a href="concept:entrapment" rel="noopener nofollow">entrapment</a>' in html
    assert '<a href="passage:zou-balancing-act#s3-p3" rel="noopener nofollow">this</a>' in html


def test_a_link_resolver_turns_reader_links_into_site_urls_and_sees_nothing_else():
    seen = []

    def resolve(href: str) -> str:
        seen.append(href)
        kind, target = href.split(":", 1)
        return f"../../concepts/{target}/" if kind == "concept" else "../../papers/" + target.replace("#", "/#")

    html = render_note("[a](concept:entrapment) [b](passage:zou-balancing-act#s3-p3) [c](https://example.org/)",
                       link_resolver=resolve)
    assert seen == ["concept:entrapment", "passage:zou-balancing-act#s3-p3"]
    assert 'href="../../concepts/entrapment/"' in html
    assert 'href="../../papers/zou-balancing-act/#s3-p3"' in html
    assert 'href="https://example.org/"' in html


def test_ordinary_markdown_survives():
    html = render_note("*a* **b** `c`\n\n> q\n\n- one\n- two\n\nthen\n\n1. x\n\ntext\n\n    code <b>\n\nH~2~O x^2^ <https://w3.org/>")
    for fragment in ("<em>a</em>", "<strong>b</strong>", "<code>c</code>", "<blockquote>", "<ul>", "<ol>",
                     "<pre><code>code &lt;b&gt;", '<a href="https://w3.org/" rel="noopener nofollow">'):
        assert fragment in html, html


def test_one_note_leaves_nothing_behind_for_the_next() -> None:
    # Notes share one converter; a link definition or a resolver from one
    # note must not reach the next.
    first = render_note("[a]\n\n[a]: https://example.org/", link_resolver=lambda href: "/resolved/")
    assert '<a href="https://example.org/"' in first
    assert "<a" not in render_note("[a]")
    assert 'href="concept:entrapment"' in render_note("[t](concept:entrapment)")


def _converted(text: str) -> str:
    """What the converter and sanitiser give, without the plain-text shortcut."""
    import nh3

    from build_tools.render import escape, note_html

    converter, _ = note_html._converter()
    return str(nh3.clean(converter.convert(text), tags=note_html.ALLOWED_TAGS,
                         attributes=note_html.ALLOWED_ATTRIBUTES, url_schemes=set(escape.URL_SCHEMES),
                         link_rel=None, strip_comments=True))


REFERENCES_AS_PRINTED = [
    "Walt, Stephen M. 1987. The Origins of Alliances. Ithaca: Cornell University Press.",
    "Snyder, G.H. (1984) ‘The Security Dilemma in Alliance Politics’, World Politics 36(4): 461–495.",
    "Istomin I.A., Baykov A.A. 2020. Dinamika sovremennykh al'yansov [Dynamics]. Polis. No. 2. P. 7-48.",
    "Ikenberry, J. \"After Victory\" — 2001, https://example.org/a?b=c;d (accessed 1 May 2020)",
    "Текст: Москва, 2019. 320 с.", "Zou  (2021) two spaces", "“Quoted” opening", "(n.d.) opening",
    # not plain: each goes through Markdown, which changes it
    "1. Walt 1987", "- Walt", "# Walt", "> Walt", "Walt *Origins*", "Walt_Origins_", "Walt &amp; Snyder",
    "Walt <b>x</b>", "Walt \\*", "Walt [x](y)", "Walt\u00a0S.", "Walt \tS.", "Walt, S. ", "  Walt", "Walt\nS.",
    "Walt `code`", "Walt ![x](y)", "١. Walt", "Walt\u200bS.",
]


@pytest.mark.parametrize("text", REFERENCES_AS_PRINTED)
def test_a_reference_as_printed_renders_as_markdown_would_render_it(text: str) -> None:
    from build_tools.render.note_html import render_untrusted_markdown

    assert render_untrusted_markdown(text) == _converted(text)


def test_plain_text_renders_as_markdown_would_with_any_character_in_it() -> None:
    """The shortcut for plain text takes a character only where Markdown and
    the sanitiser leave it as it is: every 61st code point, in a text."""
    from build_tools.render.note_html import _plain_text, render_untrusted_markdown

    characters = [chr(c) for c in range(0x20, 0x110000, 61)
                  if not 0xD800 <= c <= 0xDFFF and _plain_text(f"Walt {chr(c)} 1987")]
    assert len(characters) > 18_000
    for start in range(0, len(characters), 400):
        text = "Walt " + " x".join(characters[start:start + 400]) + " 1987"
        assert render_untrusted_markdown(text) == _converted(text), text
