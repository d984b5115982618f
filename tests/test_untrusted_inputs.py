"""Every input is untrusted: a single bad file gives one `ReaderError` with
its file, line and a hint, never a traceback, a hang or a huge page. Each
test is a reproduction from the issue "Every input is untrusted"."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_tools.annotations import annotate
from build_tools.annotations.load import load_annotations
from build_tools.cache import BuildCache
from build_tools.cli import main
from build_tools.concepts.glossary import load_glossary
from build_tools.front_matter import load_located_mapping
from build_tools.inputs import NOTE_LIMIT, SOURCE_LIMIT
from build_tools.model import Glossary, Paper, ReaderError, ReaderErrors
from build_tools.read.papers import read_paper, read_papers
from tests.conftest import FIXTURE, copy_project

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
ZOU = "zou-balancing-act"
GOOD_NOTE = """---
exact: "institutional binding helps states overcome the relative gains problem"
author: "@reader-team"
created: 2024-05-01
motivation: commenting
---

A note.
"""


@pytest.fixture(scope="module")
def papers() -> tuple[Paper, ...]:
    return read_papers(FIXTURE / "papers")


def note_error(tmp_path: Path, papers: tuple[Paper, ...], text: str | bytes, name: str = "a-note.md") -> ReaderError:
    path = tmp_path / "annotations" / ZOU / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        annotate(tmp_path / "annotations", papers, Glossary({}, {}), set(), BuildCache())
    return caught.value


def one(error: ReaderError) -> ReaderError:
    errors = error.errors if isinstance(error, ReaderErrors) else (error,)
    assert len(errors) == 1, str(error)
    return errors[0]


# --- YAML ------------------------------------------------------------------


def test_an_alias_bomb_in_a_note_is_refused_at_once_at_its_line(tmp_path, papers):
    bomb = "".join(f'  - &{chr(97 + i)} [{", ".join(["*" + chr(96 + i)] * 9) if i else "lol"}]\n' for i in range(9))
    text = GOOD_NOTE.replace('author: "@reader-team"\n', "author:\n" + bomb)
    # Refused before a value is built: expanding it would take minutes and gigabytes.
    error = one(note_error(tmp_path, papers, text))
    assert error.where.line == 4 and "anchors and aliases" in error.message  # type: ignore[union-attr]


def test_a_list_nested_300_deep_is_an_error_naming_the_file(tmp_path, papers):
    text = GOOD_NOTE.replace("motivation: commenting", "motivation: commenting\ntags: " + "[" * 300 + "]" * 300)
    error = one(note_error(tmp_path, papers, text))
    assert error.where.path.name == "a-note.md" and error.where.line == 6  # type: ignore[union-attr]
    assert "nested more than" in error.message


@pytest.mark.parametrize(("front_matter", "line", "expected"), [
    ("author: yes", 3, "YAML turns an unquoted yes, no, on, off or number into that"),
    ("tags: [yes, on]", 6, "YAML reads yes, no, on and off"),
    ('author: "@reader-team"\nauthor: "@someone-else"', 4, "given twice; first at line 3"),
])
def test_yaml_booleans_are_refused_and_a_duplicated_key_is_an_error_at_the_second(
        tmp_path, papers, front_matter, line, expected):
    text = GOOD_NOTE.replace('author: "@reader-team"', front_matter) if front_matter.startswith("author") \
        else GOOD_NOTE.replace("motivation: commenting", "motivation: commenting\n" + front_matter)
    error = one(note_error(tmp_path, papers, text))
    assert error.where.line == line and expected in error.message, str(error)  # type: ignore[union-attr]


def test_a_byte_order_mark_is_dropped_not_blamed_on_the_front_matter(tmp_path, papers):
    path = tmp_path / "annotations" / ZOU / "with-bom.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_NOTE.encode())
    (annotation,) = load_annotations(tmp_path / "annotations", [p.slug for p in papers], BuildCache())
    assert annotation.author == "reader-team"
    assert load_located_mapping("\ufeffa: 1", Path("x.yml")).values == {"a": 1}


# --- bytes, size and characters ----------------------------------------------


def test_a_note_that_is_not_utf8_is_an_error_with_its_line_and_byte(tmp_path, papers):
    error = one(note_error(tmp_path, papers, GOOD_NOTE.replace("A note.", "Caf\u00e9").encode("latin-1")))
    assert error.where.line == 8 and "not UTF-8" in error.message and "byte" in error.message  # type: ignore
    assert "UTF-8" in error.hint


def test_a_binary_source_is_an_error_naming_the_source(tmp_path):
    paper = tmp_path / "papers" / "demo"
    paper.mkdir(parents=True)
    (paper / "paper.yml").write_text("slug: demo\nsource: source.md\nshort_title: Demo\nprovenance: a test\n"
                                     "licence: none\n", encoding="utf-8")
    (paper / "source.md").write_bytes(b"%PDF-1.7\n\x00\xff\xfe binary")
    with pytest.raises(ReaderError) as caught:
        read_paper(paper)
    assert caught.value.where.path.name == "source.md"  # type: ignore[union-attr]
    assert "not UTF-8" in caught.value.message


def test_a_source_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    paper = tmp_path / "papers" / "demo"
    paper.mkdir(parents=True)
    (paper / "paper.yml").write_text("slug: demo\nsource: source.md\nshort_title: Demo\nprovenance: a test\n"
                                     "licence: none\n", encoding="utf-8")
    (paper / "source.md").write_text("# T\n\n**Abstract:** x\n\n" + "word " * (SOURCE_LIMIT // 5 + 10))
    with pytest.raises(ReaderError) as caught:
        read_paper(paper)
    assert f"{SOURCE_LIMIT // 1024:,} KB" in caught.value.message and "CONTRIBUTING" in caught.value.hint


def test_a_note_over_the_size_limit_is_refused(tmp_path, papers):
    error = one(note_error(tmp_path, papers, GOOD_NOTE + "words " * NOTE_LIMIT))
    assert "a note may be at most" in error.message


@pytest.mark.parametrize(("character", "name"), [("\u202e", "U+202E"), ("\x1b", "U+001B"), ("\x07", "U+0007")])
def test_right_to_left_overrides_and_control_characters_are_refused_with_line_and_column(
        tmp_path, papers, character, name):
    error = one(note_error(tmp_path, papers, GOOD_NOTE.replace("A note.", f"A {character}note.")))
    assert error.where.line == 8 and f"{name} at line 8, column 3" in error.message  # type: ignore[union-attr]


def test_a_concept_page_with_a_control_character_is_refused(tmp_path):
    concepts = tmp_path / "docs" / "concepts"
    concepts.mkdir(parents=True)
    (concepts / "demo.md").write_text("---\ntitle: Demo\nsummary: A demo\u202e.\n---\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        load_glossary(concepts)
    assert "U+202E at line 3" in str(caught.value)


# --- symlinks ----------------------------------------------------------------


def test_a_note_symlinked_outside_the_repository_is_refused(tmp_path, papers):
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD_NOTE, encoding="utf-8")
    project = tmp_path / "project"
    (project / "annotations" / ZOU).mkdir(parents=True)
    (project / "annotations" / ZOU / "leak.md").symlink_to(outside)
    with pytest.raises(ReaderError) as caught:
        annotate(project / "annotations", papers, Glossary({}, {}), set(), BuildCache())
    assert "outside the repository" in one(caught.value).message


def test_a_symlinked_folder_of_notes_is_an_error_not_silently_skipped(tmp_path, papers):
    elsewhere = tmp_path / "project" / "drafts"
    elsewhere.mkdir(parents=True)
    (tmp_path / "project" / "annotations").mkdir()
    (tmp_path / "project" / "annotations" / ZOU).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ReaderError) as caught:
        annotate(tmp_path / "project" / "annotations", papers, Glossary({}, {}), set(), BuildCache())
    assert "symbolic link to a folder" in one(caught.value).message


def test_a_source_symlinked_outside_the_paper_directory_is_refused(tmp_path):
    paper = tmp_path / "papers" / "demo"
    paper.mkdir(parents=True)
    (tmp_path / "elsewhere.md").write_text("# T\n\n**Abstract:** x\n", encoding="utf-8")
    (paper / "source.md").symlink_to(tmp_path / "elsewhere.md")
    (paper / "paper.yml").write_text("slug: demo\nsource: source.md\nshort_title: Demo\nprovenance: a test\n"
                                     "licence: none\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        read_paper(paper)
    assert caught.value.where.line == 2 and "not a file in this paper's directory" in caught.value.message  # type: ignore


# --- paper.yml -----------------------------------------------------------------


def paper_error(tmp_path: Path, yml: str) -> ReaderError:
    paper = tmp_path / "papers" / "demo"
    paper.mkdir(parents=True, exist_ok=True)
    (paper / "paper.yml").write_text(yml, encoding="utf-8")
    if "missing" not in yml:
        (paper / "source.md").write_text("# T\n\n**Abstract:** x\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        read_paper(paper)
    return caught.value


GOOD_YML = "slug: demo\nsource: source.md\nshort_title: Demo\nprovenance: a test\nlicence: none\n"


def test_a_missing_source_is_reported_at_the_source_line(tmp_path):
    error = paper_error(tmp_path, GOOD_YML.replace("source.md", "missing.md"))
    assert error.where.line == 2 and "does not exist" in error.message  # type: ignore[union-attr]


@pytest.mark.parametrize("field", ["doi", "url"])
def test_a_doi_or_url_that_could_break_out_of_a_bibtex_field_is_refused(tmp_path, field):
    value = "10.1234/x}, note = {INJECTED" if field == "doi" else "https://x.org/}, note = {INJECTED"
    error = paper_error(tmp_path, GOOD_YML + f'{field}: "{value}"\n')
    assert error.where.line == 6 and f"{field} {value!r} is not" in error.message  # type: ignore[union-attr]


def test_an_alias_in_paper_yml_is_refused(tmp_path):
    error = paper_error(tmp_path, GOOD_YML.replace("licence: none", "licence: &l none\nlanguage: *l"))
    assert "anchors and aliases" in error.message


# --- recorded checksums ---------------------------------------------------------


def test_check_refuses_an_edited_source_naming_the_checksum_line_and_the_command(tmp_path, capsys):
    project = tmp_path / "project"
    copy_project(project)
    source = project / "papers" / ZOU / "source.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Balancing", "Balancing!", 1), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    sums = (project / "papers" / "SHA256SUMS").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(sums, start=1) if text.endswith(f"{ZOU}/source.md"))
    assert f"SHA256SUMS:{line}: {ZOU}/source.md has changed since its checksum was recorded" in err
    assert "python -m build_tools checksums" in err
    assert main(["checksums", "--root", str(project)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(project)]) == 0


def test_the_checksums_command_writes_what_sha256sum_writes(tmp_path):
    shutil.copytree(FIXTURE / "papers", tmp_path / "papers")
    os.remove(tmp_path / "papers" / "SHA256SUMS")
    assert main(["checksums", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "papers" / "SHA256SUMS").read_bytes() == (FIXTURE / "papers" / "SHA256SUMS").read_bytes()


# --- anchoring -------------------------------------------------------------------


@pytest.mark.parametrize("exact", ["\u200b", " \u200d\u00ad "])
def test_a_quote_of_only_invisible_characters_is_an_error_even_with_a_suffix(tmp_path, papers, exact):
    text = GOOD_NOTE.replace('exact: "institutional binding helps states overcome the relative gains problem"',
                             f'exact: "{exact}"\nsuffix: "institutional binding"')
    error = one(note_error(tmp_path, papers, text))
    assert error.where.line == 2 and "no visible text" in error.message  # type: ignore[union-attr]


# --- links, citations and line numbers in notes -----------------------------------


def notes_in_project(tmp_path: Path, body: str) -> Path:
    project = tmp_path / "project"
    copy_project(project)
    path = project / "annotations" / ZOU / "a-note.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD_NOTE.replace("A note.", body), encoding="utf-8")
    return project


def test_a_citation_with_an_ampersand_builds_and_its_error_keeps_its_line(tmp_path, capsys):
    project = notes_in_project(tmp_path, "First line.\n\nSee [@ikenberry2019reflections, pp. 5 & 6].")
    assert main(["check", "--root", str(project)]) == 0
    (project / "annotations" / ZOU / "a-note.md").write_text(
        GOOD_NOTE.replace("A note.", "First line.\n\nSee [@ikenberry2019reflections, pp. 5 & 6 <x>; bad]."),
        encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"annotations/{ZOU}/a-note.md:10: cannot read the citation" in err and "&amp;" not in err


def test_an_upper_case_concept_link_resolves_and_a_wrong_case_slug_gets_a_useful_hint(tmp_path, capsys):
    project = notes_in_project(tmp_path, "See [trap](CONCEPT:entrapment).")
    assert main(["check", "--root", str(project)]) == 0
    (project / "annotations" / ZOU / "a-note.md").write_text(
        GOOD_NOTE.replace("A note.", "See [trap](concept:Entrapment)."), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    assert "did you mean concept:entrapment?" in capsys.readouterr().err


def test_check_reports_non_utf8_editorial_file_and_page_with_file_and_line(tmp_path, capsys):
    project = tmp_path / "project"
    copy_project(project)
    (project / "papers" / ZOU / "editorial.yml").write_bytes(b"editorial:\n  - find: \"caf\xe9\"\n")
    (project / "docs" / "guide.md").write_bytes(b"# Guide\n\nLatin-1 text: caf\xe9\n")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{project / 'papers' / ZOU / 'editorial.yml'}:2: " in err and "not UTF-8" in err
    (project / "papers" / ZOU / "editorial.yml").unlink()
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{project / 'docs' / 'guide.md'}:3: " in err and "not UTF-8" in err


def test_an_edited_bibtex_file_of_a_pandoc_paper_is_refused_like_a_source(tmp_path, capsys):
    from tests.conftest import record_checksums, seed_project

    project = seed_project(tmp_path / "project")
    paper = project / "papers" / "waggoner-2019-rip"
    shutil.copytree(ROOT / "tests" / "corpus" / "waggoner-2019-rip", paper)
    (paper / "expected.yml").unlink()
    record_checksums(project)
    assert "waggoner-2019-rip/paper.bib" in (project / "papers" / "SHA256SUMS").read_text(encoding="utf-8")
    bib = paper / "paper.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Bohannon", "Bohanon", 1), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    assert "waggoner-2019-rip/paper.bib has changed since its checksum was recorded" in capsys.readouterr().err
