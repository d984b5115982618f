"""One escaping helper per place a value can land in the output.

Every value that comes from a source, paper.yml, a concept page or a note
is untrusted: a paper title can hold `</title><script>`, a reference URL a
`"`, a DOI a `}`. Whoever writes such a value into output calls the helper
of the place it lands, and only that one, so nothing is escaped twice:

- `html_text`: between tags (`<li>…</li>`);
- `html_attribute`: inside a double-quoted attribute value;
- `href`: a link target: a URL with an allowed scheme, attribute-escaped;
- `markdown_text`: plain text inside Markdown we generate (it renders
  literally, raw HTML included);
- `page_meta`: `title`/`description` front matter, which Material prints
  into `<title>`, `<meta content="…">`, the header and the nav without
  escaping;
- `bibtex_field`: the value of a BibTeX field, between braces;
- `json_text`: JSON for a file (JSON-LD); `json_in_html` for JSON inside a
  `<script>` element;
- `terminal_text`: a message for a terminal or a CI log (errors, warnings,
  the import report), which echoes input.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import MutableMapping
from typing import Any

# Links may only go to the web, to an e-mail address, or within the site.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers drop these anywhere in a URL before reading its scheme, so
# "java\tscript:" is "javascript:".
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Python-Markdown's backslash-escapable characters; `<` and `&` cannot be
# backslash-escaped, so they become entities and raw HTML stays text.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!.-])")
# BibTeX's specials, and the backslash that starts a command (\input).
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                  **{c: "\\" + c for c in "&%$#_"}}
BIBTEX_SPECIALS = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))
PAGE_META_FIELDS = ("title", "description")
# Terminal escape sequences (CSI "ESC [ … letter", OSC "ESC ] … BEL/ST", and
# two-byte ones), removed whole; then every other control character (line
# breaks included: a GitHub workflow command is a line of its own), and the
# bidirectional overrides, shown as a visible escape.
TERMINAL_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])"
                               r"|\x9b[0-?]*[ -/]*[@-~]")
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def html_text(text: str) -> str:
    """Text between tags."""
    return html.escape(text, quote=False)


def html_attribute(text: str) -> str:
    """A double- or single-quoted attribute value."""
    return html.escape(text, quote=True)


def safe_url(url: str) -> str:
    """`url` if it is relative or its scheme is http, https or mailto; else
    "" (a `javascript:` or `data:` link goes nowhere)."""
    scheme = SCHEME.match(URL_IGNORED.sub("", url))
    if scheme is None or scheme.group(1).lower() in URL_SCHEMES:
        return url.strip()
    return ""


def href(url: str) -> str:
    """A link target, ready to go between the quotes of `href="…"`."""
    return html_attribute(safe_url(url))


def markdown_text(text: str) -> str:
    """Plain text that must render literally in Markdown we generate."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def attr_list_value(text: str) -> str:
    """A value for Python-Markdown's attr_list (`{ data-x="…" }`): it is
    double-quoted and not entity-decoded, and Markdown's inline patterns run
    over it first, so a `"` is replaced by a typographic quote and Markdown
    syntax (`[x](javascript:…)`) is backslash-escaped to stay text."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", text.replace('"', "”"))


def page_meta(text: str) -> str:
    """A `title` or `description` as the theme needs it: HTML-escaped once,
    since Material's templates print `page.meta.title`, `page.title` and
    `page.meta.description` as they are; readers see the text unchanged."""
    return html.escape(text, quote=True)


def escape_page_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape, in place, the front matter values the theme prints raw."""
    for field in PAGE_META_FIELDS:
        if isinstance(meta.get(field), str):
            meta[field] = page_meta(meta[field])


def bibtex_field(text: str) -> str:
    """Text inside a braced BibTeX field. BibTeX ends a field at its
    unbalanced closing brace whatever backslash comes before it, so a
    literal brace becomes \\textbraceleft{} / \\textbraceright{} (balanced),
    a backslash \\textbackslash{} (so "\\input" is no command), and & % $ # _
    are backslash-escaped. UTF-8 stays as it is."""
    return BIBTEX_SPECIALS.sub(lambda special: BIBTEX_ESCAPES[special.group()], text)


def bibtex_verbatim(text: str) -> str:
    """A url or doi field, which BibTeX styles print verbatim (no commands):
    only the characters that could end the field or start a command are
    dropped, and the paper.yml reader has refused them already."""
    return re.sub(r"[{}\\\s]", "", text)


def json_text(value: Any) -> str:
    """A JSON file's text."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_in_html(value: Any) -> str:
    """JSON inside `<script type="application/json">`: `<`, `>` and `&` as
    \\u escapes, so no string can close the element."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def terminal_text(text: str) -> str:
    """Text from an input, safe to print: no escape sequence can clear the
    screen or recolour it, and no line break can start a line of its own
    (a forged `::error` annotation): "\\n" and "\\x1b" are shown as such."""
    text = TERMINAL_SEQUENCE.sub("", text)
    return CONTROL_CHARACTER.sub(lambda c: ascii(c.group())[1:-1], text)
