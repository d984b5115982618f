"""Stage 5: the comparison page, `/compare/`: the papers' arguments side by
side, one column per paper that has a claims file and one row per aspect
(question, thesis, mechanism, evidence, scope, what each would say of the
others). Every claim ends with a link to the paragraph that makes it, so a
reader can check the site's summary against the paper's words."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools import urls
from build_tools.comparison.claims import ASPECTS, Claim
from build_tools.model import Paper
from build_tools.render.concept_pages import paragraph_places
from build_tools.render.paper_facts import has_full_text, only_abstract_note
from build_tools.render.paper_page import escape_markdown

TITLE = "Compare the papers"
DESCRIPTION = ("The papers’ arguments side by side: question, thesis, mechanism, evidence and scope, "
               "each claim linked to the passage that makes it.")


def render_compare_page(papers: Sequence[Paper], claims: Sequence[Claim]) -> str:
    page = urls.COMPARE_PAGE
    compared = [p for p in papers if any(c.paper_slug == p.slug for c in claims)]
    names = {p.slug: p.metadata.short_title for p in papers}
    out = [f"---\ntitle: {TITLE}\ndescription: \"{DESCRIPTION}\"\n---\n",
           f"# {TITLE}\n",
           "Each column is a paper, each row one part of its argument. Every cell is the site's summary "
           "of a claim, followed by a link to the paragraph that makes it: follow the link to read the "
           "paper's own words. The claims are recorded in each paper's `claims.yml`, so a paper added "
           "with one becomes a column here.\n"]
    if not compared:
        out.append("No paper has recorded claims yet.\n")
        return "\n".join(out)
    partial = [p for p in compared if not has_full_text(p)]
    if partial:
        out.append(" ".join(f"{escape_markdown(only_abstract_note(p))}, so its claims come from the abstract "
                            "and keywords, and its evidence is the reference list's." for p in partial) + "\n")
    places = {p.slug: paragraph_places(p) for p in compared}
    header = "| | " + " | ".join(f"[{escape_markdown(names[p.slug])}]"
                                   f"({urls.markdown_link(page, urls.paper_page(p.slug))})" for p in compared) + " |"
    rows = [header, "|" + " --- |" * (len(compared) + 1)]
    for aspect, heading in ASPECTS.items():
        cells = [_cell([c for c in claims if c.paper_slug == p.slug and c.aspect == aspect], places[p.slug],
                       names, page) for p in compared]
        rows.append(f"| **{escape_markdown(heading)}** | " + " | ".join(cells) + " |")
    out.append('<div class="reader-compare" markdown="1">\n\n' + "\n".join(rows) + "\n\n</div>\n")
    return "\n".join(out)


def _cell(claims: Sequence[Claim], places: dict[str, tuple[str, str]], names: dict[str, str], page: str) -> str:
    if not claims:
        return "*Not stated in what the site has of this paper.*"
    items = []
    for claim in claims:
        about = f"On {escape_markdown(names[claim.about])}: " if claim.about else ""
        place = places.get(claim.paragraph_id, (claim.paragraph_id, ""))[0]
        link = urls.markdown_link(page, urls.paper_page(claim.passage_paper), claim.paragraph_id)
        items.append(f"{about}{escape_markdown(claim.text)} [{escape_markdown(place)}]({link})")
    # A Markdown table cell is one line; claims are set apart within it.
    return "<br><br>".join(items)
