"""The data model every pipeline stage shares.

Read builds `Paper`s from raw sources; later stages (references, concepts,
annotations) add their own frozen records beside it; only `render` turns them
into Markdown. Text is kept plain, and anything found *in* it (a citation
marker, a concept term, an annotated quote) is a span of character offsets,
so stages never fight over markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from build_tools.render.escape import terminal_text

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")


@dataclass(frozen=True)
class SourceLocation:
    """A place in a file the user wrote or received; lines count from 1."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class ReaderError(Exception):
    """The one error type of the build: where, what was expected, and a hint.

    The plugin and the CLI both print it with `str()`, so a contributor sees
    the same message in `mkdocs build` and in `python -m build_tools check`.
    """

    def __init__(self, where: SourceLocation | Path, message: str, hint: str = "") -> None:
        self.where = where
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[ReaderError], tuple[SourceLocation | Path, str, str]]:
        # Kept in the build's on-disk cache (a notice of the references stage)
        return ReaderError, (self.where, self.message, self.hint)

    @property
    def location(self) -> SourceLocation:
        """`where` as a file and line (line 1 when it names only a file)."""
        return self.where if isinstance(self.where, SourceLocation) else SourceLocation(self.where, 1)

    def __str__(self) -> str:
        # Paths, messages and hints echo input (a folder name, a quoted
        # line), so each is made inert for the terminal or CI log it reaches.
        text = terminal_text(f"{self.location}: {self.message}")
        if self.hint:
            text += f"\n  hint: {terminal_text(self.hint)}"
        return text


class ReaderErrors(ReaderError):
    """Every problem one pass found, so a contributor with three mistakes
    sees all three at once; printed one after the other."""

    errors: tuple[ReaderError, ...]

    def __init__(self, errors: Iterable[ReaderError]) -> None:
        flat: list[ReaderError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, ReaderErrors) else (error,))
        self.errors = tuple(flat)
        first = self.errors[0]
        super().__init__(first.where, first.message, first.hint)

    def __str__(self) -> str:
        return "\n".join(ReaderError.__str__(e) for e in self.errors)


class Problems:
    """The `ReaderError`s of a pass that goes on past them. `check` reports
    them all at the end of one run; `mkdocs serve` builds what it can and
    shows each problem on the page it belongs to."""

    def __init__(self) -> None:
        self.errors: list[ReaderError] = []

    def __bool__(self) -> bool:
        return bool(self.errors)

    def record(self, error: ReaderError) -> None:
        self.errors.extend(error.errors if isinstance(error, ReaderErrors) else (error,))

    def attempt(self, step: Callable[[], R], fallback: F) -> R | F:
        """`step()`, or `fallback` with its error recorded."""
        try:
            return step()
        except ReaderError as error:
            self.record(error)
            return fallback

    def each(self, items: Iterable[T], step: Callable[[T], R]) -> tuple[R, ...]:
        """`step` applied to every item: the results of the items that passed."""
        results: list[R] = []
        for item in items:
            try:
                results.append(step(item))
            except ReaderError as error:
                self.record(error)
        return tuple(results)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ReaderErrors(self.errors)

    def pass_on(self, caller: Problems | None) -> None:
        """To the caller's `Problems` when it keeps going past them; raised
        when it has none."""
        if caller is None:
            self.raise_if_any()
        else:
            caller.errors.extend(self.errors)


def each_checked(items: Iterable[T], step: Callable[[T], R]) -> tuple[R, ...]:
    """`step` applied to every item; the `ReaderError`s of all items are
    raised together at the end, as one `ReaderErrors`."""
    problems = Problems()
    results = problems.each(items, step)
    problems.raise_if_any()
    return results


class SourceFormat(StrEnum):
    """The kinds of raw text the importer understands."""

    POLIS_LANDING_PAGE = "polis-landing-page"
    PDF_MARKDOWN = "pdf-markdown"
    # Markdown any common PDF converter made (docling, marker, pymupdf4llm, …),
    # read by evidence rather than by one converter's habits.
    CONVERTED_MARKDOWN = "converted-markdown"
    JATS = "jats"
    PANDOC_MARKDOWN = "pandoc-markdown"


class ParagraphKind(StrEnum):
    """What a block of a paper is. Every kind keeps a plain `text` (for
    search, concept matching and note anchoring); the kinds below TEXT and
    QUOTE carry their structure in `Paragraph.table` or as TeX."""

    TEXT = "text"
    QUOTE = "quote"
    LIST_ITEM = "list-item"
    TABLE = "table"                # `table` holds the cells; `text` is the caption
    LOST_TABLE = "lost-table"      # a table the converter flattened; `text` is what is left
    FIGURE = "figure"              # `text` is the caption
    FORMULA = "formula"            # display maths; `text` is TeX
    GARBLED_FORMULA = "garbled-formula"  # maths the converter broke; `text` as received
    CODE = "code"                  # a code block (an R Markdown chunk the paper prints); `text` as written


@dataclass(frozen=True)
class CitationMarker:
    """An in-text citation such as "[5]" or "[5, 7]" or "[3-5]".

    `start`/`end` are offsets into the paragraph text; `labels` are the
    reference-list labels it points at, in the order the author wrote them.
    """

    start: int
    end: int
    text: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class FootnoteMarker:
    """A footnote call in the text ("turnout.²", "[^3]"): `start`/`end` are
    offsets into the paragraph text of the marker itself, `label` names the
    `Footnote` it calls."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class MathSpan:
    """Inline TeX maths inside a paragraph; offsets of the TeX source, without
    its delimiters."""

    start: int
    end: int


@dataclass(frozen=True)
class CodeSpan:
    """Code set inline (`x`, an R Markdown `` `r expr` ``): offsets of the code."""

    start: int
    end: int


@dataclass(frozen=True)
class CrossReference:
    """"Figure 2", "Section 3.1" where the source wrote `@fig:x`, `\\ref{x}`
    or `\\@ref(fig:x)`: offsets of the text, and the anchor (a section or
    paragraph id of the same paper) it links to."""

    start: int
    end: int
    target: str


@dataclass(frozen=True)
class CellCitations:
    """The in-text citations inside one table cell, found and resolved as in
    a paragraph: `row` 0 is the header, 1 the first body row; `column` from
    0; the markers' offsets are into that cell's text."""

    row: int
    column: int
    citations: tuple[CitationMarker, ...]


@dataclass(frozen=True)
class Table:
    """A table kept as cells. `header` may be empty; every row is a tuple of
    cell texts as printed. `cell_citations` lists only the cells that cite."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    label: str = ""   # "Table 2", as printed
    cell_citations: tuple[CellCitations, ...] = ()

    @property
    def citations(self) -> tuple[CitationMarker, ...]:
        """Every marker in the table's cells, row by row."""
        return tuple(m for cell in self.cell_citations for m in cell.citations)


@dataclass(frozen=True)
class PageBreak:
    """Where a new page of the printed original begins inside a paragraph's
    text: `offset` into the text, `page` the page's label ("4")."""

    offset: int
    page: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a paper, with a permalink id that depends only on its
    section and its position there, never on text elsewhere."""

    id: str
    text: str
    kind: ParagraphKind
    location: SourceLocation
    citations: tuple[CitationMarker, ...] = ()
    footnotes: tuple[FootnoteMarker, ...] = ()
    math: tuple[MathSpan, ...] = ()
    table: Table | None = None
    page: str = ""  # the page of the original it starts on, when the source shows page breaks
    page_breaks: tuple[PageBreak, ...] = ()  # pages that begin inside it
    code: tuple[CodeSpan, ...] = ()
    cross_references: tuple[CrossReference, ...] = ()

    @property
    def all_citations(self) -> tuple[CitationMarker, ...]:
        """The paragraph's markers, then those inside its table's cells (the
        offsets of the latter are into their cells): what cites which work."""
        return self.citations + (self.table.citations if self.table else ())

    @property
    def pages(self) -> str:
        """The pages it runs over: "4", "3–4", or "" when unknown."""
        last = self.page_breaks[-1].page if self.page_breaks else self.page
        return self.page if last == self.page else f"{self.page}–{last}"


@dataclass(frozen=True)
class Section:
    """A numbered section ("4.1") and its paragraphs; `level` is 1 for "4"
    and 2 for "4.1", whatever heading level the conversion left. Unnumbered
    sections have `number` "". `back_matter` marks acknowledgments, funding,
    data availability, appendices and the like."""

    id: str
    number: str
    title: str
    level: int
    location: SourceLocation
    paragraphs: tuple[Paragraph, ...]
    back_matter: bool = False
    # Set when the section is in another language than the paper (the
    # abstract's translation in a JATS <trans-abstract>): the page marks it.
    language: str = ""


@dataclass(frozen=True)
class Footnote:
    """A footnote or endnote: its label as printed ("3", "*") and its text as
    paragraphs (ids `fn<label>-p<n>`), which may cite works themselves."""

    label: str
    paragraphs: tuple[Paragraph, ...]
    location: SourceLocation


class ReportAction(StrEnum):
    """What the reader did about something in a source, for the import report."""

    DETECTED = "detected"    # structure found (format, front matter, citation style)
    REPAIRED = "repaired"    # conversion damage undone (a page-break split, a broken DOI)
    REMOVED = "removed"      # page furniture dropped (running heads, page numbers)
    NEEDS_HUMAN = "needs-human"  # could not be placed; kept as text


@dataclass(frozen=True)
class ReportItem:
    """One line of a paper's import report; `location` is in the RAW source."""

    action: ReportAction
    message: str
    location: SourceLocation
    # The whole page reads badly because of it (columns interleaved by the
    # converter): the page says so at its top, and `check` prints it.
    whole_page: bool = False


@dataclass(frozen=True)
class Author:
    name: str
    affiliations: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value): ("ORCID", "0000-…")
    corresponding: bool = False


@dataclass(frozen=True)
class RawReference:
    """One entry of a paper's reference list, as the source gives it.

    `label` is the number used in the text ("5") or, for unnumbered lists,
    the 1-based position as a string; `group` names a part of a split list
    ("english", "russian").
    """

    paper_slug: str
    label: str
    text: str
    location: SourceLocation
    group: str = ""
    # A structured source (JATS element-citation, a Pandoc .bib entry) gives
    # the work as CSL-JSON text, so nothing is parsed from `text`.
    csl_json: str = ""
    # "———. 1999a. …" repeats the authors of the entry before: their names as
    # that entry prints them ("Walt, Stephen M."); `text` keeps the dashes.
    repeated_authors: str = ""


@dataclass(frozen=True)
class Venue:
    """Where the paper appeared; every field optional because sources differ."""

    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    # An electronic article number ("e0116201", JATS <elocation-id>): it
    # stands where pages would, but it is no page.
    article_number: str = ""


@dataclass(frozen=True)
class Correction:
    """A recorded find/replace applied to the raw text before parsing."""

    find: str
    replace: str
    reason: str
    location: SourceLocation
    # `all: true` in paper.yml: replace every occurrence (still at least one).
    every_occurrence: bool = False


@dataclass(frozen=True)
class PaperMetadata:
    """What `paper.yml` says: the facts the raw text lacks or gets wrong."""

    slug: str
    source: Path
    format: SourceFormat | None
    short_title: str
    provenance: str
    licence: str
    # ISO 639-1 code. paper.yml's if it states one; `load_metadata` leaves it
    # "" otherwise, so the reader can take the source's own (JATS xml:lang),
    # and `read_paper` makes what is still "" English.
    language: str = "en"
    venue: Venue = field(default_factory=Venue)
    doi: str = ""
    url: str = ""
    corrections: tuple[Correction, ...] = ()
    location: SourceLocation | None = None
    # Pandoc Markdown: the .bib file paper.yml names (else the source's YAML
    # `bibliography`, else the one .bib beside the source).
    bibliography: Path | None = None


@dataclass(frozen=True)
class Paper:
    """A paper parsed from its raw source: everything a page shows."""

    metadata: PaperMetadata
    format: SourceFormat
    title: str
    authors: tuple[Author, ...]
    abstract: tuple[Paragraph, ...]
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    references: tuple[RawReference, ...]
    venue: Venue = field(default_factory=Venue)
    doi: str = ""
    suggested_citation: str = ""
    funding_note: str = ""
    footnotes: tuple[Footnote, ...] = ()
    licence: str = ""            # as the source states it (JATS <license>)
    import_report: tuple[ReportItem, ...] = ()

    @property
    def slug(self) -> str:
        return self.metadata.slug

    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every paragraph in reading order: abstract first, then sections,
        then footnotes."""
        return (self.abstract + tuple(p for s in self.sections for p in s.paragraphs)
                + tuple(p for f in self.footnotes for p in f.paragraphs))


@dataclass(frozen=True)
class EditorialCorrection:
    """A slip in the paper itself ("balance,," "inneed"), corrected in the
    reading text and shown as a correction: the page prints `replacement`
    marked, with the paper's own reading (`text[start:end]` of the
    paragraph) on hover, focus and in print. Unlike `Correction`, which
    silently undoes conversion damage before parsing, this never hides what
    the authors wrote."""

    paper_slug: str
    paragraph_id: str
    start: int
    end: int
    replacement: str
    reason: str
    location: SourceLocation


# --- Stage 2: references -------------------------------------------------
# A reference list entry parsed into a `Work`; works cited by several papers
# are merged into one, and each paper's own entry is kept as a `Citing`.


@dataclass(frozen=True)
class Name:
    """A person or an organisation as a reference names them.

    `given` keeps initials or given names as written ("G.J.", "Glenn H."),
    because the two papers abbreviate differently and neither is wrong.
    """

    family: str
    given: str = ""
    is_organisation: bool = False

    def __str__(self) -> str:
        return f"{self.family} {self.given}".strip()


class WorkType(StrEnum):
    BOOK = "book"
    ARTICLE = "article"
    CHAPTER = "chapter"
    REPORT = "report"
    WEBPAGE = "webpage"
    WORKING_PAPER = "working-paper"
    ENCYCLOPEDIA_ENTRY = "encyclopedia-entry"
    REVIEW = "review"
    MANUSCRIPT = "manuscript"


@dataclass(frozen=True)
class Citing:
    """One paper's own reference to a work: what that paper wrote, so merged
    works keep both papers' facts (Walt is 1987 in Zou, 1990 in Istomin &
    Baykov). `pages` are the pages that paper points at, not the work's."""

    paper_slug: str
    label: str
    raw_text: str
    year: str
    pages: str = ""
    location: SourceLocation | None = None


@dataclass(frozen=True)
class Work:
    """A cited work, one per work however many papers cite it.

    `year` is as written ("n.d." when none); for merged works it is the
    earliest year any paper gives, the one the key is built from.
    """

    key: str
    type: WorkType
    title: str
    year: str = "n.d."
    authors: tuple[Name, ...] = ()
    more_authors: bool = False  # the source ends the author list with "et al."
    editors: tuple[Name, ...] = ()
    translated_title: str = ""
    container: str = ""
    translated_container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    edition: str = ""
    doi: str = ""
    url: str = ""
    accessed: str = ""
    language: str = "en"
    reviewed_title: str = ""
    reviewed_authors: tuple[Name, ...] = ()
    # A bibliographic note every style prints ("Unpublished manuscript").
    note: str = ""
    # What the reader noticed about the source's entry ("the source gives no
    # year"): for the maintainer, never exported as a printed field.
    remarks: str = ""
    cited_as: tuple[Citing, ...] = ()
    # Keys that once named this work and still resolve to it (a merge of two
    # published entries keeps one key; the other lives on here).
    aliases: tuple[str, ...] = ()
    # Keys of other editions, printings, translations or versions of the same
    # work: linked, never merged.
    other_editions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishedEntry:
    """A work whose key is on main: an entry of the committed
    `bibliography.bib` (or of the curated `classic-works.bib`). Its key, its
    aliases (BibTeX `ids`) and its fields are published and never rewritten;
    `raw` is the entry's text exactly as the file has it."""

    work: Work
    location: SourceLocation
    raw: str
    curated: bool = False


@dataclass(frozen=True)
class Bibliography:
    """The references stage's result. `works` is every work on the site, one
    per key, sorted by key: published works with their published record, new
    ones as the papers give them. `as_printed` is each paper's own entry,
    (paper slug, label) → that paper's fields and year, keyed like the work
    it belongs to. `new_keys` are the keys `bib` would add to
    bibliography.bib; `notices` are disagreements worth a maintainer's look
    that stop nothing."""

    works: tuple[Work, ...]
    as_printed: dict[tuple[str, str], Work]
    aliases: dict[str, str]
    new_keys: tuple[str, ...] = ()
    notices: tuple[ReaderError, ...] = ()

    def resolve(self, key: str) -> str:
        """The key a citation of `key` means now (itself, or the work an alias names)."""
        return self.aliases.get(key, key)


# --- Stage 3: concepts ----------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """One concept page, `docs/concepts/<slug>.md`: its front matter, parsed
    and checked, and the hand-written body below it. `location` is the line
    of its `title`, where a message about the concept as a whole points."""

    slug: str
    title: str
    aliases: tuple[str, ...]
    summary: str
    related: tuple[str, ...]
    path: Path
    location: SourceLocation
    body_markdown: str
    # Wordings that mean this concept in one paper only ("aggregation
    # function" in Istomin & Baykov): (paper slug, wordings) pairs.
    paper_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Where each paper defines or characterises the term, in its own words.
    definitions: tuple[PaperDefinition, ...] = ()
    authors: tuple[str, ...] = ()          # who wrote the entry, for "Cite this entry"
    theme: str = ""                        # the map groups concepts by theme
    # Typed links for the map: (relation, other concept's slug), e.g.
    # ("part-of", "alliance-security-dilemma"); `related` stays untyped.
    relations: tuple[tuple[str, str], ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every wording that counts as this concept in any paper's text."""
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class PaperDefinition:
    """A concept page's record of a paper's own definition of the term: the
    paragraph (a `passage:` link, as notes write it) and the paper's words
    there. `own_sense` says, when the paper uses the term in a sense of its
    own, how it differs from the site's entry."""

    href: str
    quote: str
    location: SourceLocation
    own_sense: str = ""


@dataclass(frozen=True)
class DefinitionInPaper:
    """A `PaperDefinition` found in its paper: `start`/`end` are offsets of
    the quote in the paragraph's text, like `TermOccurrence`."""

    concept_slug: str
    paper_slug: str
    paragraph_id: str
    start: int
    end: int
    own_sense: str = ""


@dataclass(frozen=True)
class Glossary:
    """All concepts, keyed by slug in slug order, and every term (lowercased)
    mapped to the slug of the one concept that claims it."""

    concepts: dict[str, Concept]
    terms: dict[str, str]
    # paper slug → its own wordings (lowercased) → concept slug
    paper_terms: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TermOccurrence:
    """A concept's term found in a paragraph; `start`/`end` are offsets into
    the paragraph text, like citation markers. `section_id` is "abstract" for
    abstract paragraphs, the anchor the paper page gives that heading."""

    concept_slug: str
    paper_slug: str
    paragraph_id: str
    section_id: str
    start: int
    end: int
    matched_text: str

# --- Stage 4: annotations -----------------------------------------------
# A contributor's note on a passage, from `annotations/<slug>/<name>.md`.
# Kept apart from the paper: the note points at its passage by quoted text
# (W3C Web Annotation TextQuoteSelector), and `Anchor` records where that
# text is found today, so an edit elsewhere in the paper never moves it.

# The W3C Web Annotation motivations (Web Annotation Data Model, section 3.3.5).
# A plain tuple rather than an Enum: the value goes to the page and to JSON-LD
# as written, and contributors type it as a word.
MOTIVATIONS = (
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
    "tagging", "correcting",
)


@dataclass(frozen=True)
class TextQuoteSelector:
    """The quoted passage as the contributor wrote it (not normalised), with
    optional text just before and after it to tell repeated quotes apart."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Annotation:
    """One note on one passage of one paper.

    `id` is `<paper slug>/<file stem>` and never changes while the file keeps
    its name. `author` is a normalised GitHub handle (no "@", lowercase);
    `created` an ISO date (YYYY-MM-DD); `motivation` one of `MOTIVATIONS`.
    `body_markdown` is the note as written. `location` is the line of
    `exact`, where anchoring errors point; `body_location` is the note's
    first line, for errors found in the note later (unknown keys).
    """

    id: str
    paper_slug: str
    path: Path
    selector: TextQuoteSelector
    author: str
    created: str
    tags: tuple[str, ...]
    motivation: str
    body_markdown: str
    location: SourceLocation
    body_location: SourceLocation


@dataclass(frozen=True)
class Anchor:
    """Where an annotation's quote is in its paper: `start`/`end` are offsets
    into the ORIGINAL `text` of the paragraph `paragraph_id`, like
    `CitationMarker`, so the renderer can wrap exactly those characters."""

    annotation_id: str
    paragraph_id: str
    start: int
    end: int


@dataclass(frozen=True)
class NoteLink:
    """A `concept:` or `passage:` link in a note, checked: the site page it
    means (docs path) and the part of it."""

    href: str          # as the contributor wrote it
    page: str          # "concepts/entrapment.md", "papers/zou-balancing-act.md"
    fragment: str = ""


@dataclass(frozen=True)
class Note:
    """The annotations stage's result: a note anchored to its passage, its
    links and `[@key]` citations checked, ready for every page and export."""

    annotation: Annotation
    anchor: Anchor
    links: tuple[NoteLink, ...]
    cited_keys: tuple[str, ...]
