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
