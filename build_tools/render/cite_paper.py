"""Stage 5: "Cite this paper": each paper's own reference in the site style
and in BibTeX, and the Highwire Press `citation_*` meta tags that Zotero and
Google Scholar read (with one `citation_reference` per cited work)."""

from __future__ import annotations

from collections.abc import Sequence

from build_tools import urls
from build_tools.model import Name, Paper, Work, WorkType
from build_tools.references.papers_as_works import author_name, paper_key
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import markdown_safe_html


def highwire_tags(paper: Paper, cited: Sequence[Work], formatter: CitationFormatter) -> list[list[str]]:
    venue = paper.venue
    tags = [["citation_title", paper.title]]
    tags += [["citation_author", _name_text(author_name(a))] for a in paper.authors]
    for author in paper.authors:
        for scheme, value in author.identifiers:
            if scheme == "ORCID":
                tags.append(["citation_author_orcid", value])
    optional = [
        ("citation_publication_date", venue.year), ("citation_journal_title", venue.journal),
        ("citation_volume", venue.volume), ("citation_issue", venue.issue),
        ("citation_firstpage", venue.pages.split("-")[0] if venue.pages else ""),
        ("citation_lastpage", venue.pages.split("-")[-1] if "-" in venue.pages else ""),
        ("citation_doi", paper.doi), ("citation_language", paper.metadata.language),
        ("citation_abstract", paper.abstract[0].text if paper.abstract else ""),
    ]
    tags += [[name, value] for name, value in optional if value]
    tags += [["citation_keywords", "; ".join(paper.keywords)]] if paper.keywords else []
    tags += [["citation_reference", _reference_tag(work)] for work in cited]
    return tags


def _name_text(name: Name) -> str:
    return name.family if name.is_organisation or not name.given else f"{name.family}, {name.given}"


def _reference_tag(work: Work) -> str:
    """Google Scholar's `citation_reference` form: `key=value; …`."""
    parts = [("citation_title", work.title or work.container)]
    parts += [("citation_author", _name_text(n)) for n in work.authors]
    parts += [("citation_publication_date", work.year if work.year.isdigit() else ""),
              ("citation_journal_title", work.container if work.type is WorkType.ARTICLE else ""),
              ("citation_volume", work.volume), ("citation_issue", work.issue),
              ("citation_doi", work.doi)]
    return "; ".join(f"{k}={v.replace(';', ',')}" for k, v in parts if v)


def cite_this_paper(paper: Paper, formatter: CitationFormatter, bibtex: str) -> str:
    """The "Cite this paper" section: formatted reference, BibTeX in a code
    block (Material adds a copy button), and the downloadable .bib file."""
    key = paper_key(paper)
    page = urls.paper_page(paper.slug)
    own_bib = urls.markdown_link(page, urls.paper_bib_file(paper.slug))
    all_bib = urls.markdown_link(page, urls.BIBLIOGRAPHY_FILE)
    return (
        "## Cite this paper { #cite-this-paper }\n\n"
        f"{markdown_safe_html(formatter.reference_html(key))}\n"
        "{: .reader-cite-this }\n\n"
        f"[Download {own_bib}]({own_bib}){{ .md-button download }} "
        f"[All works as BibTeX]({all_bib}){{ .md-button download }}\n\n"
        '??? note "BibTeX"\n\n'
        "    ```bibtex\n"
        + "".join(f"    {line}\n" if line else "\n" for line in bibtex.strip().split("\n"))
        + "    ```\n"
    )
