"""A Content-Security-Policy in every page, as a `<meta http-equiv>` tag:
GitHub Pages sets no response headers.

The policy lets scripts run only from the site's own files and the theme's
own inline scripts, each allowed by the SHA-256 of its exact text, computed
from the finished page (Material's inline scripts differ by page: one holds
the path back to the site root). Anything that escaped escaping (an injected
`<script>`, an `onerror=` attribute, a `javascript:` link) is then still
refused by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re

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


def inline_script_hashes(page: str) -> list[str]:
    """'sha256-…' of every inline script the page runs, in order, once each."""
    hashes: list[str] = []
    for script in INLINE_SCRIPT.finditer(page):
        attributes = script.group("attributes")
        if re.search(r"\bsrc\s*=", attributes, re.I) or DATA_TYPES.search(attributes):
            continue
        digest = hashlib.sha256(script.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy(page: str, wasm: bool = False) -> str:
    """The policy for `page`; `wasm` lets the site's own WebAssembly run
    (Pagefind's search)."""
    scripts = " ".join(["'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *inline_script_hashes(page)])
    return "; ".join([f"script-src {scripts}", *(f"{name} {value}" for name, value in BASE_POLICY)])


def with_content_security_policy(page: str, wasm: bool = False) -> str:
    """`page` with its policy as the first thing after `<meta charset>` (a
    policy in a meta tag covers only what comes after it)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page, wasm)}">'
    charset = META_CHARSET.search(page)
    if charset is not None:
        return page[:charset.end()] + "\n    " + tag + page[charset.end():]
    head = re.search(r"<head[^>]*>", page, re.I)
    if head is None:
        return page  # not an HTML page
    return page[:head.end()] + tag + page[head.end():]
