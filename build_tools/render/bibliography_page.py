"""Stage 5: the Bibliography page, every work once with a stable anchor (its
key) and "cited by" links to the exact paragraphs that cite it; works that
more than one paper cites get their own section at the top."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_tools import urls
from build_tools.model import Paper, Work, WorkType
from build_tools.references.citation_syntax import Cite
from build_tools.render.citation_style import CitationFormatter
from build_tools.render.citations import markdown_safe_html
from build_tools.render.escape import attr_list_value, html_attribute, html_text, markdown_text
from build_tools.render.paper_facts import has_full_text, paper_label
from build_tools.render.paper_page import escape_markdown

PAGE_TITLE = "Bibliography"


def citing_paragraphs_by_label(paper: Paper) -> dict[str, list[str]]:
    """Every label → ids of the paragraphs whose citation markers name it, in
    order; one pass over the paper (the page asks for every label)."""
    by_label: dict[str, list[str]] = {}
    for paragraph in paper.paragraphs():
        for label in dict.fromkeys(label for c in paragraph.all_citations for label in c.labels):
            by_label.setdefault(label, []).append(paragraph.id)
    return by_label


def papers_citing(work: Work) -> list[str]:
    return sorted({c.paper_slug for c in work.cited_as})


TYPE_LABELS = {
    WorkType.BOOK: "Book", WorkType.ARTICLE: "Journal article", WorkType.CHAPTER: "Book chapter",
    WorkType.REPORT: "Report", WorkType.WEBPAGE: "Web page", WorkType.WORKING_PAPER: "Working paper",
    WorkType.ENCYCLOPEDIA_ENTRY: "Encyclopedia entry", WorkType.REVIEW: "Review",
    WorkType.MANUSCRIPT: "Manuscript",
}


@dataclass(frozen=True)
class SiteCitation:
    """A hand-written page or a note that cites a work: its name and where it is."""

    label: str
    page: str        # docs path of the page
    fragment: str = ""


def render_bibliography(works: Sequence[Work], papers: Sequence[Paper], formatter: CitationFormatter,
                        site_citations: Mapping[str, Sequence[SiteCitation]] | None = None) -> str:
    """The page. `site_citations` are the concept pages and notes citing
    each work by key: the only citations a curated classic work has."""
    site_citations = site_citations or {}
    by_slug = {p.slug: p for p in papers}
    by_key = {w.key: w for w in works}
    citing = {p.slug: citing_paragraphs_by_label(p) for p in papers}
    shared = [w for w in works if len(papers_citing(w)) > 1]
    ordered = sorted(works, key=lambda w: (filing_text(formatter.reference_text(w.key)), w.key))
    lines = [
        "---", f"title: {PAGE_TITLE}", "---", "", f"# {PAGE_TITLE}", "",
        f"Every work the papers cite ({sum(1 for w in works if w.cited_as)}), and the classic works the "
        f"site's concept pages and notes cite ({sum(1 for w in works if not w.cited_as)}), once each and in "
        "the site's citation style. Each entry links to the paragraphs "
        "that cite it. An entry's address is its BibTeX key, so a link such as "
        "`bibliography/#walt1987origins` never changes; a work that was published under another key "
        "answers to that one too. Download everything as [bibliography.bib](bibliography.bib).", "",
        _filter_form(works, papers),
        # The anchor keeps its first name: links to it are published.
        "## Cited by more than one paper { #cited-by-both }", "",
    ]
    lines += [f"- [{_short(w, formatter)}](#{w.key})" for w in shared] or ["- none"]
    lines += ["", "## All works { #all-works }", ""]
    for work in ordered:
        lines.append(f"- {markdown_safe_html(formatter.reference_html(work.key))}")
        lines.append(f"{{: #{urls.work_anchor(work.key)} .reader-work {_data_attributes(work)} }}")
        lines.append("")
        meta = _cited_by(work, by_slug, citing)
        on_site = _site_cited_by(site_citations.get(work.key, ()))
        if not meta:
            meta = (f"Cited by the site's entries: {on_site}" if on_site else
                    "No paper on the site cites it now; the entry is kept so that links to it keep working")
        else:
            meta = f"Cited by {meta}" + (f"; and by the site's entries: {on_site}" if on_site else "")
        meta += "".join(f". Other edition: [{html_text(_edition_label(by_key[k]))}](#{urls.work_anchor(k)})"
                        for k in work.other_editions if k in by_key)
        anchors = "".join(f"<span id='{html_attribute(urls.work_anchor(a))}'></span>" for a in work.aliases)
        lines.append(f"    {anchors}<span class='reader-entry-meta'>{meta}</span>")
        lines.append("")
    return "\n".join(lines) + "\n"


def _edition_label(work: Work) -> str:
    return f"{work.year} ({work.key})"


def _site_cited_by(citations: Sequence[SiteCitation]) -> str:
    return ", ".join(f"[{markdown_text(c.label)}]({urls.markdown_link(urls.BIBLIOGRAPHY_PAGE, c.page, c.fragment)})"
                     for c in citations)


def filing_text(text: str) -> str:
    """What a list is sorted by: an organisation files under its name, not
    under an article ("The White House" under W), and case does not count."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.casefold())


def _filter_form(works: Sequence[Work], papers: Sequence[Paper]) -> str:
    """Filters and sort order for bibliography.js. Hidden until the script
    runs; without it the page is the full list in author order."""
    types = sorted({w.type for w in works}, key=lambda t: TYPE_LABELS[t])
    paper_options = "".join(f'<option value="{html_attribute(p.slug)}">{html_text(paper_label(p))}</option>'
                            for p in papers)
    type_options = "".join(f'<option value="{t.value}">{TYPE_LABELS[t]}</option>' for t in types)
    return (
        '<form class="reader-bib-filters" aria-label="Filter and sort the bibliography" hidden markdown="0">'
        '<label>Cited by <select data-filter="paper"><option value="">any paper</option>'
        f"{paper_options}</select></label> "
        '<label>Type <select data-filter="type"><option value="">any type</option>'
        f"{type_options}</select></label> "
        '<label>Sort by <select data-sort><option value="author">author</option>'
        '<option value="year">year</option></select></label> '
        '<output class="reader-bib-count" aria-live="polite"></output></form>\n'
    )


def _data_attributes(work: Work) -> str:
    first = work.authors[0].family if work.authors else work.title
    attributes = {
        "data-papers": " ".join(papers_citing(work)),
        "data-type": work.type.value,
        "data-author": filing_text(first),
        "data-year": work.year if work.year.isdigit() else "",
    }
    return " ".join(f'{name}="{attr_list_value(value)}"' for name, value in attributes.items())


def _short(work: Work, formatter: CitationFormatter) -> str:
    """"Snyder 1997, *Alliance Politics*": who, when and what, for a list."""
    who = "(" + "".join(formatter.citation_html([Cite(work.key)])).strip("()") + ")"
    return f"{escape_markdown(who)}, *{escape_markdown(work.title)}*"


def paragraph_label(paragraph_id: str) -> str:
    """"s4-1-p2" → "§4.1 ¶2"; "abstract-p1" → "abstract"."""
    section, _, number = paragraph_id.rpartition("-p")
    if section == "abstract":
        return "abstract"
    return f"§{section.removeprefix('s').replace('-', '.')} ¶{number}"


def _cited_by(work: Work, papers: dict[str, Paper], citing_by_paper: dict[str, dict[str, list[str]]]) -> str:
    """"Zou [6] in §2 ¶2, §2 ¶5; Istomin & Baykov [42] (no body text here)":
    the paragraphs where there are any, else the entry in the reference list."""
    parts = []
    for citing in work.cited_as:
        paper = papers[citing.paper_slug]
        page = urls.paper_page(paper.slug)
        entry = urls.markdown_link(urls.BIBLIOGRAPHY_PAGE, page, urls.reference_anchor(citing.label))
        name = markdown_text(paper.metadata.short_title)
        label = markdown_text(citing.label)
        paragraphs = citing_by_paper[paper.slug].get(citing.label, [])
        if paragraphs:
            where = ", ".join(f"[{paragraph_label(pid)}]({urls.markdown_link(urls.BIBLIOGRAPHY_PAGE, page, pid)})"
                              for pid in paragraphs)
            parts.append(f"{name} [\\[{label}\\]]({entry}) in {where}")
        elif not has_full_text(paper):
            parts.append(f"{name} [\\[{label}\\]]({entry}) (only its reference list is here)")
        else:
            parts.append(f"{name} [\\[{label}\\]]({entry})")
    return "; ".join(parts)
