"""`python -m build_tools check` reports every problem of every file in one
run: several per note, per concept page and per paper.yml, and the
problems of several files together (issue 18, item 5). A contributor with
three mistakes fixes them after one run, not three."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.cli import main
from tests.small_project import CONCEPT, SLUG, a_quote, project_paper, small_project, write_note

pytestmark = pytest.mark.unit


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--root", str(project)])
    return code, capsys.readouterr().err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path)


def test_the_small_project_passes_the_check(project, capsys):
    quote, _ = a_quote(project_paper(project))
    write_note(project, "good", quote, f"A good note on [the idea](concept:{CONCEPT}).")
    code, err = check(project, capsys)
    assert code == 0, err


def test_a_note_with_three_mistakes_shows_all_three_in_one_run(project, capsys):
    # Body starts on line 8: five front matter lines between the two '---', then a blank line.
    note = write_note(project, "three-mistakes", "words that appear nowhere in this paper at all",
                      "See [the idea](concept:no-such-concept).\n\nAs argued in [@nosuchkey2020].")
    code, err = check(project, capsys)
    assert code == 1
    assert f"error: {note}:2: the quote was not found in {SLUG}" in err
    assert f"error: {note}:8: unknown concept 'no-such-concept'" in err
    assert f"error: {note}:10: unknown citation key @nosuchkey2020" in err
    assert "3 errors found" in err
    # In line order, so the contributor can work down the file.
    lines = [int(m.group(1)) for m in re.finditer(rf"{re.escape(str(note))}:(\d+):", err)]
    assert lines == sorted(lines)


def test_front_matter_mistakes_and_body_mistakes_of_one_note_are_reported_together(project, capsys):
    quote, _ = a_quote(project_paper(project))
    note = write_note(project, "many-mistakes", quote,
                      "See [one](concept:no-such-concept), [two](concept:nor-this-one) and [@nosuchkey2020].",
                      motivation="praising", created="31 January 2026", extra="sufix: \"typo\"\n")
    code, err = check(project, capsys)
    assert code == 1
    found = error_lines(err)
    assert f"error: {note}:4: created 31 January 2026 is not a date written YYYY-MM-DD" in found
    assert f"error: {note}:5: unknown motivation 'praising'" in found
    assert f"error: {note}:6: unknown field 'sufix'" in found
    assert any(line.startswith(f"error: {note}:9: unknown concept 'no-such-concept'") for line in found)
    assert any(line.startswith(f"error: {note}:9: unknown concept 'nor-this-one'") for line in found)
    assert any(line.startswith(f"error: {note}:9: unknown citation key @nosuchkey2020") for line in found)
    assert "6 errors found" in err, err  # the quote is good, so nothing about it


def test_a_missing_field_is_reported_once_not_again_by_the_reader_of_its_value(project, capsys):
    quote, _ = a_quote(project_paper(project))
    note = write_note(project, "no-author", quote, "A note.")
    note.write_text(note.read_text(encoding="utf-8").replace('author: "@new-contributor"\n', ""), encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    assert error_lines(err) == [f"error: {note}:2: missing required field 'author'"]


def test_every_broken_note_of_a_paper_is_reported(project, capsys):
    quote, _ = a_quote(project_paper(project))
    first = write_note(project, "first", quote, "See [@nosuchkey2020].")
    second = write_note(project, "second", "not in the paper, not anywhere", "A note.")
    code, err = check(project, capsys)
    assert code == 1
    assert f"{first}:8: unknown citation key" in err and f"{second}:2: the quote was not found" in err
    assert "2 errors found" in err


def test_a_concept_page_with_several_problems_shows_them_all(project, capsys):
    page = project / "docs" / "concepts" / "broken.md"
    page.write_text("---\ntitle: Broken\nsummery: typo\nsummary: One sentence. And another.\n"
                    "related: [no-such-page]\naliases: [3]\n---\n\nSee [@nosuchkey2020].\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    found = error_lines(err)
    assert f"error: {page}:3: unknown front matter field 'summery'" in found
    assert f"error: {page}:4: 'summary' must be one sentence; this reads as 2 sentences" in found
    assert f"error: {page}:6: item 1 of 'aliases' must be non-empty text, not a number" in found
    # The body's citations are checked too, in the same run.
    assert any(line.startswith(f"error: {page}:9: unknown citation key @nosuchkey2020") for line in found)


def test_related_pages_and_claimed_wordings_are_all_reported(project, capsys):
    concepts = project / "docs" / "concepts"
    (concepts / "other.md").write_text(
        "---\ntitle: Other\naliases: [convenience samples, other, Other]\nsummary: Another concept.\n"
        "related: [missing-one, other, missing-two]\n---\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    other = concepts / "other.md"
    found = error_lines(err)
    # The page read first keeps the wording; the error is at the other one.
    assert any(line.startswith(f"error: {other}:3: 'convenience samples' is claimed by two concepts")
               for line in found)
    assert f"error: {other}:3: 'other' is listed twice in this page's title and aliases" in found
    assert any("related concept 'missing-one' does not exist" in line for line in found)
    assert any("'other' lists itself as related" in line for line in found)
    assert any("related concept 'missing-two' does not exist" in line for line in found)


def test_a_paper_yml_with_several_problems_shows_them_all(project, capsys):
    yml = project / "papers" / SLUG / "paper.yml"
    yml.write_text(yml.read_text(encoding="utf-8")
                   + "doi: https://doi.org/10.21105/joss.01285\nformat: pdf\nlanguge: en\nurl: ftp://example.org\n"
                   + "venue: {journal: JOSS, colour: red}\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    found = error_lines(err)
    assert any(line.startswith(f"error: {yml}:6: doi 'https://doi.org/10.21105/joss.01285' is not a DOI")
               for line in found)
    assert f"error: {yml}:7: unknown format 'pdf'" in found
    assert f"error: {yml}:8: unknown field 'languge'" in found
    assert any(line.startswith(f"error: {yml}:9: url 'ftp://example.org' is not a web address") for line in found)
    assert any(line.startswith(f"error: {yml}:10: venue must be a mapping with only these fields") for line in found)
    assert "5 errors found" in err


def test_missing_fields_of_a_paper_yml_are_all_named(project, capsys):
    yml = project / "papers" / SLUG / "paper.yml"
    yml.write_text(f"slug: {SLUG}\nsource: source.md\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    for field in ("short_title", "provenance", "licence"):
        assert f"missing or empty required field '{field}'" in err
    assert "3 errors found" in err


def test_every_correction_that_no_longer_matches_is_reported(project, capsys):
    yml = project / "papers" / SLUG / "paper.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "corrections:\n"
                   "  - {find: 'no such text one', replace: x, reason: test}\n"
                   "  - {find: 'no such text two', replace: x, reason: test}\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    assert f"{yml}:7: correction 1 matched 0 times" in err and f"{yml}:8: correction 2 matched 0 times" in err


def test_problems_of_a_paper_a_concept_page_and_a_note_are_reported_in_one_run(project, capsys):
    from tests.small_project import add_paper

    broken_paper = add_paper(project, "second-paper")
    (broken_paper / "paper.yml").write_text(
        (broken_paper / "paper.yml").read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    concept = project / "docs" / "concepts" / "broken.md"
    concept.write_text("---\ntitle: Broken\nsummary: no full stop\n---\n", encoding="utf-8")
    (concept.parent / "neighbour.md").write_text(
        "---\ntitle: Neighbour\nsummary: A page related to the broken one.\nrelated: [broken]\n---\n", encoding="utf-8")
    quote, _ = a_quote(project_paper(project))
    note = write_note(project, "bad-motivation", quote, "A note.", motivation="praising")
    # Notes on the paper that cannot be read, and links to the concept page
    # that cannot be read, are not blamed for it.
    on_broken = write_note(project, "on-broken-paper", quote, "A note on [it](concept:broken).",
                           slug="second-paper")
    code, err = check(project, capsys)
    assert code == 1
    found = error_lines(err)
    assert f"error: {broken_paper / 'paper.yml'}:6: unknown field 'colour'" in found
    assert any(line.startswith(f"error: {concept}:3: 'summary' must be one sentence") for line in found)
    assert f"error: {note}:5: unknown motivation 'praising'" in found
    assert not any(str(on_broken) in line for line in found), err
    assert "3 errors found" in err
