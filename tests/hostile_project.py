"""A copy of the project with the hostile inputs of issue 22 added as a
contributor or a maintainer would add them: papers whose labels and keys
carry markup, and (by the tests that need them) concept pages and notes that
try to run a script. Everything here was written for the tests (CC0).

Every attack sets `window.__hostile` (or adds an element with the id
`hostile`) if it runs, so a browser test has one thing to look for.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tests.conftest import copy_project, record_checksums

MARKER = "__hostile"
# A JATS reference label that ends the link and the attr_list and starts a script.
SCRIPT_LABEL = f"1)<script>window.{MARKER}=1</script>"
# One that adds an event handler and a style that covers the viewport.
OVERLAY_LABEL = (f'2" onmouseover="window.{MARKER}=2" '
                 'style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999')
SCRIPT_NOTE_LABEL = f")<script>window.{MARKER}=3</script>"
HANDLER_NOTE_LABEL = f'a" onclick="window.{MARKER}=4" style="position:fixed;inset:0;z-index:9999'
# BibTeX keys may not hold "=" or '"', so the Pandoc key's script does without.
PANDOC_KEY = f"x)<script>window.{MARKER}++</script>"
CONVERTED_NOTE_LABEL = f"x)<script>window.{MARKER}=6</script>"
CONVERTED_HANDLER_LABEL = f'q"onclick="window.{MARKER}=7"style="position:fixed;inset:0'

HOSTILE_PAPERS = ("hostile-jats", "hostile-pandoc", "hostile-converted")


def _jats() -> str:
    references = "".join(
        f'<ref id="r{n}"><label>{escape(label)}</label><element-citation publication-type="journal">'
        f'<person-group person-group-type="author"><name><surname>Author{n}</surname>'
        f"<given-names>A</given-names></name></person-group><year>200{n}</year>"
        f"<article-title>Title {n}</article-title><source>Journal</source></element-citation></ref>"
        for n, label in ((1, SCRIPT_LABEL), (2, OVERLAY_LABEL)))
    body = (f'<sec><title>Introduction</title><p>Alliances bind states, as shown before '
            f'<xref ref-type="bibr" rid="r1">{escape(SCRIPT_LABEL)}</xref> and again '
            f'<xref ref-type="bibr" rid="r2">[2]</xref>. A note'
            f'<xref ref-type="fn" rid="fn1">{escape(SCRIPT_NOTE_LABEL)}</xref> and another'
            f'<xref ref-type="fn" rid="fn2">{escape(HANDLER_NOTE_LABEL)}</xref>.</p></sec>')
    notes = (f'<fn-group><fn id="fn1"><label>{escape(SCRIPT_NOTE_LABEL)}</label><p>One note.</p></fn>'
             f'<fn id="fn2"><label>{escape(HANDLER_NOTE_LABEL)}</label><p>Two notes.</p></fn></fn-group>')
    return ('<?xml version="1.0"?>\n<article><front><article-meta><title-group>'
            "<article-title>Hostile Labels in JATS</article-title></title-group></article-meta></front>"
            f"<body>{body}</body><back>{notes}<ref-list>{references}</ref-list></back></article>\n")


PANDOC_SOURCE = f"""---
title: 'Hostile Keys in Pandoc'
author:
  - name: Jane Doe
bibliography: refs.bib
---

# Introduction

Alliances bind states [@{{{PANDOC_KEY}}}] and they are studied.
"""

PANDOC_BIB = f"""@book{{{PANDOC_KEY},
  author = {{Walt, Stephen M.}}, title = {{The Origins of Alliances}},
  publisher = {{Cornell University Press}}, year = {{1987}}
}}
"""

CONVERTED_SOURCE = f"""# Alliances and Their Discontents

Jane Doe

## Abstract

Alliances are studied here at some length, with care and attention to detail, and the xyzzy doctrine.

## 1. Introduction

Alliances matter a great deal[^{CONVERTED_NOTE_LABEL}] to states, and they bind [1].
Another call[^{CONVERTED_HANDLER_LABEL}] here.

[^{CONVERTED_NOTE_LABEL}]: A note with text.

[^{CONVERTED_HANDLER_LABEL}]: Another note.

## References

[1] Walt, S. M. (1987). The Origins of Alliances. Ithaca: Cornell University Press.
"""


def _paper_yml(slug: str, source: str, short_title: str, form: str) -> str:
    return (f"slug: {slug}\nsource: {source}\nshort_title: {short_title}\nformat: {form}\n"
            "provenance: written for a test of hostile inputs\nlicence: CC0\n")


def add_hostile_papers(project: Path) -> None:
    papers = project / "papers"
    files = {
        "hostile-jats": {"source.xml": _jats(),
                         "paper.yml": _paper_yml("hostile-jats", "source.xml", "Hostile JATS", "jats")},
        "hostile-pandoc": {"source.md": PANDOC_SOURCE, "refs.bib": PANDOC_BIB,
                           "paper.yml": _paper_yml("hostile-pandoc", "source.md", "Hostile Pandoc",
                                                   "pandoc-markdown")},
        "hostile-converted": {"source.md": CONVERTED_SOURCE,
                              "paper.yml": _paper_yml("hostile-converted", "source.md", "Hostile Converted",
                                                      "converted-markdown")},
    }
    for slug, contents in files.items():
        (papers / slug).mkdir()
        for name, text in contents.items():
            (papers / slug / name).write_text(text, encoding="utf-8")
    record_checksums(project)


# A concept page as a contributor might send it: raw HTML, a refresh to
# another site, a second policy, attr_lists with handlers and styles. The
# paper above uses its alias, so the page is linked like any other.
HOSTILE_CONCEPT = f"""---
title: Xyzzy doctrine
aliases: [xyzzy]
summary: A concept page that tries every way to run a script.
related: []
---

# Xyzzy doctrine

A page with <script>window.{MARKER}=10</script> inline, and <b onmouseover="window.{MARKER}=11">bold</b>.

<script>window.{MARKER}=12</script>

<meta http-equiv="refresh" content="0; url=https://example.org/">

<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">

A paragraph that would cover the page.
{{: onclick="window.{MARKER}=13" style="position:fixed;inset:0;z-index:9999" }}

## A heading {{ #kept-id onclick="window.{MARKER}=14" }}

Text[link](https://example.org/){{ onmouseover="window.{MARKER}=15" .md-button }} and <!-- a comment -->.

<div markdown="1" onmouseover="window.{MARKER}=16">A div.</div>

<img src="x" onerror="window.{MARKER}=17">

```{{ .html onclick="window.{MARKER}=18" }}
<script>window.{MARKER}=19</script>
```

An id that stays: {{ #an-id }} and the set {{a, b}}.
"""


def add_hostile_concept(project: Path) -> None:
    (project / "docs" / "concepts" / "xyzzy-doctrine.md").write_text(HOSTILE_CONCEPT, encoding="utf-8")


# Hand-written pages other than concept pages are the maintainers' and are
# not sanitised; a script that reaches one is what the policy is for.
INLINE_SCRIPT_PAGE = "about.md"
INLINE_SCRIPTS = (f"\n<script>window.{MARKER}=20</script>\n\n"
                  f'<p id="hostile-handler"><img src="data:," onerror="window.{MARKER}=21"></p>\n')


def add_inline_script(project: Path) -> None:
    page = project / "docs" / INLINE_SCRIPT_PAGE
    page.write_text(page.read_text(encoding="utf-8") + INLINE_SCRIPTS, encoding="utf-8")


def hostile_project(destination: Path) -> Path:
    """The project with every hostile input of this module added."""
    copy_project(destination)
    add_hostile_papers(destination)
    add_hostile_concept(destination)
    add_inline_script(destination)
    return destination
