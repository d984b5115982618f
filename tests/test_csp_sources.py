"""The Content-Security-Policy allows the inline scripts the theme ships,
computed from its templates, and nothing a page's content adds (issue 22:
the policy used to hash every inline script of the finished page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.mkdocs.csp import ThemeScripts, policy, script_hash

pytestmark = pytest.mark.unit

FIXED = 'var palette=__md_get("__palette")'
TEMPLATED = '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)'


@pytest.fixture
def theme(tmp_path: Path) -> ThemeScripts:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "palette.html").write_text(f"<script>{FIXED}</script>", encoding="utf-8")
    (tmp_path / "base.html").write_text(
        f'<script src="x.js"></script><script id="__config" type="application/json">{{}}</script>'
        f"<script>{TEMPLATED}</script>", encoding="utf-8")
    (tmp_path / "redirect.html").write_text('<script>go("{{ page.meta.location }}")</script>', encoding="utf-8")
    return ThemeScripts([tmp_path])


def page(*scripts: str) -> str:
    return "<html><head><meta charset=utf-8></head><body>" + "".join(f"<script>{s}</script>" for s in scripts)


def test_theme_scripts_are_allowed_as_this_page_renders_them(theme: ThemeScripts) -> None:
    allowed = theme.allowed({"base_url": "../..", "config": {"extra": {}}})
    scope = '__md_scope=new URL("../..",location)'
    assert policy(page(FIXED, scope), allowed).startswith(
        f"script-src 'self' {script_hash(FIXED)} {script_hash(scope)};")
    # The same script with another page's path back to the root is not this page's.
    assert script_hash('__md_scope=new URL("..",location)') not in allowed


def test_a_script_from_content_gets_no_hash_whatever_the_page_holds(theme: ThemeScripts) -> None:
    allowed = theme.allowed({"base_url": ".", "config": {"extra": {}}})
    shown = page(FIXED, "window.injected = 1", "alert(document.cookie)")
    assert policy(shown, allowed).split(";")[0] == f"script-src 'self' {script_hash(FIXED)}"


def test_a_value_a_template_names_and_the_page_lacks_is_no_error(theme: ThemeScripts) -> None:
    assert script_hash('go("")') in theme.allowed({"page": None})
