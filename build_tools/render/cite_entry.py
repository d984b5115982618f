"""Stage 5: "Cite this entry" on each concept page, as an encyclopedia
gives it: who wrote the entry (its front matter's `authors`), when it last
changed and a permalink to that version (entry_history.py, from git), the
reference in the site style, and the entry as BibTeX, RIS and CSL-JSON.
The entry is a `Work` like any other, so one style and one set of
exporters serve papers, works and entries alike."""

from __future__ import annotations

from dataclasses import dataclass, replace

from build_tools import urls
from build_tools.concepts.entry_history import Revision
from build_tools.model import Concept, Name, Work, WorkType
from build_tools.references.bibliography import KEY_STOPWORDS, ascii_letters
from build_tools.render.cite_paper import cite_box
from build_tools.render.escape import href, html_text

SITE_NAME = "Alliances Reader"


@dataclass(frozen=True)
class EntryVersion:
    """What the build knows of an entry's version: its last revision, or
    None when the history was not available to this build."""

    revision: Revision | None
    repo_url: str = ""


def entry_author(text: str) -> Name:
    """"Doe, Jane" is a person; a name without a comma ("Alliances Reader
    team") is an organisation, cited as written."""
    family, comma, given = text.partition(",")
    if not comma:
        return Name(text.strip(), is_organisation=True)
    return Name(family.strip(), given.strip())


def entry_work(concept: Concept, version: EntryVersion, site_url: str) -> Work:
    revision = version.revision
    year = revision.date[:4] if revision and revision.date else "n.d."
    page = urls.concept_page(concept.slug)
    # A web page (@misc, ELEC): the type whose required fields an entry always
    # has, so reference managers and BibTeX styles take it whether or not git
    # could date it.
    work = Work(key="", type=WorkType.WEBPAGE, title=concept.title, year=year,
                authors=tuple(entry_author(a) for a in concept.authors), container=SITE_NAME,
                url=urls.absolute_url(site_url, page) if site_url else "")
    return replace(work, key=entry_key(work))


def entry_key(work: Work) -> str:
    """The project's key rule, `<family><year><first title word>`, for the
    entry's downloads ("alliances2026entrapment"); an organisation is
    filed under its first significant word."""
    name = work.authors[0] if work.authors else None
    words = (name.family.split() if name.is_organisation else [name.family]) if name else []
    family = next((w for w in map(ascii_letters, words) if w and w not in KEY_STOPWORDS), "anon")
    title = next((w for w in (ascii_letters(t, keep_digits=True) for t in work.title.split())
                  if w and w not in KEY_STOPWORDS), "")
    return f"{family}{work.year if work.year.isdigit() else 'nd'}{title}"


def version_html(version: EntryVersion) -> str:
    """One line on the entry's version, or on why there is none."""
    revision = version.revision
    if revision is None:
        return ("<p class=\"reader-cite-box__version\">Version: not recorded. This copy of the site was "
                "built without its git history, so the date of the last change is not known.</p>\n")
    if not revision.commit:
        return ("<p class=\"reader-cite-box__version\">Version: not yet committed, so this entry has no "
                "recorded version or date yet.</p>\n")
    short = html_text(revision.commit[:7])
    link = short
    if version.repo_url:
        permalink = f"{version.repo_url.rstrip('/')}/blob/{revision.commit}/{revision.path_in_repository}"
        link = f'<a href="{href(permalink)}">{short}</a>'
    edited = (" It has been edited since; the text shown here is not yet committed."
              if revision.edited else "")
    return (f"<p class=\"reader-cite-box__version\">Last changed {html_text(revision.date)}; "
            f"this version: {link} (a permalink to the entry as of that change).{edited}</p>\n")


def cite_this_entry(concept: Concept, citation_html: str, bibtex: str, version: EntryVersion,
                    site_url: str) -> str:
    """The box at the end of a concept page; downloads sit beside the page."""
    page = urls.concept_page(concept.slug)
    authors = ", ".join(concept.authors) or "not recorded"
    here = urls.absolute_url(site_url, page) if site_url else ""
    address = (f'<p class="reader-cite-box__url">This entry: <a href="{href(here)}">{html_text(here)}</a>'
               "</p>\n" if here else "")
    lead = f'<p class="reader-cite-box__authors">Entry by {html_text(authors)}.</p>\n'
    downloads = [("BibTeX", urls.concept_bib_file(concept.slug)), ("RIS", urls.concept_ris_file(concept.slug)),
                 ("CSL-JSON", urls.concept_csl_file(concept.slug))]
    return "\n\n" + cite_box("cite-this-entry", "Cite this entry", f"cite-text-{concept.slug}", citation_html,
                             page, downloads, bibtex, before_actions=lead + version_html(version) + address)
