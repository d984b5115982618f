"""Every input is untrusted: values from sources, paper.yml, concept pages
and notes are escaped for the place they land, so none becomes markup, a
script, a live `javascript:` link or an extra BibTeX field. The site test
builds the reproductions from the issue "Every input is untrusted" with
`mkdocs build --strict` and reads the HTML a browser would get."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from build_tools.cache import BuildCache
from build_tools.export.bibtex import bibliography_to_bibtex
from build_tools.model import Name, Work, WorkType
from build_tools.render import escape
from build_tools.render.citation_style import _finish
from build_tools.render.paper_page import _reference_text_html
from tests.conftest import copy_project, run_mkdocs_build

ZOU = "zou-balancing-act"


# --- the helpers ------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(("url", "kept"), [
    ("https://example.org/a?b=1&c=2", True), ("mailto:a@example.org", True), ("../papers/zou/", True),
    ("#ref-1", True), ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False), (" \x01javascript:alert(1)", False), ("data:text/html,<b>", False),
    ("vbscript:x", False),
])
def test_only_web_mail_and_relative_urls_become_link_targets(url, kept):
    assert (escape.safe_url(url) != "") is kept


@pytest.mark.unit
def test_an_href_cannot_leave_its_attribute():
    assert escape.href('https://x"/autofocus/onfocus="alert(1)') == "https://x&quot;/autofocus/onfocus=&quot;alert(1)"


@pytest.mark.unit
def test_page_meta_is_escaped_once_and_reads_the_same_in_html():
    meta = {"title": "A & B</title><script>x</script>", "description": '"><script>', "other": "<kept>"}
    escape.escape_page_meta(meta)
    assert meta == {"title": "A &amp; B&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
                    "description": "&quot;&gt;&lt;script&gt;", "other": "<kept>"}
    assert BeautifulSoup(f"<title>{meta['title']}</title>", "html.parser").title.string == \
        "A & B</title><script>x</script>"  # type: ignore[union-attr]


@pytest.mark.unit
def test_json_in_html_cannot_close_its_script_element():
    assert "</script>" not in escape.json_in_html({"a": "</script><script>alert(1)</script>"})


# --- references as printed and as formatted ------------------------------------


@pytest.mark.unit
def test_a_quote_in_a_reference_url_stays_inside_the_href():
    entry = _finish('Retrieved from https://x"/autofocus/onfocus="alert(1)"/x="y.')
    link = BeautifulSoup(entry, "html.parser").a
    assert link is not None and set(link.attrs) == {"href"}
    assert link["href"] == 'https://x"/autofocus/onfocus="alert(1)"/x="y'


@pytest.mark.unit
def test_a_javascript_link_in_a_printed_reference_loses_its_target_and_raw_html_stays_text():
    rendered = _reference_text_html("Smith. [click](javascript:alert(1)) <img src=x onerror=alert(2)> *Title*",
                                    BuildCache())
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find("img") is None and "<img src=x" in soup.get_text()
    assert all(not str(a.get("href", "")).lower().startswith("javascript") for a in soup.find_all("a"))
    assert soup.find("em") is not None  # Markdown still works


# --- BibTeX ------------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize("field", ["doi", "url", "title", "publisher"])
def test_no_value_can_add_a_field_or_a_command_to_the_bibtex(field):
    injected = "x}, note = {INJECTED \\input{/etc/passwd}"
    values = {"doi": "10.1234/ok", "url": "https://example.org/", "title": "Title", "publisher": "Press"}
    values[field] = injected if field != "url" else "https://example.org/" + injected
    work = Work(key="smith2020title", type=WorkType.BOOK, authors=(Name("Smith", "A."),), year="2020",
                title=values["title"], publisher=values["publisher"], doi=values["doi"], url=values["url"])
    text = bibliography_to_bibtex([work], header="")
    entry = parse_string(text, "bibtex").entries["smith2020title"]
    assert "note" not in {k.lower() for k in entry.fields}
    assert "\\input" not in text


# --- the whole site ---------------------------------------------------------------

MARKER = "__xss"
CORRECTIONS = [
    ("# ***Balancing Act:", f"# ***Balancing Act</title><script>{MARKER}=1</script>:"),
    ("**Abstract:** This paper critically", f'**Abstract:** "><script>{MARKER}=2</script> This paper critically'),
    ("Retrieved from <https://www.britannica.com/topic/alliance-politics>",
     f'Retrieved from <https://x"/autofocus/onfocus="{MARKER}=3"/x="y>'),
    ("[9] Bush, R.", f"[9] [x](javascript:{MARKER}=4) Bush, R."),
]


def yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.site
def test_the_issues_reproductions_build_strictly_and_run_no_script(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    yml = project / "papers" / ZOU / "paper.yml"
    corrections = "".join(f"  - find: {yaml_string(find)}\n    replace: {yaml_string(replace)}\n"
                          "    reason: a test of escaping\n" for find, replace in CORRECTIONS)
    yml.write_text(yml.read_text(encoding="utf-8").replace("short_title: Zou", f"short_title: 'Zou<img src=x "
                                                           f"onerror={MARKER}=5>'") + "corrections:\n" + corrections,
                   encoding="utf-8")
    concept = project / "docs" / "concepts" / "entrapment.md"
    concept.write_text(concept.read_text(encoding="utf-8").replace(
        "title: Entrapment\naliases: [",
        f"title: 'Entrapment</title><script>{MARKER}=6</script>'\naliases: [entrapment, "),
        encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    pages = sorted((tmp_path / "site").rglob("*.html"))
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(tmp_path / "site")
        assert not [s for s in soup.find_all("script") if MARKER in s.get_text()], where
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], where
        assert not [t for t in soup.find_all(href=re.compile(r"^\s*javascript:", re.I)) if MARKER in t["href"]], where
    paper = BeautifulSoup((tmp_path / "site" / "papers" / ZOU / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    # Readers see the text as the source has it, once escaped, not twice.
    assert paper.title is not None and paper.title.string is not None
    assert paper.title.string.startswith(f"Balancing Act</title><script>{MARKER}=1</script>:")
    assert paper.h1 is not None and paper.h1.get_text().startswith(f"Balancing Act</title><script>{MARKER}=1")
    description = paper.find("meta", attrs={"name": "description"})
    assert description is not None and str(description["content"]).startswith(f'"><script>{MARKER}=2</script>')
    concept_page = BeautifulSoup((tmp_path / "site" / "concepts" / "entrapment" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    assert concept_page.title is not None and concept_page.title.string is not None
    assert concept_page.title.string.startswith(f"Entrapment</title><script>{MARKER}=6</script>")
    annotations = (tmp_path / "site" / "annotations" / "index.html").read_text(encoding="utf-8")
    assert f"Zou&lt;img src=x onerror={MARKER}=5&gt;" in annotations


@pytest.mark.unit
def test_an_attr_list_value_stays_text_through_markdown():
    """Term links and bibliography entries carry source text in attr_list
    attributes, which Markdown's inline patterns see first."""
    import markdown

    from build_tools.render.escape import attr_list_value

    value = attr_list_value('see [x](javascript:alert(1)) "quoted" *not emphasis*')
    html = markdown.Markdown(extensions=["attr_list"]).convert(f'A [term](x.md){{ data-summary="{value}" }}')
    soup = BeautifulSoup(html, "html.parser")
    (link,) = soup.find_all("a")
    assert link["href"] == "x.md"
    assert link["data-summary"] == "see [x](javascript:alert(1)) ”quoted” *not emphasis*"
