"""Stage 1, converted Markdown: recognise section headings however the
converter marked them.

A heading may be a Markdown heading of any level, a line that is all bold or
all italic, or a bare line such as "6 Results" or "REFERENCES". The number,
when there is one, gives the level ("4.1" is level 2) whatever the Markdown
level says; unnumbered headings keep their typographic style (capitals, bold,
italic, plain) so that levels a converter flattened can be told apart. Back
matter (acknowledgments, funding, appendix, references …) is recognised by its
name, also when it is letter-spaced ("R E F E R E N C E S"). Numbering out of
order is reported, never fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.read.text_repair import segment_words

# The closing #s and spaces are stripped in code (parse_heading):
# `(.*?)\s*#*\s*$` took cubic time on a heading with a long run of spaces.
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "4.1.", "4.1", "IV.", "A." (appendix letters); the title must start with a
# capital or a digit so that "3 of the 5 cases …" is not a heading.
NUMBER_AND_TITLE = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\s?\d{1,2}){0,3}|[IVX]{1,5}(?=\.)|[A-H](?=\.\s))\.?\s+(?P<title>[A-Z\d“\"'‘(].*)$")
BARE_HEADING_MAX_WORDS = 12
# AAAS journals (Science, Science Advances) head the list "REFERENCES AND
# NOTES": numbered references with the notes among them; others print
# "Notes and References", "References and Further Reading", "Sources Cited".
# Papers in German, French, Spanish, Portuguese and Italian (SSOAR, SciELO)
# head the list in their language: "Literaturverzeichnis", "Quellen- und
# Literaturverzeichnis", "Références bibliographiques", "Referencias",
# "Referências", "Bibliografía", "Riferimenti bibliografici".
OTHER_LANGUAGE_REFERENCE_NAMES = (
    r"literaturverzeichnis|quellenverzeichnis|(?:quellen|literatur)-? und (?:quellen|literatur)verzeichnis|"
    r"(?:verwendete|zitierte) literatur|literatur|quellen|bibliographie|bibliografie|"
    r"r[ée]f[ée]rences(?: bibliographiques)?|ouvrages cit[ée]s|referencias(?: bibliogr[aá]ficas)?|"
    r"bibliograf[ií]a|refer[eê]ncias(?: bibliogr[aá]ficas)?|riferimenti bibliografici")
REFERENCE_LIST_NAMES = (r"references?(?: cited| list| and (?:notes|further reading))?|notes and references|"
                        r"bibliography|works cited|literature cited|sources cited|cited works|"
                        + OTHER_LANGUAGE_REFERENCE_NAMES)
REFERENCES_TITLE = re.compile(rf"^(?:{REFERENCE_LIST_NAMES}|literature|sources|список литературы)$", re.I)
NOTES_TITLE = re.compile(r"^(?:notes|endnotes|footnotes|endnoten|fu(?:ß|ss)noten|anmerkungen)$", re.I)
BACK_MATTER_TITLE = re.compile(
    r"^(?:acknowledge?ments?|funding(?: information| statement)?|data (?:availability|access)(?: statement)?|"
    r"replication (?:data|materials?)|appendix(?:\s+\S+)?(?:[:.].*)?|appendices|online appendix.*|"
    r"supplementary (?:materials?|information|data)|supporting information|notes|endnotes|footnotes|"
    r"endnoten|fu(?:ß|ss)noten|anmerkungen|"
    r"(?:declaration|statement) of (?:competing|conflicting) interests?|conflicts? of interests?|"
    r"competing (?:financial )?interests?|disclosure statement|ethics statement|"
    # BioMed Central, Hindawi and PLOS close with these, before or after the list.
    r"authors?['’]? contributions?|authors?['’]? (?:information|details)|(?:list of )?abbreviations|"
    r"declarations?|ethics approval(?: and consent to participate)?|consent (?:for|to) publication|"
    r"availability of (?:supporting )?data(?: and materials?)?|pre-?publication history|publisher['’]s note|"
    r"additional files?(?:\s+\d+)?(?:[:.].*)?|"
    r"about the authors?|author biograph(?:y|ies)|biographical notes?|"
    rf"{REFERENCE_LIST_NAMES})$", re.I)
# The abstract and keywords in German, French, Spanish, Portuguese, Italian.
ABSTRACT_NAMES = r"abstract|summary|zusammenfassung|kurzfassung|r[ée]sum[ée]|resumen|resumo|riassunto"
KEYWORDS_NAMES = (r"key ?words|index terms|schl(?:ü|ue)sselw(?:ö|oe)rter|schlagw(?:ö|oe)rter|mots[- ]cl[ée]s|"
                  r"palabras clave|palavras[- ]chave|parole chiave")
ABSTRACT_TITLE = re.compile(rf"^(?:{ABSTRACT_NAMES})$", re.I)
KEYWORDS_TITLE = re.compile(rf"^(?:{KEYWORDS_NAMES})$", re.I)


@dataclass(frozen=True)
class Heading:
    number: str       # "4.1", "" when unnumbered
    title: str
    markdown_level: int  # 0 when the converter gave no Markdown heading
    back_matter: bool
    # How the heading was set: "caps", "bold", "italic" or "plain", with the
    # Markdown level ("2:bold"); headings of one style are one level.
    style: str = ""

    @property
    def depth(self) -> int:
        """1 for "4", 2 for "4.1"; 0 when the number does not say."""
        return self.number.count(".") + 1 if self.number else 0

    @property
    def is_references(self) -> bool:
        return bool(REFERENCES_TITLE.match(self.title.rstrip(":. ")))

    @property
    def is_notes(self) -> bool:
        return bool(NOTES_TITLE.match(self.title.rstrip(":. ")))


def strip_emphasis(text: str) -> str:
    """Remove emphasis markers the converter wrapped around whole lines."""
    text = text.strip()
    while len(text) > 2 and text[0] in "*_" and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


INLINE_TAG = re.compile(r"</?(?:sup|sub|b|strong|i|em|mark|span|u|small)\b[^>]*>")
ESCAPED_CHARACTER = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")
STRONG_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _clean_title(text: str) -> str:
    # Every line of a paper is asked whether it is a heading, most of them
    # several times: a pattern is run only where the text has what it needs.
    if "<" in text:
        text = INLINE_TAG.sub("", text)
    text = strip_emphasis(text)
    if "\\" in text:
        text = ESCAPED_CHARACTER.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = STRONG_EMPHASIS.sub(r"\2", text)
    return without_letter_spacing(" ".join(text.split()))


# "R E F E R E N C E S", "A C K N O W L E D G M E N T S": single letters
# (Wiley sets its back-matter heads and captions letter-spaced).
LETTER_SPACED = re.compile(r"(?<![^\s*_])(?:[A-Z] ){3,}[A-Z](?![^\s*_])")
# What every such run holds; found much faster, as it starts with a letter.
FOUR_SPACED_LETTERS = re.compile(r"[A-Z] [A-Z] [A-Z] [A-Z]")


def without_letter_spacing(text: str) -> str:
    """"A R T I C L E" → "ARTICLE"; the word breaks a letter-spaced run
    lost ("S U P P O R T I N G I N F O R M A T I O N") are found again by the
    word list."""
    def join(match: re.Match[str]) -> str:
        letters = match.group(0).replace(" ", "")
        words = segment_words(letters.lower())
        return " ".join(w.upper() for w in words) if words else letters

    return LETTER_SPACED.sub(join, text) if FOUR_SPACED_LETTERS.search(text) else text


def heading_style(raw: str, markdown_level: int) -> str:
    """"2:bold" for "## **Introduction**", "2:italic" for "## _Stratification_",
    "0:caps" for "**DATA AND METHODS**": what distinguishes heading levels
    when a converter gives them all one Markdown level."""
    line = re.sub(r"^#{1,6}\s+", "", raw.strip())
    line = re.sub(r"</?(?:mark|span|u|small)\b[^>]*>", "", line).strip()
    words = re.sub(r"[^A-Za-z]+", " ", _clean_title(line)).split()
    # "ETHNIC MINORITY CANDIDATES AND MEMBERS OF PARLIAMENT (MPs) IN THE UK" is set in capitals.
    mixed = sum(1 for w in words if not w.isupper())
    if words and mixed <= len(words) // 5 and words[0].isupper() and sum(len(w) for w in words) > 3:
        kind = "caps"
    elif line[:2] in ("**", "__") and line.rstrip(":. ").endswith(line[:2]):
        kind = "italic" if re.match(r"^(\*\*|__)[*_](?![*_])", line) else "bold"
    elif line[:1] in "*_" and line.rstrip(":. ").endswith(line[:1]):
        kind = "italic"
    else:
        kind = "plain"
    return f"{markdown_level}:{kind}"


def parse_heading(block_text: str) -> Heading | None:
    """The heading `block_text` is, or None when it is body text."""
    if "\n" in block_text:
        return None
    line = block_text.strip()
    m = MARKDOWN_HEADING.match(line)
    if m:
        title = m.group(2).rstrip().rstrip("#").rstrip()
        return _heading(_clean_title(title), len(m.group(1)), heading_style(line, len(m.group(1))))
    bold = len(line) > 4 and line[:2] in ("**", "__") and line.endswith(line[:2])
    title = _clean_title(line)
    # A sentence ending in a period is text, but "Acknowledgements." is a heading.
    too_long = not title or len(title.split()) > BARE_HEADING_MAX_WORDS or title.endswith((".", ",", ";"))
    if too_long and not (title.endswith(".") and BACK_MATTER_TITLE.match(title.rstrip(". "))):
        return None
    style = heading_style(line, 0)  # only for a line that may be a heading: most lines are text
    if bold and not re.search(r"[.:]\S", title):
        return _heading(title, 0, style)
    if BACK_MATTER_TITLE.match(title.rstrip(":. ")) or ABSTRACT_TITLE.match(title.rstrip(":. ")) \
            or KEYWORDS_TITLE.match(title.rstrip(":. ")):
        return _heading(title.rstrip(":. "), 0, style)
    numbered = NUMBER_AND_TITLE.match(title)
    if numbered and not _looks_like_sentence(numbered.group("title")):
        return _heading(title, 0, style)
    return None


ITALIC_LINE = re.compile(r"^(?:\*(?!\*)|_(?!_))(?P<title>[A-Z\d“\"‘(][^*_\n]{1,100}?)(?:\*|_)$")


def parse_italic_heading(block_text: str) -> Heading | None:
    """A short line set wholly in italics ("_Measuring excess war mortality_")
    between paragraphs: a heading of the level below the bold ones. Asked
    only by the reader, which knows the block stands between body text."""
    m = ITALIC_LINE.match(block_text.strip())
    if m is None or "\n" in block_text.strip():
        return None
    title = " ".join(m.group("title").split())
    if len(title.split()) > BARE_HEADING_MAX_WORDS or title.endswith((".", ",", ";", ":")) or \
            re.search(r"[.!?]\s", title):
        return None
    return _heading(title, 0, "0:italic")


def _looks_like_sentence(title: str) -> bool:
    """A numbered line that is really a list item or a table row: ends like a
    sentence, or is mostly numbers."""
    tokens = title.split()
    numeric = sum(1 for t in tokens if re.fullmatch(r"[\d.,%()\-–]+", t))
    return title.endswith((".", ";", ",")) or numeric * 2 > len(tokens)


def _heading(title: str, markdown_level: int, style: str = "") -> Heading:
    numbered = NUMBER_AND_TITLE.match(title)
    number = ""
    if numbered:
        number = re.sub(r"\s", "", numbered.group("number")).rstrip(".")   # SciPress spaces them: "8. 1."
        title = numbered.group("title").strip()
    title = title.rstrip(":").strip() or title
    return Heading(number, title, markdown_level, bool(BACK_MATTER_TITLE.match(title.rstrip(". "))), style)


def expected_next_numbers(previous: str) -> list[str]:
    """The numbers that may follow section `previous` ("3.2" → 3.2.1, 3.3, 4)."""
    if not previous:
        return ["1"]
    if not previous.replace(".", "").isdigit():
        return []
    parts = previous.split(".")
    options = [".".join([*parts, "1"])]
    for depth in reversed(range(len(parts))):
        options.append(".".join([*parts[:depth], str(int(parts[depth]) + 1)]))
    return options
