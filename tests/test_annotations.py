"""Annotations: front matter errors with file and line, anchoring by quoted
text, and the starter annotations against the real papers."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from build_tools.annotations import annotate
from build_tools.annotations.anchor import anchor_annotation, normalise
from build_tools.annotations.links import check_note_links
from build_tools.annotations.load import load_annotations
from build_tools.cache import BuildCache
from build_tools.concepts.glossary import load_glossary
from build_tools.model import Annotation, NoteLink, Paper, ReaderError
from build_tools.read.papers import read_papers
from build_tools.references.bibliography import build_bibliography
from build_tools.render.note_html import render_note

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
# The starter notes and their papers as frozen for these tests (conftest.FIXTURE).
FIXTURE = ROOT / "tests" / "fixtures" / "project"
ZOU = "zou-balancing-act"
ISTOMIN = "istomin-baykov-2020"


@pytest.fixture(scope="module")
def papers() -> tuple[Paper, ...]:
    return read_papers(FIXTURE / "papers")


def slugs(papers: tuple[Paper, ...]) -> list[str]:
    return [p.slug for p in papers]


def paper(papers: tuple[Paper, ...], slug: str) -> Paper:
    return next(p for p in papers if p.slug == slug)


def paragraph_text(paper: Paper, paragraph_id: str) -> str:
    return next(p.text for p in paper.paragraphs() if p.id == paragraph_id)


def write(tmp_path: Path, relative: str, text: str) -> Path:
    path = tmp_path / "annotations" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def note(front_matter: str, body: str = "A note.") -> str:
    return f"---\n{front_matter.strip()}\n---\n\n{body}\n"


GOOD_EXACT = 'exact: "institutional binding helps states overcome the relative gains problem"'
GOOD = """
exact: "institutional binding helps states overcome the relative gains problem"
author: "@Reader-Team"
created: 2024-05-01
tags: [NATO, Institutional  Binding, nato]
motivation: commenting
"""


def load_one(tmp_path: Path, papers: tuple[Paper, ...], front_matter: str, body: str = "A note.",
             name: str = f"{ZOU}/a-note.md") -> Annotation:
    write(tmp_path, name, note(front_matter, body))
    (annotation,) = load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    return annotation


# --- loading ---------------------------------------------------------------


def test_a_good_annotation_loads_with_author_tags_and_date_normalised(tmp_path, papers):
    annotation = load_one(tmp_path, papers, GOOD, "See [@ikenberry2019reflections].")
    assert annotation.id == f"{ZOU}/a-note"
    assert annotation.author == "reader-team"
    assert annotation.created == "2024-05-01"
    assert annotation.tags == ("nato", "institutional binding")
    assert annotation.location.line == 2  # the line of `exact`
    assert annotation.body_location.line == 9
    # Citations stay as text for the render stage, which formats them.
    assert render_note(annotation.body_markdown) == "<p>See [@ikenberry2019reflections].</p>"


def test_template_readme_underscore_and_dotfiles_are_not_annotations(tmp_path, papers):
    write(tmp_path, "TEMPLATE.md", "not front matter at all")
    write(tmp_path, f"{ZOU}/README.md", "notes about notes")
    write(tmp_path, f"{ZOU}/_draft.md", "---\nunfinished")
    write(tmp_path, f"{ZOU}/.gitkeep", "")
    write(tmp_path, f"{ZOU}/real.md", note(GOOD))
    annotations = load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    assert [a.id for a in annotations] == [f"{ZOU}/real"]


def test_a_quoted_date_and_at_less_handle_are_accepted(tmp_path, papers):
    annotation = load_one(tmp_path, papers, GOOD.replace("2024-05-01", "'2024-05-01'")
                          .replace('"@Reader-Team"', "octocat"))
    assert (annotation.created, annotation.author) == ("2024-05-01", "octocat")


SCHEMA_ERRORS = [
    # (case, front matter, line in the file, words in the message); the file is
    # "---", then the front matter from line 2: exact, author, created, tags, motivation.
    ("missing exact", GOOD.replace(GOOD_EXACT + "\n", ""),
     2, "missing required field 'exact'"),
    ("bad date", GOOD.replace("2024-05-01", "2024-13-01"), 4, "not a valid date"),
    ("date with a time", GOOD.replace("2024-05-01", "2024-05-01 10:00:00"), 4, "not a date"),
    ("unknown motivation", GOOD.replace("motivation: commenting", "motivation: comenting"), 6,
     "unknown motivation 'comenting'"),
    ("unknown field", GOOD + "sufix: and eschew\n", 7, "unknown field 'sufix'"),
    ("bad YAML", GOOD.replace("tags: [NATO,", "tags: [NATO: x,,"), 5, "not valid YAML"),
    ("exact is not text", GOOD.replace('exact: "institutional binding helps states overcome the relative gains '
                                       'problem"', "exact: 42"), 2, "'exact' must be text"),
    ("author placeholder", GOOD.replace('"@Reader-Team"', "your-github-handle"), 3, "not a GitHub handle"),
    ("tags not a list", GOOD.replace("tags: [NATO, Institutional  Binding, nato]", "tags: nato"), 5,
     "tags must be a list"),
]


@pytest.mark.parametrize(("case", "front_matter", "line", "message"), SCHEMA_ERRORS, ids=[c[0] for c in SCHEMA_ERRORS])
def test_front_matter_errors_name_the_file_and_line_and_give_a_hint(tmp_path, papers, case, front_matter, line,
                                                                    message):
    path = write(tmp_path, f"{ZOU}/bad.md", note(front_matter))
    with pytest.raises(ReaderError) as caught:
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    error = caught.value
    assert str(error).startswith(f"{path}:{line}: "), str(error)
    assert message in error.message
    assert error.hint


def test_a_typo_in_a_field_name_suggests_the_right_one(tmp_path, papers):
    write(tmp_path, f"{ZOU}/bad.md", note(GOOD + "sufix: x\n"))
    with pytest.raises(ReaderError, match="did you mean 'suffix'"):
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())


def test_an_unknown_paper_directory_names_the_known_slugs(tmp_path, papers):
    path = write(tmp_path, "zou-balancing/a-note.md", note(GOOD))
    with pytest.raises(ReaderError) as caught:
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    assert str(caught.value).startswith(f"{path}:1: ")
    assert ISTOMIN in caught.value.message and ZOU in caught.value.message
    assert "did you mean annotations/zou-balancing-act/" in caught.value.hint


def test_a_file_without_front_matter_is_an_error_at_line_1(tmp_path, papers):
    path = write(tmp_path, f"{ZOU}/bad.md", "exact: no fences\n")
    with pytest.raises(ReaderError) as caught:
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    assert str(caught.value).startswith(f"{path}:1: ") and caught.value.hint


def test_an_unclosed_front_matter_is_an_error(tmp_path, papers):
    write(tmp_path, f"{ZOU}/bad.md", "---\n" + GOOD)
    with pytest.raises(ReaderError, match="never closed"):
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())


def test_an_empty_note_is_an_error_at_the_note_line_unless_highlighting(tmp_path, papers):
    path = write(tmp_path, f"{ZOU}/bad.md", note(GOOD, body=""))
    with pytest.raises(ReaderError) as caught:
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    assert str(caught.value).startswith(f"{path}:8: ")
    highlight = load_one(tmp_path, papers, GOOD.replace("commenting", "highlighting"), body="", name=f"{ZOU}/bad.md")
    assert highlight.body_markdown == ""


def test_upper_case_file_names_in_a_paper_directory_are_skipped_but_other_bad_names_are_errors(tmp_path, papers):
    write(tmp_path, f"{ZOU}/my note.md", note(GOOD))
    with pytest.raises(ReaderError, match="file name must be lowercase"):
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())


def test_no_annotations_directory_means_no_annotations(tmp_path, papers):
    assert load_annotations(tmp_path / "annotations", slugs(papers), BuildCache()) == ()


# --- anchoring -------------------------------------------------------------


def anchor(tmp_path: Path, papers: tuple[Paper, ...], front_matter: str, slug: str = ZOU):
    annotation = load_one(tmp_path, papers, front_matter, name=f"{slug}/a-note.md")
    return annotation, anchor_annotation(annotation, paper(papers, slug))


def test_a_quote_anchors_to_its_paragraph_with_offsets_into_the_original_text(tmp_path, papers):
    _, found = anchor(tmp_path, papers, GOOD)
    assert found.paragraph_id == "s2-p11"
    text = paragraph_text(paper(papers, ZOU), "s2-p11")
    assert text[found.start:found.end] == "institutional binding helps states overcome the relative gains problem"


def test_a_quote_not_found_shows_the_nearest_passage_and_its_paragraph(tmp_path, papers):
    misquoted = GOOD.replace("helps states overcome", "help states to overcome")
    with pytest.raises(ReaderError) as caught:
        anchor(tmp_path, papers, misquoted)
    error = caught.value
    assert str(error).startswith(f"{tmp_path / 'annotations' / ZOU / 'a-note.md'}:2: ")
    assert error.message == f"the quote was not found in {ZOU}"
    assert "s2-p11" in error.hint and "binding helps states overcome" in error.hint


def test_a_quote_found_twice_asks_for_a_prefix_or_suffix_and_shows_both_places(tmp_path, papers):
    twice = GOOD.replace("institutional binding helps states overcome the relative gains problem", "Russia-Ukraine war")
    with pytest.raises(ReaderError) as caught:
        anchor(tmp_path, papers, twice)
    error = caught.value
    assert "found 2 times" in error.message
    assert "'prefix'" in error.hint and "'suffix'" in error.hint
    assert "backdrop of the [Russia-Ukraine war] and China" in error.hint
    assert "s1-p2: “…" in error.hint and "s4-3-p3: “…" in error.hint


def test_a_prefix_picks_one_of_two_matches(tmp_path, papers):
    front = GOOD.replace("institutional binding helps states overcome the relative gains problem",
                         "Russia-Ukraine war") + "prefix: 'conflicts like the '\n"
    _, found = anchor(tmp_path, papers, front)
    assert found.paragraph_id == "s4-3-p3"
    assert paragraph_text(paper(papers, ZOU), "s4-3-p3")[found.start:found.end] == "Russia-Ukraine war"


def test_a_suffix_picks_one_of_two_matches(tmp_path, papers):
    front = GOOD.replace("institutional binding helps states overcome the relative gains problem",
                         "Russia-Ukraine war") + "suffix: and China's rise\n"
    _, found = anchor(tmp_path, papers, front)
    assert found.paragraph_id == "s1-p2"


def test_a_prefix_that_matches_neither_place_says_so_and_shows_the_real_context(tmp_path, papers):
    front = GOOD.replace("institutional binding helps states overcome the relative gains problem",
                         "Russia-Ukraine war") + "prefix: during the\n"
    with pytest.raises(ReaderError) as caught:
        anchor(tmp_path, papers, front)
    assert "never with this prefix" in caught.value.message
    assert "backdrop of the [Russia-Ukraine war]" in caught.value.hint


def test_a_quote_broken_across_lines_in_the_annotation_file_matches(tmp_path, papers):
    folded = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                          "exact: >-\n  institutional binding helps\n  states overcome   the\n  relative gains problem")
    annotation, found = anchor(tmp_path, papers, folded)
    assert found.paragraph_id == "s2-p11"
    literal = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                           "exact: |\n  institutional binding helps\n  states overcome the relative gains problem")
    annotation, found = anchor(tmp_path, papers, literal)
    assert "\n" in annotation.selector.exact
    assert found.paragraph_id == "s2-p11"


def test_straight_quotes_match_the_papers_curly_apostrophe(tmp_path, papers):
    front = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                         "exact: \"capabilities of appliances' aggregation\"")
    _, found = anchor(tmp_path, papers, front, slug=ISTOMIN)
    text = paragraph_text(paper(papers, ISTOMIN), "abstract-p1")
    assert text[found.start:found.end] == "capabilities of appliances’ aggregation"


def test_curly_quotes_in_the_annotation_match_straight_quotes_in_the_paper(tmp_path, papers):
    # Zou writes "world's most dangerous place," with straight quotes.
    front = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                         "exact: “world’s most dangerous place,”")
    _, found = anchor(tmp_path, papers, front)
    assert paragraph_text(paper(papers, ZOU), found.paragraph_id)[found.start:found.end] == \
        '"world\'s most dangerous place,"'


def test_an_en_dash_in_the_paper_matches_a_hyphen_in_the_quote(tmp_path, papers):
    front = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                         "exact: in the period of 2006-2012")
    _, found = anchor(tmp_path, papers, front)
    assert paragraph_text(paper(papers, ZOU), "s2-p6")[found.start:found.end] == "in the period of 2006–2012"


def test_non_breaking_spaces_and_line_breaks_in_the_paper_match_plain_spaces(tmp_path, papers):
    zou = paper(papers, ZOU)
    original = paragraph_text(zou, "s2-p11")
    spaced = original.replace("institutional binding helps", "institutional\u00a0binding \n  helps")
    edited = replace_paragraph_text(zou, "s2-p11", spaced)
    annotation = load_one(tmp_path, papers, GOOD)
    found = anchor_annotation(annotation, edited)
    assert spaced[found.start:found.end] == \
        "institutional\u00a0binding \n  helps states overcome the relative gains problem"


def test_the_anchor_survives_edits_to_other_paragraphs(tmp_path, papers):
    zou = paper(papers, ZOU)
    annotation = load_one(tmp_path, papers, GOOD)
    before = anchor_annotation(annotation, zou)
    edited = zou
    for paragraph in zou.paragraphs():
        if paragraph.id != before.paragraph_id:
            edited = replace_paragraph_text(edited, paragraph.id, "Rewritten. " + paragraph.text[::-1])
    edited = dataclasses.replace(edited, abstract=())  # a whole part removed, too
    assert all(p.text.startswith("Rewritten") for p in edited.paragraphs() if p.id != before.paragraph_id)
    assert anchor_annotation(annotation, edited) == before


def test_the_anchor_follows_its_own_paragraph_when_text_before_the_quote_changes(tmp_path, papers):
    zou = paper(papers, ZOU)
    annotation = load_one(tmp_path, papers, GOOD)
    before = anchor_annotation(annotation, zou)
    text = paragraph_text(zou, "s2-p11")
    after = anchor_annotation(annotation, replace_paragraph_text(zou, "s2-p11", "New opening. " + text))
    assert (after.start, after.end) == (before.start + 13, before.end + 13)


def test_a_quote_spanning_two_paragraphs_is_reported_as_such(tmp_path, papers):
    front = GOOD.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                         "exact: their impact on regional dynamics. This introduction aims to set")
    with pytest.raises(ReaderError) as caught:
        anchor(tmp_path, papers, front)
    error = caught.value
    assert "runs across two paragraphs of zou-balancing-act (s1-p3 and s1-p4)" in error.message
    assert "within one paragraph" in error.message
    assert "“their impact on regional dynamics.”" in error.hint


def test_normalised_offsets_map_back_through_composed_characters():
    text = "Cafe\u0301  “x”\u00a0— y…"
    normalised = normalise(text)
    assert normalised.text == 'Café "x" - y...'
    start = normalised.text.index('"x"')
    assert text[slice(*normalised.original_span(start, start + 3))] == "“x”"
    start = normalised.text.index("Café")
    assert text[slice(*normalised.original_span(start, start + 4))] == "Cafe\u0301"


def replace_paragraph_text(paper: Paper, paragraph_id: str, text: str) -> Paper:
    def fix(paragraphs):
        return tuple(dataclasses.replace(p, text=text) if p.id == paragraph_id else p for p in paragraphs)

    return dataclasses.replace(
        paper,
        abstract=fix(paper.abstract),
        sections=tuple(dataclasses.replace(s, paragraphs=fix(s.paragraphs)) for s in paper.sections),
    )


# --- the starter annotations ---------------------------------------------

STARTERS = load_annotations(FIXTURE / "annotations", slugs(read_papers(FIXTURE / "papers")), BuildCache())
CITATION = re.compile(r"\[@([^\]]+)\]")


def test_there_are_enough_starter_annotations_on_both_papers():
    by_paper = [a.paper_slug for a in STARTERS]
    assert by_paper.count(ZOU) >= 7
    assert by_paper.count(ISTOMIN) >= 3


@pytest.mark.parametrize("annotation", STARTERS, ids=[a.id for a in STARTERS])
def test_every_starter_annotation_anchors_in_the_real_paper(annotation, papers):
    found = anchor_annotation(annotation, paper(papers, annotation.paper_slug))
    text = paragraph_text(paper(papers, annotation.paper_slug), found.paragraph_id)
    assert normalise(text[found.start:found.end]).text == normalise(annotation.selector.exact).text.strip()


@pytest.mark.parametrize("annotation", STARTERS, ids=[a.id for a in STARTERS])
def test_every_starter_note_is_60_to_200_words_with_cited_keys_in_the_agreed_form(annotation):
    words = len(annotation.body_markdown.split())
    assert 60 <= words <= 200, words
    for citation in CITATION.findall(annotation.body_markdown):
        for key in re.findall(r"@([^\s;,\]]+)", citation):
            assert re.fullmatch(r"[a-z][a-z0-9]*\d{4}[a-z0-9]+", key), key


def test_starter_citation_keys_exist_in_the_bibliography():
    bibliography = FIXTURE / "bibliography.bib"
    if not bibliography.exists():
        pytest.skip("bibliography.bib is written by the references stage")
    known = set(re.findall(r"^@\w+\{([^,]+),", bibliography.read_text(encoding="utf-8"), re.MULTILINE))
    # CITATION's group starts after the first "@": put it back before collecting keys.
    cited = {key for a in STARTERS for inner in CITATION.findall(a.body_markdown)
             for key in re.findall(r"@([a-z0-9]+)", "@" + inner)}
    assert cited and cited <= known, sorted(cited - known)


def test_every_starter_note_is_anchored_in_its_own_paper(papers):
    notes = annotate(FIXTURE / "annotations", papers, load_glossary(FIXTURE / "docs" / "concepts"),
                     {w.key for w in build_bibliography(papers)}, BuildCache())
    assert [n.annotation.id for n in notes] == [a.id for a in STARTERS]
    for note in notes:
        assert note.anchor.paragraph_id in {p.id for p in paper(papers, note.annotation.paper_slug).paragraphs()}


def test_check_command_counts_the_annotations(capsys, tmp_path):
    from build_tools.cli import main
    from tests.conftest import copy_project

    assert main(["check", "--root", str(copy_project(tmp_path / "project"))]) == 0
    assert f"{len(STARTERS)} annotations" in capsys.readouterr().out


def test_check_command_prints_an_annotation_error_with_file_and_line(tmp_path, capsys):
    from build_tools.cli import main

    # A copy, not a symlink: symlinks that leave the project are refused.
    shutil.copytree(FIXTURE / "papers", tmp_path / "papers")
    write(tmp_path, f"{ZOU}/bad.md", note(GOOD.replace("motivation: commenting", "motivation: praising")))
    assert main(["check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"annotations/{ZOU}/bad.md:6: unknown motivation 'praising'" in err and "hint:" in err


def test_check_reports_every_broken_note_in_one_run_and_exits_1(tmp_path, capsys, monkeypatch):
    from build_tools.cli import main

    shutil.copytree(FIXTURE / "papers", tmp_path / "papers")
    shutil.copytree(FIXTURE / "docs", tmp_path / "docs")
    first = write(tmp_path, f"{ZOU}/bad-motivation.md", note(GOOD.replace("motivation: commenting",
                                                                           "motivation: praising")))
    second = write(tmp_path, f"{ZOU}/bad-quote.md", note(GOOD.replace("institutional binding", "no such words")))
    third = write(tmp_path, f"{ZOU}/bad-link.md", note(GOOD, "See [this](concept:no-such-concept)."))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--root", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{first}:6: unknown motivation 'praising'" in captured.err
    assert f"{second}:2: the quote was not found" in captured.err
    assert f"{third}:9: unknown concept 'no-such-concept'" in captured.err
    assert "3 errors found" in captured.err
    # Workflow annotations put each error on its line of the pull request's diff.
    assert f"::error file=annotations/{ZOU}/bad-motivation.md,line=6::unknown motivation 'praising'" in captured.out
    assert f"::error file=annotations/{ZOU}/bad-link.md,line=9::" in captured.out


def test_the_template_is_skipped_but_works_once_copied_and_filled_in(tmp_path, papers):
    template = (ROOT / "annotations" / "TEMPLATE.md").read_text(encoding="utf-8")
    assert all(a.path.name != "TEMPLATE.md" for a in STARTERS)
    write(tmp_path, f"{ZOU}/from-template.md", template.replace('"@your-handle"', "octocat"))
    (annotation,) = load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
    assert anchor_annotation(annotation, paper(papers, ZOU)).paragraph_id == "s2-p4"
    glossary = load_glossary(FIXTURE / "docs" / "concepts")
    links = check_note_links(annotation, glossary, {p.slug: {q.id for q in p.paragraphs()} for p in papers})
    assert NoteLink("concept:entrapment", "concepts/entrapment.md") in links


def normalise_one_character_at_a_time(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The matching rules applied cluster by cluster with no shortcuts: the
    oracle for `normalise`, whose ASCII fast path must give the same text and
    the same offset map."""
    import unicodedata

    from build_tools.annotations.anchor import IGNORED, SAME_AS
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    while index < len(text):
        end = index + 1
        if text[index].isspace():
            while end < len(text) and text[end].isspace():
                end += 1
        else:
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
        cluster = text[index:end]
        if cluster.isspace() and out and out[-1] == " ":
            ends[-1] = end
        elif cluster.isspace():
            out.append(" "), starts.append(index), ends.append(end)
        elif cluster not in IGNORED:
            for char in "".join(SAME_AS.get(c, c) for c in unicodedata.normalize("NFC", cluster)):
                out.append(char), starts.append(index), ends.append(end)
        index = end
    return "".join(out), tuple(starts), tuple(ends)


def test_normalise_agrees_with_the_plain_rules_on_mixed_text(papers: tuple[Paper, ...]) -> None:
    import random
    pieces = [*"ab cZ.,~\t\n", "  ", "e\u0301", "\u0308", "\u00a0", "\u2009", "\u00ad", "\u200b", "’", "“", "—",
              "…", "é", "ﬁ", "\u1100\u1161"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(20_000)]
    texts += [p.text for paper_ in papers for p in paper_.paragraphs()]
    for text in texts:
        found = normalise(text)
        assert (found.text, found.starts, found.ends) == normalise_one_character_at_a_time(text), repr(text)


def test_the_template_copied_unchanged_is_refused_for_its_placeholder_author(tmp_path, papers):
    template = (ROOT / "annotations" / "TEMPLATE.md").read_text(encoding="utf-8")
    write(tmp_path, f"{ZOU}/as-is.md", template)
    with pytest.raises(ReaderError, match="template's placeholder"):
        load_annotations(tmp_path / "annotations", slugs(papers), BuildCache())
