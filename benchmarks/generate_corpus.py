"""A synthetic project of N papers, derived from the two real ones, for timing
the build at scale.

    python -m benchmarks.generate_corpus --papers 200 --seed 1 --out /tmp/corpus-200

DIR gets a complete project copy (mkdocs.yml, docs/, overrides/, includes/,
annotations/ when it exists) whose papers/ holds the two real papers plus
N - 2 synthetic ones, alternating the two source formats:

- PDF-Markdown papers (like Zou): recombined title, the real body paragraphs
  shuffled into freshly numbered sections, citation markers renumbered in
  order of first use, and a reference list that matches the new numbers.
- Polis landing pages (like Istomin & Baykov): the real header layout with
  new authors and DOI, a shuffled abstract, and a shuffled sample of the
  English and Russian reference parts.

About half the references are kept word for word (so they merge with the
real papers' works, as shared citations do); the rest get a synthetic first
author and year drawn from a pool that grows with N, so the number of
distinct works grows with the corpus while some new works are still shared
between synthetic papers.

Concepts and annotations grow with the corpus too. One synthetic concept
page per five synthetic papers ("<Surname> doctrine", citing a real work),
each mentioned by a short added paragraph (PDF-Markdown papers) or abstract
sentence (landing pages) of the papers it belongs to, so every concept is
used and term linking has more terms and more text to scan. Each synthetic
paper gets a copy of every real note on its template paper whose quoted
passage it kept (checked by anchoring the note with build_tools itself).

The same seed gives byte-identical output.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_tools.read.converted_markdown import to_plain_text
from build_tools.read.headings import strip_emphasis
from build_tools.read.paragraphs import CITATION_MARKER, expand_labels, join_page_break_splits, split_blocks

# The template papers' own shapes (Zou's numbered "## 2. Title" headings and
# "- [n] …" reference items), which the generator cuts apart and recombines.
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
REFERENCE_ITEM = re.compile(r"^[-*]\s+\[(\d+)\]\s+(.*)$", re.S)

ROOT = Path(__file__).resolve().parent.parent
REAL_PDF = "zou-balancing-act"
REAL_POLIS = "istomin-baykov-2020"
COPIED = ("docs", "overrides", "includes", "annotations")
# Synthetic surnames are built from these so they never equal a real author's
# family name (a real name plus a real year could steal a concept page's key).
SYLLABLES = ("ka", "lo", "vin", "dre", "mu", "sat", "ren", "bo", "qui", "tal", "ze", "nor", "pi", "gast", "ul",
             "fey", "mar", "tov", "si", "brek")
KEEP_REFERENCE = 0.5  # share of references copied word for word


@dataclass(frozen=True)
class PdfTemplate:
    title_words: tuple[str, ...]
    section_titles: tuple[str, ...]
    paragraphs: tuple[str, ...]  # raw Markdown, page-break splits already joined
    abstract: str
    keywords: str
    references: dict[str, str]  # label → raw reference text (after "- [n] ")


@dataclass(frozen=True)
class PolisTemplate:
    title: str
    abstract: str
    keywords: str
    english: tuple[str, ...]
    russian: tuple[str, ...]
    chrome: str  # the site chrome after the references, dropped by the reader


def synthetic_surname(number: int) -> str:
    parts = []
    number += 7
    while True:
        number, rest = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[rest])
        if number == 0:
            break
    name = "".join(parts)
    if len(parts) < 2:
        name += "ski"
    return name.capitalize()


def load_pdf_template(root: Path) -> PdfTemplate:
    text = (root / "papers" / REAL_PDF / "source.md").read_text(encoding="utf-8")
    blocks = split_blocks(text)
    title = to_plain_text(strip_emphasis(blocks[0].text[2:]))
    abstract = next(b.text for b in blocks if b.text.startswith("**Abstract:**"))
    keywords = next(b.text for b in blocks if b.text.startswith("**Keywords:**"))
    start = next(i for i, b in enumerate(blocks) if HEADING.match(b.text) and i > 0)
    end = next(i for i, b in enumerate(blocks) if HEADING.match(b.text)
               and strip_emphasis(HEADING.match(b.text).group(2)).lower() == "references")  # type: ignore[union-attr]
    titles, body = [], []
    for block in blocks[start:end]:
        m = HEADING.match(block.text)
        if m:
            numbered = NUMBERED_TITLE.match(to_plain_text(strip_emphasis(m.group(2))))
            if numbered:
                titles.append(numbered.group(2).strip())
        else:
            body.append(block)
    paragraphs = tuple(b.text for b in join_page_break_splits(body) if not b.text.startswith("**"))
    references = {}
    for block in blocks[end + 1:]:
        for line in block.lines:
            if m := REFERENCE_ITEM.match(line):
                references[m.group(1)] = m.group(2).strip()
    words = tuple(w.strip(":,") for w in title.split() if len(w) > 3)
    return PdfTemplate(words, tuple(titles), paragraphs, abstract, keywords, references)


def load_polis_template(root: Path) -> PolisTemplate:
    text = (root / "papers" / REAL_POLIS / "source.txt").read_text(encoding="utf-8")
    blocks = split_blocks(text)
    parts: list[list[str]] = []
    for block in blocks:
        if not parts or block.blank_lines_before >= 2:
            parts.append([])
        parts[-1].append(block.text)
    header, abstract, english, russian, *rest = parts
    chrome_start = next(i for i, t in enumerate(russian) if t.startswith("Content No."))
    chrome = "\n\n".join(russian[chrome_start:])
    return PolisTemplate(header[0], abstract[0], abstract[1], tuple(english), tuple(russian[:chrome_start]),
                         chrome + "".join("\n\n\n" + "\n\n".join(p) for p in rest))


# --- references -------------------------------------------------------------

PDF_FAMILY = re.compile(r"^[A-Z][\w’'-]+(?=, )")
PDF_YEAR = re.compile(r"(?<=\()\d{4}(?=\))")
POLIS_FAMILY = re.compile(r"^[A-Z][\w’'-]+(?= (?:[A-Z][a-z]?\.\s?)+[ ,])")
POLIS_YEAR = re.compile(r"(?<=[ .])\d{4}(?=\.)")


def vary_reference(text: str, family: re.Pattern[str], year: re.Pattern[str], rng: random.Random,
                   pool: int, label: str) -> str:
    """Keep the reference (a shared work) or give it a synthetic first author
    and year from a pool of `pool` variants (a new work, maybe shared with
    another synthetic paper that drew the same variant)."""
    if rng.random() < KEEP_REFERENCE or not family.search(text):
        return text
    variant = rng.randrange(pool)
    name = synthetic_surname(variant * 131 + int(label))
    text = family.sub(name, text, count=1)
    return year.sub(lambda m: str(1950 + (int(m.group(0)) + variant) % 75), text, count=1)


# --- titles and people ------------------------------------------------------

HEADS = ("Alliances", "Military Alliances", "Hegemony", "Balancing", "Asymmetric Alliances", "Alliance Politics",
         "Allies", "Coalitions", "Security Guarantees", "Deterrence")
LINKS = ("at the Service of", "and", "as an Instrument of", "beyond", "in the Age of", "versus", "under")


def make_title(rng: random.Random, pdf: PdfTemplate, polis: PolisTemplate) -> str:
    words = [*pdf.title_words, *(w.strip(":,") for w in polis.title.split() if len(w) > 3)]
    head = f"{rng.choice(HEADS)} {rng.choice(LINKS)} {rng.choice(words).capitalize()}"
    tail = rng.choice([*pdf.section_titles, polis.title.split(": ")[-1], pdf.title_words and
                       " ".join(pdf.title_words[-4:])])
    return f"{head}: {tail}"


GIVEN = ("Anna", "Boris", "Chen", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivan", "Julia", "Kenji", "Lena")


def make_people(rng: random.Random, number: int) -> list[tuple[str, str]]:
    """(given, family) pairs with synthetic families."""
    return [(rng.choice(GIVEN), synthetic_surname(rng.randrange(10_000) + 5_000))
            for _ in range(number)]


# --- one paper of each format --------------------------------------------------


def pdf_paper(index: int, rng: random.Random, pdf: PdfTemplate, polis: PolisTemplate, pool: int,
              mentions: list[str]) -> tuple[str, str]:
    """(title, source.md text); each term in `mentions` gets a short paragraph."""
    title = make_title(rng, pdf, polis)
    people = make_people(rng, rng.randint(1, 3))
    paragraphs = rng.sample(pdf.paragraphs, rng.randint(min(12, len(pdf.paragraphs)), len(pdf.paragraphs)))
    sections = rng.randint(4, 7)
    cuts = sorted(rng.sample(range(1, len(paragraphs)), sections - 1))
    chunks = [paragraphs[a:b] for a, b in zip([0, *cuts], [*cuts, len(paragraphs)], strict=True)]
    numbering: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        labels = []
        for old in expand_labels(match.group(1)):
            numbering.setdefault(old, str(len(numbering) + 1))
            labels.append(numbering[old])
        return "[" + ", ".join(labels) + "]"

    out = [f"# ***{title}***", ""]
    for n, (given, family) in enumerate(people, start=1):
        out += [f"{given} {family}<sup>{n}{',*' if n == 1 else ''}</sup>", ""]
    for n in range(1, len(people) + 1):
        out += [f"<sup>{n}</sup>*{rng.choice(('MGIMO University', 'Xi’an Jiaotong-Liverpool University'))}, "
                f"{rng.choice(('Moscow, Russia', 'Suzhou, China', 'Cambridge, USA'))}*", ""]
    out += ["*\\*corresponding author*", "", pdf.abstract, "", pdf.keywords, ""]
    titles = rng.sample(pdf.section_titles, min(sections, len(pdf.section_titles)))
    titles += [make_title(rng, pdf, polis) for _ in range(sections - len(titles))]
    for number, (chunk, section_title) in enumerate(zip(chunks, titles, strict=True), start=1):
        out += [f"## {number}. {section_title}", ""]
        subsections = len(chunk) >= 4 and rng.random() < 0.4
        for ordinal, text in enumerate(chunk):
            if subsections and ordinal in (0, len(chunk) // 2):
                sub = 1 if ordinal == 0 else 2
                out += [f"### {number}.{sub}. {rng.choice(pdf.section_titles)}", ""]
            out += [CITATION_MARKER.sub(renumber, text), ""]
        if number == 1 and mentions:
            out += [" ".join(mention_sentence(term) for term in mentions), ""]
    out += ["## References", ""]
    by_new = {new: old for old, new in numbering.items()}
    for new in range(1, len(numbering) + 1):
        old = by_new[str(new)]
        text = vary_reference(pdf.references[old], PDF_FAMILY, PDF_YEAR, rng, pool, old)
        out.append(f"- [{new}] {text}")
    return title, "\n".join(out) + "\n"


def polis_paper(index: int, rng: random.Random, pdf: PdfTemplate, polis: PolisTemplate,
                pool: int, mentions: list[str]) -> tuple[str, str]:
    """(title, source.txt text) in the landing page's blank-line layout; each
    term in `mentions` gets a sentence in the abstract."""
    title = make_title(rng, pdf, polis)
    people = make_people(rng, rng.randint(1, 3))
    year = 2000 + index % 25
    head, _, tail = title.partition(": ")
    out = [title, "", f"{head}:\n{tail}", ""]
    for given, family in people:
        out += [f"{family} {given[0]}.A.,", "", "MGIMO University, Moscow, Russia,", "",
                f"elibrary_id: {100000 + index} |", ""]
    names = ", ".join(f"{family} {given[0]}.A." for given, family in people)
    out += [f"DOI: 10.99999/bench.{index:05d}", "", "For citation:", "",
            f"{names} {title}. – Polis. Political Studies. {year}. No. {1 + index % 6}. P. 8-25. (In Russ.).", "",
            "The study is synthetic: generated for the build benchmark.", "", ""]
    sentences = re.split(r"(?<=\.) (?=[A-Z])", polis.abstract.strip())
    sentences += [mention_sentence(term) for term in mentions]
    rng.shuffle(sentences)
    out += [" ".join(sentences), "", polis.keywords, "", ""]
    english = rng.sample(polis.english, rng.randint(20, len(polis.english)))
    russian = rng.sample(polis.russian, rng.randint(5, len(polis.russian)))
    english = [vary_reference(t, POLIS_FAMILY, POLIS_YEAR, rng, pool, str(n)) for n, t in enumerate(english)]
    russian = [vary_reference(t, POLIS_FAMILY, POLIS_YEAR, rng, pool, str(n + 100)) for n, t in enumerate(russian)]
    out += ["\n\n".join(english), "", "", "\n\n".join(russian), "", polis.chrome]
    return title, "\n".join(out) + "\n"


# --- concepts and annotations ----------------------------------------------

CONCEPTS_PER_PAPER = 5  # synthetic papers per synthetic concept
REAL_CONCEPT = "alliance"  # every synthetic concept is related to it
CITED_WORK = "walt1987origins"  # a work both real papers cite, so it exists at every N


def concept_term(number: int) -> str:
    return f"{synthetic_surname(number * 37 + 20_000)} doctrine"


def concept_slug(number: int) -> str:
    return f"synthetic-doctrine-{number:04d}"


def mention_sentence(term: str) -> str:
    return f"The {term} is relevant to this argument."


def concept_mentions(index: int, concepts: int, rng: random.Random) -> list[str]:
    """The terms synthetic paper `index` mentions: its own group's concept
    (so each concept is used at least once) and sometimes another one."""
    own = (index - 2) // CONCEPTS_PER_PAPER
    numbers = [own] + ([rng.randrange(concepts)] if rng.random() < 0.5 else [])
    return [concept_term(n) for n in dict.fromkeys(numbers)]


def synthetic_concept_page(number: int) -> str:
    term = concept_term(number)
    return (f"---\ntitle: {term.capitalize()}\n"
            f"summary: A synthetic concept generated for the build benchmark.\n"
            f"related: [{REAL_CONCEPT}]\n---\n\n# {term.capitalize()}\n\n"
            f"A synthetic concept page, so that the glossary grows with the corpus. It is defined in "
            f"relation to [alliances]({REAL_CONCEPT}.md) and draws on [@{CITED_WORK}].\n")


def copy_anchored_notes(root: Path, out: Path, synthetic: dict[str, str]) -> int:
    """Copy each real note on a template paper to every synthetic paper
    (slug → template slug) that kept the quoted passage; return how many."""
    from build_tools.annotations.anchor import anchor_annotation
    from build_tools.annotations.load import load_annotations
    from build_tools.cache import BuildCache
    from build_tools.model import ReaderError
    from build_tools.read.papers import read_paper, read_papers

    notes_dir = root / "annotations"
    if not notes_dir.is_dir():
        return 0
    real = load_annotations(notes_dir, [p.slug for p in read_papers(root / "papers")], BuildCache())
    copied = 0
    for slug, template in synthetic.items():
        paper = read_paper(out / "papers" / slug)
        for note in (n for n in real if n.paper_slug == template):
            try:
                anchor_annotation(note, paper)
            except ReaderError:
                continue  # the passage was not sampled into this paper
            target = out / "annotations" / slug / note.path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(note.path, target)
            copied += 1
    return copied


PDF_YML = """# Synthetic paper for the build benchmark (benchmarks/generate_corpus.py).
slug: {slug}
source: source.md
format: pdf-markdown
short_title: {short}
language: en
provenance: Generated from the Zou paper's text by benchmarks/generate_corpus.py (seed {seed}).
licence: Synthetic; for benchmarks only.
venue: {{}}
"""
POLIS_YML = """# Synthetic paper for the build benchmark (benchmarks/generate_corpus.py).
slug: {slug}
source: source.txt
format: polis-landing-page
short_title: {short}
language: ru
provenance: Generated from the Istomin & Baykov landing page by benchmarks/generate_corpus.py (seed {seed}).
licence: Synthetic; for benchmarks only.
doi: 10.99999/bench.{index:05d}
url: https://doi.org/10.99999/bench.{index:05d}
"""


NAV_STYLES = ("every-paper", "home")


def generate(papers: int, seed: int, out: Path, root: Path = ROOT, nav_style: str = "every-paper"
             ) -> list[tuple[str, str]]:
    """Write the project to `out`; return the nav entries (title, page).
    `nav_style` "every-paper" lists every paper in the nav (as mkdocs.yml
    did before the papers index); "home" keeps the real nav, whose Papers
    entry is the generated index, so no page carries a nav of N papers."""
    if papers < 2:
        raise SystemExit("--papers must be at least 2 (the two real papers are always included)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name)
    pdf, polis = load_pdf_template(root), load_polis_template(root)
    nav = []
    for real in (REAL_POLIS, REAL_PDF):
        shutil.copytree(root / "papers" / real, out / "papers" / real)
    nav += [("Istomin & Baykov (2020)", f"papers/{REAL_POLIS}.md"), ("Zou, Balancing Act", f"papers/{REAL_PDF}.md")]
    pool = max(2, papers // 2)  # variants per reference: distinct works grow with N
    concepts = -(-(papers - 2) // CONCEPTS_PER_PAPER)  # one per five synthetic papers, rounded up
    for number in range(concepts):
        page = out / "docs" / "concepts" / f"{concept_slug(number)}.md"
        page.write_text(synthetic_concept_page(number), encoding="utf-8")
    synthetic: dict[str, str] = {}
    for index in range(2, papers):
        rng = random.Random(f"{seed}:{index}")
        slug = f"synthetic-{index:04d}"
        directory = out / "papers" / slug
        directory.mkdir(parents=True)
        mentions = concept_mentions(index, concepts, rng)
        if index % 2 == 0:
            title, text = pdf_paper(index, rng, pdf, polis, pool, mentions)
            (directory / "source.md").write_text(text, encoding="utf-8")
            yml = PDF_YML
            synthetic[slug] = REAL_PDF
        else:
            title, text = polis_paper(index, rng, pdf, polis, pool, mentions)
            (directory / "source.txt").write_text(text, encoding="utf-8")
            yml = POLIS_YML
            synthetic[slug] = REAL_POLIS
        short = f"Synthetic {index}"
        (directory / "paper.yml").write_text(yml.format(slug=slug, short=short, seed=seed, index=index),
                                             encoding="utf-8")
        nav.append((f"{short}: {title}", f"papers/{slug}.md"))
    (out / "mkdocs.yml").write_text(project_config(root, nav if nav_style == "every-paper" else []),
                                    encoding="utf-8")
    notes = copy_anchored_notes(root, out, synthetic)
    write_bibliography(root, out)
    print(f"{out}: {papers} papers ({papers - 2} synthetic), {concepts} synthetic concepts, "
          f"{notes} notes copied to synthetic papers")
    return nav


def write_bibliography(root: Path, out: Path) -> None:
    """The real papers' published keys, and the synthetic works added as
    `python -m build_tools bib` adds a new paper's, so the project is one a
    strict build accepts."""
    from build_tools.export.bibtex import bibliography_file
    from build_tools.read.papers import read_papers
    from build_tools.references.bibliography import build_references
    from build_tools.references.published import read_published

    if (root / "bibliography.bib").is_file():
        shutil.copyfile(root / "bibliography.bib", out / "bibliography.bib")
    published = read_published(out)
    works = build_references(read_papers(out / "papers"), published).works
    (out / "bibliography.bib").write_text(bibliography_file(works, published, with_curated=False),
                                          encoding="utf-8")


def project_config(root: Path, nav: list[tuple[str, str]]) -> str:
    """The project's mkdocs.yml with every paper in the Papers section and
    `watch` pointing at the real build_tools (the copy has none)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    entries = "".join(f"      - {_yaml_string(title)}: {page}\n" for title, page in nav)
    # The real nav names only the papers index; "every-paper" lists each
    # paper under it as well, to measure a nav of N papers on every page.
    section = "  - Papers:\n      - All papers: papers/index.md\n" + entries if nav else "  - Papers: papers/index.md\n"
    text, count = re.subn(r"(?m)^  - Papers:(?: .*)?\n(?:      - .*\n)*", lambda _: section, text)
    if count != 1:
        raise SystemExit("mkdocs.yml has no '  - Papers:' nav section to fill")
    return re.sub(r"(?m)^  - build_tools$", f"  - {root / 'build_tools'}", text)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, required=True, help="total papers, the two real ones included")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory to (re)create")
    parser.add_argument("--nav", choices=NAV_STYLES, default="every-paper",
                        help="every paper in the nav (as the real site), or papers only on the home page")
    args = parser.parse_args()
    generate(args.papers, args.seed, args.out, nav_style=args.nav)


if __name__ == "__main__":
    main()
