"""The CRF reference parser on strings written for these tests, one or more per citation style.

Accuracy over many references is a benchmark (benchmarks/reference_parser_accuracy.py),
not a test; these pin the behaviour callers rely on: fields, names, repairs, never raising.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from build_tools.references.parse_reference import (
    LabelledSpan,
    ReferenceParser,
    clean_reference_text,
    csl_from_spans,
    identifier_tail_start,
    parse_reference,
    reference_as_csl_json,
    split_names,
    volume_and_issue,
)

pytestmark = pytest.mark.unit


def _year(item: dict[str, Any]) -> int | None:
    issued = item.get("issued")
    return int(issued["date-parts"][0][0]) if issued else None


def _families(item: dict[str, Any], role: str = "author") -> list[str]:
    return [name.get("family") or name.get("literal", "") for name in item.get(role, [])]


# (style, reference, expected fields); only fields the style actually writes are checked.
STYLED_REFERENCES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "APA book",
        "Walt, S. M. (1987). The origins of alliances. Cornell University Press.",
        {"year": 1987, "families": ["Walt"], "title": "The origins of alliances", "type": "book"},
    ),
    (
        "APA article",
        "Snyder, G. H., & Diesing, P. (1984). The security dilemma in alliance politics. World Politics, 36(4), "
        "461–495. https://doi.org/10.2307/2010183",
        {
            "year": 1984,
            "families": ["Snyder", "Diesing"],
            "title": "The security dilemma in alliance politics",
            "container-title": "World Politics",
            "volume": "36",
            "issue": "4",
            "page": "461-495",
            "DOI": "10.2307/2010183",
            "type": "article-journal",
        },
    ),
    (
        "Chicago author-date",
        "Walt, Stephen M. 1987. The Origins of Alliances. Ithaca, NY: Cornell University Press.",
        {
            "year": 1987,
            "families": ["Walt"],
            "title": "The Origins of Alliances",
            "publisher": "Cornell University Press",
            "type": "book",
        },
    ),
    (
        "Chicago notes-bibliography",
        "Snyder, Glenn H. “The Security Dilemma in Alliance Politics.” World Politics 36, no. 4 (1984): 461–95.",
        {
            "year": 1984,
            "families": ["Snyder"],
            "title": "The Security Dilemma in Alliance Politics",
            "container-title": "World Politics",
            "volume": "36",
            "issue": "4",
            "page": "461-95",
            "type": "article-journal",
        },
    ),
    (
        "APSA",
        "Morrow, James D. 1991. “Alliances and Asymmetry: An Alternative to the Capability Aggregation Model of "
        "Alliances.” American Journal of Political Science 35 (4): 904–33.",
        {
            "year": 1991,
            "families": ["Morrow"],
            "container-title": "American Journal of Political Science",
            "volume": "35",
            "issue": "4",
            "page": "904-33",
        },
    ),
    (
        "Harvard",
        "Walt, S.M. (1987) The origins of alliances. Ithaca: Cornell University Press.",
        {"year": 1987, "families": ["Walt"], "title": "The origins of alliances", "publisher-place": "Ithaca"},
    ),
    (
        "MLA",
        "Snyder, Glenn H. “The Security Dilemma in Alliance Politics.” World Politics, vol. 36, no. 4, 1984, "
        "pp. 461–95.",
        {
            "year": 1984,
            "families": ["Snyder"],
            "title": "The Security Dilemma in Alliance Politics",
            "volume": "36",
            "issue": "4",
            "page": "461-95",
        },
    ),
    (
        "Vancouver",
        "Smith JA, Doe B, van der Berg K. Alliance formation among small states. J Int Aff. 2015;12(3):45-67.",
        {
            "year": 2015,
            "families": ["Smith", "Doe", "van der Berg"],
            "volume": "12",
            "issue": "3",
            "page": "45-67",
            "type": "article-journal",
        },
    ),
    (
        "IEEE",
        "[3] J. D. Morrow, “Alliances and asymmetry,” Am. J. Polit. Sci., vol. 35, no. 4, pp. 904–933, 1991.",
        {
            "year": 1991,
            "families": ["Morrow"],
            "title": "Alliances and asymmetry",
            "volume": "35",
            "issue": "4",
            "page": "904-933",
            "citation-number": "3",
        },
    ),
    (
        "GOST article",
        "Иванов И. И., Петров П. П. Теория союзов // Полис. Политические исследования. 2010. № 3. С. 12–20.",
        {"year": 2010, "families": ["Иванов", "Петров"], "issue": "3", "page": "12-20", "language": "ru"},
    ),
    (
        "GOST book",
        "Богатуров А. Д. Великие державы на Тихом океане. М.: Конверт-МОНФ, 1997. 352 с.",
        {"year": 1997, "families": ["Богатуров"], "language": "ru"},
    ),
]


@pytest.mark.parametrize(("style", "text", "expected"), STYLED_REFERENCES, ids=[case[0] for case in STYLED_REFERENCES])
def test_each_style_gives_its_fields(style: str, text: str, expected: dict[str, Any]) -> None:
    item = parse_reference(text)
    assert "unparsed" not in item, style
    for key, value in expected.items():
        if key == "year":
            assert _year(item) == value, (style, item)
        elif key == "families":
            assert _families(item) == value, (style, item)
        else:
            assert item.get(key) == value, (style, key, item)


def test_year_suffixes_keep_two_works_of_one_year_apart() -> None:
    first = parse_reference("Walt, S. M. (2020a). Alliances in decline. Ithaca: Cornell University Press.")
    second = parse_reference("Walt, S. M. (2020b). Alliances reborn. Ithaca: Cornell University Press.")
    assert _year(first) == _year(second) == 2020
    assert (first.get("year-suffix"), second.get("year-suffix")) == ("a", "b")


def test_issue_number_is_kept_apart_from_volume() -> None:
    assert volume_and_issue("Vol. 3, No. 9") == ("3", "9")
    assert volume_and_issue("45(2)") == ("45", "2")
    assert volume_and_issue("Т. 5, № 2") == ("5", "2")
    item = parse_reference("Snyder, G. H. (1984). The security dilemma. World Politics, 36(4), 461–495.")
    assert (item.get("volume"), item.get("issue")) == ("36", "4")


def test_doi_broken_by_line_breaks_is_joined() -> None:
    item = parse_reference(
        "Walt, S. M. (1985). Alliance formation and the balance of world power. International Security, 9(4), "
        "3–43. https://doi.org/10.1017/ S0020 8183"
    )
    assert item["DOI"] == "10.1017/S00208183"
    assert "URL" not in item  # a doi.org link says no more than the DOI


def test_doi_followed_by_a_year_is_not_joined_to_it() -> None:
    item = parse_reference("Walt, S. M. Alliances. World Politics, 9(4), 3–43. doi:10.2307/2010183 2020.")
    assert item["DOI"] == "10.2307/2010183"


@pytest.mark.parametrize(("text", "tail"), [
    ("Brandt K (1999). A note. Available at: http://example.org/x. Accessed 8 March 2013.",
     "Available at: http://example.org/x. Accessed 8 March 2013."),
    ("Brandt K (1999). A note. [en ligne] https://example.org/x (consulté le 8 décembre 2015).",
     "[en ligne] https://example.org/x (consulté le 8 décembre 2015)."),
    ("Brandt K (1999). A note. www.example.org", "www.example.org"),
    # A link with more than an access date after it, or none at all: the CRF reads the whole string.
    ("Brandt K (1999). A note. http://example.org/x. In Treaties, pp. 3-9.", ""),
    ("Brandt K (1999). A note on treaty design. Journal 5: 3-9.", ""),
    ("http://example.org/x", ""),  # a link alone is all there is to label
])
def test_a_closing_link_and_its_access_date_are_left_to_the_identifier_rules(text: str, tail: str) -> None:
    assert text[identifier_tail_start(text):] == tail


@pytest.mark.parametrize(
    ("field", "expected_names", "expected_et_al"),
    [
        (
            "Smith, John, and Jane Doe.",
            [{"family": "Smith", "given": "John"}, {"family": "Doe", "given": "Jane"}],
            False,
        ),
        ("Smith, J. A., Doe, B., & Roe, C.", [("Smith", "J. A."), ("Doe", "B."), ("Roe", "C.")], False),
        ("J. A. Smith, B. Doe and C. Roe,", [("Smith", "J. A."), ("Doe", "B."), ("Roe", "C.")], False),
        ("Smith JA, Doe B, et al.", [("Smith", "J. A."), ("Doe", "B.")], True),
        (
            "Lee, L. L., W. E. Howard, and R. E. Marsh.",
            [("Lee", "L. L."), ("Howard", "W. E."), ("Marsh", "R. E.")],
            False,
        ),
        ("Иванов И. И., Петров П. П. и др.", [("Иванов", "И. И."), ("Петров", "П. П.")], True),
        ("World Health Organization.", [{"literal": "World Health Organization"}], False),
    ],
)
def test_names_are_split_in_every_order(field: str, expected_names: list[Any], expected_et_al: bool) -> None:
    names, has_et_al = split_names(field)
    expected = [name if isinstance(name, dict) else {"family": name[0], "given": name[1]} for name in expected_names]
    assert [dict(name) for name in names] == expected
    assert has_et_al is expected_et_al


@pytest.mark.parametrize(("title_span", "title", "container", "note"), [
    # The CRF (or a human label) ran the title on past its closing quote: the quote ends it.
    ('"Holocaust Spaces," in Geographies of the Holocaust.', "Holocaust Spaces", "Geographies of the Holocaust",
     None),
    ("« Syndrome frontal », dans Neurologie clinique.", "Syndrome frontal", "Neurologie clinique", None),
    ('"The prototype string for the Baikal telescope", these proceedings.',
     "The prototype string for the Baikal telescope", None, "these proceedings"),
    ('"Preface." Sur le vif: vers impressionistes.', "Preface", None, "Sur le vif: vers impressionistes"),
    # Unquoted, a chapter's title ends where "In" opens its book; "in" after a comma is the title's own.
    ("The Neopatrimonial Regime in Uzbekistan. In Stable Outside, Fragile Inside?",
     "The Neopatrimonial Regime in Uzbekistan", "Stable Outside, Fragile Inside?", None),
    ("Das Ziel ist der Marktplatz. In: Rückblicke – Perspektiven.", "Das Ziel ist der Marktplatz",
     "Rückblicke – Perspektiven", None),
    ("Greenhouse gas mitigation potential globally, in Europe and in the UK.",
     "Greenhouse gas mitigation potential globally, in Europe and in the UK", None, None),
    # A quoted phrase that opens a longer title is part of it.
    ("“On the ground” with antiracist pedagogy.", "“On the ground” with antiracist pedagogy", None, None),
    ("“Monkey See, Monkey Do:” The Influence of work groups.",
     "“Monkey See, Monkey Do:” The Influence of work groups", None, None),
    ("‘Schmallenberg virus’ - a novel orthobunyavirus.", "‘Schmallenberg virus’ - a novel orthobunyavirus", None,
     None),
    ("« Le poids du succès » : construction du corps.", "« Le poids du succès » : construction du corps", None,
     None),
])
def test_a_title_in_quotes_ends_at_its_closing_quote(
    title_span: str, title: str, container: str | None, note: str | None
) -> None:
    text = f"Brandt, K. 1999. {title_span}"
    spans = [LabelledSpan("author", "Brandt, K.", 0, 10), LabelledSpan("date", "1999.", 11, 16),
             LabelledSpan("title", title_span, 17, len(text))]
    item = csl_from_spans(spans, text)
    assert (item.get("title"), item.get("container-title"), item.get("note")) == (title, container, note)


@pytest.mark.parametrize(("title_span", "title", "note"), [
    ("La Propagation des Ondes (Gauthier-Villars", "La Propagation des Ondes", "Gauthier-Villars"),
    ("Representations of the Virasoro Algebra (Advanced Studies in Mathematics",
     "Representations of the Virasoro Algebra", "Advanced Studies in Mathematics"),
    # Closed brackets, and a bracket after one word only, are left alone.
    ("Subjective Quality Evaluation for Omnidirectional (360°) Videos",
     "Subjective Quality Evaluation for Omnidirectional (360°) Videos", None),
    ("Theory (with", "Theory (with", None),
])
def test_a_title_ends_before_a_bracket_it_never_closes(title_span: str, title: str, note: str | None) -> None:
    text = f"Boilat, G. 1965. {title_span}"
    spans = [LabelledSpan("author", "Boilat, G.", 0, 10), LabelledSpan("date", "1965.", 11, 16),
             LabelledSpan("title", title_span, 17, len(text))]
    item = csl_from_spans(spans, text)
    assert (item.get("title"), item.get("note")) == (title, note)


@pytest.mark.parametrize(("text", "cleaned"), [
    # A converter's Markdown italics, with the period it set apart, read as printed.
    ("Wickham, H. 2016. _Ggplot2: Elegant Graphics for Data Analysis_ . Springer.",
     "Wickham, H. 2016. Ggplot2: Elegant Graphics for Data Analysis. Springer."),
    ("Kihara, T. 2023. *Morocco quake* , _Reuters_ (Marrakech).",
     "Kihara, T. 2023. Morocco quake, Reuters (Marrakech)."),
    # Underscores inside words and links are theirs.
    ("R package snake_case_name. https://example.org/a_b_c/", "R package snake_case_name. https://example.org/a_b_c/"),
])
def test_markdown_emphasis_is_read_as_the_printed_words(text: str, cleaned: str) -> None:
    assert clean_reference_text(text) == cleaned


def test_a_publisher_never_starts_inside_a_phrase_of_the_title() -> None:
    text = ("Jackman, S. 2017. pscl: Classes and Methods for R Developed in the Political Science Computational "
            "Laboratory. United States Studies Centre.")
    title_end = text.index(" Science")
    spans = [LabelledSpan("author", "Jackman, S.", 0, 11), LabelledSpan("date", "2017.", 12, 17),
             LabelledSpan("title", text[18:title_end], 18, title_end),
             LabelledSpan("publisher", text[title_end + 1:], title_end + 1, len(text))]
    item = csl_from_spans(spans, text)
    assert item["title"] == text[18:text.index(". United")]
    assert item["publisher"] == "United States Studies Centre"


def test_unparseable_string_keeps_its_text() -> None:
    item = parse_reference("%%% ### ---")
    assert item["type"] == "document"
    assert item["unparsed"] is True
    assert item["title"] == "%%% ### ---"


ODD_INPUTS = [
    "",
    " ",
    "\x00\x01\x02",
    "\ud800 lone surrogate",
    "a" * 100_000,
    "(" * 500,
    "10.1234/ " * 200,
    "http:// " * 50,
    "1999 2000 2001a",
    "et al.",
    "Smith, , , and & and",
    "🙂" * 40,
    bytes(range(256)).decode("latin-1"),
    "Иванов И. И.",
]


def test_never_raises_on_odd_input() -> None:
    parser = ReferenceParser()
    for text in ODD_INPUTS:
        item = parser.parse(text)
        assert isinstance(item.get("type"), str)
        json.loads(reference_as_csl_json(text))


def test_cli_json_is_sorted_and_keeps_non_ascii() -> None:
    printed = reference_as_csl_json("Богатуров А. Д. Великие державы на Тихом океане. М.: Конверт-МОНФ, 1997.")
    assert "Богатуров" in printed
    keys = list(json.loads(printed))
    assert keys == sorted(keys)


def test_a_parser_the_caller_owns_gives_the_same_result() -> None:
    text = "Walt, S. M. (1987). The origins of alliances. Cornell University Press."
    assert ReferenceParser().parse(text) == parse_reference(text)


def test_the_command_line_prints_a_reference_as_csl_json(capsys: pytest.CaptureFixture[str]) -> None:
    from build_tools.cli import main

    assert main(["parse-reference", "Walt, Stephen M. 1987. The Origins of Alliances. Ithaca: Cornell University "
                 "Press."]) == 0
    item = json.loads(capsys.readouterr().out)
    assert item["author"][0]["family"] == "Walt" and item["issued"]["date-parts"] == [[1987]]
    assert item["title"] == "The Origins of Alliances" and item["publisher"] == "Cornell University Press"


def test_the_package_exposes_the_parser_as_a_function() -> None:
    import build_tools

    assert build_tools.parse_reference("Smith, J. (2020a). A title. Journal of Things, 3(2), 1-9.")["title"] == \
        "A title"


@pytest.mark.parametrize(("text", "year"), [
    # Elsevier's numbered style prints a web page's year after its address, then the access date.
    ("S. Ivanova, Why alliances fail. http://www.example.org/alliances, 2018 (accessed 12 March 2019).", 2018),
    # Only an access date, or a year inside the address: no year is the work's.
    ("ILO. ILO modelled database. Available at: https://www.example.org/ilo. Last access: Jan. 23, 2024.", None),
    ("Smith J. Alliance data. http://www.example.org/2015/data.html", None),
])
def test_a_web_pages_year_after_its_address_is_its_year_but_an_access_date_is_not(text: str,
                                                                                  year: int | None) -> None:
    assert _year(parse_reference(text)) == year


def test_rules_that_run_a_title_into_a_web_address_give_way_to_the_crf() -> None:
    """Invented, Elsevier's numbered style, read as a converted paper's
    entry: the author-date rules read the address and year into the title;
    a title never holds an address, so the CRF reads it."""
    from tests.test_one_column_journal_shapes import _entry
    work = _entry("[1] S. Ivanova, Why alliances fail. http://www.example.org/alliances, 2018 "
                  "(accessed 12 March 2019).")
    assert (work.authors[0].family, work.year, work.title) == ("Ivanova", "2018", "Why alliances fail")
    assert work.url == "http://www.example.org/alliances"
