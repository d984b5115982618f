"""Stage 1, converted Markdown: find page furniture by evidence and set it aside.

A PDF page carries lines that are not the paper: running heads and footers,
page numbers, "Downloaded from …" stamps, licence blurbs, DOI lines, and the
converter adds image placeholders and empty table skeletons. The evidence is
repetition (a line printed on many pages is a running head, whatever it says),
shape (a block that is only a number), and a few phrases that publishers and
repositories stamp on every page. Each removal keeps the raw line, so the
import report shows exactly what was dropped.

Converters that keep no blank lines (markitdown) put running heads inside
paragraph blocks, glue two of them on one line ("http://… Smith et al. 2014"),
or glue a page number to them ("… Page2of10"). So repetition is also counted
line by line: a line recurring through the whole file (not clustered in one
place, as a journal name in a reference list is) is a running head wherever it
stands, and a line made only of running heads and page numbers is one too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise

from build_tools.read.paragraphs import Block

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
# Stamps repositories and publishers put on every page; they are never prose.
STAMP = re.compile(
    r"^(?:downloaded\s+from\b|this content downloaded from\b|published online by\b|"
    r"all use subject to\b|terms of use\b|available online at\b|"
    r"provided by\b.*\brepository\b|electronic copy available at\b|"
    r"for personal use only\b|reproduced with permission\b|"
    r"submit your (?:next )?manuscript\b)", re.I)
DOI_LINE = re.compile(r"^(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+$", re.I)
# A browser's print header or footer: "11/30/26, 4:10 AM", "file:///…/paper.html".
PRINT_STAMP = re.compile(
    r"^(?:\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?|file:///\S+)(?:\s+\S.{0,80})?$", re.I)
# A journal's own citation line on the first page: "Volume 2010, Article ID 157939, 6 pages".
JOURNAL_LINE = re.compile(
    r"^vol(?:ume|\.)?\s*\d+\s*,\s*(?:article\s*(?:id|no\.?|number)\s*\w+|issue\s*\d+|no\.\s*\d+)"
    r"(?:\s*,\s*\d+\s*pages?)?$", re.I)
# FQS heads every page "FQS 13(3), Art. 22, Jane Doe & John Roe: Title …", longer
# than a running head is otherwise allowed to be; no sentence opens so.
ARTICLE_RUNNING_HEAD = re.compile(
    r"^[A-Z][A-Za-z]{1,11}\s+\d{1,3}\s?\(\d{1,2}\),\s+Art\.\s?\d{1,4},\s+[^:]{3,200}:\s+\S")
# A publisher's name over the first page: "Hindawi Publishing Corporation".
PUBLISHER_LINE = re.compile(
    r"^(?:\w[\w&.\-]*\s*){0,3}(?:publishing\s*(?:corporation|group|company|ltd\.?|limited|inc\.?)|"
    r"publishers\s*(?:ltd\.?|limited|inc\.?)|verlag\s*gmbh)$", re.I)
# What every such line holds. Its opening words can be split many ways (a
# long first line took a tenth of a second to refuse), so it is tried only then.
PUBLISHER_WORD = re.compile(r"publishing|publishers|verlag", re.I)
# Converter placeholders: docling's "<!-- image -->", marker's image links.
PLACEHOLDER = re.compile(r"^(?:<!--\s*(?:image|page-?break|picture)\s*-->|!\[[^\]]*\]\([^)]*\))$", re.I)
# The page separator some converters write between pages (pymupdf4llm 0.0.x: "-----").
PAGE_SEPARATOR = re.compile(r"^(?:-{3,}|_{3,}|\*{3,}|(?:- ){2,}-)$")
# A manuscript's placement marker: "[FIGURE 1 ABOUT HERE]", "Insert Table 2 about here",
# "<<Figure 3 here>>", maybe bold, italic or set as a heading.
PLACEMENT_MARKER = re.compile(
    r"^(?:#{1,6}\s+)?[*_\s\[<(]*(?:insert\s+|place\s+)?(?:figure|fig\.|table|tab\.|chart|map|graph|exhibit)\s*"
    r"[A-Z]?\d+[a-z]?(?:\s*(?:and|&|,)\s*[A-Z]?\d+[a-z]?)*\s*(?:about|goes|near)?\s*here[\s.*_\]>)]*$", re.I)
LICENCE_WORDS = re.compile(r"licen[cs]e|copyright|©|all rights reserved|creative commons", re.I)
# The note a publisher sets under a table or a column the page breaks: "(continued on next page)".
CONTINUED_MARKER = re.compile(r"^[(\[\s*_]*(?:continued|cont\.|continues)\s+(?:on\s+(?:the\s+)?)?(?:next|following)"
                              r"\s+page[\s.*_)\]]*$", re.I)
EMPTY_TABLE_ROW = re.compile(r"^\|[\s|:\-]*\|$")
HEADING = re.compile(r"^#{1,6}\s")
FENCE = re.compile(r"^\s*(?:```|~~~)")
# Pieces of a furniture key that are a page number: "#", "#/#", "page#of#", "page # of #".
PAGE_PIECE = re.compile(r"(?<!\S)(?:page\s?#\s?of\s?#|page\s?#|#\s?/\s?#|#)(?!\S)")
PAGE_PIECE_PRINTED = re.compile(r"(?<!\S)(?:page\s?\d+\s?of\s?\d+|page\s?\d+|\d+\s?/\s?\d+|\d+)(?!\S)")
# Lines that repeat because the paper numbers them, not because the page prints them.
LABEL_LINE = re.compile(r"^(?:table|fig(?:ure)?\.?|scheme|box|chart|eq(?:uation)?\.?|appendix|step)\s*#", re.I)
# A short line seen on this many pages is a running head or footer.
REPEATS_FOR_RUNNING_HEAD = 3
# A line the converter marks as highlighted (pymupdf4llm's "<mark>" for text on a shaded band, as
# SciPress sets its heads) is a running head at two: a short paper prints each of its heads twice.
REPEATS_FOR_HIGHLIGHTED_HEAD = 2
HIGHLIGHT = re.compile(r"</?mark>")
RUNNING_HEAD_MAX_WORDS = 20
# A line inside a paragraph counts as a running head only if its repeats
# spread over this share of the file: a journal name repeated in the
# reference list is clustered at the end, a running head is on every page.
RUNNING_HEAD_SPREAD = 0.4
# A running head glued before a paragraph's first words is cut off only if
# it is this long (a short phrase may open a sentence; markitdown glues
# words, so letters are counted, not words).
GLUED_HEAD_MIN_LETTERS = 20
# The end of a running head alone on a line is one if it has this many letters.
TAIL_MIN_LETTERS = 12


@dataclass(frozen=True)
class RemovedLine:
    block: Block
    reason: str


def furniture_key(text: str) -> str:
    """A line with its page numbers blanked and spacing and case folded, so
    "Journal of Peace Research 57(3) 412" and "… 413" count as one line."""
    text = re.sub(r"\d+", "#", text.lower())
    return " ".join(re.sub(r"[*_#>`]", " ", text).split())


DIGITS = re.compile(r"\d+")
LINE_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[-–•]\s+)")
MARKUP_SIGNS = re.compile(r"[*_>`|]")


def _digit_key(text: str) -> str:
    """`furniture_key` keeping the number signs, so page pieces stay visible."""
    text = LINE_MARKER.sub(" ", DIGITS.sub("#", text.lower()), count=1)
    return " ".join(MARKUP_SIGNS.sub(" ", text).split())


def _without_page_pieces(digit_key: str) -> str:
    """"Webb et al. (2017), PeerJ … 2/16" (as its `_digit_key`) → "webb et
    al. (#), peerj …": a running head printed with its page number on every
    page, and never without."""
    return " ".join(PAGE_PIECE.sub(" ", digit_key).split())


def _printed_numbers(text: str) -> tuple[int, ...]:
    """The numbers of a line that are not its page number."""
    return tuple(int(n) for n in re.findall(r"\d+", PAGE_PIECE_PRINTED.sub(" ", text.lower()))[:8])


def _numbers_follow_the_pages(printed: list[tuple[int, ...]]) -> bool:
    """Page numbers aside, the numbers of a running head never go down through
    the file (a volume, a year); "(Additional file 1, Section 3.2)" before
    "(… Section 2.1)" is the paper's text, not a page's head."""
    return all(a <= b for a, b in pairwise(printed))


class RunningHeads:
    """Lines the file repeats through its whole length."""

    def __init__(self, blocks: list[Block]) -> None:
        positions: dict[str, list[int]] = defaultdict(list)
        texts_of: dict[str, list[str]] = defaultdict(list)
        last = 1
        for line_number, line in _all_lines(blocks):
            last = max(last, line_number)
            stripped = line.strip()
            texts = [c for c in stripped.strip("|").split("|") if c.strip()] if stripped.startswith("|") else [line]
            for text in texts:
                digit_key = _digit_key(text)
                # Without a number sign there is no page piece to leave out.
                for key in ({digit_key, _without_page_pieces(digit_key)} if "#" in digit_key else {digit_key}) - {""}:
                    positions[key].append(line_number)
                    texts_of[key].append(text)
        self.keys: set[str] = set()
        for key, where in positions.items():
            # Letters and numbers are looked at only for lines that repeat (most lines do not).
            if (len(where) >= REPEATS_FOR_RUNNING_HEAD and sum(c.isalpha() for c in key) >= 6
                    and len(key.split()) <= RUNNING_HEAD_MAX_WORDS and not LABEL_LINE.match(key)
                    and (max(where) - min(where)) >= RUNNING_HEAD_SPREAD * last
                    and _numbers_follow_the_pages([_printed_numbers(text) for text in texts_of[key]])):
                self.keys.add(key)
        self.repeats = {k: len(v) for k, v in positions.items()}
        # No piece of a line is a head with more words than the longest head.
        self.longest = max((len(key.split()) for key in self.keys), default=1)

    def pieces(self, key: str) -> list[str] | None:
        """A line (as its `_digit_key`) cut into running heads, page numbers and
        URLs that recur, or None if some of it is none of these."""
        tokens = PAGE_PIECE.sub(" \0 ", key).split()
        if not tokens:
            return None
        # reach[i]: the pieces covering tokens[:i], fewest first. A piece is
        # at most as long as the longest running head this file has (never
        # over RUNNING_HEAD_MAX_WORDS), so each start tries a few ends
        # (trying every end made a long line cubic in its words).
        reach: dict[int, list[str]] = {0: []}
        for start in range(len(tokens)):
            if start not in reach:
                continue
            for end in range(start + 1, min(len(tokens), start + self.longest) + 1):
                piece = " ".join(tokens[start:end])
                known = piece == "\0" or piece in self.keys
                if known and (end not in reach or len(reach[end]) > len(reach[start]) + 1):
                    reach[end] = [*reach[start], piece]
        found = reach.get(len(tokens))
        if found is None and tokens.count("\0") < len(tokens):
            found = self._tail_of_a_head(tokens)
        return found

    def _tail_of_a_head(self, tokens: list[str]) -> list[str] | None:
        """The end of a running head whose first words the converter put
        elsewhere ("(2017), PeerJ Comput. Sci., DOI …" without "Webb et al.")."""
        if not self.keys:  # most papers have none; every line asks
            return None
        if tokens[0] == "\0":
            return None
        words = [t for t in tokens if t != "\0"]
        tail = " ".join(words)
        if sum(map(str.isalpha, tail)) < TAIL_MIN_LETTERS:
            return None
        for key in self.keys:
            if key != tail and key.endswith(" " + tail) and all(t == "\0" for t in tokens[len(words):]):
                return [key]
        return None

    def glued_prefix(self, line: str) -> str:
        """The running head a converter glued before a paragraph's first
        words ("Detecting Fraud … IP Addresses system allows …"), if the words
        after it go on in lower case, as a sentence split by a page break does."""
        if not self.keys:  # most papers have none; every paragraph asks
            return ""
        words = line.split()
        # letters[size]: the letters of the first `size` words, counted once, not once per size.
        letters = [0, *accumulate(sum(map(str.isalpha, word)) for word in words[:RUNNING_HEAD_MAX_WORDS])]
        for size in range(min(len(words) - 1, RUNNING_HEAD_MAX_WORDS), 0, -1):
            if not (words[size][:1].islower() or words[size][:1] == "(") or letters[size] < GLUED_HEAD_MIN_LETTERS:
                continue
            prefix = " ".join(words[:size])
            key = _digit_key(prefix)
            if key in self.keys or key in self._key_endings:
                return prefix
        return ""

    @cached_property
    def _key_endings(self) -> frozenset[str]:
        """What follows a space in a running head: the ends `glued_prefix`
        accepts, looked up rather than tried against every head."""
        return frozenset(key[space + 1:] for key in self.keys for space, c in enumerate(key) if c == " ")


def _all_lines(blocks: list[Block]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for block in blocks:
        if FENCE.match(block.lines[0]):
            continue
        for offset, line in enumerate(block.lines):
            if line.strip():
                out.append((block.line + offset, line))
    return out


def remove_page_furniture(blocks: list[Block]) -> tuple[list[Block], list[RemovedLine]]:
    """Split `blocks` into text and furniture. Headings are furniture only
    when they repeat with a page number ("### Smith et al. … Page 2 of 10"):
    a paper may repeat a section title, and a heading lost is a section lost."""
    counts = _spread_counts(blocks)
    heads = RunningHeads(blocks)
    kept: list[Block] = []
    removed: list[RemovedLine] = []
    for index, block in enumerate(blocks):
        # A code block is the paper's; converters do not always close the
        # fence, so no state is carried past the block that opens it.
        fenced = FENCE.match(block.lines[0]) is not None
        reason = "" if fenced else _furniture_reason(block, counts, heads, first_block=index < 3)
        if reason:
            removed.append(RemovedLine(block, reason))
        elif fenced or "\n" not in block.text or block.text.lstrip().startswith("|"):
            kept.append(_without_glued_head(block, heads, removed) if not fenced else block)
        else:
            kept.extend(_split_out_furniture_lines(block, heads, removed, first_block=index < 3))
    return kept, removed


def _spread_counts(blocks: list[Block]) -> Counter[str]:
    """How often each one-line block is printed, counting only lines whose
    repeats spread through the file as pages do: seven reference entries in a
    row that differ in their years ("2012. Annual Report …", "2013. …") are
    one place in the file, not seven pages."""
    where: dict[str, list[int]] = defaultdict(list)
    highlighted: set[str] = set()
    for block in blocks:
        if "\n" not in block.text:
            key = furniture_key(block.text)
            where[key].append(block.line)
            if HIGHLIGHT.search(block.text):
                highlighted.add(key)
    last = max((b.line + len(b.lines) for b in blocks), default=1)
    # A highlighted head printed only twice (a short paper) stands two pages apart, not across the file.
    return Counter({key: len(lines) for key, lines in where.items()
                    if max(lines) - min(lines) >= RUNNING_HEAD_SPREAD * last / (2 if key in highlighted else 1)})


NUMBERED_LINE = re.compile(r"^(?:>\s*)?\d{1,3}\.\s+[^\W\d]")


def _furniture_reason(block: Block, counts: Counter[str], heads: RunningHeads, first_block: bool) -> str:
    text = block.text.strip()
    if PLACEHOLDER.match(text):
        return "converter placeholder for an image or page break"
    if PAGE_SEPARATOR.match(text):
        return "the converter's page separator"
    if PLACEMENT_MARKER.match(text):
        return "the manuscript's placement marker for a figure or table"
    if all(EMPTY_TABLE_ROW.match(line.strip()) for line in block.lines):
        return "empty table skeleton"
    if "\n" in text:
        return ""
    if HEADING.match(text):
        return _heading_reason(text, heads)
    highlighted = HIGHLIGHT.search(text) is not None
    plain = HIGHLIGHT.sub("", text).strip("*_ ")
    words = len(plain.split())
    # "> 13. Response 1280." … "> 27. Response 1497.": notes at the feet of
    # pages repeat one shape with their numbers, as a running head does; a
    # numbered line is text. (A paragraph is too long to be one: its key is not made.)
    least = REPEATS_FOR_HIGHLIGHTED_HEAD if highlighted else REPEATS_FOR_RUNNING_HEAD
    if words <= RUNNING_HEAD_MAX_WORDS and (repeats := counts[furniture_key(text)]) >= least \
            and not NUMBERED_LINE.match(text):
        return f"running head or footer (printed {repeats} times)"
    return _line_reason(plain, heads, first_block, alone=True)


def _heading_reason(text: str, heads: RunningHeads) -> str:
    key = _digit_key(text)
    if key in heads.keys and re.search(r"(?<!\S)(?:page\s?#|#\s?/\s?#)", key):
        return f"running head set as a heading (printed {heads.repeats[key]} times, with page numbers)"
    return ""


def _line_reason(plain: str, heads: RunningHeads, first_block: bool, alone: bool) -> str:
    if PAGE_NUMBER.match(plain) and (alone or re.search(r"page|of|/", plain, re.I)):
        return "page number"
    if PAGE_SEPARATOR.match(plain):
        return "the converter's page separator"
    if PLACEMENT_MARKER.match(plain):
        return "the manuscript's placement marker for a figure or table"
    if CONTINUED_MARKER.match(plain):
        return "the publisher's note that a table or text continues on the next page"
    if STAMP.match(plain):
        return "download, repository or publisher stamp"
    if alone and DOI_LINE.match(plain):   # inside a block it ends a reference entry
        return "DOI line"
    if PRINT_STAMP.match(plain):
        return "browser print header or footer (date and time, or file address)"
    if ARTICLE_RUNNING_HEAD.match(plain):
        return "the journal's running head (volume, article number, authors and title)"
    if first_block and JOURNAL_LINE.match(plain):
        return "the journal's citation line on the first page"
    if first_block and PUBLISHER_WORD.search(plain) and PUBLISHER_LINE.match(plain):
        return "the publisher's name on the first page"
    key = _digit_key(plain)
    pieces = heads.pieces(key)
    if pieces and any(p != "\0" for p in pieces):
        repeats = max(heads.repeats.get(p, 0) for p in pieces)
        return f"running head or footer (printed {repeats} times, page numbers aside)"
    # The count first: most lines are printed once, and the words are searched through the whole line.
    if heads.repeats.get(key, 0) >= 2 and LICENCE_WORDS.search(plain):
        return f"licence or copyright notice (printed {heads.repeats[key]} times)"
    return ""


def _split_out_furniture_lines(block: Block, heads: RunningHeads, removed: list[RemovedLine],
                               first_block: bool) -> list[Block]:
    """A block with furniture lines inside: the lines removed, the rest kept
    as runs with their own first line numbers (a paragraph cut by a running
    head is joined again by the page-break join, which reports it)."""
    out: list[Block] = []
    run: list[str] = []
    run_start = block.line
    lines = block.lines
    reasons = [_line_reason(line.strip().strip("*_ "), heads, first_block, alone=False)
               if not HEADING.match(line.strip()) else _heading_reason(line.strip(), heads) for line in lines]
    for offset, line in enumerate(lines):
        reason = reasons[offset]
        # A bare number between two running-head lines is their page number.
        if not reason and PAGE_NUMBER.match(line.strip()) and (
                (offset > 0 and reasons[offset - 1]) or (offset + 1 < len(lines) and reasons[offset + 1])):
            reason = "page number"
        if reason:
            removed.append(RemovedLine(Block(line, block.line + offset, 0), reason))
            if run:
                out.append(Block("\n".join(run), run_start, block.blank_lines_before if run_start == block.line else 0))
            run = []
            continue
        if not run:
            run_start = block.line + offset
        run.append(line)
    if run:
        out.append(Block("\n".join(run), run_start, block.blank_lines_before if run_start == block.line else 0))
    return [_without_glued_head(b, heads, removed) for b in out]


def _without_glued_head(block: Block, heads: RunningHeads, removed: list[RemovedLine]) -> Block:
    first = block.lines[0]
    prefix = heads.glued_prefix(first.strip())
    if not prefix:
        return block
    removed.append(RemovedLine(Block(prefix, block.line, 0), "running head glued before the paragraph's first words"))
    rest = first.strip()[len(prefix):].lstrip()
    return Block("\n".join([rest, *block.lines[1:]]), block.line, block.blank_lines_before)


# --- the first page's boxes --------------------------------------------------

# "Received: 4 September 2013 Accepted: 27 December 2013 Published: 2 January 2014",
# "(Received 20 July 2024; revised 9 June 2025; accepted 12 June 2025)",
# "Received: July 20, 2022; revised: January 13, 2023; … First published online: October 16, 2023."
# Cogitatio: "Submitted: 13 January 2015 | Accepted: 13 January 2015 | Published: 25 June 2015".
# SciELO: "Received on October 27, 2020, final version resubmitted on January 21, 2021 and
# approved on February 22, 2021."; in Spanish and Portuguese "Recibido el 3 de marzo de 2020 /
# Aprobado el 9 de junio de 2020", "Recebido em 3 de março de 2020".
HISTORY_DATE = (r"(?:\d{1,2}\s*[A-Za-z]+\.?,?\s*\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}"
                r"|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+de\s+[^\W\d_]+\.?\s+de\s+\d{4})")
# Each dated item is an atomic group: the spaces around its optional
# separator could be split two ways, which made thirty items on a line
# take exponential time when the line was no history after all.
HISTORY_LINE = re.compile(
    # SciPress ends its papers with "( Received 18 May 2013; accepted 21 May 2013 )".
    rf"^\(?\s*(?:(?>(?:date\s+)?(?:final\s+version\s+|versi[óo]n\s+final\s+|vers[ãa]o\s+final\s+)?"
    rf"(?:received|submitted|revised|accepted|approved|resubmitted|(?:first\s+)?published(?:\s+online)?"
    rf"|available\s+online|version\s+of\s+record|recibido|revisado|aceptado|aprobado|publicado|recebido|aceito"
    rf"|aprovado|reapresentad[ao])\s*(?:(?:on|el|em|en)\s*)?:?\s*{HISTORY_DATE}\s*[;,.|/]?\s*"
    rf"(?:(?:and|y|e)\s+)?))+\)?\.?"
    # AAAS ends the history with the DOI: "Accepted 24 May 2019 Published 3 July 2019 10.1126/sciadv.aaw2612"
    r"(?:\s*(?:doi:?\s*)?10\.\d{4,9}/\S+)?$",
    re.I)
# SciELO prints how to cite the article in its page-1 box, in two languages:
# "Como citar este artigo/How to cite this article", "Cómo citar este artículo".
HOW_TO_CITE = re.compile(r"^(?:(?:c[óo]mo\s+citar\s+este\s+art[íi](?:culo|go)|how\s+to\s+cite\s+this\s+article)"
                         r"\s*[/:|]?\s*){1,2}", re.I)
# SciELO's box at the foot of page 1 puts the history after the support line:
# "Apoio/Support: Conselho Nacional … (Process nº 308477/2016-2). Received on …".
LABELLED_LINE_THEN_HISTORY = re.compile(
    r"^[^\s:]{2,30}(?:\s*/\s*[^\s:]{2,30})?\s*:\s[^:]{0,300}?[.)]\s+(?P<history>(?:received|submitted|recibido"
    r"|recebido)\b.*)$", re.I | re.S)
# "Correspondence: …@…", "Corresponding author Mary J. O'Connell, m.oconnell@…",
# "Correspondence should be addressed to Helen M. Burke, helenburke1@rcsi.ie"
CORRESPONDENCE_LINE = re.compile(r"^[*\s]*(?:correspondence|corresponding\s+author)\b.*@", re.I | re.S)
CORRESPONDENCE_HEADING = re.compile(r"^#*\s*[*_]*\s*(?:correspondence|corresponding\s+authors?)\s*:?[*_\s]*$", re.I)
EMAIL_LINE = re.compile(r"^(?:e-?mail\s*:?\s*)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\.?$", re.I)
# "© 2014 …; licensee BioMed Central Ltd. This is an open access article …",
# "Copyright 2017 Webb et al.", "Distributed under Creative Commons CC-BY 4.0"
LICENCE_BLURB = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}\b|distributed under\b|"
    r"this (?:is an|article is an) open[- ]access article\b|open access\b.*\blicen[cs]e)", re.I)
# Frontiers and others print who handled the paper on its first page.
EDITOR_BOX = re.compile(r"^(?i:(?:edited|reviewed)\s+by|(?:academic|handling|section)\s+editor)\s*:?\s+"
                        r"[A-ZÀ-Þ][\w’'-]+(?:\s+[A-Z]\.)*\s+[A-ZÀ-Þ]")
# "1 Department of Economics, Royal Holloway University of London, Egham, UK",
# "2School of Economics, …": an affiliation marked like a footnote.
AFFILIATION_NOTE = re.compile(
    r"^(?:\d{1,2}|[a-z]|[*†‡§])\s*(?:(?:The|Travers)\s+)?(?:Department|Dept\.|School|Faculty|Institute|Instituto|"
    r"Universit[yéàä]\w*|Universidad[e]?|Departamento|Cent(?:er|re)|College|Laboratory|Division|Graduate School|"
    r"Program(?:me)?)\b")
FIRST_PAGE_AFFILIATION_MAX_WORDS = 30
# Many authors' affiliations run together in one block at the foot of the
# first page (Science Advances: "1Department …, USA.<sup>2</sup> Department …
# 4WZB Berlin …"): each opens with its number, glued or superscript, and the
# numbers count up from 1. Too long for one affiliation, and no footnotes.
AFFILIATION_NUMBER = re.compile(r"(?:^|(?<=[.;])\s*)(?:<sup>\s*(\d{1,2})\s*</sup>|(\d{1,2})(?=\s?[A-Z]))")
AFFILIATION_LIST_MIN = 3
# A licence box anywhere in a first-page block ("doi:… © The Author(s), 2023. Published by
# Cambridge University Press … This is an Open Access article, distributed under the terms of
# the Creative Commons Attribution licence …").
LICENCE_BOX = re.compile(r"creative\s*commons|open\s*access\s*article|distributed\s*under\s*the\s*terms", re.I)
# The journal's own citation line: a journal name, the year, volume, issue and pages
# ("American Political Science Review (2024) 118, 3, 1556–1562", "Am J Pol Sci. 2025;69:718–733.",
# "British Journal of Political Science (2025), 55, e140, 1–11",
# "Research and Politics October-December 2017: 1–8 © The Author(s) 2017").
PAGE_RANGE = re.compile(r"(?<![\d.])(?:e?\d{1,5}\s*[–—-]\s*\d{1,5}|e\d{2,7})(?![\d])")
CITATION_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# The journal's web address alone ("journals.sagepub.com/home/rap", "718 wileyonlinelibrary.com/journal/ajps").
JOURNAL_ADDRESS = re.compile(r"^(?:\d{1,5}\s+)?\[?(?:https?://)?(?:www\.)?[\w.-]+\.(?:com|org|net)/[\w/.-]*\]?"
                             r"(?:\([^)\s]*\))?(?:\s+\d{1,5})?$", re.I)
# "Copyright 2017 Webb et al.": a short line that is only the copyright.
COPYRIGHT_LINE = re.compile(r"^(?:©|copyright)\s*©?\s*\d{4}\b(?:\s+\S+){0,8}$", re.I)
# The boxes stand on the first page; the first page is at most this share of the text.
FIRST_PAGE_SHARE = 0.2
FIRST_PAGE_BOX_MAX_WORDS = 120


BOX_MARKUP = re.compile(r"</?u>|</?mark>|[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}|[\x00-\x08\x0b-\x1f]")
# The first character of every such piece, found faster (most blocks have none).
BOX_MARKUP_START = re.compile(r"[<*_\x00-\x08\x0b-\x1f]")


def first_page_box_reason(text: str, near_the_start: bool) -> str:
    """Why `text` (a block, markup dropped) is a box of the first page, or ""."""
    # Control characters a PDF font leaves ("1\x07Department") are no text.
    plain = (BOX_MARKUP.sub("", text) if BOX_MARKUP_START.search(text) else text).strip()
    if HISTORY_LINE.match(plain):
        return "article history of the first page (received, accepted, published)"
    if near_the_start and (box := LABELLED_LINE_THEN_HISTORY.match(plain)) and HISTORY_LINE.match(box.group("history")):
        return "a first-page box: a labelled line (support, funding) and the article history"
    # SciELO's first affiliation carries the correspondence address and e-mail too.
    most_words = FIRST_PAGE_AFFILIATION_MAX_WORDS * (2 if "@" in plain else 1)
    if AFFILIATION_NOTE.match(plain) and len(plain.split()) <= most_words and near_the_start:
        return "an author's affiliation at the foot of the first page (not a footnote)"
    if CORRESPONDENCE_LINE.match(plain) or EMAIL_LINE.match(plain):
        return "correspondence address of the first page"
    if not near_the_start:
        return ""
    if LICENCE_BLURB.match(plain) and (LICENCE_WORDS.search(plain[1:]) or COPYRIGHT_LINE.match(plain)):
        return "copyright or licence statement on the first page"
    if LICENCE_BOX.search(plain) and LICENCE_WORDS.search(plain):
        return "licence box of the first page"
    if EDITOR_BOX.match(plain):
        return "the journal's editor box of the first page (edited by, reviewed by)"
    if is_journal_citation_line(plain):
        return "the journal's citation line on the first page (volume, issue, pages)"
    if JOURNAL_ADDRESS.match(plain):
        return "the journal's web address on the first page"
    if re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", plain) and len(plain.split()) <= 40 and re.search(
            r"\b(?:Department|University|Institute|School|College|Professor|Center|Centre)\b", plain):
        return "correspondence address of the first page"
    return ""


def is_affiliation_list(text: str) -> bool:
    """The first page's numbered affiliations of many authors in one block:
    it opens like an affiliation and its numbers run 1, 2, 3 …"""
    plain = text.lstrip("> ").strip()
    if not AFFILIATION_NOTE.match(re.sub(r"</?sup>", "", plain)):
        return False
    numbers = [int(m.group(1) or m.group(2)) for m in AFFILIATION_NUMBER.finditer(plain)]
    return len(numbers) >= AFFILIATION_LIST_MIN and numbers == list(range(1, len(numbers) + 1))


def is_journal_citation_line(text: str) -> bool:
    """A journal's citation of the article itself: capitalised words (the
    journal), a year, and pages or an article number, maybe with the DOI and
    the copyright, and nothing that reads as a sentence."""
    words = text.split()
    if not 3 <= len(words) <= 30 or not CITATION_YEAR.search(text) or not PAGE_RANGE.search(text):
        return False
    rest = re.sub(r"(?:doi:?\s*|https?://\S+|10\.\d{4,9}/\S+|©.*$)", " ", text, flags=re.I)
    names = [w for w in re.findall(r"[A-Za-z][A-Za-z’'.&-]*", rest)]
    lower = [w for w in names if w[0].islower() and w.lower() not in ("of", "and", "the", "in", "for", "on", "de")]
    return bool(names) and len(lower) <= 1 and not re.search(r"[a-z]{3,}[.!?]\s+[A-Z][a-z]", rest)


def remove_first_page_boxes(blocks: list[Block], total_lines: int) -> tuple[list[Block], list[RemovedLine]]:
    """The first page's article history, correspondence, e-mail and licence
    lines, which converters leave among the body's paragraphs (or after the
    abstract). Run after the front matter is read (an author's e-mail or
    corresponding mark is taken there first); licence lines only near the
    start, history and correspondence lines wherever they stand."""
    kept: list[Block] = []
    removed: list[RemovedLine] = []
    citation_box_label = False
    for index, block in enumerate(blocks):
        text = " ".join(block.text.split()).lstrip("> ").strip("*_ ")
        reason = ""
        near_the_start = block.line <= FIRST_PAGE_SHARE * total_lines
        plain = re.sub(r"[*_]", "", text)
        if near_the_start and (label := HOW_TO_CITE.match(plain)):
            # The label, and the citation with it or in the block under it.
            citation_box_label = not plain[label.end():].strip()
            removed.append(RemovedLine(block, "the journal's 'how to cite this article' box of the first page"))
            continue
        if citation_box_label and len(text.split()) <= FIRST_PAGE_BOX_MAX_WORDS and CITATION_YEAR.search(text):
            citation_box_label = False
            removed.append(RemovedLine(block, "the journal's 'how to cite this article' box of the first page"))
            continue
        citation_box_label = False
        if CORRESPONDENCE_HEADING.match(text) and HEADING.match(block.text) and index + 1 < len(blocks):
            # "#### **Corresponding author:**" over the address: the box's heading, not a section.
            address = " ".join(blocks[index + 1].text.split()).lstrip("> ")
            if re.search(r"[\w.+-]+@[\w-]+\.", address) and len(address.split()) <= FIRST_PAGE_BOX_MAX_WORDS:
                removed.append(RemovedLine(block, "heading of the first page's correspondence box"))
                continue
        # A history or correspondence line says what it is wherever the
        # converter put the box (pymupdf4llm may put it after page 1's text).
        if len(text.split()) <= FIRST_PAGE_BOX_MAX_WORDS and not HEADING.match(block.text):
            reason = first_page_box_reason(text, near_the_start)
        elif near_the_start and is_affiliation_list(text):
            reason = "the authors' numbered affiliations at the foot of the first page (not footnotes)"
        if reason:
            removed.append(RemovedLine(block, reason))
        else:
            kept.append(block)
    return kept, removed
