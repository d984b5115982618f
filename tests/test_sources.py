"""Raw sources are never changed, and bad paper directories give one clear
error naming file and line."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from build_tools.model import ReaderError
from build_tools.read.papers import read_paper
from tests.conftest import ROOT

pytestmark = pytest.mark.unit

SHARED_PAPERS = ROOT.parent / "shared" / "papers"


def recorded_checksums() -> dict[str, str]:
    lines = (ROOT / "papers" / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_raw_sources_match_their_recorded_checksums() -> None:
    recorded = recorded_checksums()
    on_disk = sorted(p.relative_to(ROOT / "papers").as_posix()
                     for p in (ROOT / "papers").glob("*/source.*"))
    assert sorted(recorded) == on_disk
    for name, digest in recorded.items():
        assert hashlib.sha256((ROOT / "papers" / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(not SHARED_PAPERS.is_dir(), reason="the received originals are not beside this clone")
def test_raw_sources_are_byte_identical_to_what_was_received() -> None:
    received = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SHARED_PAPERS.iterdir()}
    assert set(recorded_checksums().values()) == received


def make_paper_dir(tmp_path: Path, source: str, yml: str, name: str = "source.md") -> Path:
    paper = tmp_path / "demo"
    paper.mkdir()
    (paper / name).write_text(source, encoding="utf-8")
    (paper / "paper.yml").write_text(yml, encoding="utf-8")
    return paper


GOOD_YML = """slug: demo
source: source.md
short_title: Demo
provenance: written for a test
licence: none
"""

FIXTURE_PAPERS = ROOT / "tests" / "fixtures" / "project" / "papers"
ZOU_SOURCE = (FIXTURE_PAPERS / "zou-balancing-act" / "source.md").read_text(encoding="utf-8")


def read_error(paper_dir: Path) -> str:
    with pytest.raises(ReaderError) as caught:
        read_paper(paper_dir)
    return str(caught.value)


def test_a_source_in_no_text_format_is_rejected_with_a_hint(tmp_path: Path) -> None:
    paper = make_paper_dir(tmp_path, "<html><body><p>A saved web page, not a paper's text.</p></body></html>\n",
                           GOOD_YML)
    message = read_error(paper)
    assert f"{paper / 'source.md'}:1: the source matches no known format" in message
    assert "hint: expected JATS XML" in message


def test_a_correction_that_no_longer_matches_names_file_line_and_count(tmp_path: Path) -> None:
    yml = GOOD_YML + "corrections:\n  - find: 'text that is not there'\n    replace: x\n    reason: test\n"
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, yml)
    message = read_error(paper)
    assert f"{paper / 'paper.yml'}:7: correction 1 matched 0 times in source.md; expected exactly 1" in message
    assert "hint: the source no longer contains this text" in message


def test_a_correction_that_matches_twice_asks_for_more_context(tmp_path: Path) -> None:
    yml = (GOOD_YML + "corrections:\n  - find: 'This discussion'\n    replace: 'This discussion'\n"
           "    reason: fine\n  - find: 'NATO'\n    replace: NATO\n    reason: ambiguous\n")
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, yml)
    message = read_error(paper)
    assert f"{paper / 'paper.yml'}:10: correction 2 matched" in message
    assert "expected exactly 1" in message and "lengthen 'find'" in message


def test_a_recorded_correction_changes_the_text_but_not_the_file(tmp_path: Path) -> None:
    yml = GOOD_YML + ("corrections:\n  - find: 'balance of power..'\n    replace: 'balance of power.'\n"
                      "    reason: doubled full stop\n")
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, yml)
    parsed = read_paper(paper)
    assert parsed.sections[0].paragraphs[3].text.endswith("balance of power.")
    assert (paper / "source.md").read_text(encoding="utf-8") == ZOU_SOURCE


@pytest.mark.parametrize("field", ["slug", "source", "short_title", "provenance", "licence"])
def test_a_missing_required_field_is_named(tmp_path: Path, field: str) -> None:
    yml = "".join(line + "\n" for line in GOOD_YML.splitlines() if not line.startswith(field + ":"))
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, yml)
    message = read_error(paper)
    assert f"{paper / 'paper.yml'}:1: missing or empty required field {field!r}" in message
    assert "hint: every paper.yml needs" in message


def test_an_unknown_field_in_paper_yml_is_a_typo_error(tmp_path: Path) -> None:
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, GOOD_YML + "licnse: CC-BY\n")
    message = read_error(paper)
    assert f"{paper / 'paper.yml'}:6: unknown field 'licnse'" in message
    assert "did you mean 'licence'?" in message


def test_broken_yaml_points_at_its_line(tmp_path: Path) -> None:
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, GOOD_YML + "venue: [unclosed\n")
    assert f"{paper / 'paper.yml'}:7: this is not valid YAML" in read_error(paper)


def test_a_missing_paper_yml_is_reported_for_the_directory(tmp_path: Path) -> None:
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, GOOD_YML)
    (paper / "paper.yml").unlink()
    assert "no paper.yml in this paper directory" in read_error(paper)


def test_a_declared_format_that_disagrees_with_the_content_is_an_error(tmp_path: Path) -> None:
    paper = make_paper_dir(tmp_path, ZOU_SOURCE, GOOD_YML + "format: polis-landing-page\n")
    assert "paper.yml says format 'polis-landing-page' but the source looks like 'converted-markdown'" \
        in read_error(paper)


def report_lines(paper_dir: Path, action: str) -> list[str]:
    return [f"{r.location}: {r.message}" for r in read_paper(paper_dir).import_report if r.action.value == action]


def test_an_unnumbered_heading_in_the_body_becomes_an_unnumbered_section(tmp_path: Path) -> None:
    source = ZOU_SOURCE.replace("### 3. Contemporary Challenges", "### Contemporary Challenges")
    paper = make_paper_dir(tmp_path, source, GOOD_YML)
    assert ("", "Contemporary Challenges") in [(s.number, s.title) for s in read_paper(paper).sections]


def test_a_section_number_out_of_order_is_reported_at_its_raw_line(tmp_path: Path) -> None:
    source = ZOU_SOURCE.replace("### **4.2. The Distinct", "### **4.4. The Distinct")
    paper = make_paper_dir(tmp_path, source, GOOD_YML)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "4.4. The Distinct" in text)
    assert f"{paper / 'source.md'}:{line}: section 4.4 is out of order; expected 4.1.1 or 4.2 or 5" \
        in report_lines(paper, "needs-human")


def test_a_citation_to_a_missing_reference_is_reported_and_left_as_text(tmp_path: Path) -> None:
    source = ZOU_SOURCE.replace("historically [17].", "historically [31].")
    paper = make_paper_dir(tmp_path, source, GOOD_YML)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "historically [31]" in text)
    assert any(m.startswith(f"{paper / 'source.md'}:{line}: citation '[31]' points at reference 31")
               for m in report_lines(paper, "needs-human"))


def test_a_landing_page_reports_raw_source_lines_after_a_correction_joins_lines(tmp_path: Path) -> None:
    """A correction that joins two lines must not shift where later parts of
    the landing page are reported: locations are lines of source.txt."""
    from build_tools.read.papers import read_paper

    original = FIXTURE_PAPERS / "istomin-baykov-2020"
    before = read_paper(original)
    paper = tmp_path / "istomin-baykov-2020"
    shutil.copytree(original, paper)
    (paper / "paper.yml").write_text(
        (original / "paper.yml").read_text(encoding="utf-8")
        + "\ncorrections:\n  - find: \"Hegemony:\\nDeconstruction\"\n    replace: \"Hegemony: Deconstruction\"\n"
          "    reason: a test of one title split over two lines\n", encoding="utf-8")
    after = read_paper(paper)
    assert after.abstract[0].location.line == before.abstract[0].location.line
    assert [r.location.line for r in after.references] == [r.location.line for r in before.references]
