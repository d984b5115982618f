"""No file from outside the site's own sources is published (issue 22):
snippets read only includes/, a snippet line that names anything else is an
error at its line, and a symbolic link anywhere in the folders the site is
built from is an error naming the link, in `check`, the build and the export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.inputs import refuse_symlinks
from build_tools.model import ReaderError, ReaderErrors
from build_tools.render.contributed_markdown import refuse_outside_snippets
from tests.conftest import ROOT, copy_project, run_mkdocs_build

SECRET = "root:x:0:0:the machine's own file"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for part in ("papers", "docs", "annotations", "includes", "overrides"):
        shutil.copytree(ROOT / part, project / part)
    return project


LINKS = {
    "the abbreviation list": "includes/abbreviations.md",
    "a stylesheet": "docs/stylesheets/print.css",
    "robots.txt": "docs/robots.txt",
    "a template": "overrides/partials/extra.html",
    "a note": "annotations/zou-balancing-act/linked.md",
    "a paper's file": "papers/zou-balancing-act/extra.txt",
}


@pytest.mark.unit
@pytest.mark.parametrize("what", sorted(LINKS))
def test_a_symlink_in_the_site_s_folders_is_an_error_in_check_naming_it(
        tmp_path: Path, secret: Path, capsys: pytest.CaptureFixture[str], what: str) -> None:
    project = project_copy(tmp_path)
    link = project / LINKS[what]
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"{link}:1: this is a symbolic link (to {secret})" in err
    assert SECRET not in err


@pytest.mark.unit
def test_every_symlink_is_reported_including_a_linked_folder(tmp_path: Path, secret: Path) -> None:
    (tmp_path / "docs" / "stylesheets").mkdir(parents=True)
    (tmp_path / "docs" / "stylesheets" / "print.css").symlink_to(secret)
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "partials").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ReaderErrors) as caught:
        refuse_symlinks([tmp_path / "docs", tmp_path / "overrides", tmp_path / "missing"])
    assert [e.where.path.name for e in caught.value.errors] == ["print.css", "partials"]  # type: ignore[union-attr]


@pytest.mark.unit
@pytest.mark.parametrize("line", ['--8<-- "/etc/passwd"', '--8<-- "../mkdocs.yml"', "--8<-- '../papers/SHA256SUMS'",
                                  '--8<-- ".env"', '--8<-- "sub/.hidden"', '--8<-- "missing.md"',
                                  '--8<-- "https://example.org/x.md"'])
def test_a_snippet_naming_anything_but_a_file_of_includes_is_an_error_at_its_line(tmp_path: Path,
                                                                                   line: str) -> None:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "legal.md").write_text("Legal.\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        refuse_outside_snippets(f"# About\n\nText.\n\n{line}\n", Path("docs/about.md"), tmp_path / "includes",
                                first_line=4)
    assert str(caught.value).startswith("docs/about.md:8: a snippet")


@pytest.mark.unit
def test_a_snippet_block_is_checked_line_by_line_and_a_file_of_includes_is_fine(tmp_path: Path) -> None:
    includes = tmp_path / "includes"
    includes.mkdir()
    (includes / "legal.md").write_text("Legal.\n", encoding="utf-8")
    refuse_outside_snippets('--8<-- "legal.md"\n\n--8<-- legal.md:1:1\n\n;--8<-- "/etc/passwd"\n',
                            Path("docs/about.md"), includes)
    with pytest.raises(ReaderError, match=r"docs/about.md:4: .*'/etc/passwd'"):
        refuse_outside_snippets("Text.\n\n--8<--\nlegal.md\n/etc/passwd\n--8<--\n", Path("docs/about.md"),
                                includes, first_line=0)
    (includes / "linked.md").symlink_to(includes / "legal.md")
    with pytest.raises(ReaderError, match="not a file there"):
        refuse_outside_snippets('--8<-- "linked.md"\n', Path("docs/about.md"), includes)


@pytest.mark.unit
def test_a_concept_page_including_etc_passwd_is_an_error_from_check_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_copy(tmp_path)
    page = project / "docs" / "concepts" / "entrapment.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\n--8<-- "/etc/passwd"\n', encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    line = len(text.split("\n")) + 1
    assert f"concepts/entrapment.md:{line}: a concept page may not include another file" in err
    assert "Traceback" not in err and "root:" not in err


@pytest.mark.site
def test_the_build_refuses_a_linked_abbreviation_list_and_publishes_nothing_of_it(
        tmp_path: Path, secret: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "includes" / "abbreviations.md").unlink()
    (project / "includes" / "abbreviations.md").symlink_to(secret)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n--8<-- "/etc/passwd"\n', encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "includes/abbreviations.md:1: this is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout
    published = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and SECRET in p.read_text(errors="ignore")]
    assert published == []
    # The export reads the same sources and refuses the same way, copying nothing.
    assert main(["export", str(tmp_path / "out"), "--root", str(project)]) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.site
def test_a_page_including_etc_passwd_stops_the_build_at_its_line_without_a_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + '\n--8<-- "/etc/passwd"\n', encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"about.md:{len(text.split(chr(10))) + 1}: a snippet may only include a file of includes/" in result.stderr
    assert "Traceback" not in result.stderr and "root:" not in result.stderr
