"""Under `mkdocs serve --dirty` the plugin keeps the theme's inline scripts
(for each page's Content-Security-Policy) from one rebuild to the next
while overrides/ and mkdocs.yml are unchanged; an edited override is read
again, so its new script is allowed and the old one no longer is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.mkdocs.csp import script_hash
from tests.conftest import copy_project
from tests.test_rebuild import dirty_serve_build

pytestmark = pytest.mark.site

PAGE = "papers/istomin-baykov-2020/index.html"


def with_script(main: str, text: str) -> str:
    return main + f"\n{{% block scripts %}}{{{{ super() }}}}<script>{text}</script>{{% endblock %}}\n"


def policy_of(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    start = html.index('http-equiv="Content-Security-Policy" content="')
    return html[start:html.index('">', start)]


def test_an_edited_override_script_is_allowed_after_a_dirty_rebuild_and_the_old_one_is_not(tmp_path: Path) -> None:
    project, site = copy_project(tmp_path / "project"), tmp_path / "site"
    main = project / "overrides" / "main.html"
    original = main.read_text(encoding="utf-8")
    main.write_text(with_script(original, "var readerCheck = 1;"), encoding="utf-8")
    dirty_serve_build(project, site)
    assert script_hash("var readerCheck = 1;") in policy_of(site, PAGE)

    note = project / "annotations" / "istomin-baykov-2020" / "us-burdened-by-allies.md"
    note.write_text(note.read_text(encoding="utf-8").rstrip("\n") + " Seen.\n", encoding="utf-8")
    dirty_serve_build(project, site)  # overrides unchanged: the kept scripts still allow it
    assert "Seen." in (site / PAGE).read_text(encoding="utf-8")
    assert script_hash("var readerCheck = 1;") in policy_of(site, PAGE)

    main.write_text(with_script(original, "var readerCheck = 2;"), encoding="utf-8")
    dirty_serve_build(project, site)
    policy = policy_of(site, PAGE)
    assert script_hash("var readerCheck = 2;") in policy
    assert script_hash("var readerCheck = 1;") not in policy
    shutil.rmtree(project)
