"""The labelled reference data and its split (benchmarks/labelled_references.py).

The held-out part of every source must never reach training, by a rule fixed
in advance; the converters must label each field of a source as its
annotators did. These read the frozen data under tests/data/labelled_references.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from benchmarks.convert_grobid_citations import bibl_segments
from benchmarks.convert_jats_citations import article_licence, citation_segments, is_partly_tagged
from benchmarks.labelled_references import (
    DATA_DIRECTORY,
    SOURCES,
    LabelledCorpus,
    is_held_out,
    read_labelled_file,
    segments_from_pieces,
    write_labelled_file,
)
from benchmarks.render_reference_styles import rendered_sequences

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def corpus() -> LabelledCorpus:
    return LabelledCorpus()


@pytest.fixture(scope="module")
def trained_texts(corpus: LabelledCorpus) -> set[str]:
    return {reference.text for reference in corpus.training()}


def test_no_held_out_string_of_any_source_is_a_training_string(corpus: LabelledCorpus, trained_texts: set[str]) -> None:
    for source in SOURCES:
        held_out = corpus.held_out(source.name)
        assert held_out, source.name
        assert not {reference.text for reference in held_out} & trained_texts, source.name


def test_the_split_rule_is_a_fixed_hash_of_the_string_about_a_fifth_of_each_source(corpus: LabelledCorpus) -> None:
    # Pinned so that the rule cannot drift: these two strings fall on either side.
    assert is_held_out("Walt, S. M. (1987). The origins of alliances. Cornell University Press.") is False
    assert is_held_out("Snyder, G. H. (1997). Alliance politics. Cornell University Press.") is True
    for name in ("grobid", "plos", "anystyle-varied"):
        source = next(source for source in SOURCES if source.name == name)
        everything = [reference for file in source.trained for reference in corpus.file(file)]
        share = sum(is_held_out(reference.text) for reference in everything) / len(everything)
        assert 0.15 < share < 0.25, name


def test_anystyle_gold_is_never_trained_on(corpus: LabelledCorpus, trained_texts: set[str]) -> None:
    gold = {reference.text for reference in corpus.file("gold.xml")}
    assert not gold & trained_texts


def test_a_rendered_string_is_held_out_with_the_real_reference_it_was_made_from(corpus: LabelledCorpus) -> None:
    rendered = corpus.file("styles/rendered.xml")
    held_out = {reference.text for reference in corpus.held_out("styles")}
    assert held_out
    for reference in rendered:
        assert reference.origin
        if reference.text in held_out:
            assert is_held_out(reference.origin)


def test_the_development_fifth_is_apart_from_both_the_held_out_part_and_development_training(
    corpus: LabelledCorpus,
) -> None:
    development = {reference.text for reference in corpus.development("grobid")}
    development_training = {reference.text for reference in corpus.training(development=True)}
    assert development
    assert not development & development_training
    assert not development & {reference.text for reference in corpus.held_out("grobid")}


def test_rendered_styles_are_made_again_byte_for_byte_from_the_committed_sources(tmp_path: Path) -> None:
    out = tmp_path / "rendered.xml"
    write_labelled_file(out, rendered_sequences())
    assert out.read_bytes() == (DATA_DIRECTORY / "styles" / "rendered.xml").read_bytes()


def test_text_outside_fields_goes_to_the_field_it_introduces_or_else_the_one_before() -> None:
    # GROBID leaves "Vol.", "pp." and parentheses outside its elements.
    segments = segments_from_pieces([
        ("author", "A. J. Zambito"), (None, ". "), ("journal", "Org. Synth. Coll."), (None, " Vol. "),
        ("volume", "5"), (None, ", pp. "), ("pages", "373"), (None, " ("), ("date", "1973"), (None, ")."),
    ])
    assert segments == [
        ("author", "A. J. Zambito. "), ("journal", "Org. Synth. Coll. "), ("volume", "Vol. 5, "),
        ("pages", "pp. 373 "), ("date", "(1973)."),
    ]


def test_an_exact_spacing_file_keeps_a_vancouver_string_whole_however_finely_labelled(tmp_path: Path) -> None:
    segments = segments_from_pieces([
        ("author", "Li J, Yen C."), (None, " "), ("journal", "Science."), (None, " "), ("date", "1997"),
        (None, ";"), ("volume", "275(5308)"), (None, ":"), ("pages", "1943-7"), (None, "."),
    ])
    path = tmp_path / "one.xml"
    write_labelled_file(path, [({"document": "x"}, segments)])
    (reference,) = read_labelled_file(path)
    assert reference.text == "Li J, Yen C. Science. 1997;275(5308):1943-7."
    assert reference.segment_texts() == (
        ("author", "Li J, Yen C."), ("journal", "Science."), ("date", "1997;"), ("volume", "275(5308):"),
        ("pages", "1943-7."),
    )
    assert reference.token_labels == ("author",) * 4 + ("journal", "date", "volume", "pages")


def test_grobid_levels_become_title_journal_and_container() -> None:
    bibl = ElementTree.fromstring(
        '<bibl xmlns="http://www.tei-c.org/ns/1.0"><author>M. Shapiro and S. Horwitz</author>. '
        '<title level="a">Fast and accurate flow-insensitive points-to analysis</title>. In '
        '<title level="m">Proceedings of the 24th ACM Symposium on Principles of Programming Languages</title>, '
        '<date>January 1997</date>. </bibl>'
    )
    assert [label for label, _ in bibl_segments(bibl)] == ["author", "title", "container-title", "date"]
    article = ElementTree.fromstring(
        '<bibl><author>J. P. COLLMAN</author>. <title level="j">Acc. Chem. Res.</title> '
        '<biblScope type="vol">10</biblScope>, <biblScope type="pp">265</biblScope> (<date>1977</date>);</bibl>'
    )
    assert bibl_segments(article) == [
        ("author", "J. P. COLLMAN. "), ("journal", "Acc. Chem. Res. "), ("volume", "10, "), ("pages", "265 "),
        ("date", "(1977);"),
    ]


def test_a_plos_name_prints_with_the_space_the_xml_leaves_out_and_the_pubmed_id_is_not_printed() -> None:
    citation = ElementTree.fromstring(
        '<mixed-citation publication-type="journal"><name><surname>Lee</surname><given-names>DH</given-names>'
        '</name>, <name><surname>Goldberg</surname><given-names>AL</given-names></name>. <article-title>Proteasome '
        'inhibitors</article-title>. <source>Trends Cell Biol</source> <year>1998</year>;<volume>8</volume>:'
        '<fpage>397</fpage>–<lpage>403</lpage>. <object-id pub-id-type="pmid">9789328</object-id></mixed-citation>'
    )
    assert citation_segments(citation) == [
        ("author", "Lee DH, Goldberg AL. "), ("title", "Proteasome inhibitors. "), ("journal", "Trends Cell Biol "),
        ("date", "1998;"), ("volume", "8:"), ("pages", "397–403."),
    ]


def test_a_plos_reference_with_untagged_fields_is_not_used_since_they_would_take_a_neighbours_label() -> None:
    # As PLOS tags it: only the link. Converted, the whole reference was labelled URL.
    only_the_link = ElementTree.fromstring(
        '<mixed-citation publication-type="other">Piel WH, Donoghue MJ (2012) TreeBASE: a database of '
        'phylogenetic knowledge. Available: <ext-link>http://treebase.org/</ext-link></mixed-citation>'
    )
    names_only = ElementTree.fromstring(
        '<mixed-citation><name><surname>Zamora</surname><given-names>F</given-names></name>, <etal>et al</etal>.. '
        '(2007) Elevation of viral load by PCR. J Microbiol Methods. 69(2):384–6.</mixed-citation>'
    )
    untagged_author = ElementTree.fromstring(
        '<mixed-citation>Caron F (<year>1992</year>) <article-title>Polymorphism</article-title>.</mixed-citation>'
    )
    assert is_partly_tagged(only_the_link) and is_partly_tagged(names_only) and is_partly_tagged(untagged_author)
    # Words that introduce a field, "et al." and "and" between tagged names are not a field.
    tagged = ElementTree.fromstring(
        '<mixed-citation><person-group><name><surname>Lee</surname></name> and <name><surname>Goldberg</surname>'
        '</name>, <etal>et al.</etal></person-group> (<year>1998</year>) <article-title>Proteasome inhibitors'
        '</article-title>. In: <source>Cell Biology</source>, pp. <fpage>3</fpage>. Available: '
        '<ext-link>http://example.org/</ext-link></mixed-citation>'
    )
    assert not is_partly_tagged(tagged)


def test_only_articles_under_cc_by_or_cc0_are_read() -> None:
    def licence(xml: str) -> str | None:
        return article_licence(ElementTree.fromstring(f"<article>{xml}</article>"))

    assert licence('<license xmlns:x="http://www.w3.org/1999/xlink" '
                   'x:href="http://creativecommons.org/licenses/by/4.0/"><license-p>…</license-p></license>') == "CC BY"
    assert licence("<license><license-p>This is an open-access article distributed under the terms of the "
                   "Creative Commons Attribution License</license-p></license>") == "CC BY"
    assert licence("<license><license-p>Public domain: CC0</license-p></license>") == "CC0"
    assert licence("<license><license-p>Open Access in the spirit of PLoS, without any waiver of WHO's "
                   "privileges</license-p></license>") is None
