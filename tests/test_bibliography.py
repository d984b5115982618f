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
from build_tools.references.bibliography import assign_keys, build_bibliography, index_by_citation
from build_tools.references.entry_parser import parse_reference
from tests.conftest import read_seed_papers
from tests.paper_expectations import PaperExpectation, each_paper, each_shared_pair

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
IB = "istomin-baykov-2020"
ZOU = "zou-balancing-act"

@cache
def papers() -> tuple[Paper, ...]:
    return read_seed_papers()


@cache
def works() -> tuple[Work, ...]:
    return build_bibliography(papers())


def by_key(key: str) -> Work:
    return {w.key: w for w in works()}[key]


def citations(work: Work, *papers: str) -> set[tuple[str, str]]:
    """(paper, label) of each place citing `work`, in the given papers only (all if none),
    so a third paper citing the same work changes nothing here."""
    return {(c.paper_slug, c.label) for c in work.cited_as if not papers or c.paper_slug in papers}


def keys_cited_by(slug: str) -> list[str]:
    return [w.key for w in works() if any(c.paper_slug == slug for c in w.cited_as)]


# --- merging -----------------------------------------------------------------


def test_every_reference_lands_in_exactly_one_work() -> None:
    cited = [(c.paper_slug, c.label) for w in works() for c in w.cited_as]
    every = [(r.paper_slug, r.label) for p in papers() for r in p.references]
    assert sorted(cited) == sorted(every)


@pytest.mark.parametrize("expected", each_paper())
def test_each_reference_of_a_paper_is_its_own_work_with_the_agreed_key(expected: PaperExpectation) -> None:
    (paper,) = [p for p in papers() if p.slug == expected.slug]
    assert len(paper.references) == expected.references
    # The keys are a contract: concept pages and annotations cite them.
    assert keys_cited_by(expected.slug) == sorted(expected.keys)
    assert len(expected.keys) == expected.references  # no two references of one paper merged


@pytest.mark.parametrize(("slug", "other", "shared"), each_shared_pair())
def test_works_cited_by_two_papers_are_merged_and_no_others(slug: str, other: str, shared: tuple[str, ...]) -> None:
    assert set(keys_cited_by(slug)) & set(keys_cited_by(other)) == set(shared)
    for key in shared:
        assert {p for p, _ in citations(by_key(key), slug, other)} == {slug, other}


def test_walt_1987_and_the_1990_printing_are_two_works_linked_as_editions() -> None:
    # Zou cites the 1987 book, Istomin & Baykov a 1990 printing: one work in
    # two editions, each keeping what its paper printed, linked both ways.
    walt87, walt90 = by_key("walt1987origins"), by_key("walt1990origins")
    assert citations(walt87, IB, ZOU) == {(ZOU, "6")}
    assert citations(walt90, IB, ZOU) == {(IB, "42")}
    assert (walt87.year, walt90.year) == ("1987", "1990")
    assert walt87.other_editions == ("walt1990origins",) and walt90.other_editions == ("walt1987origins",)
    assert walt87.authors[0].given == "S.W."  # Zou's initials, as Zou printed them
    assert (walt90.place, walt90.publisher) == ("Ithaca", "Cornell University Press")


@pytest.mark.parametrize(("key", "ib", "zou"), [
    ("snyder1997alliance", "40", "5"), ("wolfers1968alliances", "47", "1"),
    ("mandelbaum1981nuclear", "27", "19")])
def test_shared_works_are_one_work(key: str, ib: str, zou: str) -> None:
    assert citations(by_key(key), IB, ZOU) == {(IB, ib), (ZOU, zou)}


def test_wolfers_keeps_both_spellings_of_the_encyclopedia() -> None:
    wolfers = by_key("wolfers1968alliances")
    assert wolfers.editors and wolfers.place == "New York"
    assert "International Encyclopedia of the Social Sciences" in wolfers.container + wolfers.remarks


def test_mandelbaum_page_cited_by_zou_stays_with_zou() -> None:
    mandelbaum = by_key("mandelbaum1981nuclear")
    assert {(c.paper_slug, c.pages) for c in mandelbaum.cited_as if c.paper_slug in (IB, ZOU)} == {
        (IB, ""), (ZOU, "151")}
    assert mandelbaum.pages == ""


def test_ikenberry_2019_book_and_article_stay_apart() -> None:
    assert citations(by_key("ikenberry2019after"), IB, ZOU) == {(IB, "15")}
    assert citations(by_key("ikenberry2019reflections"), IB, ZOU) == {(ZOU, "16")}


@pytest.mark.parametrize(("first", "second"), [
    ("lanoszka2018atomic", "lanoszka2022military"), ("weitsman2004dangerous", "weitsman2013waging"),
    ("layne2007peace", "layne2012this"), ("jervis1980impact", "jervis1989meaning"),
    ("waltz1979theory", "waltz1993emerging"), ("north1949article", "north1999alliances")])
def test_two_works_by_one_author_stay_apart(first: str, second: str) -> None:
    assert citations(by_key(first)).isdisjoint(citations(by_key(second)))


def test_lookup_by_paper_and_label() -> None:
    index = index_by_citation(works())
    assert len(index) == sum(len(p.references) for p in papers())
    assert index[(ZOU, "6")] is by_key("walt1987origins")
    assert index[(IB, "42")] is by_key("walt1990origins")
    assert index[(IB, "40")] is index[(ZOU, "5")] is by_key("snyder1997alliance")
    assert index[(ZOU, "2")].key == "kimball1978encyclopedia"


# --- keys --------------------------------------------------------------------


def test_keys_are_sorted_and_follow_the_rule() -> None:
    keys = [w.key for w in works()]
    assert keys == sorted(set(keys))
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
    assert keys[(ZOU, "6")] == "walt1987originsb"
    assert keys[(IB, "42")] == "walt1990origins"
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


# --- the BibTeX writer --------------------------------------------------------


def committed_bib() -> str:
    """What `python -m build_tools bib` writes for the seed papers in a new project."""
    return bibliography_to_bibtex(works())


def test_bibtex_is_deterministic_and_ends_with_a_newline() -> None:
    text = bibliography_to_bibtex(works())
    assert text == bibliography_to_bibtex(tuple(reversed(works())))
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_bibtexparser_reads_every_entry_back() -> None:
    library = bibtexparser.parse_string(committed_bib())
    assert library.failed_blocks == []
    assert len(library.entries) == len(works())
    assert [e.key for e in library.entries] == [w.key for w in works()]
    for entry in library.entries:
        fields = entry.fields_dict
        assert "author" in fields or "editor" in fields, entry.key
        # A title-less entry says what it is part of instead of inventing a title.
        assert (fields["title"] if "title" in fields else fields["howpublished"]).value, entry.key
    # A work the source gives no year has no year field: "n.d." is not a year.
    undated = sorted(e.key for e in library.entries if "year" not in e.fields_dict)
    assert undated == sorted(w.key for w in works() if not w.year.isdigit())
    assert sorted(w.key for w in works() if not w.year.isdigit()) == ["bushndunited", "wundchinarussia"]


def _entry(key: str) -> dict[str, str]:
    library = bibtexparser.parse_string(committed_bib())
    entry = next(e for e in library.entries if e.key == key)
    return {name: field.value for name, field in entry.fields_dict.items()}


@pytest.mark.parametrize(("key", "entry_type"), [
    ("beckley2015myth", "article"), ("walt1987origins", "book"), ("gelpi1999alliances", "incollection"),
    ("lostumbo2013overseas", "techreport"), ("istomin2019politika", "techreport"),
    ("north1949article", "misc"), ("wundchinarussia", "unpublished"), ("parsons1999review", "article"),
    ("kimball1978encyclopedia", "misc"), ("bushndunited", "misc")])
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
    assert len(data.entries) == len(works())
    style = Style()
    for key, entry in data.entries.items():
        # Undated works are @misc or @unpublished, the types that need no year.
        text = style.format_entry("", entry).text.render_as("text")
        assert text.strip(), key
    assert "Article 5" in style.format_entry("", data.entries["north1949article"]).text.render_as("text")


def test_a_book_without_publisher_is_misc_because_bibtex_requires_one_for_book() -> None:
    assert _entry("lanoszka2022military")["title"] == "Military Alliances in the {Twenty-First} Century"
    library = bibtexparser.parse_string(committed_bib())
    types = {e.key: e.entry_type for e in library.entries}
    assert (types["lanoszka2022military"], types["nish1985anglojapanese"]) == ("misc", "misc")
