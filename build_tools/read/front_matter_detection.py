"""Stage 1, converted Markdown: the paper's front matter by evidence.

Title (the first heading, or the first short line), authors with their
affiliation marks, ORCID iDs and "corresponding author" notes, affiliations,
the abstract (under a heading or after a label), keywords, and the DOI and
dates where the text gives them. E-mail addresses are recognised so that they
are never shown. What no rule places is reported and kept in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_tools.model import Author
from build_tools.read.headings import ABSTRACT_TITLE, KEYWORDS_TITLE, parse_heading, strip_emphasis
from build_tools.read.paragraphs import Block

# Possessive spaces: what follows each is not a space, so giving any back
# never helps, and backtracking through five of them took quartic time.
ABSTRACT_LABEL = re.compile(
    r"^(?:\*\*|__)?\s*+(?:Abstract|ABSTRACT|Summary|SUMMARY)\s*+[:.—–-]?\s*+(?:\*\*|__)?\s*+[:.—–-]?\s*+"
    r"(?P<text>\S.*)$", re.S)
KEYWORDS_LABEL = re.compile(
    r"^(?:\*\*|__|\*|_)?\s*+(?:Key\s?words|KEY\s?WORDS|Index Terms)\s*+[:.—–-]?\s*+(?:\*\*|__|\*|_)?\s*+"
    r"[:.—–-]?\s*+(?P<text>\S.*)$", re.S | re.I)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
ORCID = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
CORRESPONDING = re.compile(r"corresponding author|correspondence(?: to)?:|to whom correspondence", re.I)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)])")
METADATA_LINE = re.compile(
    r"^(?:received|accepted|revised|published(?: online)?|available online|citation|cite this|copyright|©|"
    r"issn|e-?issn|isbn|vol(?:ume)?\.?\s*\d|article history|doi|https?://doi\.org|editor|handling editor|"
    r"open access|this article is|keywords?:|jel)", re.I)
MARK = r"(?:<sup>\s*(?P<sup>[^<]{1,20})</sup>|\^(?P<caret>[^^\s]{1,12})\^|(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+))"
AFFILIATION_LINE = re.compile(rf"^\s*(?:{MARK}|(?P<plain>\d{{1,2}}|[a-z])(?=\s+[A-Z]))\s*(?P<text>\S.*)$", re.S)
INSTITUTION = re.compile(
    r"\b(?:Universit(?:y|ät|é|à|eit|ad|y of)|Institut(?:e|o)?|College|School|Department|Dept\.?|Faculty|"
    r"Cent(?:er|re)|Laborator(?:y|ies)|Lab|Research|Academy|Inc\.?|Ltd\.?|Corporation|Foundation|Hospital|"
    r"Ministry|Council|Agency|Programme|Program|Observatory|Museum|Library|GmbH|LLC)\b")
# "McGee", "MacDonald", "DeWitt": one inner capital after a lower-case start.
NAME_WORD = (r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-ÿā-ž'’\-]+(?:[A-Z][a-zß-ÿā-ž'’\-]+)?|"
             r"[A-Z]\.(?:\s?[A-Z]\.)*|(?:van|von|de|der|da|di|du|del|la|le|bin)\b)")
PERSON = re.compile(rf"^{NAME_WORD}(?:[\s\-]+{NAME_WORD}){{1,4}}$")


@dataclass
class FrontMatter:
    title: str = ""
    title_line: int = 0
    authors: list[Author] = field(default_factory=list)
    abstract: list[Block] = field(default_factory=list)
    keywords: tuple[str, ...] = ()
    doi: str = ""
    body_start: int = 0
    # (line, what) for the report
    detected: list[tuple[int, str]] = field(default_factory=list)
    removed: list[tuple[Block, str]] = field(default_factory=list)
    unplaced: list[Block] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)   # indexes of blocks used up


def detect_front_matter(blocks: list[Block]) -> FrontMatter:
    front = FrontMatter()
    title_index = _find_title(blocks)
    if title_index is not None:
        title_block = blocks[title_index]
        front.title = clean_inline(_title_text(title_block.text))
        front.title_line = title_block.line
        front.taken.add(title_index)
        front.detected.append((title_block.line, f"title: {front.title}"))
    start = (title_index or 0) + (1 if title_index is not None else 0)
    body_start = _find_body_start(blocks, start)
    _find_abstract_and_keywords(blocks, start, body_start, front)
    first_heading = next((i for i in range(start, body_start) if i not in front.taken
                          and parse_heading(blocks[i].text) and not _is_author_heading(blocks[i].text)),
                         body_start)
    _read_people(blocks, start, first_heading, front)
    # Headings before the body that are neither abstract nor keywords ("CCS
    # Concepts") and their text stay in the paper, as the first sections.
    front.body_start = first_heading
    return front


def clean_inline(text: str) -> str:
    text = re.sub(r"</?(?:sup|sub|b|i|em|strong|u|mark|span)>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", text)
    return " ".join(text.split())


def _title_text(text: str) -> str:
    return strip_emphasis(re.sub(r"^#{1,6}\s+", "", text.strip()))


def _find_title(blocks: list[Block]) -> int | None:
    for i, block in enumerate(blocks[:12]):
        if re.match(r"^#{1,6}\s", block.text) and not _is_label_heading(block.text):
            return i
    for i, block in enumerate(blocks[:6]):
        text = clean_inline(block.text)
        if "\n" not in block.text and 2 <= len(text.split()) <= 30 and not text.endswith(".") \
                and not EMAIL.search(text) and not METADATA_LINE.match(text) \
                and not _is_label_heading(block.text) and not ARTICLE_TYPE.match(_title_text(text)):
            return i
    return None


# The article-type label journals print above the title ("Research Article").
ARTICLE_TYPE = re.compile(
    r"(?i)^(?:original |research |review |brief |short )?(?:research )?(?:article|paper|report|communication"
    r"|review|letter|commentary|perspective|editorial|case report|research)$|^open access$")


HEADING_MARK = re.compile(r"^#{1,6}\s+")


def _is_author_heading(text: str) -> bool:
    """A heading that is only a list of people: the author line set as a heading."""
    return bool(_people_in(HEADING_MARK.sub("", text.strip())))


def _is_label_heading(text: str) -> bool:
    heading = parse_heading(text)
    if heading is None:
        return False
    title = clean_inline(strip_emphasis(heading.title)).strip(" *_")
    return bool(ABSTRACT_TITLE.match(heading.title) or KEYWORDS_TITLE.match(heading.title)
                or ARTICLE_TYPE.match(title))


def _find_body_start(blocks: list[Block], start: int) -> int:
    """The first heading of the body: a numbered heading, an Introduction,
    or the first heading after the abstract."""
    seen_abstract = False
    for i in range(start, len(blocks)):
        heading = parse_heading(blocks[i].text)
        if ABSTRACT_LABEL.match(blocks[i].text):
            seen_abstract = True
        if heading is None:
            continue
        if ABSTRACT_TITLE.match(heading.title):
            seen_abstract = True
            continue
        if KEYWORDS_TITLE.match(heading.title):
            continue
        if heading.number or re.match(r"(?i)introduction|background|overview", heading.title) \
                or heading.back_matter or seen_abstract:
            return i
    return len(blocks)


def _find_abstract_and_keywords(blocks: list[Block], start: int, end: int, front: FrontMatter) -> None:
    i = start
    while i < end:
        block = blocks[i]
        heading = parse_heading(block.text)
        if heading and ABSTRACT_TITLE.match(heading.title) and not front.abstract:
            front.taken.add(i)
            j = i + 1
            while j < len(blocks) and parse_heading(blocks[j].text) is None \
                    and not KEYWORDS_LABEL.match(blocks[j].text):
                front.abstract.append(blocks[j])
                front.taken.add(j)
                j += 1
            front.detected.append((block.line, "abstract under a heading"))
            i = j
            continue
        if heading and KEYWORDS_TITLE.match(heading.title) and not front.keywords and i + 1 < len(blocks):
            front.taken.update({i, i + 1})
            front.keywords = split_keywords(blocks[i + 1].text)
            front.detected.append((block.line, "keywords under a heading"))
            i += 2
            continue
        if (m := ABSTRACT_LABEL.match(block.text)) and not front.abstract:
            front.abstract.append(Block(m.group("text"), block.line, block.blank_lines_before))
            front.taken.add(i)
            front.detected.append((block.line, "abstract after a label"))
        elif (m := KEYWORDS_LABEL.match(block.text)) and not front.keywords:
            front.keywords = split_keywords(m.group("text"))
            front.taken.add(i)
            front.detected.append((block.line, "keywords after a label"))
        i += 1


def split_keywords(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*[;,·•]\s*|\s+[—–]\s+", clean_inline(text))
    return tuple(p.strip(" .") for p in parts if p.strip(" ."))


def _read_people(blocks: list[Block], start: int, end: int, front: FrontMatter) -> None:
    """Authors, affiliations, e-mails, ORCID iDs and corresponding-author
    notes in the blocks between the title and the body."""
    names: list[tuple[str, list[str], list[tuple[str, str]]]] = []
    affiliations: dict[str, str] = {}
    loose_affiliations: list[str] = []
    corresponding_marks: set[str] = set()
    corresponding_names: set[str] = set()
    for i in range(start, end):
        if i in front.taken:
            continue
        block = blocks[i]
        # Some converters set the author line as a heading ("## **A. Smith, B. Jones**").
        text = HEADING_MARK.sub("", block.text.strip())
        plain = clean_inline(text)
        if DOI.search(plain) and (METADATA_LINE.match(plain) or len(plain.split()) <= 3):
            doi = DOI.search(plain)
            front.doi = front.doi or (doi.group(1) if doi else "")
            front.removed.append((block, "front-matter metadata (DOI)"))
            front.taken.add(i)
            continue
        if CORRESPONDING.search(plain):
            mark = re.match(r"^\W*?([*†‡a-z\d])\W", text.replace("\\*", "*"))
            corresponding_marks.add(mark.group(1) if mark else "*")
            corresponding_names.update(n for n, _, _ in names if n in plain)
            front.removed.append((block, "corresponding-author note (e-mail not shown)"))
            front.taken.add(i)
            continue
        if EMAIL.search(plain) and len(EMAIL.sub("", plain).split()) <= 3:
            front.removed.append((block, "e-mail address (never shown)"))
            front.taken.add(i)
            continue
        if METADATA_LINE.match(plain):
            front.removed.append((block, "front-matter metadata"))
            front.taken.add(i)
            continue
        affiliation = AFFILIATION_LINE.match(text)
        if affiliation and (INSTITUTION.search(plain) or
                            not PERSON.match(clean_inline(affiliation.group("text")).split(",")[0])):
            label = (affiliation.group("sup") or affiliation.group("caret") or affiliation.group("uni")
                     or affiliation.group("plain") or "").strip()
            affiliations[label] = clean_inline(strip_emphasis(affiliation.group("text")))
            front.taken.add(i)
            continue
        people = _people_in(text)
        if people:
            names.extend(people)
            front.taken.add(i)
            front.detected.append((block.line, "authors: " + ", ".join(n for n, _, _ in people)))
            continue
        if EMAIL.search(plain):
            pairs = _people_before_emails(plain)
            if pairs:
                for name, place in pairs:
                    names.append((name, [place] if place else [], []))
                    if place:
                        affiliations.setdefault(place, place)
                front.taken.add(i)
                front.detected.append((block.line, "authors: " + ", ".join(n for n, _ in pairs)))
                continue
        if INSTITUTION.search(plain) and names:
            loose_affiliations.append(plain)
            front.taken.add(i)
            continue
        front.unplaced.append(block)
    for name, marks, ids in names:
        affs = tuple(affiliations[m] for m in marks if m in affiliations)
        if not affs and loose_affiliations:
            affs = tuple(loose_affiliations) if len(names) == 1 else ()
        front.authors.append(Author(
            name=name, affiliations=affs, identifiers=tuple(ids),
            corresponding=bool(set(marks) & corresponding_marks) or name in corresponding_names))


def _people_in(text: str) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """"Jane Doe<sup>1,a,*</sup>, John Roe<sup>2</sup>" or "Jane Doe¹ and
    John Roe²" or "Jane Doe, John Roe": each name with its marks and ORCID."""
    text = text.replace("\\*", "*")
    ids = [("ORCID", m.group(1)) for m in ORCID.finditer(text)]
    text = ORCID.sub("", re.sub(r"https?://orcid\.org/", "", text))
    text = re.sub(r"\[\s*\]\([^)]*\)", "", text)
    if "\n" in text.strip():
        return []
    marks_by_token: list[str] = []

    def hold(match: re.Match[str]) -> str:
        marks_by_token.append(match.group(0))
        return f"\x00{len(marks_by_token) - 1}\x00"

    held = re.sub(MARK, hold, text)  # commas inside "<sup>1,a,*</sup>" do not split names
    people = []
    for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", held):
        piece = strip_emphasis(piece.strip())
        if not piece:
            continue
        marks: list[str] = []
        for index in re.findall(r"\x00(\d+)\x00", piece):
            m = re.match(MARK, marks_by_token[int(index)])
            assert m is not None
            if m.group("sup") or m.group("caret"):
                marks.extend(x.strip() for x in re.split(r"[,\s]+", m.group("sup") or m.group("caret")) if x.strip())
            else:
                marks.extend(m.group("uni"))
        name = clean_inline(re.sub(r"\x00\d+\x00", "", piece)).strip(" ,*")
        name = re.sub(r"(?<=[a-z])\d+(?:,\d+)*$", "", name).strip()
        if not PERSON.match(name) or INSTITUTION.search(name):
            return []
        people.append((name, marks, ids if len(ids) == 1 else []))
    return people


def _people_before_emails(text: str) -> list[tuple[str, str]]:
    """Docling's habit: "Birgit Pfitzmann IBM Research Rueschlikon,
    Switzerland bpf@… Christoph Auer …": each chunk before an e-mail is a
    name followed by an affiliation."""
    people = []
    for chunk in EMAIL.split(text):
        words = chunk.strip(" ,;").split()
        if not words:
            continue
        name_words: list[str] = []
        for word in words:
            if len(name_words) >= 2 and (INSTITUTION.match(word) or (word.isupper() and len(word) > 1)):
                break
            if len(name_words) >= 4:
                break
            name_words.append(word)
        name = " ".join(name_words)
        if PERSON.match(name):
            people.append((name, " ".join(words[len(name_words):]).strip(" ,")))
    return people
