"""Stage 5: contributed Markdown (annotation notes) → safe HTML.

Notes come from anyone who opens a pull request, so raw HTML is never
trusted: Python-Markdown runs with its raw-HTML handling switched off (so
`<script>` is shown as text), and nh3 then keeps only a short list of tags
and link schemes, whatever Markdown produced.

Links the reader understands are kept, not dropped: `[@key]` citations
stay as literal text for render/notes.py (Markdown only links `[text]` when
a reference definition exists, and notes have none of those that we keep),
and `[term](concept:slug)` / `[text](passage:paper-slug#s3-p3)` links keep
their `concept:` / `passage:` href unless a `link_resolver` is given, which
turns them into site URLs before sanitizing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown  # type: ignore[import-untyped, unused-ignore]
import nh3
from markdown.extensions import Extension  # type: ignore[import-untyped, unused-ignore]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped, unused-ignore]

from build_tools.cache import BuildCache
from build_tools.render import escape

ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "pre", "blockquote", "ul", "ol", "li", "br", "sup", "sub"}
# "*" must be given: without it nh3 keeps its default attributes for every
# tag ("title", "lang"), and a Markdown link title would reach the page.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"*": set(), "a": {"href"}}
# Relative URLs are allowed too (nh3 passes them by default); `concept` and
# `passage` are the reader's own link kinds, resolved by a later stage.
READER_SCHEMES = {"concept", "passage"}
URL_SCHEMES = set(escape.URL_SCHEMES) | READER_SCHEMES
LINK_REL = "noopener nofollow"

LinkResolver = Callable[[str], str]


def keep_reader_links(href: str) -> str:
    """The default resolver: leave `concept:`/`passage:` links for the render stage."""
    return href


def render_note(markdown_text: str, link_resolver: LinkResolver = keep_reader_links,
                cache: BuildCache | None = None) -> str:
    """Render a note's Markdown as HTML that is safe to put in a page.

    `link_resolver` is called with every `concept:…` and `passage:…` href and
    returns the URL to use; other hrefs are not passed to it. One converter
    serves every note of a build (reset before each): building a Markdown
    instance cost more than converting a short note, thousands of times per
    build at scale; `cache` keeps it between builds.
    """
    converter, links = (cache.remembered("render.note-converter", None, _converter) if cache is not None
                        else _converter())
    links.resolver = link_resolver
    try:
        html = converter.reset().convert(markdown_text)
    finally:
        links.resolver = keep_reader_links
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


# What Markdown or the sanitiser would read as more than text: syntax
# characters, entities, tags, control characters and the spaces the
# serialiser writes as entities; and first characters that can open a
# block (a heading, quote, list or rule) or indent one. A reference free of
# them is one paragraph of its own text, character for character.
NOT_PLAIN_TEXT = re.compile(r"[\\`*_\[\]!<>&\x00-\x1f\x7f-\x9f\u00a0\u200b-\u200f\u2028-\u202f\ufeff]|[^\S ]")
PLAIN_FIRST_CHARACTER = re.compile(r"[^\W\d_]|[“‘\"'(]")


def render_untrusted_markdown(markdown_text: str, cache: BuildCache | None = None) -> str:
    """Markdown from a source (a reference as printed) as safe HTML: the
    same converter and allow-lists as notes, but only web and e-mail links
    (no reader links) and no `rel` added, since these are the paper's own.
    Plain text (most references) is its own paragraph: converting it
    changes nothing (the tests compare both)."""
    if _plain_text(markdown_text):
        return f"<p>{markdown_text}</p>"
    converter, _ = (cache.remembered("render.note-converter", None, _converter) if cache is not None
                    else _converter())
    return nh3.clean(
        converter.reset().convert(markdown_text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(escape.URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _plain_text(text: str) -> bool:
    """One line of words, spaces and punctuation that neither Markdown nor
    the sanitiser reads as anything but text."""
    return (PLAIN_FIRST_CHARACTER.match(text) is not None and not text.endswith(" ")
            and NOT_PLAIN_TEXT.search(text) is None)


def _converter() -> tuple[markdown.Markdown, _ResolveReaderLinks]:
    links = _ResolveReaderLinks(keep_reader_links)
    return markdown.Markdown(extensions=[_NoRawHtml(), links]), links


class _NoRawHtml(Extension):  # type: ignore[misc, unused-ignore]  # Markdown ships no types
    """Treat HTML in a note as text: without these two processors Markdown
    passes `<div>…</div>` blocks and inline `<span>` tags through untouched,
    and escaping them is clearer to a contributor than silently dropping them."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _ResolveReaderLinks(Extension):  # type: ignore[misc, unused-ignore]
    def __init__(self, resolver: LinkResolver) -> None:
        super().__init__()
        self.resolver = resolver

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Low priority: after inline patterns have made the <a> elements.
        md.treeprocessors.register(_ReaderLinkTreeprocessor(md, self), "reader_links", 1)


class _ReaderLinkTreeprocessor(Treeprocessor):  # type: ignore[misc, unused-ignore]
    def __init__(self, md: markdown.Markdown, links: _ResolveReaderLinks) -> None:
        super().__init__(md)
        self.links = links  # its `resolver` is set per note by `render_note`

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            scheme = href.split(":", 1)[0].strip().lower() if ":" in href else ""
            if scheme in READER_SCHEMES:
                link.set("href", self.links.resolver(href))
