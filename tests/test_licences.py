"""Licences (issue 18, item 8): the code under MIT, notes and written pages
under CC BY 4.0, both named in the site footer, and each paper's page shows
the licence its paper.yml records."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from build_tools.read.papers import read_paper
from build_tools.render.paper_page import render_paper
from tests.conftest import FIXTURE, ROOT
from tests.small_project import SLUG, add_paper


@pytest.mark.unit
def test_the_code_is_mit_and_the_content_cc_by_4() -> None:
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "Permission is hereby granted, free of charge" in code
    content = (ROOT / "LICENSE-content").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in content
    # The whole legal code, not a pointer to it.
    assert all(f"Section {n} --" in content for n in range(1, 9))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    contributing = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    assert "## Licences " in contributing and "CC BY 4.0" in contributing and "MIT License" in contributing


@pytest.mark.unit
def test_a_paper_page_shows_the_licence_its_paper_yml_records_escaped(tmp_path: Path) -> None:
    folder = add_paper(tmp_path)
    yml = folder / "paper.yml"
    yml.write_text(re.sub(r"(?m)^licence: .*$", 'licence: "CC BY 4.0 <script>x</script> & more"',
                          yml.read_text(encoding="utf-8")), encoding="utf-8")
    page = render_paper(read_paper(tmp_path / "papers" / SLUG))
    assert ('<p class="reader-licence"><strong>Licence of this text:</strong> '
            "CC BY 4.0 &lt;script&gt;x&lt;/script&gt; &amp; more</p>") in page


@pytest.mark.site
def test_every_page_names_both_licences_and_each_paper_page_its_own(built_site: Path) -> None:
    for html_file in built_site.rglob("*.html"):
        footer = html_file.read_text(encoding="utf-8").split('<div class="md-copyright">', 1)[-1]
        assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in footer, html_file
        assert "/blob/main/LICENSE\">MIT License</a>" in footer, html_file
    for paper_yml in sorted((FIXTURE / "papers").glob("*/paper.yml")):  # what built_site is built from
        licence = " ".join(str(yaml.safe_load(paper_yml.read_text(encoding="utf-8"))["licence"]).split())
        page = (built_site / "papers" / paper_yml.parent.name / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'<p class="reader-licence">(.*?)</p>', page, re.S)
        assert shown, paper_yml
        assert " ".join(shown.group(1).split()).endswith(licence.replace("&", "&amp;").replace("<", "&lt;"))
