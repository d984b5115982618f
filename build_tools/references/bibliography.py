"""Stage 2, references: every paper's reference list → one bibliography of `Work`s.

Parses each reference, merges the same work cited by several papers into one
(keeping each paper's own entry in `cited_as` and noting where they disagree),
then gives every work its citation key. Other pages cite these keys, so the
key rule below is a promise: change it and their links break.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from functools import partial

from pybtex.exceptions import PybtexError
from rapidfuzz import fuzz

from build_tools.cache import BuildCache
from build_tools.model import Name, Paper, RawReference, ReaderError, SourceFormat, Work
from build_tools.references.entry_parser import work_from_reference
from build_tools.references.parse_reference import CslItem, ReferenceParser

# Titles of one work as two papers write them differ in case, punctuation and
# a trailing full stop; two works by one author share at most a few words
# ("After Victory" and "Reflections on After Victory" score about 70).
SAME_TITLE_SCORE = 90
KEY_STOPWORDS = frozenset({"a", "an", "the", "on", "of", "and", "in", "to", "for"})
# Fields whose disagreement between two papers is worth telling the reader.
COMPARED_FIELDS = ("edition", "publisher", "place", "container", "volume", "issue", "pages")


def build_bibliography(papers: Iterable[Paper], cache: BuildCache | None = None) -> tuple[Work, ...]:
    """All works cited by `papers`, merged across papers, keyed, sorted by key.
    With a `cache`, a reference is parsed again only when it changed (its
    text, file or line: the parsed Work records where it came from)."""
    papers = tuple(papers)
    cache = cache or BuildCache()
    names = {p.slug: p.metadata.short_title or p.slug for p in papers}
    parsed = [cache.remembered("references.entry", r, partial(_work, r, p.format, cache))
              for p in papers for r in p.references]
    merged = [_merge(group, names) for group in _same_work_groups(parsed)]
    return assign_keys(merged)


def paper_works(paper: Paper, cache: BuildCache | None = None) -> dict[str, Work]:
    """Label → the work one paper's reference names, before merging with other
    papers (what the import-quality benchmark checks against the source)."""
    cache = cache or BuildCache()
    return {r.label: _work(r, paper.format, cache) for r in paper.references}


def _work(raw: RawReference, source_format: SourceFormat, cache: BuildCache) -> Work:
    """The work `raw` names: from CSL-JSON a structured source gave; else by
    the rules of entry_parser (fitted to the seed papers' two house styles)
    when they read it confidently; else from the CRF parser's CSL-JSON, which
    reads any common style."""
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
    that the rules took a foreign style's journal part for the title)."""
    return bool(work.title or work.container) and first_name(work) is not None and not re.search(
        r"\(\d{4}[a-z]?\)|\b\d+\s?\(\d+\)|\b\d+,\s*\d+\s*[-–]\s*\d+", work.title)


def with_parsed_csl(raw: RawReference, cache: BuildCache) -> RawReference:
    """`raw` with the CSL-JSON the CRF parser reads from its text. The parser
    (its model opened once) and each parsed text are kept in the caller's cache."""
    parser: ReferenceParser = cache.remembered("references.crf-parser", None, ReferenceParser)
    item: CslItem = cache.remembered("references.crf-entry", raw.text, lambda: parser.parse(raw.text))
    return replace(raw, csl_json=json.dumps(item, ensure_ascii=False, sort_keys=True))


def index_by_citation(works: Iterable[Work]) -> Mapping[tuple[str, str], Work]:
    """(paper_slug, label) → the work that paper's reference points at."""
    return {(c.paper_slug, c.label): work for work in works for c in work.cited_as}


# --- merging ---------------------------------------------------------------


def ascii_letters(text: str, keep_digits: bool = False) -> str:
    """Lowercase ASCII with diacritics, quotes and punctuation gone."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]" if keep_digits else r"[^a-z]", "", folded)


def _comparable_title(title: str) -> str:
    return " ".join(ascii_letters(w, keep_digits=True) for w in title.split()).strip()


def first_name(work: Work) -> Name | None:
    """Who a work is filed under: its first author, else its first editor."""
    return (work.authors or work.editors or (None,))[0]


def _is_same_work(a: Work, b: Work) -> bool:
    name_a, name_b = first_name(a), first_name(b)
    if name_a is None or name_b is None or ascii_letters(name_a.family) != ascii_letters(name_b.family):
        return False
    return _same_titles(_comparable_titles(a), _comparable_titles(b))


def _comparable_titles(work: Work) -> tuple[str, str]:
    return _comparable_title(work.title), _comparable_title(work.container)


def _same_titles(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """`_is_same_work` once the first names are known to agree; takes
    `_comparable_titles` of each work."""
    (title_a, container_a), (title_b, container_b) = a, b
    if not title_a or not title_b:
        return title_a == title_b and container_a == container_b
    return fuzz.ratio(title_a, title_b) >= SAME_TITLE_SCORE


def _same_work_groups(works: list[Work]) -> list[list[Work]]:
    """Groups of parsed references that name one work, in first-seen order.

    Works are the same only if their first names agree, so a work is compared
    only with the groups filed under its first name's family: the pairwise
    comparison stays within one family instead of growing with the square of
    the corpus. The result is what comparing with every group would give."""
    groups: list[list[tuple[Work, tuple[str, str]]]] = []
    by_family: dict[str, list[int]] = defaultdict(list)
    for work in works:
        name = first_name(work)
        if name is None:  # matches nothing
            groups.append([(work, ("", ""))])
            continue
        titles = _comparable_titles(work)
        family = by_family[ascii_letters(name.family)]
        for index in family:
            if any(_same_titles(titles, other) for _, other in groups[index]):
                groups[index].append((work, titles))
                break
        else:
            family.append(len(groups))
            groups.append([(work, titles)])
    return [[work for work, _ in group] for group in groups]


def _filled(work: Work) -> int:
    return sum(1 for f in fields(work) if getattr(work, f.name) not in ("", (), False, None))


def _year_number(year: str) -> int | None:
    digits = re.sub(r"\D", "", year)
    return int(digits) if len(digits) == 4 else None


def earliest_year(work: Work) -> str:
    years = [y for c in work.cited_as if (y := _year_number(c.year)) is not None]
    return str(min(years)) if years else "n.d."


def _merge(group: list[Work], paper_names: Mapping[str, str]) -> Work:
    """One work from several papers' entries: the fullest entry wins each field
    the others leave empty, the earliest year is the work's year, and every
    disagreement is kept as a note naming the paper."""
    if len(group) == 1:
        return group[0]
    base = max(group, key=_filled)  # max() keeps the first of equals: stable
    filled = {f.name: getattr(base, f.name) for f in fields(base) if f.name != "cited_as"}
    for other in group:
        for name, value in filled.items():
            if value in ("", ()) and getattr(other, name) not in ("", ()):
                filled[name] = getattr(other, name)
    citing = tuple(sorted((c for w in group for c in w.cited_as),
                          key=lambda c: (c.paper_slug, int(c.label) if c.label.isdigit() else 0, c.label)))
    merged = replace(base, **filled, cited_as=citing)
    merged = replace(merged, year=earliest_year(merged),
                     more_authors=any(w.more_authors for w in group))
    notes = [_say(paper_names, w, w.note) for w in group if w.note]
    notes += _disagreements(merged, group, paper_names)
    return replace(merged, note="; ".join(dict.fromkeys(notes)))


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


def _say(paper_names: Mapping[str, str], work: Work, text: str) -> str:
    return f"{paper_names.get(work.cited_as[0].paper_slug, work.cited_as[0].paper_slug)}: {text}"


def _disagreements(merged: Work, group: list[Work], paper_names: Mapping[str, str]) -> list[str]:
    notes = []
    for work in group:
        who = paper_names.get(work.cited_as[0].paper_slug, work.cited_as[0].paper_slug)
        plural = " & " in who or " and " in who  # "Istomin & Baykov cite", "Zou cites"
        if work.year != merged.year:
            notes.append(f"{who} {'cite' if plural else 'cites'} the {work.year} printing")
        for name in COMPARED_FIELDS:
            mine, theirs = getattr(work, name), getattr(merged, name)
            if mine and theirs and ascii_letters(mine, True) != ascii_letters(theirs, True):
                notes.append(f"{who} {'give' if plural else 'gives'} the {name} as '{mine}'")
        if not _same_people(work.authors, merged.authors):
            names = "; ".join(str(n) for n in work.authors)
            notes.append(f"{who} {'give' if plural else 'gives'} the author as '{names}'")
    return notes


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
    year = _year_number(earliest_year(work))
    return f"{_key_family(work)}{year if year is not None else 'nd'}{_key_word(work)}"


def assign_keys(works: Iterable[Work]) -> tuple[Work, ...]:
    """Key every work; works that would share a key get "a", "b", … in order of
    (family, year, title), so a key depends only on the works it collides
    with and never on unrelated entries."""
    by_key: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        by_key[base_key(work)].append(work)
    keyed: list[Work] = []
    for key, same in by_key.items():
        if len(same) == 1:
            keyed.append(replace(same[0], key=key))
            continue
        same.sort(key=lambda w: (_key_family(w), earliest_year(w), _comparable_title(w.title),
                                 _comparable_title(w.container),
                                 [(c.paper_slug, c.label) for c in w.cited_as]))
        keyed += [replace(w, key=key + _suffix(i)) for i, w in enumerate(same)]
    return tuple(sorted(keyed, key=lambda w: w.key))


def _suffix(index: int) -> str:
    """a … z, then aa, ab … so a long run of collisions still has keys."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
