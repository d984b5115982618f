"""The whole site, built strictly as `mkdocs build --strict` would in CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.model import Paper
from tests.conftest import ROOT, copy_project, run_mkdocs_build
from tests.paper_expectations import EXPECTED

pytestmark = pytest.mark.site


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_each_paper_has_a_page_at_its_stable_url(built_site: Path) -> None:
    for slug in ("istomin-baykov-2020", "zou-balancing-act"):
        html = page(built_site, f"papers/{slug}")
        assert 'id="abstract-p1"' in html
        assert 'id="references"' in html


def test_the_landing_page_chrome_never_reaches_the_site(built_site: Path) -> None:
    html = page(built_site, "papers/istomin-baykov-2020")
    for chrome in ("Content No. 6, 2020", "See also", "Busygina", "Security Dilemma. Risk of Armed"):
        assert chrome not in html


def test_every_paragraph_has_an_id_and_a_permalink(built_site: Path, papers: dict[str, Paper]) -> None:
    html = page(built_site, "papers/zou-balancing-act")
    ids = re.findall(r'<p class="reader-paragraph"[^>]* id="([^"]+)"', html)
    assert ids == [p.id for p in papers["zou-balancing-act"].paragraphs()]
    assert len(ids) == EXPECTED["zou-balancing-act"].paragraphs
    for paragraph_id in ids:
        assert f'href="#{paragraph_id}"' in html


def test_the_home_page_presents_each_paper(built_site: Path) -> None:
    html = page(built_site, "")
    assert 'href="papers/zou-balancing-act/"' in html
    assert 'href="papers/istomin-baykov-2020/"' in html
    assert "Istomin I.A., Baykov A.A." in html
    assert "Abstract and references" in html and "Full text" in html  # what the site holds
    assert "This paper critically examines the dual role" not in html  # abstracts live on paper pages


def test_no_page_loads_fonts_or_scripts_from_another_host(built_site: Path) -> None:
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert [u for u in external if not u.startswith("http://127.0.0.1")] == [], html_file


def test_a_bad_source_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    yml = project / "papers" / "zou-balancing-act" / "paper.yml"
    yml.write_text(yml.read_text() + "corrections:\n  - find: 'no such text'\n    replace: x\n"
                   "    reason: test\n", encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "papers/zou-balancing-act/paper.yml:17: correction 1 matched 0 times" in result.stderr
    assert not (tmp_path / "site" / "papers").exists()


def test_the_papers_nav_entry_is_the_index_that_lists_every_paper(papers: dict[str, Paper], built_site: Path) -> None:
    """The nav stays one line at any number of papers: "Papers" is the
    generated index, and the index links every paper."""
    import yaml

    class EnvLoader(yaml.SafeLoader):
        pass

    EnvLoader.add_constructor("!ENV", lambda loader, node: None)
    EnvLoader.add_constructor("!relative", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvLoader)
    (papers_entry,) = [item["Papers"] for item in config["nav"] if isinstance(item, dict) and "Papers" in item]
    assert papers_entry == "papers/index.md"
    index = (built_site / "papers" / "index.html").read_text(encoding="utf-8")
    missing = [slug for slug in papers if f'href="{slug}/"' not in index]
    assert not missing, f"the papers index does not link {missing}"


def test_two_builds_of_the_same_inputs_are_byte_identical(built_site: Path, fixture_project: Path, tmp_path: Path,
                                                          site_port: int) -> None:
    again = tmp_path / "again"
    result = run_mkdocs_build(fixture_project, again, f"http://127.0.0.1:{site_port}/")
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(name) for name in first if first[name] != second[name]] == []
