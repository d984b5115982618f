"""Stage 2b and the BibTeX export: merging across papers, the key rule other
pages rely on, and the committed bibliography.bib."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import bibtexparser
import pytest

from build_tools.export.bibtex import (
    bibliography_to_bibtex,
    iso_date,
    protect_capitals,
)
from build_tools.model import Paper, RawReference, SourceLocation, Work
from build_tools.read.papers import read_papers
from build_tools.references.bibliography import assign_keys, build_bibliography, index_by_citation
from build_tools.references.entry_parser import parse_reference
from build_tools.urls import BIBLIOGRAPHY_FILE

ROOT = Path(__file__).resolve().parent.parent
IB = "istomin-baykov-2020"
ZOU = "zou-balancing-act"

# The keys are a contract: concept pages and annotations cite them.
EXPECTED_KEYS = (
    "acharya2023multiplex", "baranovsky2017transformation", "batyuk2012amerikanskaya",
    "baykov2011geopolitics", "beckley2015myth", "bogdanov2014american",
    "bogdanov2019flexible", "brooks2013dont", "brooks2016america", "brown2009international",
    "bull1977anarchical", "bushndunited", "buszynski2008alliances", "cha2016powerplay",
    "cooley2013empire", "fenenko2019long", "fomin2019russias", "gaddis2005strategies",
    "gelpi1999alliances", "gholz1997come", "gibler1998uncovering", "gilpin1981war",
    "haglund2023alliance", "hardin1968tragedy", "ikenberry2019after",
    "ikenberry2019reflections", "istomin2018strategies", "istomin2019dynamics",
    "istomin2019politika", "jervis1980impact", "jervis1989meaning", "johnson2017external",
    "kang2010hierarchy", "khatuntsev2015west", "kimball1978encyclopedia",
    "knopf2012security", "korolev2020how", "krickovic2016when", "lake2011hierarchy",
    "lanoszka2018atomic", "lanoszka2022military", "layne2007peace", "layne2012this",
    "lebow2014goodbye", "long2015stalking", "lostumbo2013overseas", "lukin2019discussion",
    "mandelbaum1981nuclear", "mann2012sources", "mearsheimer2001tragedy",
    "morrow1991alliances", "newnham2008coalition", "nikitin2018modern",
    "nikitina2012collective", "nish1985anglojapanese", "north1949article",
    "north1999alliances", "north2021peace", "osgood1968alliance", "pant2015indias",
    "parsons1999review", "pechurov2013koalitsionnye", "posen2014restraint",
    "pressman2011warring", "ricardo2007principles", "rissekappen1995cooperation",
    "schmitt2018allies", "shakleina2013great", "shishkov2014rise", "smirnov2011at",
    "smith1995alliance", "snyder1997alliance", "troitsky2002concept", "vasquez1993war",
    "walt1987origins", "waltz1979theory", "waltz1993emerging", "watt1984succeeding",
    "weitsman2004dangerous", "weitsman2013waging", "white2022national",
    "wolfers1968alliances", "womack2016asymmetry", "wundchinarussia", "yarhimilo2016arm",
)


@cache
def papers() -> tuple[Paper, ...]:
    return read_papers(ROOT / "papers")


@cache
def works() -> tuple[Work, ...]:
    return build_bibliography(papers())


def by_key(key: str) -> Work:
    return {w.key: w for w in works()}[key]


def citations(work: Work) -> set[tuple[str, str]]:
    return {(c.paper_slug, c.label) for c in work.cited_as}


# --- merging -----------------------------------------------------------------


def test_every_reference_lands_in_exactly_one_work() -> None:
    cited = [(c.paper_slug, c.label) for w in works() for c in w.cited_as]
    every = [(r.paper_slug, r.label) for p in papers() for r in p.references]
    assert len(every) == 89
    assert sorted(cited) == sorted(every)
    assert len(works()) == 85  # 89 references, four works cited by both papers


def test_exactly_four_works_are_shared_by_both_papers() -> None:
    shared = {w.key for w in works() if {c.paper_slug for c in w.cited_as} == {IB, ZOU}}
    assert shared == {"walt1987origins", "snyder1997alliance", "wolfers1968alliances",
                      "mandelbaum1981nuclear"}
    assert all(len(w.cited_as) == 1 for w in works() if w.key not in shared)


def test_walt_1987_and_1990_are_one_work() -> None:
    walt = by_key("walt1987origins")
    assert citations(walt) == {(IB, "42"), (ZOU, "6")}
    assert {(c.paper_slug, c.year) for c in walt.cited_as} == {(IB, "1990"), (ZOU, "1987")}
    assert walt.year == "1987"
    assert "Istomin & Baykov cite the 1990 printing" in walt.note
    assert "S.W." in walt.note  # Zou's initials differ; Istomin & Baykov's are kept
    assert (walt.place, walt.publisher) == ("Ithaca", "Cornell University Press")


@pytest.mark.parametrize(("key", "ib", "zou"), [
    ("snyder1997alliance", "40", "5"), ("wolfers1968alliances", "47", "1"),
    ("mandelbaum1981nuclear", "27", "19")])
def test_shared_works_are_one_work(key: str, ib: str, zou: str) -> None:
    assert citations(by_key(key)) == {(IB, ib), (ZOU, zou)}


def test_wolfers_keeps_both_spellings_of_the_encyclopedia() -> None:
    wolfers = by_key("wolfers1968alliances")
    assert wolfers.editors and wolfers.place == "New York"
    assert "International Encyclopedia of the Social Sciences" in wolfers.container + wolfers.note


def test_mandelbaum_page_cited_by_zou_stays_with_zou() -> None:
    mandelbaum = by_key("mandelbaum1981nuclear")
    assert {(c.paper_slug, c.pages) for c in mandelbaum.cited_as} == {(IB, ""), (ZOU, "151")}
    assert mandelbaum.pages == ""


def test_ikenberry_2019_book_and_article_stay_apart() -> None:
    assert citations(by_key("ikenberry2019after")) == {(IB, "15")}
    assert citations(by_key("ikenberry2019reflections")) == {(ZOU, "16")}


@pytest.mark.parametrize(("first", "second"), [
    ("lanoszka2018atomic", "lanoszka2022military"), ("weitsman2004dangerous", "weitsman2013waging"),
    ("layne2007peace", "layne2012this"), ("jervis1980impact", "jervis1989meaning"),
    ("waltz1979theory", "waltz1993emerging"), ("north1949article", "north1999alliances")])
def test_two_works_by_one_author_stay_apart(first: str, second: str) -> None:
    assert citations(by_key(first)).isdisjoint(citations(by_key(second)))


def test_lookup_by_paper_and_label() -> None:
    index = index_by_citation(works())
    assert len(index) == 89
    assert index[(IB, "42")] is index[(ZOU, "6")] is by_key("walt1987origins")
    assert index[(ZOU, "2")].key == "kimball1978encyclopedia"


# --- keys --------------------------------------------------------------------


def test_keys_are_exactly_the_agreed_ones_sorted() -> None:
    keys = [w.key for w in works()]
    assert keys == sorted(EXPECTED_KEYS)
    assert all(re.fullmatch(r"[a-z]+(?:\d{4}|nd)[a-z0-9]+", k) for k in keys)


@pytest.mark.parametrize("key", [
    "walt1987origins", "snyder1997alliance", "wolfers1968alliances", "ikenberry2019after",
    "ikenberry2019reflections", "north1949article", "north1999alliances", "knopf2012security",
    "beckley2015myth", "kimball1978encyclopedia", "yarhimilo2016arm", "brooks2013dont",
    "cooley2013empire", "white2022national", "bushndunited"])
def test_key_examples_from_the_rule(key: str) -> None:
    assert key in {w.key for w in works()}


def _extra_paper(*entries: str) -> Paper:
    """A third paper with the given Polis-style references."""
    base = next(p for p in papers() if p.slug == IB)
    slug = "zz-extra"
    raw = tuple(RawReference(slug, str(i), text, SourceLocation(Path("papers/zz-extra/source.txt"), i))
                for i, text in enumerate(entries, start=1))
    return replace(base, metadata=replace(base.metadata, slug=slug, short_title="Extra"), references=raw)


def test_adding_an_unrelated_entry_changes_no_existing_key() -> None:
    before = {(c.paper_slug, c.label): w.key for w in works() for c in w.cited_as}
    extra = _extra_paper("Aaron Z. 1950. An Unrelated Book. London: Macmillan.")
    after_works = build_bibliography((*papers(), extra))
    after = {(c.paper_slug, c.label): w.key for w in after_works for c in w.cited_as}
    assert len(after_works) == len(works()) + 1
    assert {k: v for k, v in after.items() if k[0] != "zz-extra"} == before
    assert after[("zz-extra", "1")] == "aaron1950unrelated"


def test_colliding_keys_get_suffixes_that_depend_only_on_the_colliding_works() -> None:
    extra = _extra_paper("Walt S.M. 1987. Origins of War. Ithaca: Cornell University Press.")
    keys = {(c.paper_slug, c.label): w.key for w in build_bibliography((*papers(), extra))
            for c in w.cited_as}
    # Same family and year, so the title decides: "origins of war" < "the origins of alliance".
    assert keys[("zz-extra", "1")] == "walt1987originsa"
    assert keys[(ZOU, "6")] == keys[(IB, "42")] == "walt1987originsb"
    # Adding an unrelated third entry leaves the suffixes alone, in any order.
    more = _extra_paper("Zeta Q. 2001. Something Else. London: Macmillan.",
                        "Walt S.M. 1987. Origins of War. Ithaca: Cornell University Press.")
    keys_more = {(c.paper_slug, c.label): w.key for w in build_bibliography((more, *papers()))
                 for c in w.cited_as}
    assert keys_more[("zz-extra", "2")] == "walt1987originsa"
    assert keys_more[(ZOU, "6")] == "walt1987originsb"
    assert all(keys_more[k] == v for k, v in keys.items() if k[0] != "zz-extra")


def test_assign_keys_does_not_depend_on_input_order() -> None:
    raw = [parse_reference(r) for p in papers() for r in p.references]
    assert [w.key for w in assign_keys(raw)] == [w.key for w in assign_keys(reversed(raw))]


# --- bibliography.bib --------------------------------------------------------


def committed_bib() -> str:
    return (ROOT / BIBLIOGRAPHY_FILE).read_text(encoding="utf-8")


def test_committed_bibliography_is_fresh() -> None:
    fresh = bibliography_to_bibtex(works())
    assert committed_bib() == fresh, (
        f"{BIBLIOGRAPHY_FILE} is stale: run `python -m build_tools bib` and commit the result")


def test_bibtex_is_deterministic_and_ends_with_a_newline() -> None:
    text = bibliography_to_bibtex(works())
    assert text == bibliography_to_bibtex(tuple(reversed(works())))
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_bibtexparser_reads_every_entry_back() -> None:
    library = bibtexparser.parse_string(committed_bib())
    assert library.failed_blocks == []
    assert len(library.entries) == len(works()) == 85
    assert [e.key for e in library.entries] == [w.key for w in works()]
    for entry in library.entries:
        fields = entry.fields_dict
        assert "author" in fields or "editor" in fields, entry.key
        assert fields["title"].value, entry.key
    # A work the source gives no year has no year field: "n.d." is not a year.
    undated = sorted(e.key for e in library.entries if "year" not in e.fields_dict)
    assert undated == sorted(w.key for w in works() if not w.year.isdigit()) == ["bushndunited", "wundchinarussia"]


def _entry(key: str) -> dict[str, str]:
    library = bibtexparser.parse_string(committed_bib())
    entry = next(e for e in library.entries if e.key == key)
    return {name: field.value for name, field in entry.fields_dict.items()}


@pytest.mark.parametrize(("key", "entry_type"), [
    ("beckley2015myth", "article"), ("walt1987origins", "book"), ("gelpi1999alliances", "incollection"),
    ("lostumbo2013overseas", "techreport"), ("istomin2019politika", "techreport"),
    ("north1949article", "misc"), ("wundchinarussia", "unpublished"), ("parsons1999review", "article"),
    ("kimball1978encyclopedia", "incollection")])
def test_entry_types(key: str, entry_type: str) -> None:
    library = bibtexparser.parse_string(committed_bib())
    assert next(e for e in library.entries if e.key == key).entry_type == entry_type


def test_bibtex_fields_are_written_the_bibtex_way() -> None:
    assert _entry("brooks2013dont")["author"] == "Brooks, S.G. and Ikenberry, G.J. and Wohlforth, W.C."
    assert _entry("lostumbo2013overseas")["author"].endswith(" and others")
    assert _entry("north1949article")["author"] == "{North Atlantic Treaty Organization}"
    assert _entry("knopf2012security")["editor"] == "Knopf, J.W."
    assert _entry("beckley2015myth")["pages"] == "7--48"
    assert _entry("korolev2020how")["pages"] == "760--789"
    assert _entry("korolev2020how")["doi"] == "10.1057/s41311-019-00178-8"
    assert _entry("mearsheimer2001tragedy")["publisher"] == r"WW Norton \& Company"
    assert _entry("north1949article")["url"] == "https://www.nato.int/cps/en/natohq/topics_110496.htm"
    assert _entry("north1949article")["urldate"] == "2023-12-23"
    assert _entry("bogdanov2014american")["urldate"] == "2020-10-09"
    assert _entry("batyuk2012amerikanskaya")["langid"] == "russian"
    assert "langid" not in _entry("beckley2015myth")
    assert _entry("lanoszka2022military")["edition"] == "1st"
    assert "{US}" in _entry("beckley2015myth")["title"]
    assert "{NATO}" in _entry("krickovic2016when")["title"]
    assert "regional’nye" in committed_bib()  # UTF-8 kept, not LaTeX-escaped


def test_escaping_outside_verbatim_fields() -> None:
    assert protect_capitals("Costs & 100% of $5 #1 a_b") == r"Costs \& 100\% of \$5 \#1 a\_b"
    text = bibliography_to_bibtex(works())
    assert r"topics\_110496" not in text  # url fields stay verbatim


@pytest.mark.parametrize(("written", "iso"), [
    ("December 23, 2023", "2023-12-23"), ("09.10.2020", "2020-10-09"), ("March 21, 2011", "2011-03-21"),
    ("sometime in 2020", "")])
def test_access_dates_become_iso_only_when_certain(written: str, iso: str) -> None:
    assert iso_date(written) == iso


def test_every_entry_has_the_fields_standard_bibtex_styles_require() -> None:
    # pybtex's "plain" style follows BibTeX's plain.bst: it refuses an entry
    # missing a field its type requires (a @book without publisher), as
    # LaTeX users' bibtex would complain.
    from pybtex.database import parse_string
    from pybtex.style.formatting.plain import Style

    data = parse_string(committed_bib(), "bibtex")
    assert len(data.entries) == 85
    style = Style()
    for key, entry in data.entries.items():
        if "year" not in entry.fields:
            continue  # pybtex's plain wants a year even for @misc; these two works have none
        text = style.format_entry("", entry).text.render_as("text")
        assert text.strip(), key
    assert "Article 5" in style.format_entry("", data.entries["north1949article"]).text.render_as("text")


def test_a_book_without_publisher_is_misc_because_bibtex_requires_one_for_book() -> None:
    assert _entry("lanoszka2022military")["title"] == "Military Alliances in the {Twenty-First} Century"
    library = bibtexparser.parse_string(committed_bib())
    types = {e.key: e.entry_type for e in library.entries}
    assert (types["lanoszka2022military"], types["nish1985anglojapanese"]) == ("misc", "misc")
