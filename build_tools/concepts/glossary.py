"""Stage 3: concept pages → `Glossary`, and where the papers use each concept.

`load_glossary` reads and checks the front matter of `docs/concepts/*.md`;
`find_term_occurrences` finds every title and alias in the papers' paragraphs
with one multi-pattern matcher, one pass per paragraph; `choose_term_links`
is the linking policy the paper pages follow; `unused_concepts` names pages
that nothing reaches. Nothing here knows Markdown or HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import ahocorasick

from build_tools import urls
from build_tools.cache import BuildCache
from build_tools.concepts.sentences import sentence_spans
from build_tools.front_matter import LocatedMapping, load_located_mapping, split_front_matter, text_fields
from build_tools.inputs import CONCEPT_PAGE_LIMIT, check_file, read_text
from build_tools.model import (
    Concept,
    Glossary,
    Paper,
    PaperDefinition,
    Paragraph,
    ParagraphKind,
    Problems,
    ReaderError,
    SourceLocation,
    TermOccurrence,
    each_checked,
)

FIELDS = ("title", "aliases", "summary", "related", "relations", "theme", "authors", "paper_aliases",
          "definitions")
REQUIRED_TEXT_FIELDS = ("title", "summary")
LIST_FIELDS = ("aliases", "related", "authors")
ABSTRACT_SECTION_ID = "abstract"
# A paper's keywords count as uses of the concepts they name; on the paper
# page they are one line under the abstract, with this anchor.
KEYWORDS_ID = urls.KEYWORDS_ANCHOR
# The map groups concepts by what part of alliance politics they belong to.
THEMES = {
    "forms": "Forms of alignment",
    "formation": "Why states align",
    "management": "Managing an alliance",
    "hierarchy": "Hierarchy and power",
    "order": "Order and strategy",
}
# Typed relations between concepts, as the map draws and names them:
# relation → (as read from the concept that lists it, as read from the other).
RELATIONS = {
    "kind-of": ("is a kind of", "has as a kind"),
    "part-of": ("is part of", "has as a part"),
    "contrasts-with": ("contrasts with", "contrasts with"),
    "leads-to": ("can lead to", "can follow from"),
}
DEFINITION_FIELDS = ("passage", "quote", "own_sense")


def load_glossary(concepts_dir: Path, cache: BuildCache | None = None,
                  problems: Problems | None = None) -> Glossary:
    """Every concept page but `index.md`, in slug order. The problems of
    every page are reported together: raised, or with `problems` recorded
    there and the glossary made of the pages that could be read. With a
    `cache`, a page is read again only when its bytes change."""
    cache = cache or BuildCache()
    paths = [path for path in sorted(concepts_dir.glob("*.md")) if path.name != "index.md"]
    found = Problems()
    loaded = found.each(paths, lambda path: _cached_concept(path, cache))
    glossary = cache.same_inputs("concepts.glossary", (loaded,), lambda: _glossary(loaded))
    found.errors.extend(glossary.problems)
    # A related page that exists but could not be read has its own error.
    pages = {path.stem for path in paths}
    found.each(loaded, lambda pair: _check_related(pair[0], pair[1], glossary.glossary.concepts, pages))
    found.pass_on(problems)
    return glossary.glossary


@dataclass(frozen=True)
class _CheckedGlossary:
    glossary: Glossary
    # Wordings two pages claim: kept with the glossary so that a cached
    # glossary reports them again.
    problems: tuple[ReaderError, ...]


def _glossary(loaded: tuple[tuple[Concept, LocatedMapping], ...]) -> _CheckedGlossary:
    by_slug = {concept.slug: concept for concept, _ in loaded}
    problems = Problems()
    terms = _term_index(loaded, problems)
    paper_terms = _paper_term_index(loaded, terms, problems)
    return _CheckedGlossary(Glossary(by_slug, terms, paper_terms), tuple(problems.errors))


def _cached_concept(path: Path, cache: BuildCache) -> tuple[Concept, LocatedMapping]:
    # Before the cache reads a byte: where the file really is and its size.
    check_file(path, CONCEPT_PAGE_LIMIT, "a concept page", root=path.parent.parent.parent)
    return cache.from_file("concepts.page", path, _load_concept, lasting=True)


def _load_concept(path: Path) -> tuple[Concept, LocatedMapping]:
    text = read_text(path, CONCEPT_PAGE_LIMIT, "a concept page", root=path.parent.parent.parent, hand_written=True)
    slug = path.stem
    if not urls.is_slug(slug):
        raise ReaderError(SourceLocation(path, 1),
                          f"'{path.name}' is not a usable concept file name; it becomes the URL "
                          f"/concepts/{slug}/",
                          "use lower-case words joined by hyphens, e.g. 'alliance-security-dilemma.md'")
    page = split_front_matter(text, path, "a concept page",
                              "begin the file with '---', then title, aliases, summary and related, then '---'")
    mapping = load_located_mapping(page.yaml, path, first_line=page.yaml_first_line)
    _check_fields(mapping)
    concept = Concept(
        slug=slug,
        title=mapping.values["title"].strip(),
        aliases=tuple(a.strip() for a in mapping.values.get("aliases") or ()),
        summary=mapping.values["summary"].strip(),
        related=tuple(r.strip() for r in mapping.values.get("related") or ()),
        path=path,
        location=mapping.where("title"),
        body_markdown=page.body,
        paper_aliases=_paper_aliases(mapping),
        definitions=_definitions(mapping),
        authors=tuple(a.strip() for a in mapping.values.get("authors") or ()),
        theme=_theme(mapping),
        relations=_relations(mapping),
    )
    return concept, mapping


def _paper_aliases(mapping: LocatedMapping) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`paper_aliases: {<paper slug>: [wording, …]}`."""
    value = mapping.values.get("paper_aliases")
    if value is None:
        return ()
    where = mapping.where("paper_aliases")
    hint = "write it as 'paper_aliases:' then lines '  <paper-slug>: [wording, other wording]'"
    if not isinstance(value, dict):
        raise ReaderError(where, f"'paper_aliases' must be a mapping of paper slugs to wordings, not {_kind(value)}",
                          hint)
    pairs = []
    for paper_slug, wordings in value.items():
        if not isinstance(paper_slug, str) or not urls.is_slug(paper_slug):
            raise ReaderError(where, f"'paper_aliases' key {paper_slug!r} is not a paper slug", hint)
        if not isinstance(wordings, list) or not wordings or not all(
                isinstance(w, str) and w.strip() for w in wordings):
            raise ReaderError(where, f"'paper_aliases' of {paper_slug} must be a list of wordings", hint)
        pairs.append((paper_slug, tuple(w.strip() for w in wordings)))
    return tuple(sorted(pairs))


def _definitions(mapping: LocatedMapping) -> tuple[PaperDefinition, ...]:
    """`definitions:`, a list of `{passage, quote, own_sense}`; where they
    point is checked once the papers are read (paper_definitions.py)."""
    items = mapping.values.get("definitions")
    if items is None:
        return ()
    hint = ("write each as '- passage: passage:<paper-slug>#<paragraph-id>', then 'quote: <the paper's "
            "words>', optionally 'own_sense: <how the paper's sense differs>'")
    if not isinstance(items, list):
        raise ReaderError(mapping.where("definitions"), f"'definitions' must be a list, not {_kind(items)}", hint)
    found = []
    for index, item in enumerate(items):
        where = SourceLocation(mapping.path, mapping.item_line("definitions", index))
        fields = text_fields(item, where, DEFINITION_FIELDS, ("passage", "quote"), f"definition {index + 1}", hint)
        found.append(PaperDefinition(fields["passage"], fields["quote"], where, fields.get("own_sense", "")))
    return tuple(found)


def _theme(mapping: LocatedMapping) -> str:
    theme = mapping.values.get("theme", "")
    if theme and theme not in THEMES:
        raise ReaderError(mapping.where("theme"), f"unknown theme {theme!r}",
                          f"the themes are {', '.join(THEMES)}")
    if not isinstance(theme, str):
        raise ReaderError(mapping.where("theme"), "'theme' must be text", f"one of {', '.join(THEMES)}")
    return theme


def _relations(mapping: LocatedMapping) -> tuple[tuple[str, str], ...]:
    """`relations: {kind-of: [alliance], contrasts-with: [balancing]}`."""
    value = mapping.values.get("relations")
    if value is None:
        return ()
    where = mapping.where("relations")
    hint = f"write 'relations:' then lines '  <relation>: [concept, …]'; the relations are {', '.join(RELATIONS)}"
    if not isinstance(value, dict):
        raise ReaderError(where, f"'relations' must be a mapping, not {_kind(value)}", hint)
    pairs: list[tuple[str, str]] = []
    for kind, slugs in value.items():
        if kind not in RELATIONS:
            raise ReaderError(where, f"unknown relation {kind!r}", hint)
        if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
            raise ReaderError(where, f"'{kind}' must list concept slugs", hint)
        pairs.extend((str(kind), slug.strip()) for slug in slugs)
    return tuple(pairs)


def _check_fields(mapping: LocatedMapping) -> None:
    """Every problem of the front matter, raised together."""
    values = mapping.values
    problems = Problems()
    for key in values:
        if key not in FIELDS:
            problems.record(ReaderError(mapping.where(str(key)), f"unknown front matter field '{key}'",
                                        f"a concept page has only {', '.join(FIELDS)}; check the spelling"))
    for key in REQUIRED_TEXT_FIELDS:
        problems.attempt(partial(_check_required_text, mapping, key), None)
    for key in LIST_FIELDS:
        problems.attempt(partial(_check_list, mapping, key), None)
    summary = values.get("summary")
    if isinstance(summary, str) and summary.strip():
        problems.attempt(lambda: _check_summary(mapping, summary.strip()), None)
    problems.raise_if_any()


def _check_required_text(mapping: LocatedMapping, key: str) -> None:
    values = mapping.values
    if key not in values:
        raise ReaderError(mapping.where(), f"the front matter has no '{key}'",
                          f"add a line '{key}: …'")
    if not isinstance(values[key], str):
        raise ReaderError(mapping.where(key), f"'{key}' must be text, not {_kind(values[key])}",
                          "write it on one line after the colon; quote it if it contains ': '")
    if not values[key].strip():
        raise ReaderError(mapping.where(key), f"'{key}' is empty", f"write the concept's {key}")


def _check_list(mapping: LocatedMapping, key: str) -> None:
    items = mapping.values.get(key)
    if items is None:
        return
    if not isinstance(items, list):
        raise ReaderError(mapping.where(key), f"'{key}' must be a list, not {_kind(items)}",
                          f"write it as '{key}: [first, second]'")
    problems = Problems()
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            problems.record(ReaderError(SourceLocation(mapping.path, mapping.item_line(key, index)),
                                        f"item {index + 1} of '{key}' must be non-empty text, not {_kind(item)}",
                                        "quote items that YAML reads as numbers, dates or yes/no"))
    problems.raise_if_any()


def _check_summary(mapping: LocatedMapping, summary: str) -> None:
    sentences = sentence_spans(summary)
    if len(sentences) != 1 or not summary.endswith((".", "?", "!")):
        raise ReaderError(mapping.where("summary"),
                          f"'summary' must be one sentence; this reads as {len(sentences)} "
                          f"sentence{'s' if len(sentences) != 1 else ''}"
                          + ("" if summary.endswith((".", "?", "!")) else " without a closing period"),
                          "keep the one-line definition shown on hover; put the rest in the page body")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "yes/no", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _check_related(concept: Concept, mapping: LocatedMapping, by_slug: Mapping[str, Concept],
                   pages: Collection[str]) -> None:
    """`related` and typed `relations` must name other concept pages."""
    listed = [(slug, SourceLocation(concept.path, mapping.item_line("related", index)), "related")
              for index, slug in enumerate(concept.related)]
    listed += [(slug, mapping.where("relations"), kind) for kind, slug in concept.relations]
    each_checked(listed, lambda item: _check_related_item(concept, by_slug, pages, *item))


def _check_related_item(concept: Concept, by_slug: Mapping[str, Concept], pages: Collection[str],
                        slug: str, where: SourceLocation, field_name: str) -> None:
    if slug == concept.slug:
        listed = "as related" if field_name == "related" else f"under '{field_name}'"
        raise ReaderError(where, f"'{concept.slug}' lists itself {listed}", f"remove it from '{field_name}'")
    if slug not in pages:
        close = [s for s in by_slug if slug in s or s in slug]
        raise ReaderError(where, f"{field_name} concept '{slug}' does not exist: there is no "
                          f"{concept.path.parent / (slug + '.md')}",
                          f"did you mean {', '.join(close)}?" if close
                          else "use the file name of another concept page, without '.md'")


def _term_index(loaded: Sequence[tuple[Concept, LocatedMapping]], problems: Problems) -> dict[str, str]:
    """Lowercased term → slug; two concepts may not claim one wording, or the
    matcher could not tell which page a word in a paper should link to.
    Each clash is recorded in `problems`; the first page keeps the wording."""
    claimed: dict[str, tuple[Concept, SourceLocation, str]] = {}
    for concept, mapping in loaded:
        places = [(concept.title, concept.location, "the title")] + [
            (alias, SourceLocation(concept.path, mapping.item_line("aliases", index)), "an alias")
            for index, alias in enumerate(concept.aliases)]
        for term, where, role in places:
            key = term.lower()
            if key not in claimed:
                claimed[key] = (concept, where, role)
                continue
            other, other_where, other_role = claimed[key]
            if other is concept:
                problems.record(ReaderError(where, f"'{term}' is listed twice in this page's title and aliases",
                                            "remove the repeated alias"))
                continue
            problems.record(ReaderError(
                where,
                f"'{term}' is claimed by two concepts: {role} of {where} and "
                f"{other_role} of {other_where}",
                "a wording can link to one page only; keep it on the page that defines it and "
                "mention the other concept in the body or under 'related'"))
    return {key: concept.slug for key, (concept, _, _) in sorted(claimed.items())}


def _paper_term_index(loaded: Sequence[tuple[Concept, LocatedMapping]], terms: dict[str, str],
                      problems: Problems) -> dict[str, dict[str, str]]:
    """Paper slug → its own wordings → slug. A paper's wording may not also
    be a wording of every paper, nor be claimed twice for one paper."""
    index: dict[str, dict[str, str]] = {}
    for concept, mapping in loaded:
        where = mapping.where("paper_aliases")
        for paper_slug, wordings in concept.paper_aliases:
            mine = index.setdefault(paper_slug, {})
            for wording in wordings:
                key = wording.lower()
                other = terms.get(key) or mine.get(key)
                if other is not None:
                    problems.record(ReaderError(
                        where, f"'{wording}' for {paper_slug} is already a wording of concept '{other}'",
                        "a wording links to one page only: remove it here, or from the other "
                        "page's aliases if it means this concept in every paper"))
                    continue
                mine[key] = concept.slug
    return {slug: dict(sorted(wordings.items())) for slug, wordings in sorted(index.items())}


# --- finding terms in the papers ---------------------------------------------

def _is_word_character(char: str) -> bool:
    # A hyphen joins words: "counter-deterrence" is not "deterrence", and
    # "security-focused" is not "security".
    return char.isalnum() or char == "-"


def build_term_matcher(glossary: Glossary, paper_slug: str = "") -> ahocorasick.Automaton:
    """Every wording of every concept, plus those that mean a concept in
    the paper `paper_slug` only."""
    automaton = ahocorasick.Automaton()
    for term, slug in (glossary.terms | glossary.paper_terms.get(paper_slug, {})).items():
        automaton.add_word(term, (slug, len(term)))
    automaton.make_automaton()
    return automaton


def lowercase_keeping_offsets(text: str) -> str:
    """`text.lower()` when that keeps every offset; otherwise characters whose
    lower case is longer (Turkish "İ") stay as they are, so offsets in the
    copy are offsets in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def find_term_occurrences(papers: Iterable[Paper], glossary: Glossary) -> tuple[TermOccurrence, ...]:
    """Every whole-word, case-insensitive use of a concept's title or alias in
    the papers, in reading order, never overlapping and never inside a
    citation marker."""
    if not glossary.terms and not glossary.paper_terms:
        return ()
    shared = build_term_matcher(glossary)
    found: list[TermOccurrence] = []
    for paper in papers:
        matcher = build_term_matcher(glossary, paper.slug) if paper.slug in glossary.paper_terms else shared
        for section_id, paragraph in _paragraphs_with_sections(paper):
            for start, end, slug in find_terms_in_paragraph(paragraph, matcher):
                found.append(TermOccurrence(slug, paper.slug, paragraph.id, section_id, start, end,
                                            paragraph.text[start:end]))
    return tuple(found)


def keywords_paragraph(paper: Paper) -> Paragraph | None:
    """The paper's keywords as one line of text ("hegemony; alliances"), so
    that a keyword is found, counted and quoted like any other use."""
    if not paper.keywords:
        return None
    where = paper.abstract[0].location if paper.abstract else SourceLocation(paper.metadata.source, 1)
    return Paragraph(KEYWORDS_ID, "; ".join(paper.keywords), ParagraphKind.TEXT, where)


def _paragraphs_with_sections(paper: Paper) -> Iterable[tuple[str, Paragraph]]:
    for paragraph in paper.abstract:
        yield ABSTRACT_SECTION_ID, paragraph
    keywords = keywords_paragraph(paper)
    if keywords is not None:
        yield KEYWORDS_ID, keywords
    for section in paper.sections:
        for paragraph in section.paragraphs:
            yield section.id, paragraph


def find_terms_in_paragraph(paragraph: Paragraph, matcher: ahocorasick.Automaton
                            ) -> list[tuple[int, int, str]]:
    """(start, end, slug) of each chosen match, in text order.

    The automaton reports every term ending at every position; of those that
    stand as whole words outside citation markers, the longest wins, then the
    earliest, so "alliance security dilemma" beats both "alliance" and
    "security dilemma", whichever comes first in the text.
    """
    text = paragraph.text
    lowered = lowercase_keeping_offsets(text)
    blocked = [(m.start, m.end) for m in paragraph.citations]
    candidates: list[tuple[int, int, str]] = []
    for last, (slug, length) in matcher.iter(lowered):
        start, end = last + 1 - length, last + 1
        if start > 0 and _is_word_character(text[start - 1]) and _is_word_character(text[start]):
            continue
        if end < len(text) and _is_word_character(text[end]) and _is_word_character(text[end - 1]):
            continue
        if any(start < b_end and b_start < end for b_start, b_end in blocked):
            continue
        candidates.append((start, end, slug))
    chosen: list[tuple[int, int, str]] = []
    for start, end, slug in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= c_start or c_end <= start for c_start, c_end, _ in chosen):
            chosen.append((start, end, slug))
    return sorted(chosen)


# --- linking policy -----------------------------------------------------------

def choose_term_links(occurrences: Iterable[TermOccurrence]) -> tuple[TermOccurrence, ...]:
    """The occurrences a paper page turns into links: the first of each
    concept in each section (the abstract is a section), so a reader meets a
    link where a section introduces the idea without a page of blue words.
    Every occurrence still counts on the concept's page."""
    seen: set[tuple[str, str, str]] = set()
    links: list[TermOccurrence] = []
    for occurrence in occurrences:
        if occurrence.section_id == KEYWORDS_ID:
            continue  # the keyword line is not linked; its uses count on the concept page
        key = (occurrence.paper_slug, occurrence.section_id, occurrence.concept_slug)
        if key not in seen:
            seen.add(key)
            links.append(occurrence)
    return tuple(links)


def unused_concepts(glossary: Glossary, occurrences: Iterable[TermOccurrence]) -> list[ReaderError]:
    """A problem for each concept no paper uses and no other concept lists as
    related: nothing would lead a reader to it. The caller logs these as
    warnings, which `mkdocs build --strict` turns into a failed build."""
    used = Counter(o.concept_slug for o in occurrences)
    reached = {slug for concept in glossary.concepts.values() for slug in concept.related
               if slug != concept.slug}
    return [
        ReaderError(concept.location,
                    f"concept '{concept.slug}' appears in no paper and no other concept "
                    "lists it as related",
                    "add the wording the papers use to 'aliases', or list it under 'related' on a "
                    "concept that is used, or remove the page")
        for slug, concept in glossary.concepts.items()
        if not used[slug] and slug not in reached
    ]
