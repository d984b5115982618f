"""`python -m build_tools export OUT`: the site as plain Markdown that MkDocs
builds without our plugin, page for page the same HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.export.markdown_project import EXPORT_MARKER, export_markdown_project
from build_tools.model import ReaderError
from tests.conftest import ROOT, run_mkdocs_build

pytestmark = pytest.mark.site


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


CSP_TAG = re.compile(r'\n    <meta http-equiv="Content-Security-Policy" content="[^"]*">')


def test_the_export_builds_without_the_reader_plugin_into_the_same_pages(
        built_site: Path, fixture_project: Path, site_port: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    site_url = f"http://127.0.0.1:{site_port}/"
    monkeypatch.setenv("SITE_URL", site_url)
    out = tmp_path / "exported"
    assert main(["export", str(out), "--root", str(fixture_project)]) == 0
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "reader" not in config.split("\nplugins:", 1)[1].split("\n\n", 1)[0]
    result = run_mkdocs_build(out, tmp_path / "site", site_url)
    assert result.returncode == 0, result.stderr
    ours, exported = html_pages(built_site), html_pages(tmp_path / "site")
    assert exported.keys() == ours.keys()
    # The Content-Security-Policy tag is the plugin's own (hashes of each
    # page's inline scripts); without the plugin the host must send a policy.
    assert all(CSP_TAG.search(page) for page in ours.values())
    ours = {name: CSP_TAG.sub("", page) for name, page in ours.items()}
    assert [page for page in ours if ours[page] != exported[page]] == []
    assert (tmp_path / "site" / "annotations" / "annotations.jsonld").is_file()


def test_the_export_never_overwrites_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own file", encoding="utf-8")
    with pytest.raises(ReaderError, match="not empty and holds no earlier export") as caught:
        export_markdown_project(ROOT, out)
    assert "new or empty folder" in caught.value.hint
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert main(["export", str(out), "--root", str(ROOT)]) == 1


def test_a_second_export_replaces_the_first(tmp_path: Path) -> None:
    out = tmp_path / "exported"
    export_markdown_project(ROOT, out)
    (out / "docs" / "stale.md").write_text("left from an earlier export", encoding="utf-8")
    assert main(["export", "--root", str(ROOT), str(out)]) == 0
    assert not (out / "docs" / "stale.md").exists()
    assert (out / EXPORT_MARKER).is_file() and (out / "docs" / "papers" / "zou-balancing-act.md").is_file()


def test_the_export_refuses_to_write_inside_the_folders_it_copies(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="inside a folder it copies"):
        export_markdown_project(ROOT, ROOT / "docs" / "exported")
    assert not (ROOT / "docs" / "exported").exists()
