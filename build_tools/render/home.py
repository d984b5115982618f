"""Stage 5: the home page's list of papers: label, authors, venue and what
the site holds of each. No abstracts: the home page points the way, and each
paper's page starts with its abstract."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools import urls
from build_tools.model import Paper
from build_tools.render.paper_facts import holdings_short, paper_label
from build_tools.render.paper_page import escape_markdown

PAPER_LIST_MARKER = "<!-- reader:papers -->"


def render_paper_list(papers: Sequence[Paper], from_page: str) -> str:
    items = []
    for paper in papers:
        link = urls.markdown_link(from_page, urls.paper_page(paper.slug))
        authors = ", ".join(a.name for a in paper.authors)
        venue = ", ".join(x for x in (paper.venue.journal, paper.venue.year) if x)
        facts = " · ".join(escape_markdown(x) for x in (authors, venue, holdings_short(paper)) if x)
        items.append(f"- [{escape_markdown(paper_label(paper))}]({link})  \n  {facts}")
    index = urls.markdown_link(from_page, urls.PAPERS_INDEX_PAGE)
    return "\n".join(items) + f"\n\nAll papers, with their notes and references: [Papers]({index}).\n"
