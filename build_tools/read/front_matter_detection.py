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
from build_tools.read.headings import (
    ABSTRACT_TITLE,
    KEYWORDS_TITLE,
    parse_heading,
    strip_emphasis,
    without_letter_spacing,
)
from build_tools.read.paragraphs import Block
from build_tools.read.text_language import text_language

# Possessive spaces: what follows each is not a space, so giving any back
# never helps, and backtracking through five of them took quartic time.
ABSTRACT_LABEL = re.compile(
    r"^(?:\*\*|__)?\s*+(?:Abstract|ABSTRACT|Summary|SUMMARY|Zusammenfassung|ZUSAMMENFASSUNG|Kurzfassung|"
    r"R[ée]sum[ée]|RÉSUMÉ|Resumen|RESUMEN|Resumo|RESUMO|Riassunto)\s*+[:.—–-]?\s*+(?:\*\*|__)?\s*+[:.—–-]?\s*+"
    r"(?P<text>\S.*)$", re.S)
KEYWORDS_LABEL = re.compile(
    r"^(?:\*\*|__|\*|_)?\s*+(?:Key\s?words|KEY\s?WORDS|Index Terms|Schlüsselwörter|Schlagwörter|"
    r"Mots[- ]clés|Palabras clave|Palavras[- ]chave|Parole chiave)\s*+[:.—–-]?\s*+(?:\*\*|__|\*|_)?\s*+"
    r"[:.—–-]?\s*+(?P<text>\S.*)$", re.S | re.I)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
EMAIL_LABEL = re.compile(r"\be-?mail(?:\s+address(?:es)?)?\s*:", re.I)   # "*,** E-mail address: a@b.c , d@e.f"
ORCID = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
CORRESPONDING = re.compile(r"corresponding author|correspondence(?: to)?:|to whom correspondence", re.I)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)])")
METADATA_LINE = re.compile(
    r"^(?:received|accepted|revised|published(?: online)?|available online|citation|cite this|copyright|©|"
    r"issn|e-?issn|isbn|vol(?:ume)?\.?\s*\d|article history|doi|https?://doi\.org|editor|handling editor|"
    r"open access|this article is|keywords?:|jel)", re.I)
MARK = (r"(?:<sup>\s*(?P<sup>[^<]{1,20})</sup>|\^(?P<caret>[^^\s]{1,12})\^|(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§]+)"
        r"|(?<=\w)\[(?P<bracket>\d{1,2}(?:,\d{1,2})*)\])")
AFFILIATION_LINE = re.compile(
    rf"^\s*(?:>\s*)?(?:{MARK}|(?P<plain>\d{{1,2}}(?=\s*[A-Z])|[a-z](?=\s+[A-Z])))\s*(?P<text>\S.*)$", re.S)
# An address, or BMC's pointer to the list at the article's end: an affiliation
# whose institution bears no word INSTITUTION knows ("Project Officer, Project
# Fives Alive! …, P. O. Box KA 9712, Accra, Ghana").
ADDRESS = re.compile(r"\bP\.?\s?O\.?\s?Box\b|\bfull list of author information\b", re.I)
AUTHOR_INFORMATION_POINTER = re.compile(r"\s*Full list of author information is available at the end of the "
                                        r"article\.?", re.I)
INSTITUTION = re.compile(
    r"\b(?:Universit(?:y|ät|é|à|eit|ad|y of)|Institut(?:e|o)?|College|School|Department|Dept\.?|Faculty|"
    r"Cent(?:er|re)|Laborator(?:y|ies)|Lab|Research|Academy|Inc\.?|Ltd\.?|Corporation|Foundation|Hospital|"
    r"Ministry|Council|Agency|Programme|Program|Observatory|Museum|Library|GmbH|LLC)\b")
# "McGee", "MacDonald", "DeWitt": one inner capital after a lower-case start.
# BMC prints middle initials without a full stop ("Jane A Smith"): a capital alone before the next name.
NAME_WORD = (r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-ÿā-ž'’\-]+(?:[A-Z][a-zß-ÿā-ž'’\-]+)?|"
             r"[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z]{1,2}(?=\s[A-ZÀ-Þ][a-zß-ÿ])|(?:van|von|de|der|da|di|du|del|la|le|bin)\b)")
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
    before_title: list[Block] = field(default_factory=list)  # the first page's header, above the title


# A manuscript's submission cover sheet: "Article title: …", "Word count: 9,500".
COVER_LABEL = re.compile(
    r"^[*_]*(?P<label>(?:article|manuscript|paper)\s+title|title|running\s+(?:head|title)|short\s+title|"
    r"(?:total\s+|abstract\s+|main\s+text\s+)?word\s+count|manuscript\s+(?:id|number)|"
    r"(?:date\s+of\s+)?submission(?:\s+date)?|key\s?words?|authors?|corresponding\s+author)[*_]*\s*:[*_]*\s*"
    r"(?P<value>.*)$", re.I)
# Labels only a cover sheet has: with one of them, two labelled lines make one.
COVER_ONLY = re.compile(r"(?:article|manuscript|paper)\s+title|running|short\s+title|word\s+count|manuscript|"
                        r"submission", re.I)
COVER_SHEET_BLOCKS = 15


def _cover_sheet(blocks: list[Block], front: FrontMatter) -> int | None:
    """Read a submission cover sheet at the start ("Article title:",
    "Authors:", "Word count: 9,500"): its title is the title, its authors
    and keywords are the paper's, the rest is removed and reported. Returns
    the index of the first block after it, or None when there is none."""
    labelled: list[tuple[int, int, str, str]] = []  # block, line, label, value
    for index, block in enumerate(blocks[:COVER_SHEET_BLOCKS]):
        for offset, text in enumerate(block.lines):
            if m := COVER_LABEL.match(text.strip()):
                labelled.append((index, block.line + offset, m.group("label").lower(), m.group("value").strip()))
    if len(labelled) < 2 or not any(COVER_ONLY.match(label) for _, _, label, _ in labelled):
        return None
    last = max(index for index, *_ in labelled)
    for _, line, label, value in labelled:
        if "title" in label and "running" not in label and "short" not in label and not front.title:
            front.title, front.title_line = clean_inline(value), line
            front.detected.append((line, f"title from the submission cover sheet: {front.title}"))
        elif label.startswith("key"):
            front.keywords = split_keywords(value)
            front.detected.append((line, "keywords from the submission cover sheet"))
        elif label.startswith("author") and (people := _people_in(value)):
            front.authors.extend(Author(name=name) for name, _, _ in people)
            front.detected.append((line, "authors from the submission cover sheet: "
                                   + ", ".join(name for name, _, _ in people)))
        else:
            front.removed.append((Block(f"{label}: {value}", line, 0),
                                  f"the submission cover sheet's {label!r} line: {value[:80]!r}"))
    front.taken.update(range(last + 1))
    return last + 1


def detect_front_matter(blocks: list[Block]) -> FrontMatter:
    front = FrontMatter()
    after_cover = _cover_sheet(blocks, front)
    if after_cover is not None:
        return _after_cover_sheet(blocks, after_cover, front)
    title_index = _find_title(blocks)
    title_authors: list[Author] = []
    if title_index is not None:
        title_block = blocks[title_index]
        front.title, title_authors = _title_and_capitalised_authors(clean_inline(_title_text(title_block.text)))
        front.title_line = title_block.line
        front.taken.add(title_index)
        front.before_title = blocks[:title_index]
        front.detected.append((title_block.line, f"title: {front.title}"))
        if title_authors:
            front.detected.append((title_block.line, "authors set in capitals after the title: "
                                   + ", ".join(a.name for a in title_authors)))
    start = (title_index or 0) + (1 if title_index is not None else 0)
    if title_index is not None and start < len(blocks) and _is_second_title(blocks[start].text, front.title):
        front.taken.add(start)
        front.removed.append((blocks[start], "the title in a second language, under the title: "
                              f"{clean_inline(blocks[start].text)[:160]!r}"))
        start += 1
    body_start = _find_body_start(blocks, start)
    _find_abstract_and_keywords(blocks, start, body_start, front)
    first_heading = next((i for i in range(start, body_start) if i not in front.taken
                          and blocks[i].heading and not _is_author_heading(blocks[i].text)
                          and not is_affiliation_line(blocks[i].text)),
                         body_start)
    first_heading = min(first_heading, _first_body_prose(blocks, start, first_heading, front))
    _read_people(blocks, start, first_heading, front)
    front.authors = title_authors + front.authors
    # Headings before the body that are neither abstract nor keywords ("CCS
    # Concepts") and their text stay in the paper, as the first sections.
    front.body_start = first_heading
    return front


# A paragraph this long that reads as prose is body text, whatever stands
# before it: the introduction of a paper whose first section has no heading.
BODY_PROSE_MIN_WORDS = 25


def _first_body_prose(blocks: list[Block], start: int, end: int, front: FrontMatter) -> int:
    """The first paragraph of unheaded body text before the first heading:
    after the abstract if there is one (an APSR or BJPolS introduction has no
    heading), else the first prose paragraph after the title (an APSR abstract
    has no heading either, and stays in the body). Prose may end with a
    citation: "… social stability” (Shieh 2017)."."""
    after = max((i for i in front.taken if start <= i < end), default=start - 1) + 1
    for i in range(max(start, after), end):
        block = blocks[i]
        plain = clean_inline(block.text.lstrip("> "))
        if i in front.taken or block.heading or EMAIL.search(plain) or METADATA_LINE.match(plain) \
                or is_affiliation_line(block.text):
            continue
        words = plain.split()
        if len(words) >= BODY_PROSE_MIN_WORDS and not INSTITUTION.search(" ".join(words[:12])) \
                and re.search(r"[a-z]{3,}[.?!”\"]?$|[a-z,]$|\(\w[^()]*\d{4}[a-z]?\)[.?!]$", plain):
            return i
    return end


# "STEPHANIE ZONSZEIN University of California, Berkeley, United States": a
# name in capitals, then its affiliation (APSR sets the authors so, and a
# converter may put them into the title's heading).
CAPITAL_WORD = r"(?:[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+|[A-Z]\.)"
CAPITALISED_NAME = re.compile(rf"(?<![\w’'])({CAPITAL_WORD}(?:\s+{CAPITAL_WORD}){{1,3}})(?=\s+[A-Z][a-z])")


def _title_and_capitalised_authors(title: str) -> tuple[str, list[Author]]:
    """The title, and the authors a converter glued after it in capitals
    with their affiliations; the title alone when there are none."""
    names = [m for m in CAPITALISED_NAME.finditer(title)
             if m.start() > 0 and sum(1 for w in m.group(1).split() if len(w) > 2) >= 2]
    if not names or not title[:names[0].start()].strip() or title[:names[0].start()].strip().isupper():
        return title, []
    authors = []
    for m, following in zip(names, [*names[1:], None], strict=True):
        affiliation = title[m.end():following.start() if following else len(title)].strip(" ,;")
        if not INSTITUTION.search(affiliation):
            return title, []
        authors.append(Author(name=m.group(1).title(), affiliations=(affiliation,)))
    return title[:names[0].start()].strip(), authors


SECOND_TITLE_WORDS = (3, 40)


def _is_second_title(text: str, title: str) -> bool:
    """SciELO and other bilingual journals print the title again in a second
    language right under it ("_Bases intelectuais da elite …_" under "The
    intellectual foundation of the elite …"): a short line with no full stop,
    set wholly in italics or in another language than the title, that is no
    author line, heading or metadata."""
    plain = clean_inline(text)
    if not SECOND_TITLE_WORDS[0] <= len(plain.split()) <= SECOND_TITLE_WORDS[1] or plain.endswith(".") \
            or "\n" in text.strip() or parse_heading(text) or EMAIL.search(plain) or METADATA_LINE.match(plain) \
            or ORCID.search(plain) or re.search(MARK, text) or _people_in(text):
        return False
    italic = bool(re.fullmatch(r"(?:_[^_]+_|\*[^*]+\*)", text.strip()))
    return italic or text_language(plain) != text_language(title)


def _after_cover_sheet(blocks: list[Block], start: int, front: FrontMatter) -> FrontMatter:
    """The rest of the front matter after a cover sheet: the abstract and
    keywords before the first heading; the authors were on the sheet."""
    body_start = _find_body_start(blocks, start)
    _find_abstract_and_keywords(blocks, start, body_start, front)
    first_heading = next((i for i in range(start, body_start) if i not in front.taken
                          and blocks[i].heading), body_start)
    front.body_start = min(first_heading, _first_body_prose(blocks, start, first_heading, front))
    front.unplaced.extend(blocks[i] for i in range(start, front.body_start) if i not in front.taken)
    return front


def clean_inline(text: str) -> str:
    text = re.sub(r"</?(?:sup|sub|b|i|em|strong|u|mark|span)>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\\\w])([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>])", r"\1", text)
    return " ".join(text.split())


def _title_text(text: str) -> str:
    return without_letter_spacing(strip_emphasis(re.sub(r"^#{1,6}\s+", "", text.strip())))


def _find_title(blocks: list[Block]) -> int | None:
    for i, block in enumerate(blocks[:12]):
        if re.match(r"^#{1,6}\s", block.text) and not _is_label_heading(block.text):
            return i + 1 if _label_over_a_higher_heading(blocks, i) else i
    for i, block in enumerate(blocks[:6]):
        text = clean_inline(block.text)
        if "\n" not in block.text and 2 <= len(text.split()) <= 30 and not text.endswith(".") \
                and not EMAIL.search(text) and not METADATA_LINE.match(text) \
                and not _is_label_heading(block.text) and not ARTICLE_TYPE.match(_title_text(text)):
            return i
    return None


def _label_over_a_higher_heading(blocks: list[Block], index: int) -> bool:
    """"### **SOCIAL SCIENCES**" straight over "# **Voter information …**"
    (Science Advances prints the subject above the title): a heading with a
    heading of higher rank right under it is a label, and that one the title."""
    if index + 1 >= len(blocks):
        return False
    this, below = HEADING_MARK.match(blocks[index].text), HEADING_MARK.match(blocks[index + 1].text)
    return bool(this and below and len(below.group().strip()) < len(this.group().strip())
                and "\n" not in blocks[index].text.strip())


# The article-type label journals print above the title ("Research Article").
ARTICLE_TYPE = re.compile(
    r"(?i)^(?:original |research |review |brief |short )?(?:research )?(?:article|paper|report|communication"
    r"|review|letter|commentary|perspective|editorial|case report|research)$|^open access$")


HEADING_MARK = re.compile(r"^#{1,6}\s+")


def is_article_type(text: str) -> bool:
    """"Research Article", "_Research Article_", "#### **A R T I C L E**"."""
    return bool(ARTICLE_TYPE.match(clean_inline(_title_text(text)).strip(" *_")))


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
        heading = blocks[i].heading
        if ABSTRACT_LABEL.match(blocks[i].text):
            seen_abstract = True
        if heading is None:
            continue
        if ABSTRACT_TITLE.match(heading.title):
            seen_abstract = True
            continue
        if KEYWORDS_TITLE.match(heading.title) or _is_author_heading(blocks[i].text):
            continue   # "**A. Field** 1, **B. Stone** 2" reads as a heading lettered "A."
        if heading.number and not seen_abstract and is_affiliation_line(blocks[i].text):
            continue  # "1 Department of Public Health, University of …" under the authors
        if heading.number or re.match(r"(?i)introduction|background|overview", heading.title) \
                or heading.back_matter or seen_abstract:
            return i
    return len(blocks)


def _find_abstract_and_keywords(blocks: list[Block], start: int, end: int, front: FrontMatter) -> None:
    i = start
    while i < end:
        block = blocks[i]
        heading = block.heading
        if heading and ABSTRACT_TITLE.match(heading.title) and not front.abstract:
            front.taken.add(i)
            j = i + 1
            while j < len(blocks) and blocks[j].heading is None \
                    and not KEYWORDS_LABEL.match(blocks[j].text) and not _ends_abstract(front.abstract, blocks[j]):
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
        elif (m := BOLD_PARAGRAPH.match(block.text.strip())) and not front.abstract \
                and len(m.group("text").split()) >= BOLD_ABSTRACT_MIN_WORDS:
            front.abstract.append(Block(m.group("text"), block.line, block.blank_lines_before))
            front.taken.add(i)
            front.detected.append((block.line, "abstract: a paragraph set wholly in bold under the title, "
                                   "with no heading"))
        elif (m := KEYWORDS_LABEL.match(block.text)) and not front.keywords:
            front.keywords = split_keywords(m.group("text"))
            front.taken.add(i)
            front.detected.append((block.line, "keywords after a label"))
        i += 1


ABSTRACT_MAX_WORDS = 400
# Science Advances sets its abstract in bold with no heading, between the
# authors and the introduction; a bold line that short is a heading or a label.
BOLD_PARAGRAPH = re.compile(r"^\*\*(?P<text>[^*]+)\*\*$")
BOLD_ABSTRACT_MIN_WORDS = 60
FOOTNOTE_CALL = re.compile(r"<sup>\s*\d{1,3}\s*</sup>|\[\^?\d{1,3}\]|[a-z.,)][¹²³⁴⁵⁶⁷⁸⁹]")


def _ends_abstract(abstract: list[Block], block: Block) -> bool:
    """The text after an abstract that has no heading of its own (Wiley's
    introduction): a paragraph that would make the abstract too long, or one
    that calls a footnote, which abstracts do not."""
    if not abstract:
        return False
    words = sum(len(b.text.split()) for b in abstract) + len(block.text.split())
    return words > ABSTRACT_MAX_WORDS or bool(FOOTNOTE_CALL.search(block.text))


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
        # Bold markers are not marks: "**Jane Doe**<sup>1</sup>" is a name.
        text = re.sub(r"\*\*|__", "", HEADING_MARK.sub("", block.text.strip()))
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
        if EMAIL.search(plain) and len(EMAIL_LABEL.sub("", EMAIL.sub("", plain)).split()) <= 3:
            front.removed.append((block, "e-mail address (never shown)"))
            front.taken.add(i)
            continue
        if METADATA_LINE.match(plain):
            front.removed.append((block, "front-matter metadata"))
            front.taken.add(i)
            continue
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) > 1 and all(is_affiliation_line(line) for line in lines):
            # "1 Department …\n2 School …": one numbered affiliation a line.
            affiliations.update(_affiliation(line) for line in lines)
            front.taken.add(i)
            continue
        affiliation = AFFILIATION_LINE.match(text)
        if affiliation and (INSTITUTION.search(plain) or ADDRESS.search(plain) or
                            not PERSON.match(clean_inline(affiliation.group("text")).split(",")[0])):
            label, place = _affiliation(text)
            affiliations[label] = place
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


def is_affiliation_line(text: str) -> bool:
    """"1 Department of Public Health, University of …", "> 1Project Officer,
    …, P. O. Box …, Ghana": a mark, then a place named by an institution's
    word or an address, with commas between its parts."""
    line = HEADING_MARK.sub("", text.strip())
    affiliation = AFFILIATION_LINE.match(line)
    plain = clean_inline(line)
    return bool(affiliation and "," in plain and (INSTITUTION.search(plain) or ADDRESS.search(plain)))


AUTHOR_BLOCK_MAX_WORDS = 60


def reads_as_author_block(text: str) -> bool:
    """Front-matter text no rule placed that still reads as the author block:
    raised marks, no sentence, short. Unplaced prose (an abstract with no
    heading) is not: its citations are the text's."""
    plain = clean_inline(text)
    return bool(re.search(MARK, text)) and len(plain.split()) <= AUTHOR_BLOCK_MAX_WORDS \
        and not re.search(r"[a-z]{2}[.!?]\s+[A-Z]", plain)


def _affiliation(line: str) -> tuple[str, str]:
    """The mark and the place of an affiliation line; BMC's pointer to the
    full list is no part of the place."""
    affiliation = AFFILIATION_LINE.match(HEADING_MARK.sub("", line.strip()))
    assert affiliation is not None
    label = (affiliation.group("sup") or affiliation.group("caret") or affiliation.group("uni")
             or affiliation.group("plain") or "").strip()
    return label, AUTHOR_INFORMATION_POINTER.sub("", clean_inline(strip_emphasis(affiliation.group("text"))))


# SciPress sets the marks on the line, not raised: "**Mohamad Khaledian** 1,* **, Banafshe Hasanvand** 1",
# in numbers or letters ("**Anna Field** a **, Ben Stone** b"; a letter only after a space).
# BMC's, once converted without raising them, are glued on: "Jane Smith1,2*, Ali Khan3 and Wei Chen2".
BARE_MARKS = re.compile(r"(?<=[a-zß-ÿ])(?:\s*(\d{1,2}(?:\s*,\s*(?:\d{1,2}|[a-z]|\*{1,3}))*\*{0,3}|\*{1,3})"
                        r"|\s+([a-z](?:\s*,\s*(?:\d{1,2}|[a-z]|\*{1,3}))*\*{0,3}))"
                        r"(?=\s*(?:[,;]|$|\s(?:and|&)\s))")


def _people_in(text: str) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """"Jane Doe<sup>1,a,*</sup>, John Roe<sup>2</sup>" or "Jane Doe¹ and
    John Roe²" or "Jane Doe, John Roe": each name with its marks and ORCID."""
    text = re.sub(r"\*\*|__", "", text.replace("\\*", "*"))
    text = BARE_MARKS.sub(lambda m: f"<sup>{m.group(1) or m.group(2)}</sup>", text)
    ids = [("ORCID", m.group(1)) for m in ORCID.finditer(text)]
    text = ORCID.sub("", re.sub(r"https?://orcid\.org/", "", text))
    text = re.sub(r"\[\s*\]\([^)]*\)", "", text)
    text = _wrapped_author_line(text.strip())
    if "\n" in text:
        return []
    marks_by_token: list[re.Match[str]] = []

    def hold(match: re.Match[str]) -> str:
        marks_by_token.append(match)
        return f"\x00{len(marks_by_token) - 1}\x00"

    held = re.sub(MARK, hold, text)  # commas inside "<sup>1,a,*</sup>" do not split names
    # "Jane Doe¹ John Roe²": a mark then the next name is a separator too.
    held = re.sub(r"(\x00\d+\x00)\s+(?=[A-ZÀ-Þ])(?!and\b)", r"\1, ", held)
    people = []
    for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*|;\s*", held):
        piece = strip_emphasis(piece.strip())
        if not piece:
            continue
        marks: list[str] = []
        for index in re.findall(r"\x00(\d+)\x00", piece):
            m = marks_by_token[int(index)]
            if m.group("sup") or m.group("caret") or m.group("bracket"):
                # "1,2*": affiliations 1 and 2, and the corresponding author's star.
                marks.extend(re.findall(r"\d+|[^\d,\s]+", m.group("sup") or m.group("caret") or m.group("bracket")))
            else:
                marks.extend(m.group("uni"))
        name = clean_inline(re.sub(r"\x00\d+\x00", "", piece)).strip(" ,*")
        name = re.sub(r"(?<=[a-z])\d+(?:,\d+)*$", "", name).strip()
        if marks or ids:
            name = _family_out_of_capitals(name)
        if not PERSON.match(name) or INSTITUTION.search(name):
            return []
        people.append((name, marks, ids if len(ids) == 1 else []))
    if len(ids) == len(people) > 1:
        # "Ana SOUZA¹ 0000-0001-… Rui LIMA² 0000-0002-…": each iD follows its name.
        people = [(name, marks, [orcid]) for (name, marks, _), orcid in zip(people, ids, strict=True)]
    return people


def _wrapped_author_line(text: str) -> str:
    """A long author line the page wrapped after a comma or before "and" is
    one line (joined line by line: a pattern over the spaces was quadratic)."""
    lines = [line.strip() for line in text.split("\n")]
    joined = lines[:1]
    for line in lines[1:]:
        wrapped = joined[-1].endswith((",", "&")) or re.search(r"\band$", joined[-1]) or \
            re.match(r"(?:and|&)\s", line)
        joined[-1:] = [f"{joined[-1]} {line}"] if wrapped else [joined[-1], line]
    return "\n".join(joined)


CAPITALS_WORD = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+")


def _family_out_of_capitals(name: str) -> str:
    """SciELO and others set the family name, or the whole name, in capitals
    ("Paula Carina de ARAÚJO", "JUAN PÉREZ"); with affiliation marks or an
    ORCID iD beside it, it is a name: shown as "Araújo", as elsewhere."""
    words = name.split()
    capitals = [bool(CAPITALS_WORD.fullmatch(w)) for w in words]
    if len(words) < 2 or not capitals[-1]:
        return name
    return " ".join(w.title() if caps else w for w, caps in zip(words, capitals, strict=True))


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
