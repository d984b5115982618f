"""`python -m build_tools pr-summary BASE`: the job summary of a pull
request (issue 18, item 7). Each note the pull request adds or changes is
shown with the passage it anchors to, or with its problems at file and
line; every value from the pull request is escaped. The project is a small
git repository made in tmp_path, so nothing here depends on live content."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_tools.cli import main
from tests.small_project import CONCEPT, SLUG, a_quote, project_paper, small_project, write_note

pytestmark = pytest.mark.unit


def git(project: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *arguments], check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository whose first commit is the base of the pull request."""
    project = small_project(tmp_path / "project")
    quote, _ = a_quote(project_paper(project))
    write_note(project, "published", quote, "A note already on main.")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    return project


def summary(project: Path, capsys: pytest.CaptureFixture[str], base: str = "HEAD") -> str:
    assert main(["pr-summary", base, "--root", str(project)]) == 0
    return capsys.readouterr().out


def test_a_new_note_is_shown_with_the_passage_it_anchors_to(project, capsys):
    paper = project_paper(project)
    quote, paragraph_id = a_quote(paper)
    write_note(project, "new-note", quote, f"My reading of [the idea](concept:{CONCEPT}), *in short*.")
    out = summary(project, capsys)
    assert "1 note added or changed: 1 ready, 0 with problems" in out
    assert f"### ✅ <code>annotations/{SLUG}/new-note.md</code>" in out
    assert f"paragraph <code>{paragraph_id}</code>" in out
    assert f"<strong>{quote}</strong>" in out  # the quoted words marked inside their paragraph
    assert "<em>in short</em>" in out and f"/concepts/{CONCEPT}/" in out  # the note as the site renders it
    assert "published.md" not in out  # unchanged notes are not listed


def test_a_broken_note_lists_each_problem_with_file_line_and_hint(project, capsys):
    note = write_note(project, "broken", "words that appear nowhere in this paper",
                      "See [@nosuchkey2020].", motivation="praising")
    git(project, "add", ".")
    git(project, "commit", "-qm", "a broken note")
    out = summary(project, capsys, base="HEAD^1")
    relative = note.relative_to(project).as_posix()
    assert f"### ❌ <code>{relative}</code>" in out
    assert f"<code>{relative}:2</code>: the quote was not found in {SLUG}" in out
    assert f"<code>{relative}:5</code>: unknown motivation 'praising'" in out
    assert f"<code>{relative}:8</code>: unknown citation key @nosuchkey2020" in out
    assert "hint: " in out
    assert "0 ready, 1 with problems" in out


def test_a_changed_and_a_removed_note_are_listed_and_other_files_are_not(project, capsys):
    quote, _ = a_quote(project_paper(project))
    write_note(project, "published", quote, "The note, reworded.")
    (project / "annotations" / "TEMPLATE.md").write_text("not a note\n", encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-qm", "change")
    out = summary(project, capsys, base="HEAD^1")
    assert "The note, reworded." in out and "TEMPLATE" not in out
    (project / "annotations" / SLUG / "published.md").unlink()
    out = summary(project, capsys)
    assert f"Removed: <code>annotations/{SLUG}/published.md</code>" in out
    assert "adds or changes no note" in out


def test_problems_outside_the_notes_are_listed_after_them(project, capsys):
    yml = project / "papers" / SLUG / "paper.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    out = summary(project, capsys)
    assert "adds or changes no note" in out
    assert "### Other problems" in out
    assert f"<code>papers/{SLUG}/paper.yml:6</code>: unknown field 'colour'" in out


def test_text_from_the_pull_request_is_escaped(project, capsys):
    quote, _ = a_quote(project_paper(project))
    write_note(project, "script", quote, "Text <script>alert(1)</script> and <img src=x onerror=alert(2)>.")
    bad = write_note(project, "bad-field", quote, "A note.", extra='"<img src=x onerror=alert(3)>": 1\n')
    out = summary(project, capsys)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert f"<code>{bad.relative_to(project).as_posix()}:6</code>: unknown field '&lt;img src=x" in out


def test_a_base_the_checkout_does_not_have_is_one_clear_error(project, capsys):
    assert main(["pr-summary", "no-such-branch", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "git diff" in err and "hint:" in err and "Traceback" not in err


def test_the_pull_request_workflow_writes_the_summary_before_the_check_can_fail():
    import yaml

    from tests.conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test-and-build"]["steps"]
    runs = [str(step.get("run", "")) for step in steps]
    summary = next(i for i, run in enumerate(runs) if "build_tools pr-summary" in run)
    check = next(i for i, run in enumerate(runs) if "build_tools check" in run)
    assert summary < check
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs[summary] and "pr-summary HEAD^1" in runs[summary]
    assert steps[summary]["if"] == "github.event_name == 'pull_request'"
