"""Published is forever: a key in the committed bibliography.bib keeps naming
the same work, with the same record, whatever papers are added (issue 18).

Every case here adds references to the frozen seed project: a newcomer
citing a published work with its title written differently, another edition
of a published work, two versions of a dataset, a colliding key, two
published entries for one work, a published work no paper cites any more.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import bibtexparser
import pytest

from build_tools.cli import main
from build_tools.model import Bibliography, Paper, PublishedEntry, RawReference, ReaderError, SourceLocation
from build_tools.pipeline import build_site_content
from build_tools.references.bibliography import _same_titles, build_references
from build_tools.references.published import CURATED_FILE, read_published
from build_tools.render.citation_style import CitationFormatter
from tests.conftest import FIXTURE, copy_project, read_seed_papers, record_checksums

pytestmark = pytest.mark.unit

IB = "istomin-baykov-2020"
ZOU = "zou-balancing-act"
NEW = "zz-newcomer"
GROWTH = Path(__file__).parent / "fixtures" / "growth"


@cache
def published() -> tuple[PublishedEntry, ...]:
    return read_published(FIXTURE)


@cache
def seed() -> tuple[Paper, ...]:
    return read_seed_papers()


def newcomer(*entries: str) -> Paper:
    """A third paper whose reference list is `entries`, in APA style as a
    converter leaves it (read by the same rules as any converted paper)."""
    base = next(p for p in seed() if p.slug == ZOU)
    raw = tuple(RawReference(NEW, str(i), text, SourceLocation(Path(f"papers/{NEW}/source.md"), 100 + i))
                for i, text in enumerate(entries, start=1))
    return replace(base, metadata=replace(base.metadata, slug=NEW, short_title="Newcomer 2026"), references=raw)


def with_newcomer(*entries: str, entries_published: tuple[PublishedEntry, ...] | None = None) -> Bibliography:
    return build_references((*seed(), newcomer(*entries)),
                            published() if entries_published is None else entries_published)


def key_of(bibliography: Bibliography, slug: str, label: str) -> str:
    return next(w.key for w in bibliography.works for c in w.cited_as if (c.paper_slug, c.label) == (slug, label))


def records(bibliography: Bibliography) -> dict[str, object]:
    """Every published key → its record as the site shows it (all but who cites it)."""
    return {w.key: replace(w, cited_as=(), other_editions=(), remarks="") for w in bibliography.works}


def test_the_seed_papers_with_their_published_bibliography_add_no_key() -> None:
    bibliography = build_references(seed(), published())
    assert bibliography.new_keys == ()
    assert {w.key for w in bibliography.works} == {e.work.key for e in published()}


def test_a_published_record_reads_back_as_the_site_formats_the_papers_entries() -> None:
    # bibliography.bib is the inverse of what the writer wrote: the site's
    # formatted entries are the same read from the file as built afresh.
    fresh = build_references(seed())
    from_file = build_references(seed(), published())
    before, after = CitationFormatter(fresh.works), CitationFormatter(from_file.works)
    assert [before.reference_html(w.key) for w in fresh.works] == [after.reference_html(w.key) for w in fresh.works]


def test_a_newcomer_citing_a_published_work_with_its_title_spelled_otherwise_keeps_the_key() -> None:
    # Published as "Restraint: A New Foundation for {US} Grand Strategy".
    bibliography = with_newcomer(
        "Posen, B. R. (2014). *Restraint: A new foundation for U.S. grand strategy*. Cornell University Press.")
    assert key_of(bibliography, NEW, "1") == key_of(bibliography, IB, "34") == "posen2014restraint"
    assert bibliography.new_keys == ()


def test_a_title_cut_short_at_a_full_stop_is_the_same_title() -> None:
    full = ("restraint a new foundation for us grand strategy", "")
    assert _same_titles(full, ("restraint a new foundation for us", ""))
    assert not _same_titles(("after victory", ""), ("reflections on after victory", ""))
    assert not _same_titles(full, ("restraint", ""))  # one word is too little to call it the same


def test_another_edition_of_a_published_work_is_a_new_work_linked_to_it() -> None:
    bibliography = with_newcomer(
        "Ikenberry, G. J. (2001). *After victory: Institutions, strategic restraint, and the rebuilding of "
        "order after major wars*. Princeton University Press.")
    works = {w.key: w for w in bibliography.works}
    assert key_of(bibliography, NEW, "1") == "ikenberry2001after"
    assert bibliography.new_keys == ("ikenberry2001after",)
    assert works["ikenberry2019after"].other_editions == ("ikenberry2001after",)
    assert works["ikenberry2001after"].other_editions == ("ikenberry2019after",)
    assert {c.paper_slug for c in works["ikenberry2019after"].cited_as} == {IB}
    assert works["ikenberry2019after"].year == "2019"


def test_adding_a_paper_changes_no_published_record() -> None:
    before = records(build_references(seed(), published()))
    after = records(with_newcomer(
        "Brooks, S. G., Ikenberry, G. J., & Wohlforth, W. C. (2013). Don't come home, America: The case "
        "against retrenchment. *International Security*, *37*(3), 7–51.",
        "Walt, S. M. (1987). *The origins of alliances*. Cornell University Press.",
        "Wolfers, A. (1968). Alliances. In D. L. Sills (Ed.), *International encyclopedia of the social "
        "sciences* (Vol. 1, pp. 268–271). Macmillan."))
    assert {k: v for k, v in after.items() if k in before} == before


def test_each_paper_keeps_what_it_printed_and_disagreements_are_reported() -> None:
    bibliography = with_newcomer("Walt, S. M. (1987). *The origins of alliances*. Cornell University Press.")
    assert key_of(bibliography, NEW, "1") == "walt1987origins"
    record = next(w for w in bibliography.works if w.key == "walt1987origins")
    assert record.authors[0].given == "S.W."  # as published (Zou's printing)
    printed = bibliography.as_printed[(NEW, "1")]
    assert (printed.key, printed.authors[0].given, printed.title) == (
        "walt1987origins", "S. M.", "The origins of alliances")
    assert bibliography.as_printed[(ZOU, "6")].authors[0].given == "S.W."
    (notice,) = [n for n in bibliography.notices if "walt1987origins" in n.message]
    assert notice.where == SourceLocation(Path(f"papers/{NEW}/source.md"), 101)
    assert "gives the author as 'Walt S. M.'" in notice.message and "bibliography.bib" in notice.hint


def test_two_releases_of_a_dataset_stay_two_works() -> None:
    bibliography = with_newcomer(
        "Correlates of War Project. (2018). *National material capabilities dataset (v5.0)*. "
        "https://correlatesofwar.org/data-sets/national-material-capabilities/",
        "Correlates of War Project. (2020). *National material capabilities dataset (v6.0)*. "
        "https://correlatesofwar.org/data-sets/national-material-capabilities/")
    first, second = key_of(bibliography, NEW, "1"), key_of(bibliography, NEW, "2")
    assert first != second
    works = {w.key: w for w in bibliography.works}
    assert works[first].other_editions == (second,) and works[second].other_editions == (first,)


def test_a_newcomer_whose_key_is_taken_gets_a_new_one_and_the_published_key_stays() -> None:
    bibliography = with_newcomer("Walt, S. M. (1987). *Origins of war*. Cornell University Press.")
    assert key_of(bibliography, NEW, "1") == "walt1987originsa"
    assert key_of(bibliography, ZOU, "6") == "walt1987origins"


def test_a_published_work_no_paper_cites_any_more_keeps_its_key() -> None:
    only_zou = tuple(p for p in seed() if p.slug == ZOU)
    works = {w.key: w for w in build_references(only_zou, published()).works}
    assert works["beckley2015myth"].cited_as == ()
    assert works["beckley2015myth"].title.startswith("The Myth of Entangling Alliances")


def _duplicated(entry_key: str, new_key: str) -> tuple[PublishedEntry, ...]:
    """The fixture's published entries plus a copy of `entry_key` under `new_key`."""
    original = next(e for e in published() if e.work.key == entry_key)
    copy = replace(original, work=replace(original.work, key=new_key), raw=original.raw.replace(entry_key, new_key))
    return (*published(), copy)


def test_two_published_keys_of_one_work_make_the_second_an_alias() -> None:
    entries = _duplicated("snyder1997alliance", "snyder1997politics")
    bibliography = build_references(seed(), entries)
    snyder = next(w for w in bibliography.works if w.key == "snyder1997alliance")
    assert snyder.aliases == ("snyder1997politics",)
    assert "snyder1997politics" not in {w.key for w in bibliography.works}
    assert bibliography.resolve("snyder1997politics") == "snyder1997alliance"


def test_a_note_citing_an_alias_still_builds_and_is_told_the_current_key(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    bib = project / "bibliography.bib"
    original = next(e for e in published() if e.work.key == "snyder1997alliance").raw
    bib.write_text(bib.read_text(encoding="utf-8") + "\n" + original.replace("snyder1997alliance",
                                                                            "snyder1997politics") + "\n",
                   encoding="utf-8")
    note = project / "annotations" / ZOU / "entrapment-and-abandonment.md"
    note.write_text(note.read_text(encoding="utf-8").replace("[@snyder1997alliance", "[@snyder1997politics"),
                    encoding="utf-8")
    content = build_site_content(project)
    assert any("@snyder1997politics is an older key of @snyder1997alliance" in n.message for n in content.notices)
    page = content.generated["bibliography.md"]
    assert "<span id='snyder1997politics'></span>" in page  # old links to the entry still land on it


def test_bib_adds_the_newcomers_works_and_rewrites_no_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copytree(GROWTH / "papers", project / "papers", dirs_exist_ok=True)
    record_checksums(project)
    before = bibtexparser.parse_string((project / "bibliography.bib").read_text(encoding="utf-8"))
    assert main(["bib", "--root", str(project)]) == 0
    text = (project / "bibliography.bib").read_text(encoding="utf-8")
    after = bibtexparser.parse_string(text)
    assert all(entry.raw in text for entry in before.entries)  # every entry byte for byte
    added = sorted({e.key for e in after.entries} - {e.key for e in before.entries})
    assert added == ["ikenberry2001after", "olson1966economic"]
    assert [e.key for e in after.entries] == sorted(e.key for e in after.entries)
    out = capsys.readouterr().out
    assert "2 new entries (ikenberry2001after, olson1966economic); no published entry changed" in out
    assert main(["bib", "--root", str(project)]) == 0
    assert (project / "bibliography.bib").read_text(encoding="utf-8") == text  # nothing more to add


def test_check_fails_until_bib_has_added_a_new_papers_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copytree(GROWTH / "papers", project / "papers", dirs_exist_ok=True)
    record_checksums(project)
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "bibliography.bib:1: bibliography.bib lacks 2 works the papers cite" in err
    assert "python -m build_tools bib" in err
    assert main(["bib", "--root", str(project)]) == 0
    assert main(["check", "--root", str(project)]) == 0


# --- the curated list of classic works ----------------------------------------------------------

CLASSIC = """@article{jervis1978cooperation,
  author = {Jervis, Robert},
  title = {Cooperation Under the Security Dilemma},
  journal = {World Politics},
  year = {1978},
  volume = {30},
  number = {2},
  pages = {167--214},
  doi = {10.2307/2009958}
}
"""


def test_a_curated_classic_is_citable_and_listed_as_cited_by_the_sites_entries(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / CURATED_FILE).write_text(CLASSIC, encoding="utf-8")
    concept = project / "docs" / "concepts" / "security-dilemma.md"
    concept.write_text(concept.read_text(encoding="utf-8") + "\nJervis develops the idea [@jervis1978cooperation].\n",
                       encoding="utf-8")
    content = build_site_content(project)
    page = content.generated["bibliography.md"]
    entry = page[page.index("Cooperation Under the Security Dilemma"):]
    assert re.search(r"Cited by the site's entries: \[Security dilemma\]\(concepts/security-dilemma\.md\)",
                     entry[:entry.index("\n- ")])
    markdown = content.hand_written_markdown(concept.read_text(encoding="utf-8"), concept,
                                             "concepts/security-dilemma.md", 1)
    assert "(Jervis 1978)" in markdown
    assert "@article{jervis1978cooperation" in content.generated["bibliography.bib"]  # served with the rest
    assert main(["bib", "--root", str(project)]) == 0
    assert "jervis1978cooperation" not in (project / "bibliography.bib").read_text(encoding="utf-8")  # own file


def test_a_curated_key_that_is_already_published_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / CURATED_FILE).write_text("% classics\n\n" + CLASSIC.replace("jervis1978cooperation",
                                                                          "walt1987origins"), encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        read_published(project)
    assert str(caught.value).startswith(f"{project / CURATED_FILE}:3: the key walt1987origins is already used "
                                        f"by the entry at {project / 'bibliography.bib'}:")


@pytest.mark.parametrize(("entry", "message"), [
    ("@book{x:2020,\n  author = {X, Y},\n  title = {T}\n}\n", "the key 'x:2020' has characters"),
    ("@book{broken,\n  author = {X, Y\n", "this BibTeX block cannot be read"),
])
def test_a_bad_curated_entry_is_one_clear_error(tmp_path: Path, entry: str, message: str) -> None:
    (tmp_path / CURATED_FILE).write_text(entry, encoding="utf-8")
    with pytest.raises(ReaderError, match=re.escape(message)) as caught:
        read_published(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / CURATED_FILE}:1:")


def test_a_work_with_no_author_is_known_again_by_its_title_once_published(tmp_path: Path) -> None:
    from build_tools.export.bibtex import bibliography_file

    item = '{"type": "webpage", "title": "Does NATO still matter?", "issued": {"date-parts": [[2023]]}}'
    base = newcomer("placeholder")
    paper = replace(base, references=(replace(base.references[0], csl_json=item),))
    first = build_references((*seed(), paper), published())
    assert first.new_keys == ("anon2023does",)
    (tmp_path / "bibliography.bib").write_text(bibliography_file(first.works, published(), with_curated=False),
                                               encoding="utf-8")
    again = build_references((*seed(), paper), read_published(tmp_path))
    assert again.new_keys == () and key_of(again, NEW, "1") == "anon2023does"


def test_a_broken_bibliography_entry_is_shown_beside_the_site_in_serve_and_check_and_stops_a_strict_build(
        tmp_path: Path) -> None:
    # `mkdocs serve` used to raise it as a plugin error, and MkDocs then held every page
    # request until the file was fixed (issue 18, item 6).
    from build_tools.model import Problems
    from build_tools.render.build_problems import problem_pages
    project = copy_project(tmp_path / "project")
    bib = project / "bibliography.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@book{walt1987origins,")
    bib.write_text(text[:start] + "@book{walt1987origins,\n  author = {Walt, Stephen M.\n" +
                   text[text.index("\n@", start):], encoding="utf-8")
    line = text[:start].count("\n") + 1
    problems = Problems()
    content = build_site_content(project, problems=problems)
    assert [f"{e.location.path.name}:{e.location.line}" for e in problems.errors] == [f"bibliography.bib:{line}"]
    assert "this BibTeX block cannot be read" in problems.errors[0].message
    keys = {w.key for w in content.works}
    assert {"ikenberry2019after", "posen2014restraint"} <= keys   # the entries that read keep their keys
    assert problem_pages(problems.errors, project, project / "docs", [p.slug for p in content.papers]) \
        == {"index.md": problems.errors}   # on the home page, the one every reader of serve opens
    with pytest.raises(ReaderError, match=r"bibliography\.bib:\d+: this BibTeX block cannot be read"):
        build_site_content(project)
    assert main(["check", "--root", str(project)]) == 1
    assert bib.read_text(encoding="utf-8").count("@book{walt1987origins,") == 1
    assert main(["bib", "--root", str(project)]) != 0   # bib never appends to a file it cannot read
