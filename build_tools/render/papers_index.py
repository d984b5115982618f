"""Stage 5: the papers index, `/papers/`: every paper once, with its
authors, venue, year, what the site holds of it, and how many notes and
reference-list entries it has. The nav's "Papers" entry and every paper's
breadcrumb lead here, so the nav stays one line however many papers there are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from build_tools import urls
from build_tools.model import Note, Paper
from build_tools.render.escape import href, html_text
from build_tools.render.paper_facts import holdings_short, paper_label

PAGE_TITLE = "Papers"


def render_papers_index(papers: Sequence[Paper], notes: Sequence[Note]) -> str:
    page = urls.PAPERS_INDEX_PAGE
    note_counts = Counter(n.annotation.paper_slug for n in notes)
    ordered = sorted(papers, key=lambda p: (p.metadata.short_title.casefold(), p.venue.year, p.slug))
    lines = [
        "---", f"title: {PAGE_TITLE}",
        "description: Every paper on the site, with what the site holds of each.", "---", "",
        f"# {PAGE_TITLE}", "",
        f"{len(papers)} papers. “On this site” says whether the full text is here or only the "
        "journal's landing page (abstract, keywords and references, with a link to the full text).", "",
        # HTML, not a Markdown table, so each cell names its column: on a
        # phone the rows stack as cards (reading.css) instead of being cut off.
        '<table class="reader-papers-table" markdown="0">',
        "<thead><tr>" + "".join(f'<th scope="col"{_numeric(h)}>{h}</th>' for h in COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    for paper in ordered:
        link = urls.html_link(page, urls.paper_page(paper.slug))
        authors = "; ".join(a.name for a in paper.authors)
        venue = ", ".join(x for x in (paper.venue.journal, paper.venue.year) if x) or "not given in the source"
        cells = (f'<a href="{href(link)}">{html_text(paper_label(paper))}</a>', html_text(authors),
                 html_text(venue), html_text(holdings_short(paper)), str(note_counts[paper.slug]),
                 str(len(paper.references)))
        lines.append("<tr>" + "".join(f'<td data-label="{column}"{_numeric(column)}>{cell}</td>'
                                      for column, cell in zip(COLUMNS, cells, strict=True)) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


COLUMNS = ("Paper", "Authors", "Published", "On this site", "Notes", "References")


def _numeric(column: str) -> str:
    return ' class="reader-number"' if column in ("Notes", "References") else ""
