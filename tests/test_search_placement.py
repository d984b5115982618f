"""Material's search no longer parses paper pages (the plugin marks them
`search: exclude`, since their entries are replaced by the reader's own);
the reader's entries then go where Material's would have been, so the index
is the one it was when Material parsed the pages and its entries were
replaced in place."""

from __future__ import annotations

import pytest

from build_tools import urls
from build_tools.model import Paper
from build_tools.render.search_entries import paper_search_entries, with_site_entries

pytestmark = pytest.mark.unit


def page_entries(page: str, count: int) -> list[dict[str, object]]:
    return [{"location": page if i == 0 else f"{page}#s{i}", "title": f"{page} {i}", "text": ""}
            for i in range(count)]


def paper_page(paper: Paper) -> str:
    return urls.page_url(urls.paper_page(paper.slug))


def test_left_out_papers_get_their_entries_where_material_put_them(papers: dict[str, Paper]) -> None:
    first, second = sorted(papers.values(), key=lambda p: p.slug)
    # Pages in the order MkDocs builds them; Material indexes them so.
    order = ["", paper_page(first), paper_page(second), "concepts/", "about/"]
    build_order = {page: place for place, page in enumerate(order)}
    material = {page: page_entries(page, 3) for page in order}

    when_parsed = with_site_entries([e for page in order for e in material[page]], [first, second], [])
    left_out = [e for page in order if page not in (paper_page(first), paper_page(second)) for e in material[page]]
    assert with_site_entries(left_out, [first, second], [], build_order=build_order) == when_parsed
    ours = [e.as_json() for e in paper_search_entries(first)] + [e.as_json() for e in paper_search_entries(second)]
    assert when_parsed == material[""] + ours + material["concepts/"] + material["about/"]


def test_a_left_out_paper_built_last_ends_the_index(papers: dict[str, Paper]) -> None:
    paper = sorted(papers.values(), key=lambda p: p.slug)[0]
    order = {"": 0, "about/": 1, paper_page(paper): 2}
    entries = page_entries("", 2) + page_entries("about/", 1)
    placed = with_site_entries(entries, [paper], [], build_order=order)
    assert placed == entries + [e.as_json() for e in paper_search_entries(paper)]
    # A paper page that was not built (not in the order) has no entries.
    assert with_site_entries(entries, [paper], [], build_order={"": 0, "about/": 1}) == entries
