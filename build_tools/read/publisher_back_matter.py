"""Stage 1, converted Markdown: the back matter publishers set without
headings, and the pages they add after the article.

AAAS journals (Science, Science Advances) end an article with run-in bold
labels instead of headings ("**Acknowledgments:** We are grateful …",
"**Funding:** …", "**Author contributions:** …") straight after the
numbered "REFERENCES AND NOTES"; read as text, they become part of the last
reference. A downloaded AAAS PDF also carries a cover sheet after the last
page that repeats the title and authors ("ARTICLE TOOLS", "PERMISSIONS",
"Use of this article is subject to the Terms of Service"). Both are found by
evidence, and each change is returned for the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.read.headings import BACK_MATTER_TITLE, strip_emphasis
from build_tools.read.paragraphs import Block

# "**Acknowledgments:** We are …", "**Data and materials availability:** All …",
# "__Funding.__ This work …": a bold label, its colon or period inside or just
# after the bold, then the text.
RUN_IN_LABEL = re.compile(
    r"^(?P<mark>\*\*|__)(?P<label>[A-Z][A-Za-z ,’'&-]{2,60}?)\s*(?P<stop>[:.])?\s*(?P=mark)\s*(?(stop)|[:.])\s*"
    r"(?P<rest>\S.*)$", re.S)
# What only a publisher's download cover sheet holds.
COVER_SHEET_WORDS = re.compile(r"ARTICLE TOOLS|\bPERMISSIONS\b|Terms of Service|reprints-and-permissions|"
                               r"This article cites \d+ articles", re.I)


@dataclass(frozen=True)
class Change:
    block: Block
    what: str


def split_run_in_back_matter(blocks: list[Block]) -> tuple[list[Block], list[Change]]:
    """Each block that opens with a bold back-matter label becomes that
    label as a heading and the rest as its text."""
    out: list[Block] = []
    changes: list[Change] = []
    for block in blocks:
        m = RUN_IN_LABEL.match(block.text.strip())
        if m is None or not BACK_MATTER_TITLE.match(m.group("label").strip()):
            out.append(block)
            continue
        label = m.group("label").strip()
        # A heading of the back matter now: set as one, so the reference list above it ends there.
        out += [Block(f"# {label}", block.line, block.blank_lines_before), Block(m.group("rest"), block.line, 1)]
        changes.append(Change(block, f"a run-in label set in bold read as the back-matter heading {label!r}"))
    return out, changes


# "**Citation:** T. Dunning, G. Grossman, …, Title. Sci. Adv. 5, eaaw2612 (2019).": how to cite the article itself.
OWN_CITATION_LABEL = re.compile(r"^(?:\*\*|__)?\s*(?:Citation|Cite this article|How to cite this article)\s*:", re.I)


def remove_own_citation(blocks: list[Block], title: str) -> tuple[list[Block], list[Change]]:
    """The publisher's suggested citation of the article itself, which names
    the paper's own title: page furniture, not the authors' text."""
    wanted = _comparable(title)
    if len(wanted.split()) < 3:
        return blocks, []
    kept: list[Block] = []
    changes: list[Change] = []
    for block in blocks:
        if OWN_CITATION_LABEL.match(block.text.strip()) and wanted in _comparable(block.text):
            changes.append(Change(block, "the publisher's suggested citation of the article itself"))
        else:
            kept.append(block)
    return kept, changes


def remove_download_cover_sheet(blocks: list[Block], title: str) -> tuple[list[Block], list[Change]]:
    """Everything from a heading that repeats the paper's title, in the
    second half of the text, to the end, when what follows it says it is
    the publisher's cover sheet (article tools, permissions, terms)."""
    wanted = _comparable(title)
    if len(wanted.split()) < 3:
        return blocks, []
    for index in range(len(blocks) // 2, len(blocks)):
        heading = blocks[index].heading
        if heading is None or _comparable(heading.title) != wanted:
            continue
        if any(COVER_SHEET_WORDS.search(b.text) for b in blocks[index + 1:]):
            what = ("the publisher's download cover sheet after the article (the title and authors again, "
                    "article tools, permissions, terms of use)")
            return blocks[:index], [Change(blocks[index], f"{what}, {len(blocks) - index} blocks")]
    return blocks, []


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", strip_emphasis(text)).lower().split())
