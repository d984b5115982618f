"""No text the site generates assumes a number of papers (issue 18, item
9): with a third paper, no generated page, generated part of a concept
page, home-page list, template or site description says "both papers" or
"the two papers". Hand-written pages that talk about the two seed papers by
name may, and so may notes, which are their authors' words; neither is
checked here: the copy's notes are replaced by one written for the test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.pipeline import build_site_content
from build_tools.render.home import render_paper_list
from tests.conftest import copy_project, record_checksums
from tests.small_project import a_quote, add_paper, project_paper, write_note

pytestmark = pytest.mark.site

FIXED_COUNT = re.compile(r"\b(both|two|2) papers\b|\bneither paper\b|\beither paper\b", re.I)


def test_with_a_third_paper_no_generated_text_counts_two_papers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_paper(project)
    record_checksums(project)
    shutil.rmtree(project / "annotations")
    quote, _ = a_quote(project_paper(project))
    write_note(project, "a-note", quote, "A note written for the test.")
    content = build_site_content(project)
    assert len(content.papers) >= 3
    found = {uri: FIXED_COUNT.findall(text) for uri, text in content.generated.items()}
    for concept in content.glossary.concepts.values():
        uri = f"concepts/{concept.slug}.md"
        found[f"{uri} (generated part)"] = FIXED_COUNT.findall(content.concept_backlinks(uri))
    found["home page list"] = FIXED_COUNT.findall(render_paper_list(content.papers, "index.md"))
    found["mkdocs.yml"] = FIXED_COUNT.findall((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for template in (project / "overrides").rglob("*.html"):
        found[str(template)] = FIXED_COUNT.findall(template.read_text(encoding="utf-8"))
    assert {where: hits for where, hits in found.items() if hits} == {}
    # The section of works several papers cite is named for any number of papers.
    assert "## Cited by more than one paper { #cited-by-both }" in content.generated["bibliography.md"]
