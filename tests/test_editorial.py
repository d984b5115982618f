"""Editorial corrections (papers/<slug>/editorial.yml): the authors' slips
are located once in the parsed text, never edit it, and bad entries stop
the build with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.editorial import load_editorial_corrections
from build_tools.model import Paper, ReaderError
from tests.conftest import FIXTURE

pytestmark = pytest.mark.unit


def test_the_known_slips_are_found_where_the_papers_print_them(papers: dict[str, Paper]) -> None:
    found = load_editorial_corrections(FIXTURE / "papers", papers.values())
    texts = {(c.paper_slug, c.replacement): papers[c.paper_slug] for c in found}
    assert set(texts) == {("istomin-baykov-2020", ","), ("istomin-baykov-2020", "in need"),
                          ("zou-balancing-act", ".")}
    for correction in found:
        paragraph = next(p for p in papers[correction.paper_slug].paragraphs() if p.id == correction.paragraph_id)
        printed = paragraph.text[correction.start:correction.end]
        assert printed in (",,", "inneed", "..")
    # The paper's text stays as printed: the fix is only drawn on the page.
    assert "balance,," in papers["istomin-baykov-2020"].abstract[0].text


def write(tmp_path: Path, slug: str, body: str) -> Path:
    (tmp_path / slug).mkdir()
    (tmp_path / slug / "editorial.yml").write_text(body, encoding="utf-8")
    return tmp_path


def test_a_find_that_occurs_twice_names_the_file_and_line(tmp_path: Path, papers: dict[str, Paper]) -> None:
    root = write(tmp_path, "zou-balancing-act",
                 "editorial:\n  - find: alliances\n    replace: Alliances\n    reason: test\n")
    with pytest.raises(ReaderError) as error:
        load_editorial_corrections(root, [papers["zou-balancing-act"]])
    assert "zou-balancing-act/editorial.yml:2:" in str(error.value)
    assert "expected exactly 1" in str(error.value) and "before" in str(error.value)


@pytest.mark.parametrize("item", ["find: x\n    reason: no replace", "find: inneed\n    replace: in need",
                                  "find: inneed\n    replace: in need\n    reason: r\n    colour: red"])
def test_an_incomplete_entry_is_refused(tmp_path: Path, papers: dict[str, Paper], item: str) -> None:
    root = write(tmp_path, "istomin-baykov-2020", f"editorial:\n  - {item}\n")
    with pytest.raises(ReaderError) as error:
        load_editorial_corrections(root, [papers["istomin-baykov-2020"]])
    assert "editorial.yml:2:" in str(error.value)
