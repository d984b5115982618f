"""Stage 1, converted Markdown: split a reference list into entries, and read
just enough of each entry (first authors' family names and the year) to link
author-year citations to it.

Converters leave reference lists numbered or not, one entry a line, several
run together in one paragraph, or one entry broken across blank lines by a
page break. An entry starts where the evidence says so: a printed number, a
list bullet, or a line that opens like an author list ("Walt, Stephen M.",
"Walt SM", "———."). DOIs and URLs broken by a space are rejoined. Nothing is
dropped: text that fits no entry shape stays attached to the entry before it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from build_tools.read.paragraphs import Block

# "[12] …", "12. …", "12 …", "(12) …", each maybe after a list bullet.
NUMBERED_ENTRY = re.compile(r"^(?:[-*+]\s+)?(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)]?(?=\s))\s*(.*)$", re.S)
BULLET = re.compile(r"^[-*+]\s+(.*)$", re.S)
NAME_PART = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w'’\-]+|(?:van|von|de|der|den|da|di|du|del|della|la|le|ter|bin|al|el)[\s-])"
# "Walt, S." / "Walt, Stephen" / "Walt SM," / "van Evera, S." / "———." / "World Bank."
# An organisation before its year: "Human Security Report Project (2011)",
# "University of Washington (2013).", "KPLU (2013)."
ORGANISATION_YEAR = (r"[A-Z][\w&.\-]*(?:\s(?:[A-Z][\w&.\-]*|of|for|and|the|on|in|de|du|des)){0,8}"
                     r"\s\((?:1[5-9]|20)\d\d[a-z]?\)")
AUTHOR_START = re.compile(
    rf"^(?:[*_]{{0,2}})(?:(?:{NAME_PART}\s?){{1,3}},\s*(?:[A-ZÀ-ÞА-Я][\w.\-]*|\(?\d{{4}})|"
    rf"(?:{NAME_PART}\s?){{1,3}}\s[A-Z]{{1,3}}[,.\s]|[—–\-_]{{2,}}\.?|~~\.?~~"
    rf"|[A-Z][\w&.\-]*(?:\s(?:[A-Z][\w&.\-]*|of|for|and|the|on|in|de|du|des)){{0,8}}\.\s*\(?\d{{4}}"
    rf"|{ORGANISATION_YEAR})")
YEAR = re.compile(r"(?<![\d/.\-])(1[5-9]\d\d|20\d\d)([a-z])?(?![\d/])|\b(n\.\s?d\.|forthcoming|in press)", re.I)
# A URL or DOI broken by a space right after a separator: "https://doi.org/ 10.1145/…".
# Its run is taken whole (possessive, at most 2,000 characters) and must end
# with the separator: backtracking through it from each of 30,000 "http://"
# in one token was quadratic.
BROKEN_URL = re.compile(r"((?:https?://|doi:\s?|\b10\.\d{4,9}/)[^\s<>\]]{1,2000}+(?<=[/.\-_=?&]))\s+"
                        r"(?=[\w\-./%?=&#]*[\w/](?:[\s<>)\]]|$))")
HEADING_MARK = re.compile(r"^#{1,6}\s+")
# "Grove, CA: Duxbury Press.", "Princeton, NJ: Princeton University Press.": an
# entry's place and publisher on a line of its own, not the next entry's authors.
PLACE_AND_PUBLISHER = re.compile(r"^(?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+)\s*:\s")
LINKED_LINE_START = re.compile(r"^\[(?=[A-ZÀ-Þ][^\]]*\]\(https?://)")
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "ter", "bin", "al", "el",
             "abu"}


@dataclass(frozen=True)
class ReferenceEntry:
    label: str
    text: str
    line: int           # first line of the entry in the (corrected) source
    numbered: bool


# "———. 1999a.", "——, and Glenn Snyder. 2001.", "___. 2004.": the authors of the entry before.
# A rule LaTeX draws as a line (biblatex-chicago's) comes out of pymupdf4llm as
# a struck-through full stop: "~~.~~ 2016.".
REPEATED_AUTHORS = re.compile(r"^[*_\s]*(?:[—–]{2,}|-{3,}|_{3,}|~~\s*[.,]?\s*~~)\s*[.,]?")


def repeated_authors(entries: list[str]) -> list[str]:
    """For each entry, the author part it repeats from the entry before
    ("Walt, Stephen M." for "———. 1999a. …"), or ""; a chain of repeats
    goes back to the last entry that printed its names."""
    out: list[str] = []
    last = ""
    for text in entries:
        if REPEATED_AUTHORS.match(text):
            out.append(last)
            continue
        plain = re.sub(r"[*_]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
        year = _author_year(plain)
        head = plain[:year.start()].rstrip(" ,(") if year else ""
        # "Walt, Stephen M." keeps the full stop of its last initial.
        last = head if re.search(r"\b[A-Z]\.$", head) else head.rstrip(". ")
        out.append("")
    return out


def repair_broken_urls(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Rejoin DOIs and URLs that a line break split; returns the (before,
    after) of each repair for the report."""
    repairs: list[tuple[str, str]] = []

    def join(match: re.Match[str]) -> str:
        if match.group(1).endswith(".") and match.string[match.end():match.end() + 1].isupper():
            return match.group(0)  # "…/brapci/4867. Acesso em: …": the address ended a sentence
        repairs.append((match.group(0) + "…", match.group(1) + "…"))
        return match.group(1)

    for _ in range(3):  # a long URL may be broken more than once
        text, count = BROKEN_URL.subn(join, text)
        if not count:
            break
    return text, repairs


# "SURNAME, F.Title …": the converter lost the space between the last
# initial of the author list and the title's first word.
GLUED_INITIAL = re.compile(r"(?<=[\s.][A-ZÀ-Þ]\.)(?=[A-ZÀ-Þ][a-zß-ÿ]{2,})")
AUTHOR_LIST_MAX_CHARACTERS = 200


def repair_glued_initial(text: str) -> tuple[str, tuple[str, str] | None]:
    """The entry with a space put back after an initial glued to the title
    in its author list ("PÉREZ, J.Alianzas"), and (before, after) for the report."""
    year = YEAR.search(text)
    head_end = min(year.start() if year else len(text), AUTHOR_LIST_MAX_CHARACTERS)
    match = GLUED_INITIAL.search(text, 0, head_end)
    if not match or not AUTHOR_START.match(text) or "," not in text[:match.start()]:
        return text, None
    initial, word = text[match.start() - 2:match.start()], text[match.start():].split(maxsplit=1)[0]
    return text[:match.start()] + " " + text[match.start():], (initial + word, f"{initial} {word}")


def split_reference_entries(blocks: list[Block]) -> list[ReferenceEntry]:
    """Every entry of the list in `blocks`, in order."""
    lines: list[tuple[str, int, bool]] = []  # text, line, starts a block
    for block in blocks:
        for offset, line in enumerate(block.lines):
            if line.strip():
                # A heading mark on an entry line is the converter's guess
                # from a font change (opendataloader's "#### Kosiol C, …").
                lines.append((HEADING_MARK.sub("", line.strip()), block.line + offset, offset == 0))
    numbered = sum(1 for text, _, _ in lines if NUMBERED_ENTRY.match(text)) >= max(2, len(lines) // 3)
    entries: list[list[object]] = []  # [label, text, line]
    for text, number, block_start in lines:
        m = NUMBERED_ENTRY.match(text) if numbered else None
        if m and (not entries or _plausible_next(entries, m)):
            label = next(g for g in m.groups()[:3] if g)
            entries.append([label, m.group(4).strip(), number])
            continue
        bullet = BULLET.match(text)
        body = bullet.group(1) if bullet else text
        # "[Mebane WR, … (2022) “Measuring …”. Available at: https://…](https://…)":
        # a line a link annotation of the page covered opens like any other.
        opening = LINKED_LINE_START.sub("", body)
        # A converter may start a bullet inside an entry the page or the column
        # broke ("- “Race," then "- Sociopolitical Participation, …").
        # Or at a line break of an entry that has not reached its closing full
        # stop ("- … Cambridge Uni-" then "- versity Press."; "… _Comparative
        # Political Studies_" then "- 40, no. 11 …"): a line that opens in
        # lower case or with a number goes on with it.
        previous = str(entries[-1][1]) if entries else ""
        bullet_starts = bullet is not None and not (entries and (
            (not AUTHOR_START.match(opening)
             and (_unfinished(previous) or (not _closed(previous) and re.match(r"[a-z\d]", opening))))
            or (not _closed(previous) and _yearless_tail(opening))))
        starts_entry = not numbered and (bullet_starts or _opens_like_entry(opening, block_start, entries))
        if starts_entry or not entries:
            entries.append(["", body.strip(), number])
        else:
            entries[-1][1] = _join(str(entries[-1][1]), body.strip())
    result: list[ReferenceEntry] = []
    for label, entry_text, first_line in entries:
        for part in ([str(entry_text)] if numbered else split_run_together_entries(str(entry_text))):
            result.append(ReferenceEntry(str(label) or str(len(result) + 1), part, int(str(first_line)), numbered))
    if not numbered:
        result = _fragments_rejoined(result)
        result = [ReferenceEntry(str(i), e.text, e.line, False) for i, e in enumerate(result, start=1)]
    return result


def numbered_entries_run_together(entries: list[ReferenceEntry]) -> tuple[list[ReferenceEntry], list[str]]:
    """A numbered list whose conversion lost the line break before an entry
    ("… 2002, 2:20-29. 3. Evans PK: …" as entry 2): where the number the list
    lacks next is printed after an entry's end and before a capital, a new
    entry starts. Returns the entries and the labels split off."""
    if not entries or not entries[0].numbered or not all(e.label.isdigit() for e in entries):
        return entries, []
    labels = {int(e.label) for e in entries}
    out: list[ReferenceEntry] = []
    split_off: list[str] = []
    for entry in entries:
        text, label = entry.text, int(entry.label)
        # Each part keeps a year, so "… 2005. 13 Suppl:…" inside one entry is never cut.
        while label + 1 not in labels and (
                m := re.search(rf"(?<=[.)\]])\s+{label + 1}[.)]?\s+(?=[A-ZÀ-Þ])", text)) \
                and YEAR.search(text[:m.start()]) and YEAR.search(text[m.end():]):
            out.append(ReferenceEntry(str(label), text[:m.start()].rstrip(), entry.line, True))
            text, label = text[m.end():], label + 1
            labels.add(label)
            split_off.append(str(label))
        out.append(ReferenceEntry(str(label), text, entry.line, True))
    return out, split_off


def _fragments_rejoined(entries: list[ReferenceEntry]) -> list[ReferenceEntry]:
    """A piece of an entry the column order moved away from it ("Reactions
    to Immigrant Minorities.” APSR 98(1): 35–49." far below "Sniderman …
    2004. “Predisposing Factors and Situational Triggers:") has no authors
    and no year; it finishes the one entry of the list left unfinished."""
    fragments = [e for e in entries if not AUTHOR_START.match(e.text) and not YEAR.search(e.text[:80])]
    unfinished = [e for e in entries if e not in fragments and _unfinished(e.text)]
    if len(fragments) != 1 or len(unfinished) != 1:
        return entries
    fragment, target = fragments[0], unfinished[0]
    joined = ReferenceEntry(target.label, _join(target.text, fragment.text), target.line, target.numbered)
    return [joined if e is target else e for e in entries if e is not fragment]


def _plausible_next(entries: list[list[object]], m: re.Match[str]) -> bool:
    """A number that continues the list; "2019. Title…" at a line start is a
    year inside an entry, not entry 2019."""
    label = next(g for g in m.groups()[:3] if g)
    previous = str(entries[-1][0])
    return not previous.isdigit() or 0 < int(label) - int(previous) <= 3


# An organisation as author, its name ended by a full stop and the title
# after it (ABNT, Portuguese and Spanish joining words included).
ORGANISATION_AUTHOR = re.compile(
    r"^[A-ZÀ-Þ][\w\-]+(?:\s(?:[A-ZÀ-Þ][\w\-]+|of|for|and|the|on|in|de|da|do|das|dos|del|la|las|los|e|y|für|und))"
    r"{1,8}\.\s+[*_]?[A-ZÀ-Þ]")


def _opens_like_entry(text: str, block_start: bool, entries: list[list[object]]) -> bool:
    if not entries:
        return True
    before = str(entries[-1][1]).rstrip(" *_")
    if block_start and ORGANISATION_AUTHOR.match(text) and YEAR.search(before) and _closed(before) \
            and not _unfinished(before):
        return True  # ABNT's body as author: "Conselho Nacional de … e Tecnológico. _Apresentação_ ."
    if not AUTHOR_START.match(text) or PLACE_AND_PUBLISHER.match(text):
        return False
    if re.search(r"(?:,|&|\band)[\s*_]*$", str(entries[-1][1])):
        return False  # the entry before stopped inside its author list: this line goes on with it
    if not YEAR.search(before) and (not before.endswith((".", ")", "”")) or re.search(r"\b[A-Z]\.$", before)):
        return False  # "… and Jennifer van" / "Heerde-Hudson. 2021.", "… R. de Geus, J." / "Bailey, H. …"
    if YEAR.search(before) and _unfinished(before):
        return False  # "… 2022. “British" / "Election Study, 2019: …": a title the page broke
    # A continuation line that happens to start with a capitalised word is
    # still the previous entry while that one has no year yet.
    return block_start or bool(YEAR.search(str(entries[-1][1])))


def _unfinished(entry: str) -> bool:
    """An entry cut before its end: it stops inside its author list, after
    its year, or inside a quoted title ("… 1990. “Race,")."""
    entry = entry.rstrip()
    plain = re.sub(r"[*_]", "", entry)
    year = _author_year(plain)
    after_year = entry[year.end():] if year else entry
    return (bool(re.search(r"[,:;(“\"‘&]$|\band$", entry))
            or (len(after_year.split()) < 2 and not (year and _year_ends_entry(plain, year)))
            or after_year.count("“") > after_year.count("”"))


# ABNT and Vancouver print the year last: "… Rio de Janeiro: Zahar, 1995." or
# "… p. 239-245, 2003. https://doi.org/…" is a whole entry, not an author
# list and its year waiting for the title on the next line (APSA's "Walt,
# Stephen M. 1987."): after a comma, with a title ended before it.
AFTER_A_LAST_YEAR = re.compile(r"^[\s.]*(?:(?:doi|url|dispon[ií]vel em|available (?:from|at))\s*:\s*)?"
                               r"(?:(?:https?://|doi:\s?|10\.\d{4,9}/)\S+[\s.]*)?$", re.I)
TITLE_ENDED = re.compile(r"(?<=[a-zß-ÿ]{2})(?<!\bal)(?<!\band)\s?[.?!]\s")


def _year_ends_entry(plain: str, year: re.Match[str]) -> bool:
    before = plain[:year.start()].rstrip()
    return (before.endswith(",") and bool(AFTER_A_LAST_YEAR.match(plain[year.end():]))
            and bool(TITLE_ENDED.search(before)))


def _yearless_tail(text: str) -> bool:
    """A line with no year and no "Family, I." opening: in an author-date
    list, the rest of an entry the converter cut at a line end ("… Canberra:
    Australian" / "- Sports Commission."), not an entry of its own."""
    # YEAR has "n.d."; Spanish and German write "s.f." and "o.J.".
    return not YEAR.search(text) and not re.search(r"\bs\.\s?f\.|\bo\.\s?J\.", text) \
        and not re.match(r"[*_]*[^\W\d_][\w'’-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+\b)", text)


def _closed(entry: str) -> bool:
    """An entry's text stops where an entry ends: a full stop, a closing
    bracket or quote, a URL or DOI."""
    last = entry.rstrip(" *_")
    return last.endswith((".", ")", "”", "\"", "’")) or bool(re.search(r"(?:https?://|doi:|\b10\.\d{4,}/)\S+$", last))


def _join(before: str, after: str) -> str:
    if before.endswith("-") and after[:1].islower():
        return before + after
    return before + " " + after


RUN_TOGETHER_BOUNDARY = re.compile(
    rf"(?<=[.)])\s+(?=(?:{NAME_PART}\s?){{1,3}},\s*[A-ZÀ-Þ][\w.\-]*(?:\s+[A-ZÀ-Þ][\w.\-]*)?[,.]?\s*(?:and|&|\(?\d{{4}}))"
    # Vancouver-style names ("Swanson WJ, Yang Z", "Yang Z. 2007."), maybe in
    # the bold a converter gives every entry's head.
    rf"|(?<=[.)])\s+(?=(?:\*\*)?(?:{NAME_PART}\s?){{1,3}}\s[A-Z]{{1,3}}(?:,\s|\.\s+(?:\*\*)?\(?\d{{4}}))"
    # SAGE Harvard: "… 215–233. Checchi F and Roberts L (2005) …", "… Press. Lohr S (2009) …"
    rf"|(?<=[.)])\s+(?=(?:{NAME_PART}\s?){{1,3}}\s[A-Z]{{1,3}}\s(?:and\s|\((?:1[5-9]|20)\d\d))"
    # A work with no author, its title in italics first: "… Markets.” _National Data_ . 2024. NBS."
    r"|(?<=[.”])\s+(?=_[^_]{2,80}_\s*\.\s*(?:1[5-9]|20)\d\d\.)")


def split_run_together_entries(text: str) -> list[str]:
    """One paragraph that holds several entries ("… Press. Walt, Stephen M.
    1987. The Origins …") split where a new author list with a year starts,
    and only where every part then has a year of its own."""
    pieces = RUN_TOGETHER_BOUNDARY.split(text)
    if len(pieces) < 2:
        return [text]
    merged: list[str] = []
    for piece in pieces:
        if merged and not YEAR.search(piece):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    if all(YEAR.search(p) for p in merged) and len(merged) > 1:
        return [p.strip() for p in merged]
    return [text]


# --- first family names and year, for linking author-year citations -----


@dataclass(frozen=True)
class AuthorsAndYear:
    families: tuple[str, ...]   # folded for matching ("muller", "lee")
    more_authors: bool
    year: str                   # "2018", "2018a", "n.d."
    first_author: str = ""      # the whole first name as printed, folded ("world bank")


def fold_name(name: str) -> str:
    """"Müller" and "Muller", "O’Neil" and "O'Neil" match."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip(" .,*_")


# A converter's italics opening the title or journal ("_Title_", "*Title*").
FIRST_ITALICS = re.compile(r"(?<![\w*_])[*_](?=[^\s*_])")


def authors_and_year(entry_text: str) -> AuthorsAndYear | None:
    """The first authors' family names and the year of a reference entry, in
    any common style (APSA "Walt, Stephen M. 1987.", APA "Walt, S. M. (1987).",
    Vancouver "Walt SM, Snyder G (1987)", IEEE "S. M. Walt and G. Snyder, …,
    1987."), or None when the entry shows no year."""
    marked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", entry_text)
    text = re.sub(r"[*_]", "", marked)
    year_match = _author_year(text)
    if year_match is None:
        return None
    year = (year_match.group(1) + (year_match.group(2) or "")) if year_match.group(1) else "n.d."
    head = text[:year_match.start()]
    if italics := FIRST_ITALICS.search(marked):
        # "Jomhari F. _Title_ . PhD thesis. …, 2002.": the authors end where the italics start.
        head = head[:len(re.sub(r"[*_]", "", marked[:italics.start()]))]
    # IEEE and ACM put the year at the end: the authors are the text before
    # the first full stop after a word (not after an initial) or a quote.
    head = re.split(r"[“\"]|(?<=[a-zß-ÿ]{2})\.\s", head if len(head.strip(" (.,")) >= 2 else text,
                    maxsplit=1)[0]
    families, more = _families(head)
    if not families:
        return None
    first = re.split(r",|;|\s+(?:and|&)\s+", head.strip().rstrip("(").strip(" .,;:"), maxsplit=1)[0]
    return AuthorsAndYear(families, more, year, fold_name(first))


def _author_year(text: str) -> re.Match[str] | None:
    """The year of publication: the first year in parentheses or right after
    the author list; a year inside a title ("… Empires 1984–1907") comes later."""
    for match in YEAR.finditer(text):
        before = text[:match.start()].rstrip()
        if before.endswith(("(", ",", ".")) or not before:
            return match
    return YEAR.search(text)


def _families(head: str) -> tuple[tuple[str, ...], bool]:
    head = head.strip().rstrip("(").strip(" .,;:")
    more = bool(re.search(r"\bet\s+al\b|…|\.\.\.", head))
    head = re.sub(r"\bet\s+al\.?|\(eds?\.?\)|\beds?\.|\(ed(?:itor)?s?\)", " ", head, flags=re.I)
    chunks = [c.strip() for c in re.split(r",|;|\s+(?:and|&)\s+|\s+&", head) if c.strip()]
    families: list[str] = []
    i = 0
    while i < len(chunks) and len(families) < 4:
        words = chunks[i].split()
        nxt = chunks[i + 1].split() if i + 1 < len(chunks) else []
        family_only = len(words) == 1 or all(w.lower() in PARTICLES for w in words[:-1])
        if family_only:
            families.append(" ".join(words))                # "Walt" (then its given name)
            if nxt and _is_given(nxt):
                i += 1
        elif _is_initials(words[-1]) and not _is_initials(words[0]):
            while _is_initials(words[-1]):                  # Vancouver "Walt SM", "Walt S. M."
                words = words[:-1]
            families.append(" ".join(words))
        else:
            families.append(_family_of_given_first(words))  # "Stephen M. Walt"
        i += 1
    return tuple(fold_name(f) for f in families if f), more


def _is_initials(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-ZÀ-ÞА-Я]\.?-?){1,4}", word.strip(",")))


def _is_given(words: list[str]) -> bool:
    """"S. M." or "Stephen M." or "Stephen": a given name after a family
    name in "Walt, Stephen M." (only ever checked right after a family)."""
    return 0 < len(words) <= 3 and all(
        _is_initials(w) or re.fullmatch(r"[A-ZÀ-ÞА-Я][a-zß-ÿа-я'’\-]+\.?", w) for w in words)


def _family_of_given_first(words: list[str]) -> str:
    """"Stephen M. Walt" → Walt; "Ludwig van Beethoven" → van Beethoven."""
    family = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() in PARTICLES:
            family.insert(0, word)
        else:
            break
    return " ".join(family)
