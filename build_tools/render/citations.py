"""Stage 5: `[@key]` citations in hand-written Markdown (concept pages, the
home page, guides) formatted in the site style.

Each citation becomes the site style's author-date text, e.g.
"(Snyder 1997, 181)", linked to the work on the bibliography page and with a
popover of the full reference; the page gets a "References" list of what it
cites. Finding citations and checking keys is references/citation_syntax.py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from build_tools import urls
from build_tools.references.citation_syntax import Cite, FoundCitation, check_citation_keys, find_citations
from build_tools.render import escape
from build_tools.render.citation_style import CitationFormatter


def cite_in_markdown(markdown: str, source: Path, page_uri: str, formatter: CitationFormatter,
                     first_line: int = 1, with_reference_list: bool = True, generated: str = "") -> str:
    """Replace every `[@…]` in `markdown`; `page_uri` is the page's path under
    docs/ (e.g. "concepts/entrapment.md"), for relative links. `generated`
    (what the build adds to a hand-written page: backlinks quoting the
    papers, the paper list) goes after the text and before its reference
    list, and is never read for citations: only what a person wrote is."""
    citations = find_citations(markdown, source, first_line, formatter.works)
    if not citations:
        return markdown + generated
    check_citation_keys(citations, markdown, source, first_line, formatter.works)
    out: list[str] = []
    cited: list[str] = []
    position = 0
    for citation in citations:
        out.append(markdown[position:citation.start])
        plain = citation_text(citation, formatter)
        prefix = f"{escape.markdown_text(citation.prefix)} " if citation.prefix else ""
        link = urls.markdown_link(page_uri, urls.BIBLIOGRAPHY_PAGE, urls.work_anchor(citation.cites[0].key))
        out.append(f'{prefix}[{_escape_link_text(plain)}]({link})'
                   f'{{ .reader-cite data-popover="{popover_targets(citation)}" }}')
        cited.extend(c.key for c in citation.cites if c.key not in cited)
        position = citation.end
    out.append(markdown[position:])
    result = "".join(out) + generated
    if with_reference_list:
        result += "\n\n" + reference_list(cited, formatter, page_uri)
    return result


def popover_targets(citation: FoundCitation) -> str:
    """The ids of the cited works' entries on the page, which reader.js
    shows in the citation's popover."""
    return " ".join("#" + urls.cited_work_anchor(c.key) for c in citation.cites)


def citation_text(citation: FoundCitation, formatter: CitationFormatter) -> str:
    """The author-date text of a citation, plain: "(Snyder 1997, 181)";
    "(1997, 181)" for [-@key], whose author the sentence names; "Snyder
    (1997, 181)" for the narrative @key."""
    text = _plain(formatter.citation_html(citation.cites))
    for cite in citation.cites:
        if cite.suppress_author and (author := _author_part(cite.key, formatter)):
            text = text.replace(author + " ", "", 1)
    if citation.narrative and (author := _author_part(citation.cites[0].key, formatter)) \
            and text.startswith(f"({author} "):
        text = f"{author} ({text[len(author) + 2:]}"
    return text


def _plain(citation_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", citation_html))


def _author_part(key: str, formatter: CitationFormatter) -> str:
    """How the style names a work's authors in the text ("Lake", "Walt and
    Snyder"): its citation without locator, less the parentheses and year."""
    alone = _plain(formatter.citation_html((Cite(key),))).strip()
    if not (alone.startswith("(") and alone.endswith(")")):
        return ""
    author, _, _year = alone[1:-1].rpartition(" ")
    return author


def reference_list(keys: Sequence[str], formatter: CitationFormatter, page_uri: str) -> str:
    ordered = sorted(keys, key=lambda k: formatter.reference_text(k).lower())
    # A Markdown list (not raw HTML) so MkDocs checks the bibliography links.
    items = "".join(
        f"- {markdown_safe_html(formatter.reference_html(key))} "
        f"[In the bibliography]({urls.markdown_link(page_uri, urls.BIBLIOGRAPHY_PAGE, urls.work_anchor(key))})"
        f"{{ .reader-backref }}\n{{: #{urls.cited_work_anchor(key)} }}\n"
        for key in ordered)
    return f"## References {{ #references }}\n\n{items}"


def _escape_link_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def markdown_safe_html(fragment: str) -> str:
    """Escape Markdown syntax in the text between the tags of an HTML
    fragment, so a formatted reference survives the Markdown pass as is."""
    parts = re.split(r"(<[^>]+>)", fragment)
    return "".join(part if part.startswith("<") else _escape_link_text(part) for part in parts)
