"""Stage 5: "Cite this paper": each paper's own reference in the site style
and in BibTeX, and the Highwire Press `citation_*` meta tags that Zotero and
Google Scholar read (with one `citation_reference` per cited work)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from build_tools import urls
from build_tools.model import Name, Paper, Work, WorkType
from build_tools.references.papers_as_works import author_name, paper_key
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.escape import href, html_text


def highwire_tags(paper: Paper, cited: Sequence[Work], formatter: CitationFormatter) -> list[list[str]]:
    venue = paper.venue
    # "385–416" (JATS and the readers write an en dash) or "385-416".
    first_page, _, last_page = re.sub(r"\s*[-–—]+\s*", "-", venue.pages).partition("-")
    tags = [["citation_title", paper.title]]
    tags += [["citation_author", _name_text(author_name(a))] for a in paper.authors]
    for author in paper.authors:
        for scheme, value in author.identifiers:
            if scheme == "ORCID":
                tags.append(["citation_author_orcid", value])
    optional = [
        ("citation_publication_date", venue.year), ("citation_journal_title", venue.journal),
        ("citation_volume", venue.volume), ("citation_issue", venue.issue),
        ("citation_firstpage", first_page), ("citation_lastpage", last_page),
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


def cite_this_paper(paper: Paper, formatter: CitationFormatter, bibtex: str, site_url: str = "") -> str:
    """The "Cite this paper" box under the paper's header: the reference in
    the site style with a copy button (reader.js shows it; without script
    the text can still be selected), downloads as BibTeX, RIS and CSL-JSON
    (all from the same `Work`), the DOI, the BibTeX itself and the form
    the journal suggests. Raw HTML, so links are directory URLs."""
    key = paper_key(paper)
    page = urls.paper_page(paper.slug)
    downloads = [("BibTeX", urls.paper_bib_file(paper.slug)), ("RIS", urls.paper_ris_file(paper.slug)),
                 ("CSL-JSON", urls.paper_csl_file(paper.slug))]
    links = [f'<a class="md-button" href="{href(urls.doi_url(paper.doi))}">DOI</a>'] if paper.doi else []
    # The page's own address, so a printed copy says where it came from.
    here = urls.absolute_url(site_url, page) if site_url else ""
    address = (f'<p class="reader-cite-box__url">This page: '
               f'<a href="{href(here)}">{html_text(here)}</a></p>\n' if here else "")
    unknown = [what for what, value in (("where it was published", paper.venue.journal),
                                        ("its year", paper.venue.year)) if not value]
    missing = (f'<p class="reader-cite-box__unknown">The source does not say {" or ".join(unknown)}, so the '
               "citation does not either. A maintainer who knows records it in "
               f"<code>papers/{html_text(paper.slug)}/paper.yml</code>, e.g. "
               "<code>venue: {journal: Journal of Peace Research, year: 2024, volume: 61, issue: 2, "
               "pages: 201-219}</code>.</p>\n" if unknown else "")
    journal_form = (
        "<details class=\"reader-cite-box__more\"><summary>As the journal suggests citing it</summary>"
        f"<p>{html_text(paper.suggested_citation)}</p></details>\n" if paper.suggested_citation else "")
    return cite_box("cite-this-paper", "Cite this paper", f"cite-text-{paper.slug}", formatter.reference_html(key),
                    page, downloads, bibtex, before_actions=missing + address, extra_links=links, after=journal_form)


DOWNLOAD_TYPES = {"BibTeX": "application/x-bibtex", "RIS": "application/x-research-info-systems",
                  "CSL-JSON": "application/vnd.citationstyles.csl+json"}


def cite_box(heading_id: str, heading: str, citation_id: str, citation_html: str, page: str,
             downloads: Sequence[tuple[str, str]], bibtex: str, before_actions: str = "",
             extra_links: Sequence[str] = (), after: str = "") -> str:
    """A "Cite this …" box: the formatted reference with a copy button,
    download links (label, docs path) relative to `page`, the BibTeX shown
    on request. `before_actions` and `after` are HTML the caller escaped."""
    links = [f'<a class="md-button reader-cite-box__download" href="{href(urls.html_link(page, file))}" '
             f'download type="{DOWNLOAD_TYPES[label]}">{label}</a>' for label, file in downloads]
    links += extra_links
    return (
        f'<aside class="reader-cite-box" aria-labelledby="{heading_id}" markdown="0">\n'
        f'<h2 id="{heading_id}" class="reader-cite-box__title">{html_text(heading)}</h2>\n'
        f'<p class="reader-cite-box__citation" id="{citation_id}">{citation_html}</p>\n'
        + before_actions
        + f'<p class="reader-cite-box__actions"><button type="button" class="md-button reader-copy" '
        f'data-copy="#{citation_id}" hidden>Copy citation</button> {" ".join(links)}'
        ' <span class="reader-copy-status" role="status" aria-live="polite"></span></p>\n'
        "<details class=\"reader-cite-box__more\"><summary>BibTeX</summary>"
        f"<pre><code>{html_text(bibtex.strip())}</code></pre></details>\n"
        + after
        + "</aside>\n"
    )
