"""Tokens and per-token features for the CRF reference parser.

Training (benchmarks/train_reference_parser.py) and parsing (parse_reference.py)
both call `tokenize` and `sequence_features`, so the model always sees features
computed the same way. Token offsets point back into the original string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Label set of AnyStyle's core.xml; the tagger can only ever emit these.
LABELS: tuple[str, ...] = (
    "author",
    "citation-number",
    "collection-title",
    "container-title",
    "date",
    "director",
    "doi",
    "edition",
    "editor",
    "genre",
    "isbn",
    "journal",
    "location",
    "medium",
    "note",
    "pages",
    "producer",
    "publisher",
    "source",
    "title",
    "translator",
    "url",
    "volume",
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


# Vancouver writes "2011;45(2):123-30" without spaces, while AnyStyle's training
# strings always have a space between fields. Splitting at these joints makes both
# look alike to the model. A colon after "doi"/"http" is not a joint: no digit before it.
_JOINT = re.compile(r"(?<=[;,])(?=\d)|(?<=[\d)]):(?=\d)|(?<=\d[.,;])(?=\()")
# Text taken from PDFs glues fields at punctuation: "theory,Trans", '...soli-tons,"Phys.',
# "Phys.Rev.", "Cousot.A", and the section letter of a physics journal to its volume ("Phys. Rev.
# D92"). Never inside a URL or DOI, whose commas, quotes and periods belong to them.
_GLUED = re.compile(
    r"(?<=[^\W\d_][,;])(?=[^\W\d_])|(?<=[,.;:][\"”’])(?=\w)|(?<=[a-z)\]]{2}\.)(?=[A-Z])|^[A-Z](?=\d{1,5}[,.;:)]*$)"
)
_IDENTIFIER = re.compile(r"://|www\.|\b10\.\d{4}|doi", re.IGNORECASE)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for chunk in re.finditer(r"\S+", text):
        piece_start = chunk.start()
        word = chunk.group()
        cut_points = [match.start() for match in _JOINT.finditer(word)] if len(word) > 3 else []
        if len(word) > 1 and not _IDENTIFIER.search(word):
            cut_points += [match.end() for match in _GLUED.finditer(word)]
        previous = 0
        for cut in [*sorted(set(cut_points)), len(word)]:
            if cut > previous:
                tokens.append(Token(word[previous:cut], piece_start + previous, piece_start + cut))
            previous = cut
    return tokens


# --- word lists ------------------------------------------------------------


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Small, hand-picked lists: the CRF learns the rest from word identity features.
# They matter most for words rare in the training data (Cyrillic, other languages).

MONTHS = word_set(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september
    oct october nov november dec december spring summer autumn fall winter
    januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août
    septembre octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря"""
)
EDITOR_WORDS = frozenset(
    [
        "ed",
        "eds",
        "ed.",
        "eds.",
        "edited",
        "editor",
        "editors",
        "editor(s)",
        "hrsg",
        "hg",
        "herausgegeben",
        "dir",
        "éd",
        "éds",
        "coord",
        "ред",
        "редакцией",
        "под",
    ]
)
TRANSLATOR_WORDS = word_set("trans translated translator translation transl übers пер перевод")
PAGE_WORDS = word_set("p pp page pages s c с стр seiten pgs")
VOLUME_WORDS = word_set("vol vols volume volumes bd band t т tom том jg jahrgang")
ISSUE_WORDS = word_set("no nos nr number issue iss heft h №")
EDITION_WORDS = word_set("edition edn ed auflage aufl éd изд издание rev revised")
PUBLISHER_WORDS = word_set(
    """press university universität université publishers publishing publisher publications books verlag
    editions éditions ediciones editora editorial company co inc ltd llc gmbh group house wiley springer
    elsevier routledge sage palgrave macmillan penguin blackwell cambridge oxford harvard princeton yale
    mit chicago norton knopf random basic kluwer pergamon academic издательство изд-во наука мысль
    просвещение"""
)
JOURNAL_WORDS = word_set(
    """journal journals review reviews quarterly proceedings proc transactions trans bulletin bull annals
    ann letters lett magazine studies research science sciences politics policy affairs economic
    economics international int j am rev soc sociology psychology history law medicine medical
    phys chem biol acta archives zeitschrift revue rivista журнал вестник известия вопросы записки
    обозрение мировая экономика политика полис"""
)
PLACE_WORDS = word_set(
    """london new york paris berlin oxford cambridge boston chicago princeton washington amsterdam
    leiden heidelberg tokyo toronto sydney madrid rome frankfurt münchen munich wien vienna stuttgart
    leipzig hamburg basel zürich zurich geneva ithaca baltimore philadelphia berkeley stanford durham
    haven ny ma ca dc nj uk usa москва м санкт-петербург спб ленинград л киев минск"""
)
GIVEN_NAMES = word_set(
    """john james robert michael william david richard charles joseph thomas christopher daniel paul mark
    donald george kenneth steven edward brian ronald anthony kevin jason matthew gary timothy jose larry
    jeffrey frank scott eric stephen andrew raymond gregory joshua jerry dennis walter patrick peter
    harold douglas henry carl arthur ryan roger mary patricia linda barbara elizabeth jennifer maria
    susan margaret dorothy lisa nancy karen betty helen sandra donna carol ruth sharon michelle laura
    sarah kimberly deborah jessica shirley cynthia angela melissa brenda amy anna rebecca virginia
    kathleen pamela martha debra amanda stephanie carolyn christine marie janet catherine frances ann
    joyce diane alice julie heather teresa doris gloria evelyn jean cheryl mildred katherine joan
    hans klaus jürgen wolfgang karl heinrich friedrich pierre jean jacques michel françois louis
    alexander alexei aleksandr sergei sergey vladimir dmitry ivan nikolai andrei mikhail yuri olga
    natalia elena irina tatiana kenneth samuel benjamin jane emily simon martin alan ian graham neil
    александр алексей андрей борис владимир дмитрий евгений иван игорь константин михаил николай
    олег павел пётр петр сергей юрий анна елена екатерина ирина мария наталья ольга светлана татьяна"""
)
ORGANISATION_WORDS = word_set(
    """organization organisation association society institute institution council committee commission
    agency department ministry office bureau board bank fund foundation union nations world national
    federal government center centre corporation corp inc ltd group trust service services
    administration authority secretariat unesco oecd imf who nato un eu
    министерство комитет институт организация фонд служба"""
)
CONNECTOR_WORDS = word_set("and & und et и y e")
PARTICLE_WORDS = word_set("van von de der den del della di da du dos das la le ter ten al el bin ibn mac st")
ACCESS_WORDS = frozenset(
    [
        "retrieved",
        "available",
        "accessed",
        "online",
        "url",
        "doi",
        "from",
        "at",
        "viewed",
        "cited",
        "режим",
        "доступа",
        "дата",
        "обращения",
    ]
)
THESIS_WORDS = word_set("thesis dissertation phd ph.d diss dissertation master's masters диссертация")
REPORT_WORDS = word_set("report working paper papers series technical memo brief discussion доклад")

_STRIP_EDGES = re.compile(r"^\W+|\W+$")
_YEAR = re.compile(r"^\(?\[?(1[5-9]\d\d|20[0-4]\d)[a-z]?\]?\)?[.,;:]?$")
_PAGE_RANGE = re.compile(r"\d+\s*[-–—‐]\s*\d+")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_VOLUME_ISSUE = re.compile(r"^\d+\s*\(\s*[\w\-–/]+\s*\)")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th|e|er|ème|\.|-е|-й)$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÞА-ЯЁ]\.?-?){1,3}[.,;]?$")
# "Phys.", "Rev.", ".Math": a journal's abbreviated word, not an initial.
_ABBREVIATION = re.compile(r"^\.?[A-ZÀ-Þ][a-zà-ÿ]{1,9}\.[,;:]?$")
# A token that ends a sentence-like part: "alliances.", "1987.", 'Politics."'.
_PART_END = re.compile(r"(?:[a-zà-ÿа-яё\d)]{2}[.?!]|[.,]['\"”’»])$")
_QUOTE_OPENERS = "\"“«„‘'"
_QUOTE_CLOSERS = "\"”»“’'"


def _word_shape(word: str) -> str:
    shape: list[str] = []
    for char in word:
        if char.isupper():
            code = "A"
        elif char.islower():
            code = "a"
        elif char.isdigit():
            code = "0"
        else:
            code = char
        if not shape or shape[-1] != code:
            shape.append(code)
    return "".join(shape)[:12]


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            if "CYRILLIC" in unicodedata.name(char, ""):
                return "cyrillic"
            return "latin" if char.isascii() or "LATIN" in unicodedata.name(char, "") else "other"
    return "none"


def _capitalisation(stripped: str) -> str:
    if not stripped:
        return "empty"
    if stripped.isdigit():
        return "digits"
    letters = [char for char in stripped if char.isalpha()]
    if not letters:
        return "mixed"
    if all(char.isupper() for char in letters):
        return "upper1" if len(letters) == 1 else "upper"
    if all(char.islower() for char in letters):
        return "lower"
    return "title" if letters[0].isupper() else "mixed"


def _number_kind(word: str, stripped: str) -> str:
    if _YEAR.match(word):
        return "year"
    if _PAGE_RANGE.search(word):
        return "range"
    if _VOLUME_ISSUE.match(stripped):
        return "vol-issue"
    if stripped.isdigit():
        return f"digits{min(len(stripped), 5)}"
    if _ORDINAL.match(stripped):
        return "ordinal"
    if any(char.isdigit() for char in stripped):
        return "alnum"
    if _ROMAN.match(stripped) and len(stripped) <= 6:
        return "roman"
    return "none"


def _dictionary_tags(key: str) -> list[str]:
    tags: list[str] = []
    for name, words in (
        ("month", MONTHS),
        ("editor", EDITOR_WORDS),
        ("translator", TRANSLATOR_WORDS),
        ("page", PAGE_WORDS),
        ("volume", VOLUME_WORDS),
        ("issue", ISSUE_WORDS),
        ("edition", EDITION_WORDS),
        ("publisher", PUBLISHER_WORDS),
        ("journal", JOURNAL_WORDS),
        ("place", PLACE_WORDS),
        ("given", GIVEN_NAMES),
        ("organisation", ORGANISATION_WORDS),
        ("connector", CONNECTOR_WORDS),
        ("particle", PARTICLE_WORDS),
        ("access", ACCESS_WORDS),
        ("thesis", THESIS_WORDS),
        ("report", REPORT_WORDS),
    ):
        if key in words:
            tags.append(name)
    return tags


def _token_features(word: str) -> dict[str, str]:
    """Features of one token alone; `sequence_features` adds position and context."""
    stripped = _STRIP_EDGES.sub("", word)
    key = stripped.lower()
    features: dict[str, str] = {
        "w": key[:30],
        "shape": _word_shape(word),
        "cap": _capitalisation(stripped),
        "num": _number_kind(word, stripped),
        "script": _script(word),
        "last": word[-1] if not word[-1].isalnum() else "alnum",
        "first": word[0] if not word[0].isalnum() else "alnum",
        "len": str(min(len(stripped), 8)),
        "p2": key[:2],
        "s3": key[-3:],
    }
    if _INITIALS.match(word):
        features["initials"] = "1"
    elif _ABBREVIATION.match(word):
        features["abbreviation"] = "1"
    if "http" in key or key.startswith("www"):
        features["web"] = "url"
    elif re.search(r"\b10\.\d{4,}", word) or key.startswith("doi"):
        features["web"] = "doi"
    if word[0] in _QUOTE_OPENERS:
        features["quote_open"] = "1"
    if word.rstrip(".,;:")[-1:] in _QUOTE_CLOSERS:
        features["quote_close"] = "1"
    if "(" in word or "[" in word:
        features["paren_open"] = "1"
    if ")" in word or "]" in word:
        features["paren_close"] = "1"
    if "//" in word and "http" not in key:
        features["gost_slashes"] = "1"
    if word in {"/", "—", "–", "-", "//", ".—", ".–"}:
        features["separator"] = word
    for tag in _dictionary_tags(key):
        features[f"dict_{tag}"] = "1"
    return features


_CONTEXT_KEYS = ("w", "shape", "cap", "num", "last", "first")
# A token ends a clause when it ends a part or with a comma, semicolon or colon.
_CLAUSE_END = re.compile(r"[,;:]['\"”’»]?$")
_NUMBER_KINDS = frozenset(["range", "vol-issue", "digits1", "digits2", "digits3", "digits4", "digits5", "alnum"])


def _size_bucket(count: int) -> str:
    return "1" if count == 1 else "2" if count == 2 else "3-4" if count <= 4 else "5-8" if count <= 8 else "9+"


def _group_features(prefix: str, ends: list[bool], singles: list[dict[str, str]]) -> list[dict[str, str]]:
    """Features of the part (or clause) each token is in, seen whole: where a title
    stops and a journal starts is clearer from "this part holds numbers, the next
    one starts with one, two parts are left" than from any one token."""
    groups: list[list[int]] = [[]]
    for index, ended in enumerate(ends):
        groups[-1].append(index)
        if ended and index < len(ends) - 1:
            groups.append([])
    result: list[dict[str, str]] = []
    for number, members in enumerate(groups):
        kinds = {singles[index]["num"] for index in members}
        following = groups[number + 1][0] if number + 1 < len(groups) else None
        # Title Case ("Journal of Peace Research") or sentence case ("The origins of alliances"):
        # the share of capitalised words among the longer ones.
        words = [singles[index]["cap"] for index in members if int(singles[index]["len"]) > 3
                 and singles[index]["cap"] in {"title", "upper", "lower", "mixed"}]
        capitalised = sum(cap in {"title", "upper"} for cap in words) / len(words) if words else -1
        common = {
            f"{prefix}_case": "none" if capitalised < 0 else "low" if capitalised < 0.34 else
            "high" if capitalised > 0.66 else "mid",
            f"{prefix}_last": singles[members[-1]]["w"][:20],
            f"{prefix}_previous_num": singles[members[0] - 1]["num"] if members[0] else "start",
            f"{prefix}_left": str(min(len(groups) - number - 1, 4)),
            f"{prefix}_size": _size_bucket(len(members)),
            f"{prefix}_numbers": "1" if kinds & _NUMBER_KINDS else "0",
            f"{prefix}_year": "1" if "year" in kinds else "0",
            f"{prefix}_first": singles[members[0]]["w"][:20],
            f"{prefix}_next_num": singles[following]["num"] if following is not None else "end",
            f"{prefix}_next_cap": singles[following]["cap"] if following is not None else "end",
        }
        for place in range(len(members)):
            features = dict(common)
            features[f"{prefix}_at"] = "first" if place == 0 else "last" if place == len(members) - 1 else "inner"
            result.append(features)
    return result


def sequence_features(tokens: list[Token]) -> list[dict[str, str]]:
    """One feature dict per token, ready for pycrfsuite (string values become `key=value` attributes)."""
    singles = [_token_features(token.text) for token in tokens]
    count = len(tokens)
    part_ends = [bool(_PART_END.search(token.text)) and "initials" not in own
                 for token, own in zip(tokens, singles, strict=True)]
    clause_ends = [ended or bool(_CLAUSE_END.search(token.text))
                   for token, ended in zip(tokens, part_ends, strict=True)]
    by_part = _group_features("part", part_ends, singles)
    by_clause = _group_features("clause", clause_ends, singles)
    sequence: list[dict[str, str]] = []
    quote_depth = 0
    paren_depth = 0
    seen_year = False
    seen_quote = False
    parts_ended = 0
    for index, own in enumerate(singles):
        features = dict(own)
        features.update(by_part[index])
        features.update(by_clause[index])
        features["bias"] = "1"
        features["pos"] = str(min(9, index * 10 // max(count, 1)))
        if index == 0:
            features["bos"] = "1"
        if index == count - 1:
            features["eos"] = "1"
        features["in_quotes"] = str(min(quote_depth, 1))
        features["in_parens"] = str(min(paren_depth, 1))
        features["after_year"] = "1" if seen_year else "0"
        features["after_quote"] = "1" if seen_quote else "0"
        features["part"] = str(min(parts_ended, 5))
        for offset in (-2, -1, 1, 2):
            neighbour = index + offset
            if 0 <= neighbour < count:
                for key in _CONTEXT_KEYS:
                    features[f"{offset}:{key}"] = singles[neighbour][key]
                for key in ("initials", "abbreviation", "web", "dict_editor", "dict_page", "dict_volume", "dict_issue",
                            "quote_open", "quote_close", "paren_open", "paren_close"):
                    if key in singles[neighbour]:
                        features[f"{offset}:{key}"] = "1"
            else:
                features[f"{offset}:edge"] = "1"
        features["w|+1w"] = f"{own['w']}|{features.get('1:w', '')}"[:40]
        features["-1w|w"] = f"{features.get('-1:w', '')}|{own['w']}"[:40]
        sequence.append(features)
        text = tokens[index].text
        if "quote_open" in own and "quote_close" not in own:
            quote_depth += 1
        elif "quote_close" in own and "quote_open" not in own:
            quote_depth = max(0, quote_depth - 1)
        paren_depth = max(0, paren_depth + text.count("(") + text.count("[") - text.count(")") - text.count("]"))
        if own["num"] == "year":
            seen_year = True
        seen_quote = seen_quote or "quote_close" in own
        parts_ended += part_ends[index]
    return sequence
