"""Stage 2: each paper on the site as a work of its own, so notes and pages
can cite it (`[@zoubalancingact]`) and "Cite this paper" formats it like any
other work."""

from __future__ import annotations

from build_tools.model import Author, Name, Paper, Work, WorkType


def author_name(author: Author) -> Name:
    """"Istomin I.A." (family first, as the journal writes it) or
    "Wenxuan Zou" (given first)."""
    parts = author.name.split()
    if len(parts) > 1 and parts[-1].replace(".", "").isupper() and parts[-1].endswith("."):
        return Name(family=" ".join(parts[:-1]), given=parts[-1])
    return Name(family=parts[-1], given=" ".join(parts[:-1]))


def paper_key(paper: Paper) -> str:
    return paper.slug.replace("-", "")


def paper_as_work(paper: Paper) -> Work:
    venue = paper.venue
    return Work(
        key=paper_key(paper), type=WorkType.ARTICLE if venue.journal else WorkType.MANUSCRIPT,
        authors=tuple(author_name(a) for a in paper.authors), title=paper.title,
        year=venue.year or "n.d.", container=venue.journal, volume=venue.volume, issue=venue.issue,
        # An article number stands where the pages would in a citation
        # ("PLoS ONE 10 (3): e0116201"); the page header names it as such.
        pages=venue.pages or venue.article_number, publisher=venue.publisher,
        doi=paper.doi, url=paper.metadata.url, language=paper.metadata.language,
    )
