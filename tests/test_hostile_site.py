"""Issue 22's reproductions as one strict build of a project that holds all
of them (tests/hostile_project.py), then read as a browser would: in every
page no script, event handler or overlay from an input survives, and in
Chromium nothing runs and nothing covers the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Page

from build_tools.loopback import free_port
from tests.conftest import run_mkdocs_build, serving
from tests.hostile_project import HOSTILE_PAPERS, MARKER, hostile_project

PAGES = (*(f"papers/{slug}/" for slug in HOSTILE_PAPERS), "bibliography/", "concepts/xyzzy-doctrine/")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    project = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    site = tmp_path_factory.mktemp("hostile-site")
    port = free_port()
    result = run_mkdocs_build(project, site, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    return site, port


@pytest.fixture(scope="module")
def hostile_url(hostile_build: tuple[Path, int]) -> Iterator[str]:
    with serving(*hostile_build) as url:
        yield url


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _active(tag: Tag) -> list[str]:
    """What in `tag` would act on a reader: an event handler, a style that
    takes the page, or a script or link that names the marker."""
    found = [f"{tag.name} {name}" for name in tag.attrs if name.lower().startswith("on")]
    style = str(tag.get("style", ""))
    if "fixed" in style or "inset" in style:
        found.append(f"{tag.name} style={style}")
    if tag.name == "script" and MARKER in tag.get_text():
        found.append("script")
    if tag.name == "meta" and tag.get("http-equiv"):
        found.append(f"meta http-equiv={tag['http-equiv']}")
    return found


@pytest.mark.site
@pytest.mark.parametrize("path", PAGES)
def test_hostile_labels_and_concept_pages_leave_no_active_markup(hostile_build: tuple[Path, int],
                                                                path: str) -> None:
    """JATS reference and footnote labels, a Pandoc key and converted-Markdown
    note labels that hold `)<script>` or `" onmouseover=… style=…`, and a
    concept page of raw HTML and attr_lists: shown as text, linked by ids
    that hold no markup, with one policy per page."""
    soup = _page(hostile_build[0], path)
    article = soup.find("article")
    assert isinstance(article, Tag)
    found = [what for tag in article.find_all(True) for what in _active(tag)]
    found += [what for tag in soup.find_all(["script", "meta"]) for what in _active(tag)
              if what != "meta http-equiv=Content-Security-Policy"]
    assert found == []
    assert len(soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})) == 1
    # The labels are still there for a reader, as text.
    assert MARKER in article.get_text()
    for link in article.find_all("a", href=re.compile("^#")):
        assert re.fullmatch(r"#[\w.:~-]*", str(link["href"])), link


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_nothing_from_an_input_runs_or_covers_the_page_in_chromium(page: Page, hostile_url: str, path: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # a meta refresh of 0 s would have left by now
    assert page.url == hostile_url + path
    # Hover and focus what an attack would hang a handler on, click the
    # in-page links (citations, footnote calls and back links).
    targets = page.locator("article :is(a.reader-citation, a.reader-footnote-call, a.reader-footnote-back, p, h2)"
                           ":visible")
    for index in range(targets.count()):
        target = targets.nth(index)
        target.scroll_into_view_if_needed()
        target.hover()
        target.focus()
    # Nothing in the text is lifted out of it and over the page.
    covering = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .filter(a => { const r = a.getBoundingClientRect();
                       return ['fixed', 'absolute'].includes(getComputedStyle(a).position)
                              && r.width > innerWidth / 2 && r.height > innerHeight / 2; })
        .map(a => a.outerHTML.slice(0, 200))""")
    assert covering == []
    links = page.locator("article a.reader-citation, article a.reader-footnote-call, article a.reader-footnote-back")
    for index in range(links.count()):
        links.nth(index).click()
    assert page.evaluate(f"window.{MARKER}") is None
    assert errors == []


@pytest.mark.site
def test_the_policy_lists_only_the_theme_s_scripts_not_one_from_content(hostile_build: tuple[Path, int]) -> None:
    """The script a hand-written page carries reaches the HTML, and the
    policy has no hash for it: hashes come from the templates."""
    from build_tools.mkdocs.csp import inline_scripts, script_hash

    html = (hostile_build[0] / "about" / "index.html").read_text(encoding="utf-8")
    policy = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(policy, Tag)
    injected = [s for s in inline_scripts(html) if MARKER in s]
    assert injected and script_hash(injected[0]).strip("'") not in str(policy["content"])
    theme = [s for s in inline_scripts(html) if MARKER not in s]
    assert theme and all(script_hash(s).strip("'") in str(policy["content"]) for s in theme)


@pytest.mark.browser
def test_an_inline_script_and_handler_from_content_are_blocked_and_the_theme_s_run(
        page: Page, hostile_url: str) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(hostile_url + "about/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(f"window.{MARKER}") is None
    assert len(violations) >= 2  # the script and the onerror handler
    # Material's own inline scripts ran: its storage helper is defined.
    assert page.evaluate("typeof __md_get") == "function"
