"""A Content-Security-Policy in every page, as a `<meta http-equiv>` tag:
GitHub Pages sets no response headers.

The policy lets scripts run only from the site's own files and the inline
scripts the theme ships, each allowed by the SHA-256 of its exact text. The
allowed texts come from the templates (Material's and overrides/), never
from the page: a script that reached a page from content (a paper, a note,
a concept page) is not among them, so the browser refuses it, and so it
does an `onerror=` attribute or a `javascript:` link. A few theme scripts
hold a Jinja expression (Material's first script holds the path back to the
site root); those are rendered for each page with the values MkDocs gives
that page.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from build_tools.cache import BuildCache, files_digest

# An inline script: no src attribute, and a type the browser runs.
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?application/(?:json|ld\+json)""", re.I)
META_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

BASE_POLICY = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),  # the theme and attr_list write style attributes
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),  # Material's search runs in a worker
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in `html` that a browser runs, in order."""
    return [script.group("body") for script in INLINE_SCRIPT.finditer(html)
            if not re.search(r"\bsrc\s*=", script.group("attributes"), re.I)
            and not DATA_TYPES.search(script.group("attributes"))]


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class ThemeScripts:
    """The inline scripts of the theme's templates (`template_dirs`, as
    MkDocs searches them: overrides first), read once per build; with a
    `cache`, the scripts found are kept (on disk too) by the templates' bytes."""

    def __init__(self, template_dirs: Iterable[str | Path], cache: BuildCache | None = None) -> None:
        self.fixed: set[str] = set()
        self.templated: list[jinja2.Template] = []
        # A value a template names and a page lacks renders as "" (Material's
        # redirect page names page.meta.location).
        environment = jinja2.Environment(autoescape=False, undefined=jinja2.ChainableUndefined)
        paths = [path for directory in template_dirs for path in sorted(Path(directory).rglob("*.html"))]
        found: tuple[str, ...] = (_inline_scripts_of(paths) if cache is None else cache.remembered(
            "mkdocs.theme-scripts", files_digest(paths), lambda: _inline_scripts_of(paths), limit=16, lasting=True))
        for text in found:
            if "{{" in text or "{%" in text:
                with contextlib.suppress(jinja2.TemplateError):  # a filter only MkDocs has
                    self.templated.append(environment.from_string(text))
            else:
                self.fixed.add(script_hash(text))

    def allowed(self, values: Mapping[str, Any]) -> set[str]:
        """Hashes of every theme script as a page with these template values
        (`base_url`, `config`, `page`) holds it."""
        allowed = set(self.fixed)
        for template in self.templated:
            with contextlib.suppress(jinja2.TemplateError):  # then the script is not allowed
                allowed.add(script_hash(template.render(**values)))
        return allowed


def _inline_scripts_of(paths: Iterable[Path]) -> tuple[str, ...]:
    return tuple(text for path in paths for text in inline_scripts(path.read_text(encoding="utf-8")))


def inline_script_hashes(page: str, allowed: set[str]) -> list[str]:
    """'sha256-…' of the page's inline scripts that the theme ships, in
    order, once each; any other inline script gets no hash and is blocked."""
    hashes: list[str] = []
    for text in inline_scripts(page):
        token = script_hash(text)
        if token in allowed and token not in hashes:
            hashes.append(token)
    return hashes


def policy(page: str, allowed: set[str], wasm: bool = False) -> str:
    """The policy for `page`; `wasm` lets the site's own WebAssembly run
    (Pagefind's search)."""
    scripts = " ".join(["'self'", *(["'wasm-unsafe-eval'"] if wasm else []),
                        *inline_script_hashes(page, allowed)])
    return "; ".join([f"script-src {scripts}", *(f"{name} {value}" for name, value in BASE_POLICY)])


def with_content_security_policy(page: str, allowed: set[str], wasm: bool = False) -> str:
    """`page` with its policy as the first thing after `<meta charset>` (a
    policy in a meta tag covers only what comes after it); `allowed` are the
    hashes of the theme's scripts for this page (`ThemeScripts.allowed`)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page, allowed, wasm)}">'
    charset = META_CHARSET.search(page)
    if charset is not None:
        return page[:charset.end()] + "\n    " + tag + page[charset.end():]
    head = re.search(r"<head[^>]*>", page, re.I)
    if head is None:
        return page  # not an HTML page
    return page[:head.end()] + tag + page[head.end():]
