"""One reference string in any common style → one CSL-JSON item.

A CRF (reference_model.crfsuite, trained on AnyStyle's labelled data) labels each
token; rules then split names, repair DOIs/URLs, read volume/issue/pages and infer
the type. `parse_reference` never raises on a str; unparseable input is flagged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, cast

import pycrfsuite

from .reference_features import GIVEN_NAMES, ORGANISATION_WORDS, sequence_features, tokenize, word_set

DEFAULT_MODEL_PATH = Path(__file__).with_name("reference_model.crfsuite")
# Real references stay far below this; the cap bounds the time spent on pasted junk.
MAX_REFERENCE_CHARACTERS = 3000


class CslName(TypedDict, total=False):
    family: str
    given: str
    literal: str
    suffix: str


CslItem = dict[str, Any]


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A run of consecutive tokens the CRF gave the same label; `text` is the original slice."""

    label: str
    text: str
    start: int
    end: int


class ReferenceParser:
    """Owns one CRF tagger, opened on first use. Not thread-safe: use one instance per thread."""

    def __init__(self, model_path: Path = DEFAULT_MODEL_PATH) -> None:
        self._model_path = model_path
        self._tagger: Any = None

    def _opened_tagger(self) -> Any:
        if self._tagger is None:
            if not self._model_path.is_file():
                raise FileNotFoundError(
                    f"reference model missing: {self._model_path}; run python -m benchmarks.train_reference_parser"
                )
            tagger = pycrfsuite.Tagger()
            tagger.open(str(self._model_path))
            self._tagger = tagger
        return self._tagger

    def label(self, text: str) -> list[LabelledSpan]:
        """The CRF's labelled spans of an already cleaned string."""
        tokens = tokenize(text)
        if not tokens:
            return []
        labels = cast(list[str], self._opened_tagger().tag(sequence_features(tokens)))
        spans: list[LabelledSpan] = []
        run_start = 0
        for index in range(1, len(tokens) + 1):
            if index == len(tokens) or labels[index] != labels[run_start]:
                start, end = tokens[run_start].start, tokens[index - 1].end
                spans.append(LabelledSpan(labels[run_start], text[start:end], start, end))
                run_start = index
        return spans

    def parse(self, text: str) -> CslItem:
        cleaned = clean_reference_text(text)
        if not re.search(r"\w", cleaned):
            return _unparsed(cleaned)
        try:
            item = csl_from_spans(self.label(cleaned[: identifier_tail_start(cleaned)]), cleaned)
            fit_title_to_italics(item, text)
            join_a_journals_two_names(item, cleaned)
            _book_title_labelled_a_journal(item)
        except (ValueError, IndexError, KeyError, TypeError, RecursionError):
            # A rule tripped on an input nobody foresaw; the text is still worth keeping.
            return _unparsed(cleaned)
        if not any(key in item for key in ("title", "author", "container-title", "issued", "DOI", "URL")):
            return _unparsed(cleaned)
        if "issued" not in item:
            _read_year_after_the_link(cleaned[identifier_tail_start(cleaned):], item)
        return item


def _book_title_labelled_a_journal(item: CslItem) -> None:
    """"Moreno T. (2004) Order and Justice, Vol. 2. London: Sage.": the model
    labels a book's title a journal when a volume follows it; a "journal"
    with a publisher and no title or pages is the book's title (measured on
    the labelled sets' held-out parts: title 87.0% → 87.4%)."""
    if "title" not in item and "container-title" in item and "publisher" in item and "page" not in item:
        item["title"] = item.pop("container-title")
        item["type"] = "book"


def parse_reference(text: str) -> CslItem:
    """Parse one string with a parser of its own (loading the model takes
    about 15 ms); to parse many, own a `ReferenceParser` and call `parse`."""
    return ReferenceParser().parse(text)


def reference_as_csl_json(text: str) -> str:
    """What `python -m build_tools parse-reference "..."` prints: stable key order, readable non-ASCII."""
    return json.dumps(parse_reference(text), ensure_ascii=False, sort_keys=True, indent=2)


def _unparsed(cleaned: str) -> CslItem:
    return {"type": "document", "title": cleaned[:1000], "unparsed": True}


# --- the identifier tail -------------------------------------------------------

# Words that lead to a link ("Available at:", "Retrieved from", "URL", "[en ligne]") and
# that may follow it: an access date ("accessed 8 March 2013", "(consulté le 8 décembre)").
# The punctuation after a word is inside the optional group, so the two runs never meet
# (as two adjacent `[\W_]*` they were quadratic on a long run of punctuation).
_LEADING_WORDS = r"available|at|from|retrieved|online|url|via|link|web|website|internet|en|ligne|see"
_LEADS_TO_A_LINK = re.compile(rf"^[\W_]*(?:{_LEADING_WORDS})[\W_]*$", re.IGNORECASE)
_FOLLOWS_A_LINK = re.compile(
    rf"^[\W_]*(?:(?:{_LEADING_WORDS}|accessed|access|viewed|cited|consulted|consulté|le|on|date|last|zugriff|"
    r"abgerufen|am|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|janvier|février|mars|avril|mai|"
    r"juin|juillet|août|septembre|octobre|novembre|décembre|\d{1,4}(?:st|nd|rd|th)?)[\W_]*)?$",
    re.IGNORECASE,
)
_LINK = re.compile(r"^[\W_]*(?:https?://|www\.)\S+$", re.IGNORECASE)


def identifier_tail_start(text: str) -> int:
    """Where a reference's closing link begins, with the words that lead to it
    and the access date after it ("… 10(10): e1001533. Available at: http://…
    Accessed 8 March 2013."); else len(text). The CRF labels only what comes
    before, since the link is read by its pattern (`_read_identifiers`): a URL
    label, which the training data gives to whole strings' tails, would
    otherwise spread back over the journal and title."""
    words = list(re.finditer(r"\S+", text))
    link = next((index for index, word in enumerate(words) if _LINK.match(word.group())), None)
    if link is None or link == 0:
        return len(text)
    if not all(_LINK.match(word.group()) or _FOLLOWS_A_LINK.match(word.group()) for word in words[link + 1:]):
        return len(text)
    start = link
    while start > 1 and _LEADS_TO_A_LINK.match(words[start - 1].group()):
        start -= 1
    return words[start].start()


# --- cleaning the input ------------------------------------------------------

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff\ufffe\uffff]")
# A DOI or URL never ends in "/", "-" or "_", so a space after one is a line break in
# the source; after "." only a digit continues it (else the "." ends a sentence).
_DOI_BROKEN_AFTER_SEPARATOR = re.compile(r"(\b10\.\d{4,9}/(?:\S*[/\-_])?)\s+(?=[\w(<])|(\b10\.\d{4,9}/\S*\.)\s+(?=\d)")
# "10.1017/S0020 8183" (a PDF line break inside the suffix): join a digit-only run that
# cannot be a year or page range and that ends the reference or a sentence.
_DOI_BROKEN_DIGITS = re.compile(
    r"(\b10\.\d{4,9}/[^\s]*\d)\s+(?!(?:1[5-9]|20)\d\d\b)(\d{2,}(?![\d\-–]))(?=[.,;]?(?:\s|$))"
)
_URL_BROKEN_AFTER_SEPARATOR = re.compile(
    r"(\bhttps?://\S*[/\-_?=&#])\s+(?=[a-z0-9/_%?=&#.-]+(?:[.,;]?\s|$))|(\bhttps?://\S*\.)\s+(?=\d)"
)


# "_Ggplot2: Elegant Graphics_ . Springer": the converter's space before the stop after italics.
_EMPHASIS_THEN_LONE_PUNCTUATION = re.compile(r"(?<=\S[_*])\s+(?=[.,;:](?:\s|$))")
UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w/:.])_(?=[^\s_])|(?<=[^\s_/])_(?![\w/])")


def clean_reference_text(text: object) -> str:
    if not isinstance(text, str):
        text = text.decode("utf-8", "replace") if isinstance(text, bytes | bytearray) else str(text)
    # Lone surrogates would make the JSON unprintable on a UTF-8 terminal.
    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", text[: MAX_REFERENCE_CHARACTERS * 2])
    text = _CONTROL_CHARACTERS.sub(" ", text)
    # Markdown emphasis from converted PDFs reads as the printed words, its stop included
    # ("_Ggplot2: Elegant Graphics_ . Springer" → "Ggplot2: Elegant Graphics. Springer"), so
    # the title's part ends where it does in print.
    text = _EMPHASIS_THEN_LONE_PUNCTUATION.sub("", text)
    text = text.replace("*", "")
    # pymupdf4llm 2.x sets italics with underscores ("_NGOs in International
    # Politics._"); one inside a word or a URL ("People_Power_Under") is text.
    text = UNDERSCORE_EMPHASIS.sub("", text)
    text = " ".join(text.split())[:MAX_REFERENCE_CHARACTERS]
    return repair_broken_identifiers(text)


def repair_broken_identifiers(text: str) -> str:
    """Join DOIs and URLs that a line break split with a space, when the break is evident."""
    previous = None
    while previous != text:
        previous = text
        text = _DOI_BROKEN_AFTER_SEPARATOR.sub(lambda match: match.group(1) or match.group(2), text)
        text = _URL_BROKEN_AFTER_SEPARATOR.sub(lambda match: match.group(1) or match.group(2), text)
    return _DOI_BROKEN_DIGITS.sub(r"\1\2", text)


# --- from labelled spans to CSL ------------------------------------------------

_EDGE_PUNCTUATION = " \t.,;:/—–-"
_QUOTES = "\"“”«»„‘’'`"
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.])(1[5-9]\d\d|20[0-4]\d)(?:\s*[-–/]\s*\d{2,4})?([a-z])?(?![\w])")
_REPORT_NUMBER = re.compile(
    r"\b(?:working|discussion|research|policy|occasional|technical|background|briefing)?\s*"
    r"(?:paper|report|brief|note|series)\s*(?:no\.?|nr\.?|number|#)?\s*(\d[\w.\-/]*)",
    re.IGNORECASE,
)
_THESIS = re.compile(r"\b(?:thesis|dissertation|diss\.|ph\.?\s?d\.?|doctoral|диссертаци)", re.IGNORECASE)
_REPORT_GENRE = re.compile(r"\b(?:report|working paper|discussion paper|policy brief|technical note)\b", re.I)
_CONFERENCE = re.compile(r"\b(?:proceedings|conference|symposium|workshop|congress|meeting|proc\.)", re.IGNORECASE)
_LANGUAGE_NOTE = re.compile(
    r"[(\[]\s*in\s+(russ|russian|german|french|spanish|chinese|japanese|ukrainian)\.?\s*[)\]]", re.IGNORECASE
)
_LANGUAGE_CODES = {"russ": "ru", "russian": "ru", "german": "de", "french": "fr", "spanish": "es"} | {
    "chinese": "zh",
    "japanese": "ja",
    "ukrainian": "uk",
}
_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            "jan january janvier januar enero января январь",
            "feb february février februar febrero февраля февраль",
            "mar march mars märz marzo марта март",
            "apr april avril abril апреля апрель",
            "may mai mayo мая май",
            "jun june juin juni junio июня июнь",
            "jul july juillet juli julio июля июль",
            "aug august août agosto августа август",
            "sep sept september septembre septiembre сентября сентябрь",
            "oct october octobre oktober octubre октября октябрь",
            "nov november novembre noviembre ноября ноябрь",
            "dec december décembre dezember diciembre декабря декабрь",
        ),
        start=1,
    )
    for name in names.split()
}


def _tidy(value: str) -> str:
    """Field text without the punctuation that separated it from its neighbours."""
    value = value.strip(_EDGE_PUNCTUATION)
    for opener, closer in (("(", ")"), ("[", "]")):
        if value.startswith(opener) and value.endswith(closer):
            value = value[1:-1].strip(_EDGE_PUNCTUATION)
        elif value.endswith(closer) and opener not in value:
            value = value[:-1].strip(_EDGE_PUNCTUATION)
        elif value.startswith(opener) and closer not in value:
            value = value[1:].strip(_EDGE_PUNCTUATION)
    # Keep the period of a final abbreviation or initial ("Inc.", "J. A."), drop a sentence's.
    return value


def _tidy_title(value: str) -> str:
    value = _tidy(value)
    value = re.sub(r"\s+/\s+[^/]*$", "", value) if " / " in value else value  # GOST statement of responsibility
    value = re.sub(r"\s*\[(?:text|текст|электронный ресурс|electronic resource)\]\s*", " ", value, flags=re.I)
    value = value.strip()
    if len(value) > 1 and value[0] in _QUOTES and value[-1] in _QUOTES + ".,":
        value = value.strip(_QUOTES + ".,;: ")
    elif value[:1] in _QUOTES and not any(char in _QUOTES for char in value[1:]):
        value = value[1:]
    return _tidy(value.strip(_QUOTES + " ") if value.count("“") + value.count("”") == 1 else value)


# Opening quote → its closing quote, for a title printed in quotes.
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“", "‘": "’"}
_INTRODUCES_CONTAINER = re.compile(r"(?:in|dans|en)\b:?\s*\S", re.IGNORECASE)


def split_quoted_title(title: str) -> tuple[str, str]:
    """A title printed in quotes ends at its closing quote when a comma or period
    closes it or a word such as "in" follows: '"Title," in Book' labelled title
    whole → ('"Title,"', 'in Book'). A quoted phrase that opens a longer title
    stays whole ('“On the ground” with …', '“Monkey See:” The Influence of …')."""
    stripped = title.lstrip()
    closer = _QUOTE_PAIRS.get(stripped[:1])
    if closer is None:
        return title, ""
    end = stripped.find(closer, 1)
    if end < 0:
        return title, ""
    inner, after = stripped[1:end].rstrip(), stripped[end + 1:]
    rest = after.lstrip(" ,.;")
    if not re.search(r"\w", rest):
        return title, ""
    closed = inner[-1:] in {",", ".", ";"} or after.lstrip()[:1] in {",", ".", ";"}
    if not (closed or _INTRODUCES_CONTAINER.match(rest) or re.match(r"by\b", rest, re.IGNORECASE)):
        return title, ""
    return stripped[: len(stripped) - len(after)], rest


# "… Uzbekistan. In Stable Outside, …", '"Holocaust Spaces," in Geographies …': a
# chapter's title ends where "In" opens the book it is in. A lower-case "in" after a
# comma is often the title's own ("… potential globally, in Europe"): only after a
# closing quote or with a colon.
_IN_AFTER_TITLE = re.compile(
    r"(?:(?<=[\w”\"’»)]\.)\s+(?:In|Dans|En)\b:?"
    r"|(?<=[.,][”\"’»]|[”\"’»][.,])\s+(?:[Ii]n|[Dd]ans)\b:?"
    r"|(?<=[.,])\s+(?:[Ii]n|[Dd]ans):)"
    r"\s+(?=[\"“«‘(_]?[A-ZÀ-Þ])"
)


def split_title_at_in(title: str) -> tuple[str, str]:
    """'Stalled at the Doorstep. In Stable Outside, Fragile Inside?' labelled title
    whole → ('Stalled at the Doorstep.', 'In Stable Outside, Fragile Inside?')."""
    match = _IN_AFTER_TITLE.search(title)
    if match is None or not re.search(r"\w\W+\w", title[: match.start()]):
        return title, ""
    return title[: match.start()], title[match.start():].lstrip()


# A converter's italics ("_Title_ . MA thesis." or "*Title*."), of two words or more.
_ITALIC_RUN = re.compile(r"(?<![\w*_])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*_])")
# "Hirofumi Matsuo,", "Gail Tomblin Murphy,": given names first, as the author list before them.
_NAMES_GIVEN_FIRST = re.compile(r"(?:[A-ZÀ-Þ][\w’'\-]*\.?\s+){1,3}[A-ZÀ-Þ][\w’'\-]+"
                                r"(?:,\s*(?:[A-ZÀ-Þ][\w’'\-]*\.?\s+){1,3}[A-ZÀ-Þ][\w’'\-]+)*,?")


def fit_title_to_italics(item: CslItem, text: str) -> None:
    """A converter's italics mark one field whole, which the CRF (reading the
    text without them) may cut or run on. `text` is the reference as the
    converter wrote it.

    - A title in italics ends where they end when a sentence follows:
      '_Title of a thesis_ . MA degree thesis. University, 2002.' → the title,
      the rest a note.
    - A journal in italics followed by numbers, with no title printed, is the
      container whole: 'Snir R., Harpaz I., _Career Development
      International_ 11 (2006)' read as title "Career", journal "Development
      International" → the journal; a given-first name the CRF took for the
      title ('Sanjeev K. Bordoloi, Hirofumi Matsuo, _European Journal …_ 130
      (2001)') joins the authors.
    - A book whose title the CRF labelled no title at all ('Moreno T. 2001.
      _The Fragile State_ . Oxford: Blackwell.' gave the title as a note):
      its first italic run, not followed by a volume, is the title."""
    title = item.get("title")
    if not title and "container-title" not in item:
        _title_from_the_italics(item, text)
        return
    if not isinstance(title, str) or not title:
        return
    container = item.get("container-title")
    for match in _ITALIC_RUN.finditer(text):
        italic = " ".join(match.group(2).split()).rstrip(" .,;:")
        if len(italic.split()) < 2:
            continue
        folded = italic.casefold()
        if title.casefold().startswith(folded) and re.match(r"\.\s+\w", title[len(italic):]):
            item["title"] = _tidy_title(title[:len(italic)])
            notes = [str(item.get("note", "")), _tidy(title[len(italic):])]
            item["note"] = "; ".join(note for note in notes if note)
        elif isinstance(container, str) and container and re.match(r"\s*\(?\d", text[match.end():]):
            joined = f"{title} {container}"
            # The italics hold the container and the title's end, or the "title" is the names just before them.
            runs_into_italics = len(italic) > len(container) + 1 and joined.casefold().endswith(folded)
            names_before = container.casefold() == folded and re.search(r",\s*$", text[:match.start()]) \
                and _NAMES_GIVEN_FIRST.fullmatch(title.strip(" ,"))
            if runs_into_italics or names_before:
                before = joined[:len(joined) - len(italic)].strip(" ,") if runs_into_italics else title.strip(" ,")
                item["container-title"] = _tidy_container(italic)
                del item["title"]
                if before and _NAMES_GIVEN_FIRST.fullmatch(before):
                    more, _ = split_names(before)
                    item["author"] = [*item.get("author", []), *more]
                elif before:
                    item["note"] = "; ".join(n for n in (str(item.get("note", "")), _tidy(before)) if n)
        return


def join_a_journals_two_names(item: CslItem, text: str) -> None:
    """A journal named in two languages, "Forum Qualitative Sozialforschung /
    Forum: Qualitative Social Research": the CRF ends the title after the
    first name; the name before the slash belongs to the journal."""
    title, container = item.get("title"), item.get("container-title")
    if not (isinstance(title, str) and isinstance(container, str) and title and container):
        return
    match = re.search(rf"[.?!]\s+([^.?!/]{{3,120}}?)\s+/\s+{re.escape(container)}", text)
    if match and title.endswith(match.group(1)) and len(title) > len(match.group(1)):
        item["title"] = _tidy_title(title[:-len(match.group(1))])
        item["container-title"] = f"{match.group(1)} / {container}"


def _title_from_the_italics(item: CslItem, text: str) -> None:
    for match in _ITALIC_RUN.finditer(text):
        italic = " ".join(match.group(2).split()).rstrip(" .,;:")
        if len(italic.split()) < 2 or re.match(r"\s*\(?\d", text[match.end():]):
            continue   # one word is no title to trust; a run before a volume is a journal
        item["title"] = _tidy_title(italic)
        notes = [n for n in str(item.get("note", "")).split("; ") if n and n.casefold() != italic.casefold()]
        if notes:
            item["note"] = "; ".join(notes)
        else:
            item.pop("note", None)
        return


def split_unclosed_bracket(title: str) -> tuple[str, str]:
    """A title whose last opening bracket is never closed ran on into the
    publisher or series after it: 'La Propagation des Ondes (Gauthier-Villars'
    → ('La Propagation des Ondes', '(Gauthier-Villars')."""
    unclosed: list[int] = []
    for index, char in enumerate(title):
        if char in "([":
            unclosed.append(index)
        elif char in ")]" and unclosed:
            unclosed.pop()
    if not unclosed or not re.search(r"\w\W+\w", title[: unclosed[0]]):
        return title, ""
    return title[: unclosed[0]].rstrip(), title[unclosed[0]:]


def _tidy_container(value: str) -> str:
    value = re.sub(r"^(?:\s*(?://|in:?|в(?:\s+кн\.)?:|dans:?)\s+)", "", value.strip(), flags=re.IGNORECASE)
    return _tidy_title(value)


def _first(spans: list[LabelledSpan], label: str) -> str | None:
    return next((span.text for span in spans if span.label == label), None)


# ABNT and others open an organisation's work with its acronym and name: "IBGE - Instituto … Estatística."
_ACRONYM_AND_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,9}\s+[-–]\s+[^.]{3,120}?\.(?=\s)")


def _organisation_that_opens_the_title(spans: list[LabelledSpan]) -> list[LabelledSpan]:
    if spans and spans[0].label == "title" and not any(span.label == "author" for span in spans) \
            and (match := _ACRONYM_AND_NAME.match(spans[0].text)):
        first = spans[0]
        cut = first.start + match.end()
        rest = first.text[match.end():].lstrip()
        author = LabelledSpan("author", first.text[: match.end()], first.start, cut)
        return [author, LabelledSpan("title", rest, first.end - len(rest), first.end), *spans[1:]] if rest \
            else [author, *spans[1:]]
    return spans


def _title_cut_inside_a_phrase(spans: list[LabelledSpan], text: str) -> list[LabelledSpan]:
    """A publisher or place never starts in the middle of a phrase: 'Methods for R
    Developed in the Political | Science Computational Laboratory. United States
    Studies Centre' gives the words up to the next period back to the title."""
    for index in range(len(spans) - 1):
        title, following = spans[index], spans[index + 1]
        if title.label != "title" or following.label not in {"publisher", "location"} \
                or re.search(r"[.,;:!?)\]\"”’»]$", title.text):
            continue
        end = re.search(r"[.!?](?=\s|$)", following.text)
        if end is None or end.end() == len(following.text.rstrip()):
            continue
        cut = following.start + end.end()
        rest = text[cut:following.end].lstrip()
        joined = LabelledSpan("title", text[title.start:cut], title.start, cut)
        remainder = LabelledSpan(following.label, rest, following.end - len(rest), following.end)
        return [*spans[:index], joined, remainder, *spans[index + 2:]]
    return spans


# BMC's Vancouver variant ends the authors with a colon ("Durand M: Quality …",
# "WHO: Hospitals. 2010."): what follows the colon is the title.
_AUTHORS_COLON = re.compile(r"^(?P<authors>[^:]{2,200}?):\s+(?=\S)")


def _title_after_the_authors_colon(spans: list[LabelledSpan]) -> list[LabelledSpan]:
    """An author span that runs past the colon closing the author list, in
    an entry with no title span: the words after the colon are the title."""
    author = next((span for span in spans if span.label == "author"), None)
    if author is None or any(span.label == "title" for span in spans) or \
            not (match := _AUTHORS_COLON.match(author.text)):
        return spans
    rest = author.text[match.end():]
    names = LabelledSpan("author", match.group("authors"), author.start, author.start + len(match.group("authors")))
    title = LabelledSpan("title", rest, author.end - len(rest), author.end)
    at = spans.index(author)
    return [*spans[:at], names, title, *spans[at + 1:]]


_UNPUBLISHED_AFTER_THE_TITLE = re.compile(r"[,.(]\s*(unpublished)\)?\W*$", re.IGNORECASE)


def csl_from_spans(labelled_spans: list[LabelledSpan], text: str) -> CslItem:
    spans = _editors_that_open_the_author_list(list(labelled_spans), text)  # the caller's list stays as labelled
    spans = _organisation_that_opens_the_title(spans)
    spans = _title_after_the_authors_colon(spans)
    spans = _title_cut_inside_a_phrase(spans, text)
    item: CslItem = {}
    by_label: dict[str, list[str]] = {}
    for span in spans:
        by_label.setdefault(span.label, []).append(span.text)

    if (number := _first(spans, "citation-number")) and (digits := re.search(r"\d+", number)):
        item["citation-number"] = digits.group()

    for role in ("author", "editor", "translator", "director"):
        if role in by_label:
            names, has_et_al = split_names(" ".join(by_label[role]))
            if names:
                item[role] = names
            if has_et_al:
                item[f"{role}-et-al"] = True

    container = _first(spans, "journal") or _first(spans, "container-title")
    title = _first(spans, "title")
    if title and " // " in title and not container:
        # GOST: "Title // Journal": the double slash always introduces the container.
        title, _, container = title.partition(" // ")
    title_after_quotes = title_after_bracket = unpublished_note = ""
    if title:
        title, title_after_quotes = split_quoted_title(title)
        if not title_after_quotes:
            title, title_after_quotes = split_title_at_in(title)
        if title_after_quotes and not container and _INTRODUCES_CONTAINER.match(title_after_quotes):
            container, title_after_quotes = title_after_quotes, ""
        title, title_after_bracket = split_unclosed_bracket(title)
    if title and (unpublished := _UNPUBLISHED_AFTER_THE_TITLE.search(title)):
        # "Title, Unpublished PhD thesis": the model labels the genre and leaves the word before it.
        title, unpublished_note = title[:unpublished.start()], unpublished.group(1)
    if title and (tidy_title := _tidy_title(title)):
        item["title"] = tidy_title
    if container and (tidy_container := _tidy_container(container)):
        item["container-title"] = tidy_container
    if (series := _first(spans, "collection-title")) and (tidy_series := _tidy_container(series)):
        item["collection-title"] = tidy_series

    if dates := by_label.get("date"):
        _read_date(" ".join(dates), item)
    if "issued" not in item:
        _read_date_outside_fields(spans, item)

    if volume_text := " ".join(by_label.get("volume", [])):
        vancouver_pages = re.search(r":\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+)?)\W*$", volume_text)
        if vancouver_pages and "pages" not in by_label:
            # "2015;12(3):45-67" labelled volume whole: the colon introduces the pages.
            by_label["pages"] = [vancouver_pages.group(1)]
            spans.append(LabelledSpan("pages", vancouver_pages.group(1), -1, -1))
            volume_text = volume_text[: vancouver_pages.start()]
        volume, issue = volume_and_issue(volume_text)
        if volume:
            item["volume"] = volume
        if issue:
            item["issue"] = issue
    if "issue" not in item:
        # "№ 3" is an issue whatever label it got; the sign has no other use in references.
        for span in spans:
            if span.label not in {"title", "journal", "container-title"} and (
                number_sign := re.search(r"№\s*([\w\-–/]+)", span.text)
            ):
                item["issue"] = number_sign.group(1)
                break
    if pages := _first(spans, "pages"):
        _read_pages(pages, item)

    for label, key in (("publisher", "publisher"), ("location", "publisher-place"), ("genre", "genre")):
        if (value := _first(spans, label)) and (tidy_value := _tidy(value)):
            item[key] = tidy_value
    _split_place_and_publisher(item)
    if edition := _first(spans, "edition"):
        ordinal = re.search(r"\d+", edition)
        item["edition"] = ordinal.group() if ordinal else _tidy(edition)
    if (isbn := _first(spans, "isbn")) and (isbn_digits := re.search(r"[\dXx][\dXx\- ]{8,}[\dXx]", isbn)):
        item["ISBN"] = isbn_digits.group()
    if medium := _first(spans, "medium"):
        item["medium"] = _tidy(medium)

    notes = [_tidy(span.text) for span in spans if span.label in {"note", "source", "producer"}]
    notes += [_tidy(title_after_quotes), _tidy(title_after_bracket), unpublished_note]
    if note := "; ".join(part for part in notes if part):
        item["note"] = note

    _read_identifiers(text, item)
    _read_report_number(spans, item)
    language = _language_of(text, item)
    if language:
        item["language"] = language
    item["type"] = infer_type(item, by_label)
    return item


# Case matters: "ED" is a Vancouver author's initials (Lorenzen ED), "eds." is not.
_EDITOR_MARK = re.compile(r"\b(?:[Ee]ds?\.|\([Ee]ds?\)|[Ee]dited|[Ee]ditors?|Hrsg\.|[Rr]ed\.)|\bIn\b")


def _editors_that_open_the_author_list(spans: list[LabelledSpan], text: str) -> list[LabelledSpan]:
    """An "editor" span right before the "author" span, with no word that
    introduces editors ("eds.", "In", "edited by"), is the start of a long
    author list the model lost track of (webb-2017's 29 Vancouver names)."""
    if len(spans) >= 2 and spans[0].label == "editor" and spans[1].label == "author" \
            and not _EDITOR_MARK.search(spans[0].text):
        first, second = spans[0], spans[1]
        joined = LabelledSpan("author", text[first.start:second.end], first.start, second.end)
        return [joined, *spans[2:]]
    return spans


def _read_identifiers(text: str, item: CslItem) -> None:
    """DOIs and URLs by pattern over the whole string: their shape is surer than any label."""
    if doi := _DOI.search(text):
        item["DOI"] = doi.group().rstrip(".,;)]")
    for url in _URL.finditer(text):
        address = url.group().rstrip(".,;)]")
        if "doi.org/" in address.lower() and "DOI" in item:
            continue
        item["URL"] = address if address.lower().startswith("http") else f"https://{address}"
        break


# "… (accessed 12 March 2019)", "Last access: Jan. 23, 2024", "Acesso em: 8 mai. 2020", "consultado el …":
# the date a reader looked, never the work's.
_ACCESS_CLAUSE = re.compile(
    r"[(\[]?\b(?:(?:last\s+)?access(?:ed)?|viewed|cited|consult[ée]\w*|acesso|abgerufen|zugriff)\b.*$", re.IGNORECASE)


def _read_year_after_the_link(tail: str, item: CslItem) -> None:
    """A web page's year printed after its address ("http://… , 2018
    (accessed 12 March 2019)"): the CRF never sees the link's tail, so
    the one year there outside the access date is the work's."""
    found = list(_YEAR.finditer(re.sub(r"\S*(?:https?://|www\.)\S*", " ", _ACCESS_CLAUSE.sub("", tail))))
    if len({year.group(1) for year in found}) == 1:
        _read_date(found[0].group(0), item)  # as printed first: a set's order changes between runs


def _read_date(date_text: str, item: CslItem) -> None:
    year = _YEAR.search(date_text)
    if not year:
        if re.search(r"\b(?:in press|forthcoming|в печати)\b", date_text, re.IGNORECASE):
            item["status"] = "in press"
        return
    parts = [int(year.group(1))]
    month = next(
        (_MONTH_NUMBERS[word] for word in re.findall(r"[^\W\d_]+", date_text.lower()) if word in _MONTH_NUMBERS),
        None,
    )
    if month:
        parts.append(month)
    item["issued"] = {"date-parts": [parts]}
    if year.group(2):
        item["year-suffix"] = year.group(2)


# A year after the pages or article number, the last thing before the end:
# ABNT prints "p. 101-107, 1978." and "e255, 2020.".
YEAR_AFTER_THE_PAGES = re.compile(r"(?<=\w),\s*((?:1[5-9]\d\d|20\d\d)[a-z]?)\W*(?:(?:doi|url|dispon[ií]vel em|"
                                  r"available (?:from|at))\W*)?$", re.I)


def _read_date_outside_fields(spans: list[LabelledSpan], item: CslItem) -> None:
    """No span labelled date: take a year the CRF put elsewhere, but never from a title, page or identifier."""
    for span in spans:
        if span.label == "pages" and (last := YEAR_AFTER_THE_PAGES.search(span.text)):
            _read_date(last.group(1), item)  # ABNT: "v. 12, e255, 2020." read as pages whole
            return
        if span.label in {"title", "pages", "doi", "url", "isbn", "citation-number", "journal", "container-title"}:
            continue
        if _YEAR.search(span.text):
            _read_date(span.text, item)
            return


def volume_and_issue(text: str) -> tuple[str | None, str | None]:
    """'45(2)', 'Vol. 3, No. 9', 'Т. 5, № 2', '12 (3–4)' → (volume, issue)."""
    issue: str | None = None
    volume: str | None = None
    text = re.sub(r"^\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*;", "", text)  # Vancouver "2002;11" starts with the year
    issue_match = re.search(
        r"(?:\b(?:no|nos|nr|issue|iss|heft|num|number|n)\.?|№|n°)\s*([\w\-–/]+)", text, re.IGNORECASE
    )
    if issue_match:
        issue = issue_match.group(1)
        text = text[: issue_match.start()] + " " + text[issue_match.end() :]
    paren_issue = re.search(r"([\w\-–.]+)\s*\(([^)]+)\)", text)
    if paren_issue and re.search(r"\d", paren_issue.group(1)):
        volume, issue = paren_issue.group(1), issue or paren_issue.group(2)
    if volume is None:
        volume_match = re.search(
            r"(?:\b(?:vol|vols|volume|bd|band|tom|jg)\.?|(?<!\w)[тТtT]\.)\s*([\w\-–/]+)", text, re.IGNORECASE
        )
        if volume_match:
            volume = volume_match.group(1)
        elif bare := re.search(r"\b(\d+[A-Za-z]?|[IVXLC]+)\b", text):
            volume = bare.group(1)
    return (_tidy(volume) or None if volume else None), (_tidy(issue) or None if issue else None)


def _read_pages(text: str, item: CslItem) -> None:
    cleaned = _tidy(text)
    book_length = re.fullmatch(r"(\d+)\s*(?:pp?|pages|с|c|s|стр)\.?", cleaned, re.IGNORECASE)
    if book_length:
        item["number-of-pages"] = book_length.group(1)
        return
    cleaned = re.sub(r"^(?:pp?|pages?|pgs?|s|с|c|стр)\.?\s*", "", cleaned, flags=re.IGNORECASE)
    page_range = re.search(r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—‐]+\s*[A-Za-z]?\d+[A-Za-z]?)?", cleaned)
    if page_range:
        item["page"] = re.sub(r"\s*[-–—‐]+\s*", "-", page_range.group())
    elif cleaned:
        item["page"] = cleaned


def _split_place_and_publisher(item: CslItem) -> None:
    """'London: Routledge' labelled as one field: the colon is the place/publisher separator of most styles."""
    for key in ("publisher", "publisher-place"):
        value = item.get(key)
        if isinstance(value, str) and ":" in value and not value.lower().startswith("http"):
            place, _, publisher = value.partition(":")
            if place.strip() and publisher.strip() and len(place.split()) <= 4:
                item["publisher-place"] = _tidy(place)
                item["publisher"] = _tidy(publisher)
                return


def _read_report_number(spans: list[LabelledSpan], item: CslItem) -> None:
    """'Working Paper No. 12' outside the title: a report's number (titles say 'Report 2020' too)."""
    if "number" in item or item.get("volume"):
        return
    for span in spans:
        if span.label in {"title", "author", "editor", "journal", "container-title", "date"}:
            continue
        if match := _REPORT_NUMBER.search(span.text):
            item["number"] = match.group(1).rstrip(".,;")
            return


def _language_of(text: str, item: CslItem) -> str | None:
    if note := _LANGUAGE_NOTE.search(text):
        return _LANGUAGE_CODES[note.group(1).lower()]
    title = str(item.get("title", "")) + " " + str(item.get("container-title", ""))
    if re.search(r"[іїєґІЇЄҐ]", title):
        return "uk"
    if re.search(r"[а-яёА-ЯЁ]", title):
        return "ru"
    return None


def infer_type(item: CslItem, by_label: dict[str, list[str]]) -> str:
    genre_and_notes = " ".join([str(item.get("genre", "")), str(item.get("note", ""))])
    container = str(item.get("container-title", ""))
    raw_container = " ".join(by_label.get("container-title", []))
    if _THESIS.search(genre_and_notes):
        return "thesis"
    if "number" in item or _REPORT_GENRE.search(genre_and_notes):
        return "report"
    if "journal" in by_label:
        return "article-journal"
    if container and _CONFERENCE.search(container):
        return "paper-conference"
    if container and ("editor" in item or re.match(r"\s*(?:in\b|в кн|//)", raw_container, re.IGNORECASE)):
        return "chapter"
    if container and ("volume" in item or "issue" in item):
        return "article-journal"
    if container and ("publisher" in item or "publisher-place" in item):
        return "chapter"
    if container:
        return "article-journal"
    if "publisher" in item or "publisher-place" in item or "edition" in item or "number-of-pages" in item:
        return "book"
    if "URL" in item:
        return "webpage"
    return "document"


# --- names ---------------------------------------------------------------------

_ROLE_WORDS = re.compile(
    r"\(\s*(?:eds?|editors?|hrsg|hg|dir|coords?|comps?|ред|trans|transl)\.?\s*\)"
    r"|^\s*(?:in:?|by|edited by|ed\. by|eds?\.|hrsg\. v\.|под (?:общ\. )?ред(?:\.|акцией)|translated by|trans\.)\s+"
    r"|[,.]?\s*(?<!\w)(?:eds?|editors?|hrsg|hg|trans|transl|translator|ред|пер)\.?\s*$",
    re.IGNORECASE,
)
_ET_AL = re.compile(r"[,;]?\s*(?:\bet\.?\s*al(?:ii|\.)?|\bи\s+др\.?|\bu\.\s*a\.|\[?\.\.\.\]?|…)\s*[.,]?", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s*(?:[,;]\s*)?(?:&|\band\b|\bund\b|\bet\b|\bи\b|\by\b|\be\b)\s*")
_INITIAL = re.compile(r"^(?:[A-ZÀ-ÞА-ЯЁ][a-zа-я]?\.?-?){1,3}$")
_BARE_INITIALS = re.compile(r"^[A-ZÀ-ÞА-ЯЁ]{1,3}$")
# "al", "el", "abu", "bin", "ibn": Arabic family names ("Abu Naser, S. S.", "Al Shobaki, M. J.").
_PARTICLES = word_set("van von de der den la le du di da del della dos das ten ter al el abu bin ibn st")
_NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv")


def _is_initials(word: str) -> bool:
    # "Yu." and "JA" are initials; "Li" and "Le" without a period are names ("Li J", "A. Le Yaouanc").
    bare = word.rstrip(",;")
    if re.fullmatch(r"[A-ZÀ-ÞА-ЯЁ][a-zа-я]", bare):
        return False
    return bool(_INITIAL.match(bare)) and any(char.isupper() for char in word)


def _spaced_initials(word: str) -> str:
    """'JA' → 'J. A.', 'J.A.' → 'J. A.'; hyphenated 'J.-P.' stays."""
    if "-" in word:
        return word
    letters = re.findall(r"[A-ZÀ-ÞА-ЯЁ][a-zа-я]?", word)
    return " ".join(f"{letter}." for letter in letters) if letters else word


def _looks_like_given(piece: str, is_first_name: bool) -> bool:
    words = piece.split()
    if not words or len(words) > 4 or not all(word[:1].isupper() for word in words if word.lower() not in _PARTICLES):
        return False
    if all(_is_initials(word) for word in words):
        return True
    if len(words) == 1:
        return not _BARE_INITIALS.match(words[0]) or len(words[0]) <= 3
    if _is_initials(words[-1]):
        return True  # "Nicholson B." after "Adams,"; a Vancouver "Smith JA" is never preceded by a lone word
    return is_first_name and not any(_is_initials(word) for word in words)


def _name_from_piece(piece: str) -> CslName:
    """A name written in one piece: 'Smith JA', 'Иванов И. И.', 'J. A. Smith', 'Ludwig van Beethoven'."""
    words = piece.split()
    suffix = ""
    if len(words) > 1 and words[-1].lower().rstrip(",") in _NAME_SUFFIXES:
        suffix = words.pop().rstrip(",")
    name: CslName
    if len(words) == 1:
        name = {"family": words[0]}
    elif not _is_initials(words[0]) and _is_initials(words[-1]):
        split_at = len(words)
        while split_at > 1 and _is_initials(words[split_at - 1]):
            split_at -= 1
        given = " ".join(_spaced_initials(word) for word in words[split_at:])
        name = {"family": " ".join(words[:split_at]), "given": given}
    elif _is_initials(words[0]):
        split_at = 0
        while split_at < len(words) - 1 and _is_initials(words[split_at]):
            split_at += 1
        name = {"family": " ".join(words[split_at:]), "given": " ".join(words[:split_at])}
    elif len(words) == 3 and re.search(r"(?:вич|вна|ична|инична)$", words[2]):
        name = {"family": words[0], "given": " ".join(words[1:])}  # Russian: family, given, patronymic
    else:
        split_at = len(words) - 1
        while split_at > 1 and words[split_at - 1].lower() in _PARTICLES:
            split_at -= 1
        name = {"family": " ".join(words[split_at:]), "given": " ".join(words[:split_at])}
    if suffix:
        name["suffix"] = suffix
    return name


def _is_organisation(text: str) -> bool:
    words = {word.lower() for word in re.findall(r"[^\W\d_]+", text)}
    if words & ORGANISATION_WORDS and not re.match(r"^[^\W\d_][\w'’-]*,\s*[A-ZÀ-ÞА-ЯЁ]\.", text):
        return True
    return len(text.split()) > 6 and "," not in text and " and " not in text


def split_names(field: str) -> tuple[list[CslName], bool]:
    """An author/editor field → CSL names, and whether it ended in 'et al.'."""
    text = re.sub(r"(\w)-\s+(\w)", lambda m: m.group(1) + ("" if m.group(2).islower() else "-") + m.group(2), field)
    has_et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        # A final period stays for now: it may be an initial's ("Walt, S. M.").
        text = _ROLE_WORDS.sub(" ", text).strip(" ,;:()")
    text = " ".join(text.split())
    if not text:
        return [], has_et_al
    if _is_organisation(text):
        return [{"literal": _tidy(text)}], has_et_al
    names: list[CslName] = []
    for group in text.split(";"):
        for chunk in _CONNECTOR.split(group):
            pieces = [_without_sentence_period(piece) for piece in chunk.split(",")]
            pieces = [piece for piece in pieces if piece]
            index = 0
            while index < len(pieces):
                piece = pieces[index]
                following = pieces[index + 1] if index + 1 < len(pieces) else None
                if following and _is_family_alone(piece) and _looks_like_given(following, not names):
                    name: CslName = {"family": piece, "given": _given_from(following)}
                    index += 2
                    if index < len(pieces) and pieces[index].lower() in _NAME_SUFFIXES:
                        name["suffix"] = pieces[index]
                        index += 1
                else:
                    name = _name_from_piece(piece)
                    index += 1
                names.append(name)
    return names, has_et_al


def _is_family_alone(piece: str) -> bool:
    """'Walt', 'van Evera', and 'Bueno de Mesquita' (a particle inside, not after a given
    name as in 'Stephen van Evera') are family names written before the given name."""
    words = piece.split()
    # A particle comes before a family name, never last: "Cooper LA" and
    # "Smith DE" end in Vancouver initials that spell "la" and "de".
    others = [word for position, word in enumerate(words)
              if word.lower() not in _PARTICLES or position == len(words) - 1]
    if len(others) == 1:
        return True
    inner_particle = any(word.lower() in _PARTICLES for word in words[1:-1])
    return inner_particle and words[0].lower() not in GIVEN_NAMES and not any(_is_initials(word) for word in words)


def _without_sentence_period(piece: str) -> str:
    """Drop the period that ends the author field, but not the one of a final initial ('Stephen M.')."""
    piece = piece.strip(" ;:")
    last_word = piece.rsplit(" ", 1)[-1]
    return piece if _is_initials(last_word) else piece.rstrip(". ")


def _given_from(piece: str) -> str:
    words = piece.split()
    if all(_BARE_INITIALS.match(word) for word in words) and len(words) == 1 and len(words[0]) <= 3:
        return _spaced_initials(words[0])
    return " ".join(words)
