"""Stage 5: the home page's list of papers (title, authors, venue, abstract)."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools import urls
from build_tools.model import Paper
from build_tools.render.paper_page import escape_markdown

PAPER_LIST_MARKER = "<!-- reader:papers -->"


def render_paper_list(papers: Sequence[Paper], from_page: str) -> str:
    blocks = []
    for paper in papers:
        link = urls.markdown_link(from_page, urls.paper_page(paper.slug))
        authors = ", ".join(a.name for a in paper.authors)
        venue = ", ".join(x for x in (paper.venue.journal, paper.venue.year) if x)
        abstract = paper.abstract[0].text if paper.abstract else ""
        blocks.append(
            f"### [{escape_markdown(paper.title)}]({link})\n\n"
            f"**{escape_markdown(authors)}**"
            + (f" · *{escape_markdown(venue)}*" if venue else "") + "\n\n"
            f"{escape_markdown(abstract)}\n"
        )
    return "\n".join(blocks)
