"""Every page, file, URL and anchor the site makes, in one place.

Pages are named by their path under docs/ ("papers/zou-balancing-act.md"),
as MkDocs names them. Three ways to point at one:

- `markdown_link`: from one page's Markdown to another's source path, which
  MkDocs checks and rewrites (`--strict` fails on a broken one);
- `html_link`: from raw HTML in a page, which MkDocs does not rewrite, so it
  is the relative *directory URL* (`use_directory_urls: true`, checked by
  the plugin);
- `absolute_url`: from an export read outside the site (JSON-LD), built
  on `site_url`.

The fragment helpers are the ids pages give their parts; a link to a part
and the part itself both take its id from here, so they cannot drift.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, urlsplit

from build_tools.render.escape import safe_url

# A paper, concept page or note file name becomes part of a URL and an id:
# lowercase words of letters and digits joined by single hyphens, so "--"
# can join two of them unambiguously (`note_anchor`).
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

HOME_PAGE = "index.md"
BIBLIOGRAPHY_PAGE = "bibliography.md"
BIBLIOGRAPHY_FILE = "bibliography.bib"
CONCEPT_INDEX_PAGE = "concepts/index.md"
ANNOTATIONS_PAGE = "annotations.md"
ANNOTATIONS_EXPORT = "annotations/annotations.jsonld"
SEARCH_PAGE = "search.md"
PAPERS_INDEX_PAGE = "papers/index.md"
ABOUT_PAGE = "about.md"
COMPARE_PAGE = "compare.md"


# The line of a paper's keywords on its page, which concept pages link to.
KEYWORDS_ANCHOR = "keywords"


def is_slug(text: str) -> bool:
    return SLUG.match(text) is not None


def paper_page(slug: str) -> str:
    return f"papers/{slug}.md"


def paper_bib_file(slug: str) -> str:
    """The paper's own BibTeX download, beside its page."""
    return f"papers/{slug}.bib"


def concept_page(slug: str) -> str:
    return f"concepts/{slug}.md"


def is_concept_page(page: str) -> bool:
    """A hand-written concept page (the index is generated)."""
    return page.startswith("concepts/") and page.endswith(".md") and page != CONCEPT_INDEX_PAGE


def concept_bib_file(slug: str) -> str:
    """"Cite this entry" downloads, beside the concept page."""
    return f"concepts/{slug}.bib"


def concept_ris_file(slug: str) -> str:
    return f"concepts/{slug}.ris"


def concept_csl_file(slug: str) -> str:
    return f"concepts/{slug}.json"


# --- fragments ------------------------------------------------------------

# What a label from a source keeps in an id: letters, digits and `_ . : -`.
# Anything else (a quote, `)`, `<`, `}`, a space) could end the Markdown link,
# attr_list or attribute the id is written into.
_NOT_IN_ID = re.compile(r"[^\w.:-]")
FRAGMENT = re.compile(r"[\w.:~-]+")


def label_fragment(label: str) -> str:
    """A paper's own label ("12", "Wickham:2014", "†", or any hostile text)
    as part of an id: kept where it is letters, digits and `_ . : -`, every
    other character as `~XX` per UTF-8 byte ("†" → "~E2~80~A0"), so two
    labels never share an id and nothing in a label can end the link,
    attr_list or attribute its id is written into."""
    return _NOT_IN_ID.sub(
        lambda c: "".join(f"~{byte:02X}" for byte in c.group().encode("utf-8", "surrogatepass")), label)


def is_fragment(text: str) -> bool:
    """Whether `text` can be written as an id as it is (what every id the
    readers and `label_fragment` make looks like)."""
    return FRAGMENT.fullmatch(text) is not None


def reference_anchor(label: str) -> str:
    """An entry of a paper's reference list, by the label the paper prints."""
    return f"ref-{label_fragment(label)}"


def work_anchor(key: str) -> str:
    """A work on the bibliography page: its BibTeX key, so the link is as
    stable as the key."""
    return key


def cited_work_anchor(key: str) -> str:
    """A work in the "References"/"Works cited in the notes" list of a page,
    which citation popovers read."""
    return f"cite-{key}"


def footnote_id(label: str) -> str:
    """A paper's footnote, whose paragraphs readers give the ids
    `<footnote_id>-p<n>`."""
    return f"fn{label_fragment(label)}"


def footnote_anchor(label: str) -> str:
    """A paper's footnote: the id of its first paragraph."""
    return f"{footnote_id(label)}-p1"


def footnote_call_anchor(label: str) -> str:
    """Where a footnote is called in the text, for the note's link back."""
    return f"fnref-{label_fragment(label)}"


def note_anchor(annotation_id: str) -> str:
    """A note, on its paper page and on the annotations page alike
    ("note-zou-balancing-act--nato-article-5"); '--' keeps slug and file
    stem apart since both use single hyphens."""
    return "note-" + annotation_id.replace("/", "--")


# --- links ----------------------------------------------------------------


def page_url(page: str) -> str:
    """The directory URL of a page, relative to the site root: "papers/zou/",
    "" for the home page, "concepts/" for concepts/index.md."""
    if not page.endswith(".md"):
        return page  # a file such as annotations/annotations.jsonld
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def markdown_link(from_page: str, to_page: str, fragment: str = "") -> str:
    link = _relative(to_page, from_page.rpartition("/")[0])
    return link + (f"#{fragment}" if fragment else "")


def html_link(from_page: str, to_page: str, fragment: str = "") -> str:
    """A relative URL from the rendered `from_page` (at its directory URL)."""
    target = page_url(to_page)
    link = _relative(target.rstrip("/"), page_url(from_page).rstrip("/"))
    if target.endswith("/") or not target:
        link += "/"
    return link + (f"#{fragment}" if fragment else "")


def _relative(path: str, directory: str) -> str:
    """`posixpath.relpath(path, directory)` for the clean relative paths of
    a site ("" is the root); a page links thousands of times, and relpath's
    normalising was most of the time spent on links."""
    parts = path.split("/") if path else []
    base = directory.split("/") if directory else []
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def html_link_from_root(from_page: str, to_page: str, fragment: str = "") -> str:
    """Like `html_link`, but always climbing to the site root first
    ("../../papers/zou/"): notes are rendered once per page depth, and the
    same link text for every target keeps their HTML comparable."""
    depth = page_url(from_page).count("/")
    return "../" * depth + page_url(to_page) + (f"#{fragment}" if fragment else "")


def absolute_url(site_url: str, to_page: str, fragment: str = "") -> str:
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + page_url(to_page) + (f"#{fragment}" if fragment else "")


# --- other sites --------------------------------------------------------------

# A DOI as registrants write them (Crossref's advice): nothing that could be
# markup, a quote or a BibTeX brace.
DOI = re.compile(r'10\.\d{4,9}/[^\s"<>{}\\]+')


def work_doi(doi: str) -> str:
    """A work's DOI as pages and exports give it: "" if it is not one."""
    return doi if DOI.fullmatch(doi) else ""


def work_url(url: str) -> str:
    """A work's link as pages and exports give it: "" for a site's home
    page (it names no work) and for any scheme but http, https and mailto
    (`javascript:`, `data:`), which no export should carry either."""
    if is_home_page(url) or safe_url(url) != url.strip():
        return ""
    return url.strip()


def doi_url(doi: str) -> str:
    """The resolver link of a DOI; `escape.href` checks and escapes it where
    it is written."""
    return "https://doi.org/" + doi


def orcid_url(orcid: str) -> str:
    return "https://orcid.org/" + orcid


# An author identifier → the public profile it names. Values come from
# sources, so callers escape them; quote_plus keeps them inside the query.
_IDENTIFIER_PAGES = {
    "ORCID": "https://orcid.org/{}",
    "eLibrary ID": "https://elibrary.ru/author_profile.asp?authorid={}",
    "ResearcherID": "https://www.webofscience.com/wos/author/record/{}",
}


def identifier_url(scheme: str, value: str) -> str:
    """The profile page of an author identifier, or "" for an unknown scheme."""
    template = _IDENTIFIER_PAGES.get(scheme)
    return template.format(quote(value, safe="")) if template else ""


def paper_ris_file(slug: str) -> str:
    """The paper's own RIS download, beside its page."""
    return f"papers/{slug}.ris"


def paper_csl_file(slug: str) -> str:
    """The paper's own CSL-JSON download, beside its page."""
    return f"papers/{slug}.json"



def web_address_parts(url: str) -> SplitResult | None:
    """`url` split into its parts, or None when it cannot be one: a source
    may hold a URL a converter cut inside a Markdown link ("https://[www…"),
    which `urlsplit` refuses with a ValueError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what rejects "host:99999999"
    except ValueError:
        return None
    return parts


def is_web_address(url: str) -> bool:
    """An http(s) address with a host that a browser could open."""
    parts = web_address_parts(url.strip())
    return parts is not None and parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def is_home_page(url: str) -> bool:
    """A bare site address ("http://www.jstor.org") names no work; a
    reference that gives only that has, in effect, no link."""
    parts = web_address_parts(url)
    return parts is not None and bool(parts.netloc) and parts.path in ("", "/") and not parts.query
