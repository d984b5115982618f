"""Stage 1, converted Markdown: the cover sheet an open-access repository
puts before the article's first page.

SSOAR (and EconStor, which shares the layout) prepends a page with its logo
("www.ssoar.info"), the title and authors, the version ("Veröffentlichungs-
version / Published Version"), the document type ("Zeitschriftenartikel /
journal article"), "Empfohlene Zitierung / Suggested Citation:" with the
citation, and "Nutzungsbedingungen: … Terms of use: …" with the licence.
None of it is the authors' text, and read as front matter its logo line
becomes the title. Found by evidence (the sheet's own bilingual labels),
and each removed block is returned for the import report.
"""

from __future__ import annotations

import re

from build_tools.read.paragraphs import Block

# The labels only such a cover sheet carries; two of them make one.
COVER_SHEET_LABEL = re.compile(
    r"www\.ssoar\.info|\beconstor\b|Empfohlene Zitierung|Suggested Citation\s*:|Nutzungsbedingungen\s*:|"
    r"Veröffentlichungsversion\s*/\s*Published Version|Terms of use\s*:", re.I)
TERMS_OF_USE = re.compile(r"^[#*_\s]*Terms of use\s*:?[*_\s]*$", re.I)
# The licence text under "Terms of use:": CC or the repository's deposit licence.
LICENCE_TEXT = re.compile(r"licen[cs]e|this document|conditions of use|creativecommons|non-exclusive|"
                          r"copyright|right to using", re.I)
COVER_SHEET_MAX_BLOCKS = 25   # the sheet is one page at the very start
LICENCE_MAX_BLOCKS = 6
REASON = "the repository's cover sheet before the article (SSOAR, EconStor: suggested citation, terms of use)"


def remove_repository_cover_sheet(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """`blocks` without a repository cover sheet at the start, and the
    blocks removed; unchanged when the start is no such sheet."""
    start = blocks[:COVER_SHEET_MAX_BLOCKS]
    # The "Terms of use" line first: a line is matched at its start, where
    # the labels are searched for through every block, and most papers have neither.
    terms = next((i for i, b in enumerate(start) if TERMS_OF_USE.match(b.text.strip())), None)
    if terms is None:
        return blocks, []
    labels = {m.group(0).lower() for b in start for m in COVER_SHEET_LABEL.finditer(b.text)}
    if len(labels) < 2:
        return blocks, []
    end = terms + 1
    while end < len(blocks) and end - terms <= LICENCE_MAX_BLOCKS and LICENCE_TEXT.search(blocks[end].text) \
            and not blocks[end].text.lstrip().startswith("#"):
        end += 1
    return blocks[end:], blocks[:end]
