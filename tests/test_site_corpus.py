"""Three corpus papers added as a maintainer adds a paper (source as it is,
a five-line paper.yml), one per reader, built with `mkdocs build --strict`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_mkdocs_build
from tests.corpus_site import CORPUS_PAPERS, add_corpus_papers

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = add_corpus_papers(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("corpus-site")
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def page(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_each_reader_paper_builds_strictly_with_only_a_five_line_paper_yml(corpus_site: Path) -> None:
    for slug in CORPUS_PAPERS.values():
        html = page(corpus_site, slug)
        assert 'id="references"' in html and 'class="reader-citation"' in html, slug
    assert "reader-import-report" in page(corpus_site, CORPUS_PAPERS["converted"])


def test_pandoc_citations_are_shown_formatted_not_as_source_markup(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["pandoc"])
    text = re.sub(r"<[^>]+>", "", html)
    assert "[@" not in text
    assert "(R Core Team 2021)" in text


def test_a_paper_without_an_abstract_has_no_empty_abstract_heading(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["pandoc"])  # JOSS papers open with "Summary"
    assert 'id="abstract"' not in html


def test_jats_maths_reaches_the_page_as_tex_for_katex(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["jats"])
    assert html.count('class="arithmatex reader-formula"') == 14   # musmeci-2015's <disp-formula>s
    assert "katex-render.js" in html   # it fetches katex.min.js from the site on pages with maths
    assert (corpus_site / "javascripts" / "katex" / "katex.min.js").is_file()
    assert (corpus_site / "javascripts" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()


def test_converted_tables_are_tables(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["converted"])
    assert html.count('<table class="reader-table"') >= 3
    assert "&lt;mark&gt;" not in html


def test_citations_in_table_cells_link_to_their_entries(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["table-citations"])
    table = html[html.index('<table class="reader-table"'):]
    table = table[:table.index("</table>")]
    links = re.findall(r'<a class="reader-citation" href="#(ref-\d+)" data-popover="#(ref-\d+)">\[(\d+)\]</a>', table)
    assert [number for _, _, number in links] == ["27", "50", "51", "52", "32"]
    assert all(target == popover == f"ref-{number}" for target, popover, number in links)
    assert all(f'id="{target}"' in html for target, _, _ in links)


def test_converted_footnote_calls_link_to_their_notes(corpus_site: Path) -> None:
    html = page(corpus_site, CORPUS_PAPERS["footnotes"])
    calls = re.findall(r'<a[^>]*class="reader-footnote-call"[^>]*href="#([^"]+)"', html)
    notes = set(re.findall(r'<p class="reader-footnote" id="(fn[^"]+)"', html))
    assert len(calls) >= 20, calls            # 28 calls in the body; the conversion lost some
    assert set(calls) <= notes, set(calls) - notes
    notes_section = html[html.index('id="notes"'):]
    notes_section = notes_section[:notes_section.find("<h2", 10) if "<h2" in notes_section[10:] else None]
    # the converter's back links ("↩" after each note) are gone; only ours remain
    assert "↩" not in re.sub(r'<a[^>]*reader-footnote-back[^>]*>.*?</a>', "", notes_section)


def test_an_interleaved_conversion_builds_strictly_and_says_so_at_the_top_of_its_page(corpus_site: Path) -> None:
    # spagat-2017 through markitdown: the two columns of each page glued line by line.
    html = page(corpus_site, CORPUS_PAPERS["interleaved"])
    notice = html.find("reader-needs-human")
    first_section = html.find("<h2", html.find('class="reader-paper-header"'))
    assert 0 < notice < first_section
    shown = re.sub(r"<[^>]+>", "", html[notice:first_section])
    assert "Needs a human" in shown and "interleaves two columns" in shown
    # not only inside the collapsed import report
    assert html.rfind("interleaves two columns") > html.find("reader-import-report") > notice
