"""Stage 5: `[@key]` citations in hand-written Markdown (concept pages, the
home page, guides, annotation notes).

Each citation becomes the site style's author-date text, e.g.
"(Snyder 1997, 181)", linked to the work on the bibliography page and with a
popover of the full reference; the page gets a "References" list of what it
cites. Code blocks and inline code are left alone. An unknown key stops the
build with the file, the line and the closest known keys.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.model import ReaderError, SourceLocation
from build_tools.render.citation_style import CitationFormatter, Cite

BIBLIOGRAPHY_PAGE = "bibliography.md"
# [@key], [@a; @b], [@key, p. 5], [see @key, pp. 21-26]
# A following "(" or "[" makes it a Markdown link, not a citation.
CITATION = re.compile(r"\[(?P<body>[^\[\]]*@[A-Za-z0-9_-]+[^\[\]]*)\](?![(\[])")
CITE_ITEM = re.compile(r"^\s*(?P<prefix>[^@]*?)\s*@(?P<key>[A-Za-z0-9_-]+)\s*(?:,\s*(?P<locator>.+?))?\s*$")
CODE = re.compile(r"(^(?P<fence>```|~~~)[^\n]*\n.*?^(?P=fence)[ \t]*$|`[^`\n]+`)", re.M | re.S)


@dataclass(frozen=True)
class FoundCitation:
    start: int
    end: int
    prefix: str
    cites: tuple[Cite, ...]


def find_citations(markdown: str, source: Path, first_line: int = 1) -> list[FoundCitation]:
    code_spans = [(m.start(), m.end()) for m in CODE.finditer(markdown)]
    found = []
    for match in CITATION.finditer(markdown):
        if any(start <= match.start() < end for start, end in code_spans):
            continue
        cites, prefix = [], ""
        for number, part in enumerate(match.group("body").split(";")):
            item = CITE_ITEM.match(part)
            if not item:
                raise ReaderError(
                    SourceLocation(source, first_line + markdown.count("\n", 0, match.start())),
                    f"cannot read the citation {match.group(0)!r}",
                    "write [@key], [@key, p. 5] or [@key1; @key2]")
            if number == 0:
                prefix = item.group("prefix")
            cites.append(Cite(item.group("key"), item.group("locator") or ""))
        found.append(FoundCitation(match.start(), match.end(), prefix, tuple(cites)))
    return found


def cite_in_markdown(markdown: str, source: Path, page_uri: str, formatter: CitationFormatter,
                     first_line: int = 1, with_reference_list: bool = True) -> str:
    """Replace every `[@…]` in `markdown`; `page_uri` is the page's path under
    docs/ (e.g. "concepts/entrapment.md"), for relative links."""
    citations = find_citations(markdown, source, first_line)
    if not citations:
        return markdown
    check_citation_keys(citations, markdown, source, first_line, formatter)
    bibliography = posixpath.relpath(BIBLIOGRAPHY_PAGE, posixpath.dirname(page_uri) or ".")
    out: list[str] = []
    cited: list[str] = []
    position = 0
    for citation in citations:
        out.append(markdown[position:citation.start])
        plain = citation_text(citation, formatter)
        targets = " ".join(f"#cite-{c.key}" for c in citation.cites)
        prefix = f"{html.escape(citation.prefix)} " if citation.prefix else ""
        out.append(f'{prefix}[{_escape_link_text(plain)}]({bibliography}#{citation.cites[0].key})'
                   f'{{ .reader-cite data-popover="{targets}" }}')
        cited.extend(c.key for c in citation.cites if c.key not in cited)
        position = citation.end
    out.append(markdown[position:])
    result = "".join(out)
    if with_reference_list:
        result += "\n\n" + reference_list(cited, formatter, bibliography)
    return result


def check_citation_keys(citations: Sequence[FoundCitation], markdown: str, source: Path, first_line: int,
                        formatter: CitationFormatter) -> None:
    """Every key must name a known work; the error points at the line."""
    known = formatter.works
    for citation in citations:
        for cite in citation.cites:
            if cite.key not in known:
                line = first_line + markdown.count("\n", 0, citation.start)
                close = difflib.get_close_matches(cite.key, list(known), n=3, cutoff=0.6)
                raise ReaderError(
                    SourceLocation(source, line),
                    f"unknown citation key @{cite.key}; expected a key from bibliography.bib",
                    f"did you mean {', '.join('@' + c for c in close)}?" if close else
                    "keys are <family><year><first title word>, e.g. @walt1987origins; "
                    "see the Bibliography page for every key")


def citation_text(citation: FoundCitation, formatter: CitationFormatter) -> str:
    """The author-date text of a citation, plain: "(Snyder 1997, 181)"."""
    return html.unescape(re.sub(r"<[^>]+>", "", formatter.citation_html(citation.cites)))


def reference_list(keys: Sequence[str], formatter: CitationFormatter, bibliography: str) -> str:
    ordered = sorted(keys, key=lambda k: formatter.reference_text(k).lower())
    # A Markdown list (not raw HTML) so MkDocs checks the bibliography links.
    items = "".join(
        f"- {markdown_safe_html(formatter.reference_html(key))} "
        f"[In the bibliography]({bibliography}#{key}){{ .reader-backref }}\n{{: #cite-{key} }}\n"
        for key in ordered)
    return f"## References {{ #references }}\n\n{items}"


def _escape_link_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def markdown_safe_html(fragment: str) -> str:
    """Escape Markdown syntax in the text between the tags of an HTML
    fragment, so a formatted reference survives the Markdown pass as is."""
    parts = re.split(r"(<[^>]+>)", fragment)
    return "".join(part if part.startswith("<") else _escape_link_text(part) for part in parts)


def body_first_line(source: Path, markdown: str) -> int:
    """Line of the file where the page body (what follows any front matter)
    starts, so errors point at the line a writer sees."""
    try:
        raw = source.read_text(encoding="utf-8")
    except OSError:
        return 1
    return raw[: len(raw) - len(markdown)].count("\n") + 1 if raw.endswith(markdown) else 1
