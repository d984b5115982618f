"""Stage 1, converted Markdown: find in-text citations in any common style and
link each to the paper's own reference entries.

Numeric styles ("[1]", "[1, 3]", "[2–5]") point at printed numbers. Author-
year styles, parenthetical ("(Smith and Jones 2012)", "(e.g., Adams 2018;
Brown and Chen 2019, 45)") and narrative ("Müller and Lee (2018)", "Smith et
al. (2019, 468–469)"), are matched by first family name(s) and year (with its
suffix, "2020a") against a light reading of each entry. A citation that
matches no entry, or two, is reported at its raw line and stays plain text;
the marker keeps the author's words, page locators included.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from build_tools.model import CitationMarker, RawReference
from build_tools.read.reference_list import AuthorsAndYear, authors_and_year, fold_name
from build_tools.spans import Spans

NUMERIC = re.compile(r"\[(\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*)\]")
NAME = r"[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w'’\-]*[\w]"
PARTICLE = r"(?:[vV]an|[vV]on|[dD]e|der|den|[dD]a|[dD]i|[dD]u|[dD]el|della|la|[lL]e|ter)"
FAMILY = rf"(?:{PARTICLE}\s+(?:{PARTICLE}\s+)?)?{NAME}"
# "and" in the languages of the papers read: "Nevado, Gallardo y Sánchez (2016)",
# "Silva e Souza", "Weber und Mann", "Dupont et Martin" (never "et al.").
AND = r"(?:and|und|y|e|et(?!\s+al\b))"
# Up to six names: APA and FQS name five at first citation ("SMITH, JONES, BROWN, GREEN & WHITE (2005)").
# "&" is sometimes set without a space before it: "(Wickramasinghe& Geisler, 2008)".
NAMES = rf"{FAMILY}(?:(?:,\s+|,?\s+{AND}\s+|,?\s*&\s*){FAMILY}){{0,5}}(?:,?\s+et\s+al\.?)?"
YEAR_TOKEN = r"(?:1[6-9]\d\d|20\d\d)[a-z]?|n\.\s?d\.|forthcoming|in press"
YEARS = rf"(?:{YEAR_TOKEN})(?:\s*,\s*(?:{YEAR_TOKEN}|[a-z](?![\w.])))*"
PREFIX = re.compile(r"^(?:e\.\s?g\.|i\.\s?e\.|see(?:,)?(?:\s+also)?|cf\.|compare|for example|"
                    r"for (?:a )?(?:review|discussion|overview)s?,?\s+see|as in|following)\s*,?\s*", re.I)
# What follows the year: a comma or colon and the pages, or the pages with no comma ("(Lindqvist, 1998
# p. 4)", "(Weber 1922 pp. 29-31)").
LOCATOR_START = r"(?:\s*[,:]|\s+(?=pp?\.\s?\d))"
# German and older social science put a colon after the names: "(Weber: 1922: 29)".
# A converter may leave a space before the comma: "Oliveira _et al._ , 2018".
CITED_PART = re.compile(rf"^(?P<names>{NAMES})(?:'s|’s)?\s?[,:]?\s+(?P<years>{YEARS})(?P<locator>{LOCATOR_START}.*)?$",
                        re.S)
# A citation at the end of a part that opens with other words: "(a point
# made in Houlihan & White, 1988)", "(for a critique, see Smith, 2017, p. 4)".
TRAILING_CITED_PART = re.compile(
    rf"(?<![\w'’\-])(?P<names>{NAMES})(?:'s|’s)?\s?[,:]?\s+(?P<years>{YEARS})(?P<locator>{LOCATOR_START}[^()]*)?$",
    re.S)
# An organisation as author: "(R Core Team 2018)", "(World Bank, 2023a)":
# capitalised words with no "and" between them. Believed only when the list
# has an entry by exactly that name and year, so a capitalised phrase before
# a year ("(World War II 1945)") is never reported or linked.
ORGANISATION_PART = re.compile(
    rf"^(?P<names>(?:The\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){{1,4}}),?\s+"
    rf"(?P<years>{YEARS})(?P<locator>{LOCATOR_START}.*)?$", re.S)
# Parentheses holding a year: the lookahead finds the year, then the content
# is taken once (a lazy run before the year and a greedy one after it made a
# "(" followed by thousands of years quadratic).
PARENTHETICAL = re.compile(r"\((?=[^()]*?(?:1[6-9]\d\d|20\d\d|n\.\s?d\.))([^()]*+)\)")
# A narrative citation starts where a word starts: tried from inside a long
# hyphenated token ("Aa-Aa-Aa-…"), it scanned the rest of the token each time.
# Authors set a comma or semicolon before the year's parenthesis ("Ahadi et al, (2008)", "Scott et al;
# (1997)"), and a possessive with the opening quote ("Kobasa‘s (1988)").
NARRATIVE = re.compile(
    rf"(?<![\w'’\-])(?P<names>{NAMES})(?:['’‘]s)?[,;]?\s+\((?P<years>{YEARS})(?P<locator>{LOCATOR_START}[^()]*)?\)")
# What every narrative citation holds, found much faster: most paragraphs have none.
YEAR_AFTER_PARENTHESIS = re.compile(rf"\((?:{YEAR_TOKEN})")


@dataclass(frozen=True)
class CitationProblem:
    text: str
    reason: str
    # Numbers of a numeric group that name no entry while the group's others
    # are linked: entries the conversion lost, each reported once per paper.
    lost: tuple[str, ...] = ()


# A numbered list the conversion lost an entry of (at a page or a column
# break) still answers for its other numbers. A number counts as a lost entry
# only where the list leaves room for one: a gap in its numbering, or just
# past its last number (the list's end cut off); "[1990, 2]" is no group.
LOST_ENTRIES_PAST_THE_END = 3


@dataclass
class ReferenceIndex:
    """The paper's reference entries, readable by printed number and by
    (first family, year)."""

    numbered: bool
    labels: frozenset[str]
    by_year: dict[str, list[tuple[str, AuthorsAndYear]]] = field(default_factory=dict)
    # A numbered list whose paper cites it by name and year, never by number (SciPress's
    # "(Jomhari, 2002)" against "[7] Jomhari F. …"): a name citation that finds no entry is reported.
    cited_by_name: bool = False

    @classmethod
    def build(cls, references: tuple[RawReference, ...], numbered: bool) -> ReferenceIndex:
        index = cls(numbered, frozenset(r.label for r in references))
        read = [(r.label, _with_repeated_authors(r)) for r in references]
        # Works by the same authors in the same year without printed suffixes
        # take "a", "b" … in list order, as every author-year style assigns them.
        groups: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
        for position, (_, parsed) in enumerate(read):
            if parsed is not None:
                groups[(parsed.families, parsed.year)].append(position)
        for (_, year), positions in groups.items():
            if len(positions) > 1 and year[-1:].isdigit():
                for letter, position in zip("abcdefghijklmnopqrstuvwxyz", positions, strict=False):
                    label, parsed = read[position]
                    assert parsed is not None
                    read[position] = (label, AuthorsAndYear(parsed.families, parsed.more_authors,
                                                            year + letter, parsed.first_author))
        for label, parsed in read:
            if parsed is not None:
                index.by_year.setdefault(parsed.year, []).append((label, parsed))
        return index

    def may_have_lost(self, label: str) -> bool:
        """Whether `label`, which names no entry, may name one the conversion lost."""
        numbers = [int(known) for known in self.labels if known.isdigit()]
        return label.isdigit() and bool(numbers) and 0 < int(label) <= max(numbers) + LOST_ENTRIES_PAST_THE_END

    def resolve(self, names: list[str], et_al: bool, year: str) -> list[str]:
        """Labels of the entries that (names, year) can mean."""
        year = year.replace(" ", "")
        candidates = list(self.by_year.get(year, []))
        if not candidates and year[-1:].isalpha():
            candidates = self.by_year.get(year[:-1], [])  # "2020a" cited, list prints no suffix
        first = fold_name(names[0])
        found = [(label, p) for label, p in candidates
                 if first in (*p.families[:1], p.first_author) or p.first_author.endswith(" " + first)]
        if not found:
            # "AlSaudi, 2006" or "Al Saudi" against "Al-Saudi, Ahmed": one name however it is joined.
            squashed = _squashed(first)
            found = [(label, p) for label, p in candidates
                     if squashed in (_squashed(p.first_author), *(_squashed(f) for f in p.families[:1]))]
        if len(found) > 1 and len(names) > 1:
            found = [(label, p) for label, p in found
                     if [fold_name(n) for n in names[1:]] == list(p.families[1:len(names)])]
        if len(found) > 1:
            wanted = 3 if et_al else len(names)
            exact = [(label, p) for label, p in found
                     if (len(p.families) >= 3 or p.more_authors) == (wanted >= 3) and
                     (et_al or len(p.families) == len(names))]
            found = exact or found
        return [label for label, _ in found]


def _squashed(name: str) -> str:
    return re.sub(r"[\s\-‐'’]", "", name)


def _with_repeated_authors(reference: RawReference) -> AuthorsAndYear | None:
    """"———. 1999a. Title": the year of this entry, the authors of the one
    before (which the reader passes on as `repeated_authors`)."""
    parsed = authors_and_year(reference.text)
    if not reference.repeated_authors or parsed is None:
        return parsed
    names = authors_and_year(f"{reference.repeated_authors}. {parsed.year[:4]}.")
    if names is None:
        return parsed
    return AuthorsAndYear(names.families, names.more_authors, parsed.year, names.first_author)


def cites_by_name(text: str, index: ReferenceIndex) -> bool:
    """Whether the paper's `text` cites its numbered list by name and year
    and never by number: then the names are its citations, and one that
    finds no entry needs a human as in any author-year paper (a paper that
    also cites by number may name a work it does not list)."""
    if any(set(expand_labels(m.group(1))) <= index.labels for m in NUMERIC.finditer(text)):
        return False
    return bool(find_author_year_citations(text, index, []))


def find_numeric_citations(text: str, index: ReferenceIndex,
                           problems: list[CitationProblem]) -> list[CitationMarker]:
    markers = []
    for m in NUMERIC.finditer(text):
        if marker := numeric_marker(m.start(), m.group(0), m.group(1), index, problems):
            markers.append(marker)
    return markers


def numeric_marker(start: int, printed: str, numbers: str, index: ReferenceIndex,
                   problems: list[CitationProblem], superscript: bool = False) -> CitationMarker | None:
    """The marker of a numeric group ("[2,4-6]", a superscript "2,4-6") as
    printed, linked to every number the list has. Numbers the list lost are
    one problem (`lost`); a group with a number no lost entry explains stays
    text and is reported, a superscript silently (it may be a note's call)."""
    labels = expand_labels(numbers)
    known = tuple(label for label in labels if label in index.labels)
    lost = tuple(label for label in labels if label not in index.labels)
    if not all(index.may_have_lost(label) for label in lost) or (superscript and not known):
        if not superscript:
            problems.append(CitationProblem(printed, f"points at reference {lost[0]}, which the "
                                            "reference list does not have"))
        return None
    if lost:
        problems.append(CitationProblem(printed, "its other numbers are linked" if known else "left as plain text",
                                        lost))
    return CitationMarker(start, start + len(printed), printed, known) if known else None


def expand_labels(inner: str) -> tuple[str, ...]:
    """"3-5" → 3, 4, 5; "5, 7" → 5, 7."""
    labels: list[str] = []
    for part in re.split(r"\s*[,;]\s*", inner):
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) < int(bounds[1]) <= int(bounds[0]) + 50:
            labels.extend(str(n) for n in range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            labels.extend(str(int(b)) for b in bounds if b)
    return tuple(labels)


def find_author_year_citations(text: str, index: ReferenceIndex,
                               problems: list[CitationProblem]) -> list[CitationMarker]:
    """Parenthetical and narrative citations, each resolved or reported."""
    markers: list[CitationMarker] = []
    taken: list[tuple[int, int]] = []
    for m in NARRATIVE.finditer(text) if YEAR_AFTER_PARENTHESIS.search(text) else ():
        names, start = _without_leading_non_authors(m.group("names"), m.group("years"), index, m.start())
        labels = _resolve_part(names, m.group("years"), index, [], "")
        # "Della Porta (2013)", "Agha Beigi (2007)": NAMES takes one capitalised word; the word before
        # belongs to the name when the list has the entry under both, or only under both.
        if (before := re.search(r"(?<![\w'’\-])([A-ZÀ-Þ][\w'’\-]+)\s+$", text[:start])) and \
                (whole := _resolve_part(f"{before.group(1)} {names}", m.group("years"), index, [], "")) and \
                whole == (labels or whole):
            start, labels = before.start(), whole
        if not labels:   # said once, with the words as printed
            _resolve_part(names, m.group("years"), index, problems, text[start:m.end()])
        if labels:
            markers.append(CitationMarker(start, m.end(), text[start:m.end()], tuple(labels)))
        taken.append((m.start(), m.end()))
    narratives = Spans(taken)
    for m in PARENTHETICAL.finditer(text):
        if narratives.overlaps(m.start(), m.end()):
            continue
        group_labels: list[str] = []
        for part in _parts(m.group(1)):
            bare = PREFIX.sub("", part.strip())
            cited = CITED_PART.match(bare)
            organisation = ORGANISATION_PART.match(bare)
            if organisation and (not cited or not _resolve_part(cited.group("names"), cited.group("years"),
                                                                 index, [], part.strip())):
                found = _resolve_part(organisation.group("names"), organisation.group("years"), index, [],
                                      part.strip())
                if found:
                    group_labels += [x for x in found if x not in group_labels]
                    continue
            if cited:
                group_labels += [x for x in _resolve_part(cited.group("names"), cited.group("years"), index,
                                                           problems, part.strip()) if x not in group_labels]
            elif (lower := CITED_PART.match(_capitalised(bare))) and (found := _resolve_part(
                    lower.group("names"), lower.group("years"), index, [], part.strip())):
                # "(lambert 2007)", "(Maddi and khoshaba, 1994)": names typed in lower case, believed
                # only when the list has that author and year.
                group_labels += [x for x in found if x not in group_labels]
            elif trailing := TRAILING_CITED_PART.search(bare):
                # Believed only when the list has it, and not after a capitalised word and a comma:
                # "(UK Sport, UNICEF, 2006)" names two publishers, not UNICEF's entry.
                names, start = _without_leading_non_authors(trailing.group("names"), trailing.group("years"), index,
                                                            trailing.start())
                if not re.search(r"[A-Z][\w’'\-]*,\s*$", bare[:start]):
                    group_labels += [x for x in _resolve_part(names, trailing.group("years"), index, [],
                                                              part.strip()) if x not in group_labels]
        if group_labels:
            markers.append(CitationMarker(m.start(), m.end(), m.group(0), tuple(group_labels)))
    return sorted(markers, key=lambda marker: marker.start)


def _capitalised(part: str) -> str:
    """Each word before the year with a capital, "and" and "et al." left as they are."""
    digit = re.search(r"\d", part)
    names = part[:digit.start()] if digit else part
    names = re.sub(rf"(?<![\w'’\-])(?!(?:{AND}|et|al)\b)([a-zß-ÿ])", lambda m: m.group(1).upper(), names)
    return names + part[len(names):]


def _without_leading_non_authors(names: str, years: str, index: ReferenceIndex, start: int) -> tuple[str, int]:
    """"Relatedly, Dancygier (2010)", "Empirically, Morrow and Smith (2010)":
    a capitalised word before the authors, set off by a comma, is no author
    when the list has the citation without it. Returns the names and where
    the citation starts."""
    parts = list(re.finditer(r"[^,]+(?:,\s+|$)", names))
    if len(parts) < 2 or _resolve_part(names, years, index, [], ""):
        return names, start
    for part in parts[1:]:
        if _resolve_part(names[part.start():], years, index, [], ""):
            return names[part.start():], start + part.start()
    return names, start


NEXT_CITED_WORK = re.compile(
    rf",\s+(?=(?:{PARTICLE}\s+)?{NAME}(?:\s+(?:{AND}|&)\s+{NAME}|\s+et\s+al\.?)?,?\s+(?:{YEAR_TOKEN}))")
# ABNT (Brazil, Spain) separates co-authors with semicolons inside the
# parentheses: "(Dumay; Guthrie; Farneti, 2010)" is one work.
CO_AUTHOR_PIECE = re.compile(NAMES)


def _parts(inner: str) -> list[str]:
    """"Adams 2018; Brown and Chen 2019" and "Adams 2018, Brown 2019" alike."""
    # ABNT: "(Dumay; Guthrie; Farneti, 2010)": names with no year before a
    # ";" are co-authors of the work after it.
    pieces = _joined_onto_next([piece.strip() for piece in inner.split(";")],  # not re.split: quadratic on spaces
                               lambda piece: bool(CO_AUTHOR_PIECE.fullmatch(piece))
                               and not re.search(YEAR_TOKEN, piece))
    # "Kim, Korbel & Gerstein, 2007": a part with no year is the first
    # authors of the next part, not a citation of its own.
    return [part for piece in filter(None, pieces)
            for part in _joined_onto_next(re.split(NEXT_CITED_WORK, piece),
                                          lambda part: not re.search(YEAR_TOKEN, part))]


def _joined_onto_next(pieces: list[str], leads_the_next: Callable[[str], bool]) -> list[str]:
    """Each piece (the last excepted) that `leads_the_next` is joined with ", " onto the one after it."""
    joined: list[str] = []
    carried = ""
    for position, piece in enumerate(pieces):
        piece = f"{carried}, {piece}" if carried else piece
        carried = piece if position < len(pieces) - 1 and leads_the_next(piece) else ""
        if not carried:
            joined.append(piece)
    return joined


def _resolve_part(names_text: str, years_text: str, index: ReferenceIndex,
                  problems: list[CitationProblem], raw: str) -> list[str]:
    et_al = bool(re.search(r"\bet\s+al\b", names_text))
    without_et_al = re.sub(r",?\s+et\s+al\.?", "", names_text)
    names = _family_names(without_et_al, rf",\s+|,?\s+{AND}\s+|,?\s*&\s*")
    # "Ortega y Gasset", "Mello e Souza": one family name when the list has it so.
    one_family = _family_names(without_et_al, r",\s+|,?\s+and\s+|,?\s*&\s*")
    labels: list[str] = []
    base = ""
    for year in (year.strip() for year in years_text.split(",")):
        if re.fullmatch(r"[a-z]", year) and base:
            year = base + year  # "2019a, b"
        base = re.sub(r"[a-z]$", "", year) if year[:1].isdigit() else base
        wanted = "n.d." if year.startswith("n") else year
        found = index.resolve(names, et_al, wanted)
        if not found and one_family != names:
            found = index.resolve(one_family, et_al, wanted)
        if len(found) == 1:
            labels.append(found[0])
        else:
            problems.append(CitationProblem(raw, f"{' and '.join(names)}{' et al.' if et_al else ''} {year} "
                                            + ("matches no reference entry" if not found else
                                               f"matches {len(found)} reference entries")))
    return labels


def _family_names(names_text: str, separators: str) -> list[str]:
    # "Weiss’s (1993)": the possessive is no part of the name (NAME takes it in).
    return [re.sub(r"['’‘]s$", "", n.strip()) for n in re.split(separators, names_text) if n.strip()]
