"""Stage 5: what every page says about a paper in the same words: its label
("Istomin & Baykov (2020): Alliances at the Service of Hegemony") and what
the site holds of it (the full text, or only the journal's landing page).
One place, so the nav, the papers index, concept pages, the bibliography
and the notes page cannot name a paper two ways."""

from __future__ import annotations

from build_tools.language_names import language_name
from build_tools.model import Paper, SourceFormat

SOURCE_ORIGINS = {
    SourceFormat.PDF_MARKDOWN: "converted from a PDF",
    SourceFormat.CONVERTED_MARKDOWN: "converted from a PDF",
    SourceFormat.JATS: "from the publisher's JATS XML",
    SourceFormat.PANDOC_MARKDOWN: "from the author's Markdown",
}


def short_title(paper: Paper) -> str:
    """The title up to its subtitle: "Balancing Act"."""
    head, colon, _ = paper.title.partition(":")
    return head.strip() if colon and head.strip() else paper.title


def paper_label(paper: Paper) -> str:
    """"Zou: Balancing Act", "Istomin & Baykov (2020): Alliances at the
    Service of Hegemony": who, when (if known) and what. A short title that
    already ends with the year ("Cambon et al. 2021") does not get it twice."""
    who, year = paper.metadata.short_title, paper.venue.year
    when = f" ({year})" if year and not who.rstrip().endswith(year) else ""
    return f"{who}{when}: {short_title(paper)}"


def has_full_text(paper: Paper) -> bool:
    """A landing page gives an abstract and references but no body text."""
    return bool(paper.sections)


def holdings_short(paper: Paper) -> str:
    """For a table cell: "Full text" or "Abstract and references"."""
    return "Full text" if has_full_text(paper) else "Abstract and references"


def holdings_sentence(paper: Paper) -> str:
    """Plain text for the paper header; the caller adds the DOI link."""
    if has_full_text(paper):
        origin = SOURCE_ORIGINS.get(paper.format, "")
        return f"This site has the full text{', ' + origin if origin else ''}."
    language = language_name(paper.metadata.language)
    full = f"The full article{f' (in {language})' if language and language != 'English' else ''}"
    return (f"This site has only the journal's landing page for this paper: its abstract, keywords and "
            f"reference list, not the full text. {full} is at the publisher")


def only_abstract_note(paper: Paper) -> str:
    """Why a concept's absence from this paper means little: "Istomin &
    Baykov: only the abstract is here"."""
    return f"{paper.metadata.short_title}: only the abstract is here"
