"""Stage 2, references: every paper's reference list → one bibliography of `Work`s.

Parses each reference, merges the references that name the same edition of
one work (keeping each paper's own entry in `cited_as` and in `as_printed`),
and keys the works. Keys already published (`published.py`: the committed
bibliography.bib and the curated list) are kept for good: a published work
keeps its key and its record whatever papers are added, two published keys
of one work make one an alias, and a new work never takes a key that is
taken. Other editions, printings and versions of a work stay works of their
own, linked to each other.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import TYPE_CHECKING

from build_tools.cache import BuildCache
from build_tools.model import (
    Bibliography,
    Citing,
    Name,
    Paper,
    PublishedEntry,
    RawReference,
    ReaderError,
    SourceFormat,
    SourceLocation,
    Work,
)

if TYPE_CHECKING:
    from build_tools.references.parse_reference import CslItem, ReferenceParser

# Titles of one work as two papers write them differ in case, punctuation and
# a trailing full stop; two works by one author share at most a few words
# ("After Victory" and "Reflections on After Victory" score about 70).
SAME_TITLE_SCORE = 90
# A title cut short at a full stop ("Restraint: A New Foundation for U.S") is
# the same title when at least this many words agree from the start.
SAME_TITLE_PREFIX_WORDS = 4
KEY_STOPWORDS = frozenset({"a", "an", "the", "on", "of", "and", "in", "to", "for"})
# Fields whose disagreement between two papers is worth telling the reader.
COMPARED_FIELDS = ("edition", "publisher", "place", "container", "volume", "issue", "pages")


def build_bibliography(papers: Iterable[Paper], cache: BuildCache | None = None,
                       published: Sequence[PublishedEntry] = ()) -> tuple[Work, ...]:
    """All works cited by `papers` (and every published work), keyed, sorted by key."""
    return build_references(papers, published, cache).works


def build_references(papers: Iterable[Paper], published: Sequence[PublishedEntry] = (),
                     cache: BuildCache | None = None) -> Bibliography:
    """The references stage. With a `cache`, a reference is parsed again
    only when it changed (its text, file or line: the parsed Work records
    where it came from)."""
    papers = tuple(papers)
    cache = cache or BuildCache()
    names = {p.slug: p.metadata.short_title or p.slug for p in papers}
    parsed = [cache.remembered("references.entry", r, partial(_work, r, p.format, cache))
              for p in papers for r in p.references]
    groups = _same_work_groups(parsed)
    matched, new_groups = _match_published(groups, published)
    works: list[Work] = []
    aliases: dict[str, str] = {}
    notices: list[ReaderError] = []
    taken = {k for entry in published for k in (entry.work.key, *entry.work.aliases)}
    claimed = {id(entry) for entries in matched.values() for entry in entries}
    for entry in published:
        if id(entry) not in claimed:  # no paper cites it (now): its key lives on
            works.append(entry.work)
            aliases.update(dict.fromkeys(entry.work.aliases, entry.work.key))
    for index, entries in matched.items():
        work = _published_work(entries, groups[index], names)
        works.append(work)
        aliases.update(dict.fromkeys(work.aliases, work.key))
        notices += _disagreements_with_record(work, groups[index], entries[0], names)
    merged_new = [_merge(groups[index], names) for index in new_groups]
    keyed_new = assign_keys(merged_new, taken=taken)
    works += keyed_new
    works = _link_editions(works)
    keys = {(c.paper_slug, c.label): w.key for w in works for c in w.cited_as}
    as_printed = {(c.paper_slug, c.label): replace(w, key=keys[(c.paper_slug, c.label)])
                  for w in parsed for c in w.cited_as}
    return Bibliography(tuple(sorted(works, key=lambda w: w.key)), as_printed, aliases,
                        tuple(sorted(w.key for w in keyed_new)), tuple(notices))


def paper_works(paper: Paper, cache: BuildCache | None = None) -> dict[str, Work]:
    """Label → the work one paper's reference names, before merging with other
    papers (what the import-quality benchmark checks against the source)."""
    cache = cache or BuildCache()
    return {r.label: _work(r, paper.format, cache) for r in paper.references}


def _work(raw: RawReference, source_format: SourceFormat, cache: BuildCache) -> Work:
    """The work `raw` names: from CSL-JSON a structured source gave; else by
    the rules of entry_parser (fitted to the seed papers' two house styles)
    when they read it confidently; else from the CRF parser's CSL-JSON, which
    reads any common style. The parsers are imported here, when a reference
    is parsed: a build whose works come from the on-disk cache parses none."""
    from pybtex.exceptions import PybtexError

    from build_tools.references.entry_parser import work_from_reference

    if raw.csl_json:
        return work_from_reference(raw)
    try:
        work = work_from_reference(raw)
    except (ReaderError, PybtexError):  # pybtex: a name list in no BibTeX shape
        return work_from_reference(with_parsed_csl(raw, cache))
    if confidently_parsed(work):
        return work
    return work_from_reference(with_parsed_csl(raw, cache))


def confidently_parsed(work: Work) -> bool:
    """What the rule-based parser read is the work only when it found a
    title (or, for an encyclopedia entry, the work it is in) and a first
    name, and the title holds nothing a title never holds in those styles: a
    year in parentheses, a volume(issue), or "volume, first–last page" (signs
    that the rules took a foreign style's journal part for the title), nor
    pages ("pp. 12-30"), a web address (the rules ran the title on into the
    link), a thesis's genre or more words after a quoted title's closing quote."""
    return bool(work.title or work.container) and first_name(work) is not None and not re.search(
        r"\(\d{4}[a-z]?\)|\b\d+\s?\(\d+\)|\b\d+,\s*\d+\s*[-–]\s*\d+|\bpp?\.\s*\d+\s*[-–]\s*\d+|https?://|\bwww\.",
        work.title) \
        and not THESIS_AFTER_THE_TITLE.search(work.title) and not QUOTED_TITLE_RUN_ON.match(work.title)


# "'The Origins of Order', The Guardian, 12 May": a quoted title the rules ran on past its closing quote.
# (A quoted phrase that opens a longer title, "‘The Empire Will Compensate You’: The Structural …", is no run-on.)
QUOTED_TITLE_RUN_ON = re.compile(r"^\s*['\"“‘].{3,}?(?:['\"”’][,.;]|[,.;]['\"”’])(?=\s+\w)")
# "Title, Unpublished PhD thesis, University": the rules ran a plain title on through the genre.
THESIS_AFTER_THE_TITLE = re.compile(
    r"[,.]\s+(?:unpublished\s+)?(?:ph\.?\s?d\.?|m\.?\s?a\.?|m\.?\s?sc\.?|m\.?\s?phil\.?|master(?:'|’)?s?|doctoral)"
    r"(?:\s+degree)?\s+(?:thesis|dissertation)\b", re.IGNORECASE)


def with_parsed_csl(raw: RawReference, cache: BuildCache) -> RawReference:
    """`raw` with the CSL-JSON the CRF parser reads from its text. The parser
    (its model opened once) and each parsed text are kept in the caller's cache."""
    from build_tools.references.parse_reference import ReferenceParser

    parser: ReferenceParser = cache.remembered("references.crf-parser", None, ReferenceParser)
    item: CslItem = cache.remembered("references.crf-entry", raw.text, lambda: parser.parse(raw.text))
    return replace(raw, csl_json=json.dumps(item, ensure_ascii=False, sort_keys=True))


def index_by_citation(works: Iterable[Work]) -> Mapping[tuple[str, str], Work]:
    """(paper_slug, label) → the work that paper's reference points at."""
    return {(c.paper_slug, c.label): work for work in works for c in work.cited_as}


# --- merging ---------------------------------------------------------------


NOT_LETTER = re.compile(r"[^a-z]")
NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]")


def ascii_letters(text: str, keep_digits: bool = False) -> str:
    """Lowercase ASCII with diacritics, quotes and punctuation gone."""
    # Merging asks this of every word of every title (286,000 times at
    # N = 200); ASCII text needs no decomposition, which is most of them.
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = text.lower()
    return (NOT_LETTER_OR_DIGIT if keep_digits else NOT_LETTER).sub("", folded)


def _comparable_title(title: str) -> str:
    return " ".join(ascii_letters(w, keep_digits=True) for w in title.split()).strip()


def first_name(work: Work) -> Name | None:
    """Who a work is filed under: its first author, else its first editor."""
    return (work.authors or work.editors or (None,))[0]


def _family(work: Work) -> str | None:
    name = first_name(work)
    return None if name is None else ascii_letters(name.family)


@dataclass(frozen=True)
class _Identity:
    """What decides whether two entries name one work, computed once per
    entry: first name's family, comparable title and container, and the
    edition (year without its a/b suffix, edition statement)."""

    family: str
    titles: tuple[str, str]
    edition: tuple[str, str]

    @classmethod
    def of(cls, work: Work) -> _Identity:
        year = _year_number(work.year)
        return cls(_family(work) or "", _comparable_titles(work),
                   (str(year) if year is not None else "n.d.", ascii_letters(work.edition, keep_digits=True)))

    def same_work(self, other: _Identity) -> bool:
        """Same author and title: one work, perhaps in another edition. A
        work with no author or editor (a web page, a dataset) is known by
        its title alone, which must then be there."""
        if self.family != other.family:
            return False
        if not self.family and not self.titles[0]:  # only a container, if that: must be the same
            return bool(self.titles[1]) and self.titles == other.titles
        if not self.family:
            from rapidfuzz import fuzz  # only when works are merged: not in a build whose works are kept on disk

            return fuzz.ratio(self.titles[0], other.titles[0]) >= SAME_TITLE_SCORE
        return _same_titles(self.titles, other.titles)

    def same_edition(self, other: _Identity) -> bool:
        """Same work, same year and no edition statements that differ: the
        one edition (a 2001 and a 2019 printing, a dataset's 2018 and 2020
        releases, a 2nd and a 3rd edition are not)."""
        (year, edition), (other_year, other_edition) = self.edition, other.edition
        return (self.same_work(other) and year == other_year
                and (not edition or not other_edition or edition == other_edition))


def _comparable_titles(work: Work) -> tuple[str, str]:
    return _comparable_title(work.title), _comparable_title(work.container)


def _same_titles(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Titles (or, for title-less entries, containers) that one work would
    have as two papers print it; takes `_comparable_titles` of each work."""
    (title_a, container_a), (title_b, container_b) = a, b
    if not title_a or not title_b:
        return title_a == title_b and container_a == container_b
    from rapidfuzz import fuzz

    if fuzz.ratio(title_a, title_b) >= SAME_TITLE_SCORE:
        return True
    words_a, words_b = title_a.split(), title_b.split()
    shorter, longer = sorted((words_a, words_b), key=len)
    return len(shorter) >= SAME_TITLE_PREFIX_WORDS and longer[:len(shorter)] == shorter


def _same_work_groups(works: list[Work]) -> list[list[Work]]:
    """Groups of parsed references that name one edition of one work, in
    first-seen order.

    Works are the same only if their first names agree, so a work is compared
    only with the groups filed under its first name's family: the pairwise
    comparison stays within one family instead of growing with the square of
    the corpus. The result is what comparing with every group would give."""
    groups: list[list[tuple[Work, _Identity]]] = []
    by_family: dict[str, list[int]] = defaultdict(list)
    for work in works:
        identity = _Identity.of(work)
        family = by_family[identity.family]
        for index in family:
            if any(identity.same_edition(other) for _, other in groups[index]):
                groups[index].append((work, identity))
                break
        else:
            family.append(len(groups))
            groups.append([(work, identity)])
    return [[work for work, _ in group] for group in groups]


def _match_published(groups: list[list[Work]], published: Sequence[PublishedEntry]
                     ) -> tuple[dict[int, list[PublishedEntry]], list[int]]:
    """Group index → the published entries that are its edition (the one
    whose key it keeps first), and the indexes of groups no entry is. An
    entry is claimed by one group at most: the first that matches it."""
    by_family: dict[str, list[tuple[PublishedEntry, _Identity]]] = defaultdict(list)
    for entry in published:
        identity = _Identity.of(entry.work)
        by_family[identity.family].append((entry, identity))
    claimed: set[int] = set()
    matched: dict[int, list[PublishedEntry]] = {}
    new: list[int] = []
    for index, group in enumerate(groups):
        identities = [_Identity.of(w) for w in group]
        entries = [entry for entry, identity in by_family.get(identities[0].family, ())
                   if id(entry) not in claimed and any(identity.same_edition(i) for i in identities)]
        if not entries:
            new.append(index)
            continue
        # The papers' own bibliography before the curated list, then key order.
        entries.sort(key=lambda e: (e.curated, e.work.key))
        claimed.update(id(e) for e in entries)
        matched[index] = entries
    return matched, new


def _published_work(entries: list[PublishedEntry], group: list[Work], paper_names: Mapping[str, str]) -> Work:
    """The published record of the first entry, cited as the group's papers
    cite it; the other entries' keys (and every entry's own aliases) become
    aliases of its key."""
    record = entries[0].work
    aliases = [*record.aliases]
    for other in entries[1:]:
        aliases += [other.work.key, *other.work.aliases]
    return replace(record, cited_as=_citings(group), aliases=tuple(dict.fromkeys(aliases)),
                   remarks=_remarks(group, paper_names=paper_names))


def _citings(group: list[Work]) -> tuple[Citing, ...]:
    return tuple(sorted((c for w in group for c in w.cited_as),
                        key=lambda c: (c.paper_slug, int(c.label) if c.label.isdigit() else 0, c.label)))


def _filled(work: Work) -> int:
    return sum(1 for f in fields(work) if getattr(work, f.name) not in ("", (), False, None))


def _year_number(year: str) -> int | None:
    digits = re.sub(r"\D", "", year)
    return int(digits) if len(digits) == 4 else None


def earliest_year(work: Work) -> str:
    years = [y for c in work.cited_as if (y := _year_number(c.year)) is not None]
    return str(min(years)) if years else "n.d."


def _merge(group: list[Work], paper_names: Mapping[str, str]) -> Work:
    """One work from several papers' entries of one edition: the fullest
    entry wins each field the others leave empty, and where the entries
    disagree the remarks say so, naming the paper."""
    if len(group) == 1:
        return group[0]
    base = max(group, key=_filled)  # max() keeps the first of equals: stable
    filled = {f.name: getattr(base, f.name) for f in fields(base) if f.name != "cited_as"}
    for other in group:
        for name, value in filled.items():
            if value in ("", ()) and getattr(other, name) not in ("", ()):
                filled[name] = getattr(other, name)
    merged = replace(base, **filled, cited_as=_citings(group))
    merged = replace(merged, year=earliest_year(merged), more_authors=any(w.more_authors for w in group))
    return replace(merged, remarks=_remarks(group, merged, paper_names))


def _remarks(group: list[Work], merged: Work | None = None, paper_names: Mapping[str, str] | None = None) -> str:
    names = paper_names or {}
    remarks = [_say(names, w, w.remarks) for w in group if w.remarks]
    if merged is not None:
        remarks += _disagreements(merged, group, names)
    return "; ".join(dict.fromkeys(remarks))


def _same_people(a: tuple[Name, ...], b: tuple[Name, ...]) -> bool:
    """Same families, and initials that agree as far as both go: "G." and
    "G.H." are one Snyder, "S.W." and "S. M." are not one Walt."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        ix, iy = ascii_letters(x.given), ascii_letters(y.given)
        if ascii_letters(x.family) != ascii_letters(y.family) or not (ix.startswith(iy) or iy.startswith(ix)):
            return False
    return True


def _who(paper_names: Mapping[str, str], work: Work) -> str:
    return paper_names.get(work.cited_as[0].paper_slug, work.cited_as[0].paper_slug)


def _say(paper_names: Mapping[str, str], work: Work, text: str) -> str:
    return f"{_who(paper_names, work)}: {text}"


def _differences(printed: Work, record: Work) -> list[tuple[str, str, str]]:
    """(field, printed value, record's value) where one paper's entry and the
    work's record disagree."""
    found = []
    for name in COMPARED_FIELDS:
        mine, theirs = getattr(printed, name), getattr(record, name)
        if mine and theirs and ascii_letters(mine, True) != ascii_letters(theirs, True):
            found.append((name, mine, theirs))
    if not _same_people(printed.authors, record.authors):
        found.append(("author", "; ".join(str(n) for n in printed.authors),
                      "; ".join(str(n) for n in record.authors)))
    return found


def _disagreements(merged: Work, group: list[Work], paper_names: Mapping[str, str]) -> list[str]:
    notes = []
    for work in group:
        who = _who(paper_names, work)
        plural = " & " in who or " and " in who  # "Istomin & Baykov give", "Zou gives"
        for name, mine, _ in _differences(work, merged):
            notes.append(f"{who} {'give' if plural else 'gives'} the {name} as '{mine}'")
    return notes


def _disagreements_with_record(work: Work, group: list[Work], entry: PublishedEntry,
                               paper_names: Mapping[str, str]) -> list[ReaderError]:
    """A notice for each field in which a paper's entry differs from the
    published record: the record is kept (published is forever); the
    maintainer decides whether to correct the entry by hand."""
    notices = []
    for printed in group:
        citing = printed.cited_as[0]
        where = citing.location or SourceLocation(entry.location.path, entry.location.line)
        for name, mine, theirs in _differences(printed, work):
            notices.append(ReaderError(
                where, f"reference {citing.label} of {_who(paper_names, printed)} gives the {name} as {mine!r}; "
                f"the published entry {work.key} ({entry.location}) has {theirs!r}",
                "the published entry is kept as it is; if it is wrong, correct it by hand in "
                f"{entry.location.path.name} (its key stays)"))
    return notices


def _link_editions(works: list[Work]) -> list[Work]:
    """Each work with the keys of its other editions (same author and title,
    another year or edition), compared within a family name only."""
    identities = [_Identity.of(w) for w in works]
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, identity in enumerate(identities):
        by_family[identity.family].append(index)
    linked = list(works)
    for members in by_family.values():
        for i in members:
            others = sorted(works[j].key for j in members
                            if j != i and identities[i].same_work(identities[j])
                            and not identities[i].same_edition(identities[j]))
            if others:
                linked[i] = replace(works[i], other_editions=tuple(others))
    return linked


# --- keys ----------------------------------------------------------------


def _key_family(work: Work) -> str:
    name = first_name(work)
    if name is None:
        return "anon"
    if name.is_organisation:
        # "North Atlantic Treaty Organization" → "north", "The White House" → "white"
        words = [ascii_letters(w) for w in name.family.split()]
        return next((w for w in words if w and w not in KEY_STOPWORDS), "anon")
    return ascii_letters(name.family) or "anon"


def _key_word(work: Work) -> str:
    # A title-less entry (Kimball in DeConde's encyclopedia) is filed under
    # the work it is in.
    for text in (work.title, work.container):
        for word in text.split():
            token = ascii_letters(word, keep_digits=True)
            if token and token not in KEY_STOPWORDS:
                return token
    return ""


def base_key(work: Work) -> str:
    """`<family><year><word>`: first author's family name, earliest year
    ("nd" when none), first significant title word; ASCII letters/digits."""
    year = _year_number(earliest_year(work) if work.cited_as else work.year)
    return f"{_key_family(work)}{year if year is not None else 'nd'}{_key_word(work)}"


def assign_keys(works: Iterable[Work], taken: Iterable[str] = ()) -> tuple[Work, ...]:
    """Key every new work, never with a key in `taken` (published keys and
    aliases). New works that would share a key get "a", "b", … in order of
    (family, year, title), so a key depends only on the works it collides
    with and never on unrelated entries; a newcomer whose key is taken gets
    the first free suffix."""
    taken = set(taken)
    by_key: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        by_key[base_key(work)].append(work)
    keyed: list[Work] = []
    for key, same in sorted(by_key.items()):
        if len(same) == 1 and key not in taken:
            keyed.append(replace(same[0], key=key))
            taken.add(key)
            continue
        same.sort(key=lambda w: (_key_family(w), earliest_year(w), _comparable_title(w.title),
                                 _comparable_title(w.container),
                                 [(c.paper_slug, c.label) for c in w.cited_as]))
        index = 0
        for work in same:
            while key + _suffix(index) in taken:
                index += 1
            keyed.append(replace(work, key=key + _suffix(index)))
            taken.add(key + _suffix(index))
    return tuple(sorted(keyed, key=lambda w: w.key))


def _suffix(index: int) -> str:
    """a … z, then aa, ab … so a long run of collisions still has keys."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
