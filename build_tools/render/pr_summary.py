"""A pull request's job summary: what a contributor needs to know.

The PR workflow writes it to `$GITHUB_STEP_SUMMARY` (`python -m build_tools
pr-summary BASE`). Each note the pull request adds or changes is shown as
the site will show it (the passage it anchors to, with the quoted words
marked, and the note's sanitized HTML), or with each of its problems (file,
line, message, hint). Problems in any other file follow. Every value from
a note, a paper or an error message is escaped here: the summary is
Markdown with inline HTML, which GitHub renders.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.cache import BuildCache
from build_tools.model import Note, Paper, ReaderError
from build_tools.render.build_problems import problem_list_html, shown_path
from build_tools.render.escape import html_text
from build_tools.render.notes import absolute_links, note_body_html
from build_tools.render.paper_facts import paper_label

if TYPE_CHECKING:
    from build_tools.pipeline import SiteContent

ANNOTATIONS_DIR = "annotations"
CONTEXT_CHARS = 160  # characters of the paragraph shown either side of the quote


@dataclass(frozen=True)
class NoteChanges:
    """Note files under annotations/ that differ from the base commit."""

    changed: tuple[Path, ...]   # added or modified, as paths under the project
    removed: tuple[Path, ...]


def changed_notes(root: Path, base: str) -> NoteChanges:
    """What `git diff BASE` (and files git does not track yet) says changed
    under annotations/; skipped files (TEMPLATE.md, _drafts) are no notes."""
    def git(*arguments: str) -> list[str]:
        result = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ReaderError(root, f"git {' '.join(arguments)} failed: {result.stderr.strip()}",
                              "give a commit the checkout has, e.g. HEAD^1 in a pull request's merge commit "
                              "(fetch-depth: 2) or main locally")
        return [line for line in result.stdout.split("\0") if line]

    status = git("diff", "--name-status", "--no-renames", "-z", base, "--", ANNOTATIONS_DIR)
    pairs = list(zip(status[::2], status[1::2], strict=True))
    untracked = git("ls-files", "--others", "--exclude-standard", "-z", "--", ANNOTATIONS_DIR)
    changed = sorted({name for kind, name in pairs if kind != "D"} | set(untracked))
    removed = sorted(name for kind, name in pairs if kind == "D")
    return NoteChanges(tuple(root / name for name in changed if _is_note(name)),
                       tuple(root / name for name in removed if _is_note(name)))


def _is_note(name: str) -> bool:
    # The rule of annotations/load.py: TEMPLATE.md, README.md, _draft.md and dotfiles are not notes.
    file = Path(name).name
    return file.endswith(".md") and not file.startswith((".", "_")) and not file[:1].isupper()


def render_pr_summary(changes: NoteChanges, content: SiteContent, errors: Sequence[ReaderError], root: Path,
                      site_url: str) -> str:
    notes = {note.annotation.path.resolve(): note for note in content.notes}
    papers = {paper.slug: paper for paper in content.papers}
    by_file: dict[Path, list[ReaderError]] = {}
    for error in sorted(errors, key=lambda e: (str(e.location.path), e.location.line)):
        by_file.setdefault(error.location.path.resolve(), []).append(error)
    sections = []
    for path in changes.changed:
        problems = by_file.pop(path.resolve(), [])
        note = notes.get(path.resolve())
        if problems or note is None:
            sections.append(f"### ❌ <code>{shown_path(path, root)}</code>\n\n" + (
                problem_list_html(problems, root) or "Not checked: its paper could not be read (see below).\n"))
        else:
            sections.append(_note_section(note, papers[note.annotation.paper_slug], content, root, site_url))
    failing = sum(1 for section in sections if section.startswith("### ❌"))
    lines = ["## Notes in this pull request", ""]
    if not changes.changed:
        lines.append("This pull request adds or changes no note.")
    else:
        count = len(changes.changed)
        lines.append(f"{count} note{'s' if count != 1 else ''} added or changed: "
                     f"{count - failing} ready, {failing} with problems."
                     + (" Fix each problem at the file and line given; `python -m build_tools check` "
                        "lists the same." if failing else " Each is shown below as the site will show it."))
    lines.append("")
    lines.extend(sections)
    for path in changes.removed:
        lines.append(f"Removed: <code>{shown_path(path, root)}</code>. Its id was published; links to the note "
                     "stop working.\n")
    other = [error for problems in by_file.values() for error in problems]
    if other:
        lines += ["### Other problems", "",
                  "In files other than the notes above (the check fails until they are fixed):", "",
                  problem_list_html(other, root)]
    return "\n".join(lines).rstrip() + "\n"


def _note_section(note: Note, paper: Paper, content: SiteContent, root: Path, site_url: str) -> str:
    annotation = note.annotation
    facts = " · ".join(html_text(fact) for fact in (
        f"@{annotation.author}", annotation.created, annotation.motivation, ", ".join(annotation.tags)) if fact)
    body = note_body_html(note, content.formatter, absolute_links(site_url), BuildCache())
    # GitHub ends an HTML block at a blank line; keep the note in one block.
    body = "\n".join(line for line in body.splitlines() if line.strip())
    return (f"### ✅ <code>{shown_path(annotation.path, root)}</code>\n\n"
            f"<p>On <strong>{html_text(paper_label(paper))}</strong>, paragraph "
            f"<code>{html_text(note.anchor.paragraph_id)}</code> · {facts}</p>\n\n"
            f"<blockquote>{_passage(note, paper)}</blockquote>\n\n"
            f"<div>{body}</div>\n")


def _passage(note: Note, paper: Paper) -> str:
    """The paragraph around the quote, the quoted words in bold."""
    paragraph = next(p for p in paper.paragraphs() if p.id == note.anchor.paragraph_id)
    text, start, end = paragraph.text, note.anchor.start, note.anchor.end
    before_from = max(0, start - CONTEXT_CHARS)
    after_to = min(len(text), end + CONTEXT_CHARS)
    before = ("…" if before_from else "") + text[before_from:start]
    after = text[end:after_to] + ("…" if after_to < len(text) else "")
    return f"{html_text(before)}<strong>{html_text(text[start:end])}</strong>{html_text(after)}"
