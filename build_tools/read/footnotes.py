"""Stage 1, converted Markdown: find footnote calls and footnote texts.

Converters leave calls as bare numbers glued to a word ("turnout.2",
"effect).9"), as superscripts ("<sup>2</sup>", "²", "^2^") or as "[^2]",
and the note texts wherever the page put them: a block starting with its
number at the foot of a page, "[^2]: …" definitions, a Notes section at the
end. A number in the text is a call only on evidence: a note with that number
exists, and calls and notes both count up from 1 in reading order, so a year
or a quantity is never taken for a call.

Calls are marked in the block text with private-use sentinels (\\ue000n\\ue001)
that survive the conversion to plain text, where they become offsets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from build_tools.read.page_furniture import AFFILIATION_NOTE, FIRST_PAGE_AFFILIATION_MAX_WORDS
from build_tools.spans import Spans

CALL_START, CALL_END = "\ue000", "\ue001"
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = "[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}"

# Note texts: "[^2]: …", "<sup>2</sup> …", "^2^ …", "² …", "2 …", "2. …" (in a
# notes section only), and docling's footnote links "[2 https://…](https://…)".
MARKDOWN_NOTE = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$", re.S)
SUP_NOTE = re.compile(rf"^(?:<sup>\s*(\d{{1,3}})\s*</sup>|\^(\d{{1,3}})\^|({SUPERSCRIPT_RUN}))\s*(\S.*)$", re.S)
BARE_NOTE = re.compile(r"^(\d{1,3})\s+([^\d\s|].*)$", re.S)
# "1There is important variation …", "3The use of double IDs …": the number
# glued to the note's first word at the foot of a page (pymupdf4llm, markitdown).
GLUED_NOTE = re.compile(r"^(\d{1,3})(?=[A-Z][a-z])(\S.*)$", re.S)
# A note with no call seen is still believed when it continues a run of
# accepted notes and is short, as a foot-of-page note is.
UNCALLED_NOTE_MAX_WORDS = 80
LIST_NOTE = re.compile(r"^(?:[-*+]\s+)?(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+(\S.*)$", re.S)
# The back link an HTML note ends with ("↩"), not part of the note's words.
BACK_LINK = re.compile(r"\s*(?:<u>\s*)?↩\ufe0e?(?:\s*</u>)?\s*$")
LINK_NOTE = re.compile(r"^\[(\d{1,3})\s+([^\]]+)\]\(([^)\s]+)\)$")
# A line a link annotation of the page covered: "[1There is important …](https://doi.org/…)".
LINKED_LINE = re.compile(r"^\[(\d{1,3}(?!\s+https?:)[^\]]*)\]\([^)\s]+\)", re.M)

# Calls in body text.
MARKDOWN_CALL = re.compile(r"\[\^([^\]\s]+)\]")
SUP_CALL = re.compile(rf"<sup>\s*(\d{{1,3}})\s*</sup>|\^(\d{{1,3}})\^|(?<=\S)({SUPERSCRIPT_RUN})")
# The first character of every such call: a class is found far faster than
# SUP_CALL is tried at every position, and most paragraphs have none.
SUP_CALL_SIGN = re.compile(r"[<^⁰¹²³⁴⁵⁶⁷⁸⁹]")
# A bare number right after a lower-case letter or after closing punctuation
# that follows one: "turnout.2", "effect).9", "states,3". Never after a
# digit, a capital ("G20") or a space ("in 2013"). The look-ahead for the digit,
# which changes no match, spares trying the look-behinds at every position.
BARE_CALL = re.compile(r"(?=\d)(?:(?<=[a-z\)\]”’\"])|(?<=[a-z\)\]”’\"][.,;:!?])|(?<=\b\d{4}[,;]))"
                       r"(\d{1,3})(?=[\s,;:.)]|$)")
CALLS_LOST_AT_MOST = 2
NOTES_LOST_AT_MOST = 2
# A year's comma may carry a call too: "announced in 2013,8 and" (a thousands
# separator has three digits after it, a call one to three then a space).


@dataclass
class NoteText:
    label: str
    text: str
    line: int


@dataclass
class FootnoteScan:
    """What the scan found: the note texts by label, and for each body block
    (by index) its text with the accepted calls marked."""

    notes: dict[str, NoteText]
    marked_blocks: dict[int, str]
    note_blocks: set[int]
    calls_without_note: list[tuple[str, int]]


def note_candidate(text: str, in_notes_section: bool) -> tuple[str, str, bool] | None:
    """(label, note text, explicit) when `text` can be a note; explicit forms
    need no call to be believed."""
    if m := MARKDOWN_NOTE.match(text):
        return m.group(1), m.group(2).strip(), True
    text = LINKED_LINE.sub(r"\1", text)
    if m := LINK_NOTE.match(text):
        # "[2 https://x.org](https://x.org)": a numbered link to itself.
        return m.group(1), m.group(2).strip(), m.group(2).strip().endswith(m.group(3).rstrip("/"))
    if m := SUP_NOTE.match(text):
        label = next(g for g in m.groups()[:3] if g).translate(SUPERSCRIPT_DIGITS)
        return label, m.group(4).strip(), False
    if in_notes_section and (m := LIST_NOTE.match(text)):
        return (m.group(1) or m.group(2)), BACK_LINK.sub("", m.group(3)).strip(), True
    if AFFILIATION_NOTE.match(text) and len(text.split()) <= FIRST_PAGE_AFFILIATION_MAX_WORDS:
        return None  # "1 Department of Economics, …": an author's affiliation, marked like a note
    if m := BARE_NOTE.match(text):
        return m.group(1), m.group(2).strip(), False
    if m := GLUED_NOTE.match(text):
        return m.group(1), m.group(2).strip(), False
    return None


def scan_footnotes(blocks: list[tuple[int, str, int, bool]], front_calls: frozenset[str] = frozenset(),
                   bracket_calls: bool = False, known_calls: dict[str, frozenset[str]] | None = None) -> FootnoteScan:
    """`blocks` are (index, text, line, in a notes section) of the body in
    reading order (headings, tables and references left out); `front_calls`
    are notes called from the front matter (an author's name), so the body's
    calls count on from them. `bracket_calls`: "word.[2]" calls a note (an
    author-year paper, where no citation is a bracketed number). `known_calls`:
    see `explicit_calls`."""
    notes: dict[str, NoteText] = {}
    note_blocks: set[int] = set()
    # Superscript calls anywhere count: a two-column page may put a note
    # before the column that calls it.
    called: set[str] = set(front_calls) | explicit_calls(blocks, bracket_calls, known_calls)
    next_note = 1
    next_call = 1
    while str(next_call) in front_calls:
        next_call += 1
    pending: dict[int, list[tuple[int, int, str]]] = {}  # block -> (start, end, label)
    last_note = ""
    for index, text, line, in_notes in blocks:
        candidate = note_candidate(text, in_notes)
        if candidate is None and in_notes and last_note and _continues(notes[last_note].text, text):
            # A note the page broke: its second half opens the next page's notes.
            notes[last_note].text += " " + BACK_LINK.sub("", text).strip()
            note_blocks.add(index)
            continue
        if candidate:
            label, body, explicit = candidate
            numeric = label.isdigit()
            continues_run = next_note > 1 and len(body.split()) <= UNCALLED_NOTE_MAX_WORDS
            # A note the conversion garbled must not stop the count: the next
            # called numbers are notes too.
            skipped = numeric and next_note < int(label) <= next_note + NOTES_LOST_AT_MOST \
                and label in called and len(body.split()) <= UNCALLED_NOTE_MAX_WORDS
            if (explicit and not numeric) or skipped or (numeric and int(label) == next_note and (
                    explicit or label in called or in_notes or continues_run)):
                notes[label] = NoteText(label, body, line)
                note_blocks.add(index)
                last_note = label
                if numeric:
                    next_note = int(label) + 1
                continue
        calls: list[tuple[int, int, str]] = []
        for m in MARKDOWN_CALL.finditer(text):
            calls.append((m.start(), m.end(), m.group(1)))
            called.add(m.group(1))
        for m in _superscript_calls(text, bracket_calls):
            label = next(g for g in m.groups() if g).translate(SUPERSCRIPT_DIGITS)
            calls.append((m.start(), m.end(), label))
            called.add(label)
            if label == str(next_call):
                next_call += 1
        taken = Spans((s, e) for s, e, _ in calls)
        positions: _Positions | None = None
        for m in BARE_CALL.finditer(text):
            # A call or two the conversion lost (set apart by a space, glued
            # to a digit) must not stop the count: the next numbers count too.
            wanted = {str(next_call + skip) for skip in range(CALLS_LOST_AT_MOST + 1 if next_call > 1 else 1)}
            if m.group(1) not in wanted:
                continue
            if taken.overlaps(m.start(), m.start() + 1):
                continue
            positions = positions or _Positions(text)
            if not positions.inside_link_or_math(m.start()):
                calls.append((m.start(1), m.end(1), m.group(1)))
                called.add(m.group(1))
                next_call = int(m.group(1)) + 1
        if calls:
            pending[index] = sorted(calls)
    _notes_out_of_order(blocks, notes, note_blocks, called)
    marked: dict[int, str] = {}
    without: list[tuple[str, int]] = []
    for index, text, line, _ in blocks:
        calls = [c for c in pending.get(index, []) if c[2] in notes]
        without += [(c[2], line) for c in pending.get(index, []) if c[2] not in notes
                    and (MARKDOWN_CALL.fullmatch(text[c[0]:c[1]]) or not text[c[0]:c[1]].isdigit())]
        if calls:
            out, position = [], 0
            for start, end, label in calls:
                out += [text[position:start], CALL_START, label, CALL_END]
                position = end
            out.append(text[position:])
            marked[index] = "".join(out)
    return FootnoteScan(notes, marked, note_blocks, without)


def _notes_out_of_order(blocks: list[tuple[int, str, int, bool]], notes: dict[str, NoteText],
                        note_blocks: set[int], called: set[str]) -> None:
    """Endnotes a two-column page put before the notes list (SAGE's last page:
    "12. This is the case …" beside the acknowledgements, read before the
    "Notes" heading): numbered items that go on with the notes list, called
    in the text, are notes too; a lower-case block just before the first of
    them finishes the last note."""
    numbers = [int(label) for label in notes if label.isdigit()]
    if not numbers or not any(in_notes for *_, in_notes in blocks):
        return
    wanted = max(numbers) + 1
    for position, (index, text, line, _) in enumerate(blocks):
        if index in note_blocks:
            continue
        candidate = note_candidate(text, in_notes_section=True)
        if candidate is None or candidate[0] != str(wanted) or candidate[0] not in called:
            continue
        if position and wanted == max(numbers) + 1:
            before_index, before_text, _, _ = blocks[position - 1]
            last = notes[str(wanted - 1)]
            if before_index not in note_blocks and _continues(last.text, re.sub(r"^[-*+•]\s+", "", before_text)):
                last.text += " " + re.sub(r"^[-*+•]\s+", "", before_text).strip()
                note_blocks.add(before_index)
        notes[candidate[0]] = NoteText(candidate[0], candidate[1], line)
        note_blocks.add(index)
        wanted += 1


def explicit_calls(blocks: list[tuple[int, str, int, bool]], bracket_calls: bool = False,
                   known: dict[str, frozenset[str]] | None = None) -> set[str]:
    """Labels called by a superscript or "[^n]" in text that is no note.
    `known`: each text's labels, kept by the caller that asks of the same
    texts again (with the same `bracket_calls`)."""
    found: set[str] = set()
    for _, text, _, in_notes in blocks:
        if in_notes:
            continue
        calls = known.get(text) if known is not None else None
        if calls is None:
            calls = _explicit_calls_in(text, bracket_calls)
            if known is not None:
                known[text] = calls
        found |= calls
    return found


def _explicit_calls_in(text: str, bracket_calls: bool) -> frozenset[str]:
    if note_candidate(text, False) is not None:
        return frozenset()
    return frozenset([*(m.group(1) for m in MARKDOWN_CALL.finditer(text)),
                      *(next(g for g in m.groups() if g).translate(SUPERSCRIPT_DIGITS)
                        for m in _superscript_calls(text, bracket_calls))])


# pymupdf4llm 0.0.x writes a superscript call as "[2]": "…the relationship.[2] We".
BRACKET_CALL = re.compile(r"(?<=[a-z)\]”’\"%.,;:?!])\[(\d{1,3})\](?!\()")


def _superscript_calls(text: str, bracket_calls: bool) -> list[re.Match[str]]:
    found = list(SUP_CALL.finditer(text)) if SUP_CALL_SIGN.search(text) else []
    if bracket_calls:
        candidates = list(BRACKET_CALL.finditer(text))
        positions = _Positions(text) if candidates else None
        found += [m for m in candidates if positions is not None and not positions.inside_link_or_math(m.start())]
    return sorted(found, key=lambda m: m.start())


# A note at the foot of a page inside a block of text (pymupdf4llm 0.0.x keeps
# no blank line before it): "… Such hostil\n1 We use the term immigrant …".
NOTE_LINE = re.compile(r"^(\d{1,3})(?:[.)]?\s+|(?=[A-Z][a-z]))[A-Z“\"(]")


def note_lines_in_block(text: str, calls: set[str]) -> list[int]:
    """Offsets of the lines of `text` (after its first) that open a note whose
    number is called somewhere, in increasing order of the numbers."""
    starts: list[int] = []
    last = 0
    for offset, line in enumerate(text.split("\n")):
        m = NOTE_LINE.match(LINKED_LINE.sub(r"\1", line.strip()))
        if offset and m and m.group(1) in calls and int(m.group(1)) > last:
            starts.append(offset)
            last = int(m.group(1))
    return starts


def _continues(note: str, text: str) -> bool:
    """`text` goes on with `note`: the note stops mid-sentence and the text
    opens in lower case."""
    end = note.rstrip()[-1:]
    return bool(end) and end not in ".!?:;”\"’)]" and text.lstrip()[:1].islower()


URL_START = re.compile(r"https?://|www\.|doi:|10\.\d{4,}/")


class _Positions:
    """Where a block's text is inside a URL, a Markdown link target or TeX,
    for any position, from one pass over it: asking per candidate call by
    rescanning the text before it took minutes on a long token."""

    def __init__(self, text: str) -> None:
        def starts(pattern: str) -> list[int]:
            return [m.start() for m in re.finditer(pattern, text)]

        self.urls = [(m.start(), m.end()) for m in URL_START.finditer(text)]
        self.url_starts = [start for start, _ in self.urls]
        self.spaces = starts(r"\s")
        self.dollars = starts(r"\$")
        self.opening_maths, self.closing_maths = starts(r"\\\("), starts(r"\\\)")
        self.link_targets, self.closing_parentheses = starts(r"\]\("), starts(r"\)")

    def inside_link_or_math(self, position: int) -> bool:
        """Digits inside a URL, a Markdown link target or TeX are not calls."""
        # A URL start in the word that ends at `position`.
        word_start = self.spaces[i - 1] + 1 if (i := bisect.bisect_left(self.spaces, position)) else 0
        first = bisect.bisect_left(self.url_starts, word_start)
        if first < len(self.urls) and self.urls[first][1] <= position:
            return True
        if bisect.bisect_left(self.dollars, position) % 2 == 1:
            return True
        opened = bisect.bisect_right(self.opening_maths, position - 2)
        if opened > bisect.bisect_right(self.closing_maths, position - 2):
            return True
        return _last_before(self.link_targets, position - 2) > _last_before(self.closing_parentheses, position - 1)


def _last_before(positions: list[int], limit: int) -> int:
    """The last of `positions` at or before `limit`, or -1."""
    index = bisect.bisect_right(positions, limit)
    return positions[index - 1] if index else -1


CALL_SENTINEL = re.compile(f"{CALL_START}([^{CALL_END}]*){CALL_END}")
