"""A small project made in a test's tmp_path: one openly licensed corpus
paper (tests/corpus, CC BY 4.0), one concept page and whatever notes the
test writes. Tests that break files on purpose use it, so what they expect
never depends on the live papers, notes or concept pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from build_tools.model import Paper, ParagraphKind
from build_tools.read.papers import read_paper
from tests.conftest import ROOT

CORPUS_PAPER = ROOT / "tests" / "corpus" / "waggoner-2019-rip-pymupdf4llm"
SLUG = "waggoner-2019-rip"
CONCEPT = "convenience-sample"

# The paper uses the wording ("online convenience samples"), so the page is reached.
CONCEPT_PAGE = """---
title: Convenience sample
aliases: [convenience samples]
summary: A sample of the respondents a researcher can reach most easily, not drawn at random.
related: []
---

Written for the tests.
"""


def add_paper(project: Path, slug: str = SLUG) -> Path:
    """The corpus paper's source as received, with a five-line paper.yml."""
    folder = project / "papers" / slug
    folder.mkdir(parents=True)
    shutil.copy2(CORPUS_PAPER / "source.md", folder / "source.md")
    lines = {"slug": slug, "source": "source.md", "short_title": "Waggoner, Kennedy & Clifford 2019",
             "provenance": "tests/corpus/waggoner-2019-rip-pymupdf4llm (see its paper.yml)",
             "licence": "CC BY 4.0"}
    (folder / "paper.yml").write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in lines.items()),
                                      encoding="utf-8")
    return folder


def small_project(project: Path) -> Path:
    """A project that passes `check`: the paper, its works in
    bibliography.bib (as `bib` writes them), a concept page it reaches."""
    from build_tools.cli import main

    add_paper(project)
    concepts = project / "docs" / "concepts"
    concepts.mkdir(parents=True)
    (concepts / f"{CONCEPT}.md").write_text(CONCEPT_PAGE, encoding="utf-8")
    (project / "annotations" / SLUG).mkdir(parents=True)
    assert main(["bib", "--root", str(project)]) == 0
    return project


def a_quote(paper: Paper) -> tuple[str, str]:
    """Words from the paper that occur once in it, and their paragraph id:
    taken from the parsed text, not written down."""
    for paragraph in paper.paragraphs():
        words = paragraph.text.split()
        if paragraph.kind is not ParagraphKind.TEXT or len(words) < 12:
            continue
        quote = " ".join(words[2:11])
        if sum(p.text.count(quote) for p in paper.paragraphs()) == 1:
            return quote, paragraph.id
    raise AssertionError("no quotable paragraph")


def project_paper(project: Path, slug: str = SLUG) -> Paper:
    return read_paper(project / "papers" / slug)


def write_note(project: Path, name: str, exact: str, body: str, *, slug: str = SLUG,
               extra: str = "", motivation: str = "commenting", created: str = "2026-01-31") -> Path:
    """A note file; `extra` adds front matter lines after the standard ones."""
    path = project / "annotations" / slug / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nexact: {json.dumps(exact)}\nauthor: \"@new-contributor\"\ncreated: {created}\n"
                    f"motivation: {motivation}\n{extra}---\n\n{body}\n", encoding="utf-8")
    return path
